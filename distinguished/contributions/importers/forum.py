"""Replies of known contributors on a Discourse forum (discuss.openedx.org), as `forum_answer`s.

Per known forum username, `GET /user_actions.json?username=U&filter=5&offset=N` (filter 5: the
replies that user wrote, newest first, a page of 30 by default), paged by offset until an empty page,
or until replies older than `since`. One request per 30 replies of the people the program knows.

Without an API key the forum answers as to a visitor: public topics only. With `DISCOURSE_API_KEY`
and `DISCOURSE_API_USERNAME` it answers as that user, who should be one without access to private
categories: the importer skips private messages (no category) and deleted or hidden posts, but
cannot tell a restricted category from a public one."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.people import api as people

from ..models import Source
from .dates import iso_date, local_date
from .http import ApiClient, ClientError
from .importer import Importer
from .recording import imported_ids

REPLY = 5


def forum_params(url: str | None = None, since=None) -> dict:
    url = (url or settings.DISCOURSE_URL or "").strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValueError(_("“%(url)s” is not the http(s) address of a Discourse forum.") % {"url": url})
    return {"url": url, "since": iso_date(since)}


class ForumImporter(Importer):
    source = Source.FORUM
    kind = "forum_answer"
    service = gettext_lazy("The forum")

    def __init__(self, run, **kwargs):
        super().__init__(run, **kwargs)
        self.base_url = run.params["url"].rstrip("/")
        since = run.params.get("since")
        self.since = dt.date.fromisoformat(since) if since else None

    def make_client(self) -> ApiClient:
        headers = {}
        if settings.DISCOURSE_API_KEY and settings.DISCOURSE_API_USERNAME:
            headers = {"Api-Key": settings.DISCOURSE_API_KEY, "Api-Username": settings.DISCOURSE_API_USERNAME}
        return ApiClient(self.base_url, headers=headers, **self.client_kwargs())

    def units(self) -> list[tuple[str, int]]:
        return sorted(people.contributor_handles("forum").items())

    def _replies_page(self, username: str, offset: int) -> list[dict] | None:
        """The user's replies from `offset` on, one page ([] past the last); None when the forum has
        no such user (a problem of the run, which goes on)."""
        try:
            data = self.client.get_json(
                "/user_actions.json", {"username": username, "filter": REPLY, "offset": offset}
            )
        except ClientError as error:
            if error.status_code != 404:
                raise
            self.problem(
                _("The forum has no user “%(username)s” (%(error)s).")
                % {"username": username, "error": error}
            )
            return None
        return (data or {}).get("user_actions") or []

    def import_unit(self, username: str, contributor_id: int) -> None:
        offset = 0
        seen: set = set()
        while True:
            actions = self._replies_page(username, offset)
            if not actions:
                return
            fresh = [action for action in actions if action.get("post_id") not in seen]
            if not fresh:
                self.problem(
                    _(
                        "The forum sent the same page again for “%(username)s” at offset %(offset)s; stopped there."
                    )
                    % {"username": username, "offset": offset}
                )
                return
            seen.update(action.get("post_id") for action in actions)
            if self._import_actions(username, contributor_id, fresh):
                return
            offset += len(actions)

    def _import_actions(self, username: str, contributor_id: int, actions: list[dict]) -> bool:
        """Import a page; True when it reached replies older than `since` (the rest are older still)."""
        candidates = []
        reached_since = False
        for action in actions:
            post_id = action.get("post_id")
            if not _public_reply_by(action, username):
                self.skip()
                continue
            try:
                date = local_date(action["created_at"])
            except (KeyError, TypeError, ValueError):
                self.problem(_("forum:%(post)s: no valid created_at.") % {"post": post_id})
                continue
            if self.since and date < self.since:
                reached_since = True
                break
            candidates.append((f"forum:{post_id}", date, action))
        self._record_new(contributor_id, candidates)
        return reached_since

    def _record_new(self, contributor_id: int, candidates: list[tuple]) -> None:
        """Record the replies not imported yet; skip the others."""
        known = imported_ids(self.source, [external_id for external_id, _, _ in candidates])
        for external_id, date, action in candidates:
            if external_id in known:
                self.skip()
                continue
            slug = action.get("slug") or "topic"
            self.record(
                external_id=external_id,
                contributor_id=contributor_id,
                date=date,
                title=action.get("title") or "",
                url=f"{self.base_url}/t/{slug}/{action['topic_id']}/{action.get('post_number') or 1}",
            )


def _public_reply_by(action: dict, username: str) -> bool:
    """Whether a user action is a reply by that user in a public topic, neither deleted nor hidden
    (private messages have no category)."""
    if not action.get("post_id") or action.get("action_type", REPLY) != REPLY:
        return False
    if (action.get("username") or "").lower() != username:
        return False
    if action.get("deleted") or action.get("hidden"):
        return False
    return not ("category_id" in action and action["category_id"] is None)
