"""The HTTP side of the importers: an httpx client that follows pagination, waits out rate limits
through an injectable `sleep` and `clock` (so tests never really wait), and turns every other failure
into an `ImportFailed` with a message a program admin can act on."""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable, Iterator
from http import HTTPStatus
from urllib.parse import urlsplit

import httpx
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

Sleep = Callable[[float], None]
Clock = Callable[[], float]
# Told (seconds to wait, the epoch time waited for, why) before each wait.
OnWait = Callable[[float, float, str], None]


class ImportFailed(Exception):
    """The run cannot go on: a server error, a refused token, a network failure, too many waits."""


class ClientError(Exception):
    """A 4xx answer that is not a rate limit. Importers decide: some concern one login only (an
    unknown user), others the whole run (a refused token)."""

    def __init__(self, message: str, response: httpx.Response):
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code


# When a 403/429 says neither how long nor until when (GitHub's secondary limits may), wait this long.
DEFAULT_WAIT_SECONDS = 60
# The reset time is a whole second on the server's clock: wait one more so ours is surely past it.
RESET_MARGIN_SECONDS = 1


def _retry_after(value: str, now: float) -> float | None:
    """Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def rate_limit_wait(response: httpx.Response, now: float) -> tuple[float, float] | None:
    """(seconds to wait, epoch time to wait until) when `response` is a rate-limit refusal, else None.

    GitHub: 403 or 429 with `Retry-After` (secondary limits), or with `X-RateLimit-Remaining: 0`
    and `X-RateLimit-Reset` (epoch seconds, primary limits). Discourse: 429 with `Retry-After`
    (and `extras.wait_seconds` in the body)."""
    if response.status_code not in (403, 429):
        return None
    headers = response.headers
    if "retry-after" in headers:
        seconds = _retry_after(headers["retry-after"], now)
        if seconds is not None:
            return seconds, now + seconds
    if headers.get("x-ratelimit-remaining") == "0" and headers.get("x-ratelimit-reset", "").isdigit():
        until = float(headers["x-ratelimit-reset"]) + RESET_MARGIN_SECONDS
        return max(0.0, until - now), until
    body = _json_or_none(response)
    extras = body.get("extras") if isinstance(body, dict) else None
    if isinstance(extras, dict) and isinstance(extras.get("wait_seconds"), int | float):
        seconds = float(extras["wait_seconds"])
        return seconds, now + seconds
    if response.status_code == 429 or "rate limit" in response.text.lower():
        return float(DEFAULT_WAIT_SECONDS), now + DEFAULT_WAIT_SECONDS
    return None


def _json_or_none(response: httpx.Response):
    try:
        return response.json()
    except ValueError:
        return None


def _status(response: httpx.Response) -> str:
    """ "502 Bad Gateway": the standard phrase, whatever words (or case) the server used."""
    try:
        phrase = HTTPStatus(response.status_code).phrase
    except ValueError:
        phrase = response.reason_phrase
    return f"{response.status_code} {phrase}".strip()


def _reason(response: httpx.Response) -> str:
    """The server's own words, when it gave some (GitHub and Discourse both answer JSON)."""
    body = _json_or_none(response)
    if isinstance(body, dict):
        if body.get("message"):
            return str(body["message"])[:300]
        if isinstance(body.get("errors"), list) and body["errors"]:
            return "; ".join(str(error) for error in body["errors"])[:300]
    return response.reason_phrase or ""


