"""Development only: say when the server answers at another address than SITE_URL, the address
every link in e-mails and credentials is built from (a link copied from one would lead elsewhere)."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

logger = logging.getLogger("distinguished.site_url")


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of an address, lower-cased, without a default port."""
    parts = urlsplit(url)
    scheme = (parts.scheme or "http").lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or (scheme, port) in (("http", 80), ("https", 443)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


class WarnOfAnotherHost:
    """In DEBUG, log a warning the first time this process serves an origin that SITE_URL does not
    name, and mark every such request (`request.site_url_mismatch`) so the page can tell a program
    admin. Installed by the development settings; it removes itself when DEBUG is off."""

    def __init__(self, get_response):
        if not settings.DEBUG:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.warned: set[str] = set()

    def __call__(self, request):
        site = origin_of(settings.SITE_URL)
        served = origin_of(f"{request.scheme}://{request.get_host()}")
        if served != site:
            request.site_url_mismatch = {"served": served, "site_url": site}
            if served not in self.warned:
                self.warned.add(served)
                logger.warning(
                    "This server answers at %s but SITE_URL is %s: links in e-mails and credentials "
                    "point to %s. Set SITE_URL=%s (make run sets it from HOST and PORT).",
                    served,
                    site,
                    site,
                    served,
                )
        return self.get_response(request)