class ApiClient:
    """A JSON-over-HTTPS API (GitHub's REST API, Discourse's) seen through one httpx client.

    `service` names the server in messages ("GitHub"). `sleep` and `clock` are `time.sleep` and
    `time.time` unless a test gives others. `max_waits` bounds the rate-limit waits for one request."""

    def __init__(
        self,
        base_url: str,
        *,
        service: str,
        headers: dict[str, str] | None = None,
        sleep: Sleep = time.sleep,
        clock: Clock = time.time,
        on_wait: OnWait | None = None,
        on_request: Callable[[], None] | None = None,
        timeout: float = 30.0,
        max_waits: int = 5,
        transport: httpx.BaseTransport | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.service = service
        self.sleep = sleep
        self.clock = clock
        self.on_wait = on_wait
        self.on_request = on_request
        self.max_waits = max_waits
        self.requests = 0
        # Per rate-limit bucket (GitHub's X-RateLimit-Resource: "core", "search"): the epoch time
        # until which a response said nothing is left, so the next request waits instead of failing.
        self.exhausted_until: dict[str, float] = {}
        self.http = httpx.Client(
            base_url=self.base_url,
            headers={"Accept": "application/json", "User-Agent": "distinguished-importer", **(headers or {})},
            timeout=timeout,
            follow_redirects=True,
            transport=transport,
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # --- Requests -------------------------------------------------------------------------

    def _describe(self, url: str) -> str:
        path = urlsplit(url).path if "://" in url else url
        return f"GET {path}"

    def _check_same_server(self, url: str) -> None:
        """Pagination links are followed only on the configured server: the token goes nowhere else."""
        if "://" not in url:
            return
        ours, theirs = urlsplit(self.base_url), urlsplit(url)
        if (ours.scheme, ours.netloc) != (theirs.scheme, theirs.netloc):
            raise ImportFailed(f"{self.service} sent a link to another server ({theirs.netloc}); stopped.")

    @staticmethod
    def bucket_of(url: str) -> str:
        path = urlsplit(url).path if "://" in url else url
        return "search" if "/search/" in f"/{path.lstrip('/')}" else "core"

    def _answered(self, url: str, response) -> str:
        """What a refusing answer said, for the run's problems."""
        values = {"service": self.service, "status": _status(response), "url": self._describe(url)}
        reason = _reason(response)
        if reason:
            return _("%(service)s answered %(status)s to %(url)s: %(reason)s") % {**values, "reason": reason}
        return _("%(service)s answered %(status)s to %(url)s") % values

    def _wait(self, seconds: float, until: float, why: str) -> None:
        logger.info("%s: waiting %.0f s (%s)", self.service, seconds, why)
        if self.on_wait:
            self.on_wait(seconds, until, why)
        self.sleep(seconds)

    def get(self, url: str, params: dict | None = None) -> httpx.Response:
        """One GET, repeated after each rate-limit wait. A 2xx is returned; a 4xx raises
        `ClientError`; a 5xx, a network failure or too many waits raise `ImportFailed`."""
        self._check_same_server(url)
        bucket = self.bucket_of(url)
        waits = 0
        while True:
            until = self.exhausted_until.pop(bucket, None)
            if until is not None and until > self.clock():
                self._wait(until - self.clock(), until, f"{self.service} rate limit ({bucket}) used up")
            try:
                response = self.http.get(url, params=params)
            except httpx.HTTPError as error:
                raise ImportFailed(
                    _("Could not reach %(service)s (%(url)s): %(error_class)s: %(error)s")
                    % {
                        "service": self.service,
                        "url": self._describe(url),
                        "error_class": error.__class__.__name__,
                        "error": error,
                    }
                ) from error
            self.requests += 1
            if self.on_request:
                self.on_request()
            wait = rate_limit_wait(response, self.clock())
            if wait is not None:
                waits += 1
                if waits > self.max_waits:
                    raise ImportFailed(
                        _(
                            "%(service)s still refused %(url)s for its rate limit after %(waits)s waits; stopped."
                        )
                        % {"service": self.service, "url": self._describe(url), "waits": self.max_waits}
                    )
                self._wait(wait[0], wait[1], f"{self.service} answered {_status(response)}: rate limited")
                continue
            if response.status_code >= 500:
                raise ImportFailed(self._answered(url, response))
            if response.status_code >= 400:
                raise ClientError(self._answered(url, response), response)
            self._note_remaining(response)
            return response

    def _note_remaining(self, response: httpx.Response) -> None:
        headers = response.headers
        if headers.get("x-ratelimit-remaining") == "0" and headers.get("x-ratelimit-reset", "").isdigit():
            bucket = headers.get("x-ratelimit-resource") or self.bucket_of(str(response.request.url))
            self.exhausted_until[bucket] = float(headers["x-ratelimit-reset"]) + RESET_MARGIN_SECONDS

    def get_json(self, url: str, params: dict | None = None):
        response = self.get(url, params)
        try:
            return response.json()
        except ValueError as error:
            raise ImportFailed(
                f"{self.service} answered {self._describe(url)} with something not JSON."
            ) from error

    def pages(self, url: str, params: dict | None = None) -> Iterator:
        """The JSON of each page, following `Link: <…>; rel="next"` until there is none."""
        next_url: str | None = url
        while next_url:
            response = self.get(next_url, params)
            try:
                yield response.json()
            except ValueError as error:
                raise ImportFailed(
                    f"{self.service} answered {self._describe(next_url)} with something not JSON."
                ) from error
            next_url = response.links.get("next", {}).get("url")
            # The next link carries every query parameter itself.
            params = None
