"""The request bodies the REST API reads: one JSON parser for every endpoint, bounded in size and in
nesting, so that no body can exhaust the memory or the stack of a worker.

A body over `settings.DATA_UPLOAD_MAX_MEMORY_SIZE` (the `REQUEST_DATA_MAX_BYTES` setting; the same
limit Django puts on form bodies) answers 413; JSON nested deeper than `MAX_JSON_DEPTH` answers 400.
Multipart uploads are spooled to disk, not read into memory: a request of any kind stops at
`max_request_bytes()` (core/middleware.py).
"""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

# Every document of the program nests a few levels (a credential → subject → achievement → criteria
# is the deepest); 32 leaves room and keeps the libraries that recurse over JSON far from their limit.
MAX_JSON_DEPTH = 32


def describe_bytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def max_request_bytes() -> int:
    """The largest request of any kind: REQUEST_MAX_BYTES, and never less than a CSV import of the
    allowed size (IMPORT_MAX_BYTES) with room for the form around the file."""
    return max(settings.REQUEST_MAX_BYTES, getattr(settings, "IMPORT_MAX_BYTES", 0) + 1024 * 1024)


def too_large_message() -> str:
    return _(
        "What you sent is too large: a form or JSON body may have up to %(body)s, a request with a file up to %(file)s."
    ) % {
        "body": describe_bytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
        "file": describe_bytes(max_request_bytes()),
    }


class RequestBodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"

    def __init__(self):
        super().__init__(too_large_message())


def json_depth(data) -> int:
    """How deeply objects and arrays nest in parsed JSON (a scalar is 0), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        node, level = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return deepest


def too_deep() -> ParseError:
    return ParseError(
        _("JSON parse error - nested more than %(depth)s levels deep.") % {"depth": MAX_JSON_DEPTH}
    )


def read_body(stream, parser_context: dict | None) -> bytes:
    """The whole body, or RequestBodyTooLarge when it is over the limit: by its Content-Length before
    reading, and by what was read (a chunked body has no length)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if stream is None:
        return b""
    if limit is None:
        return stream.read()
    request = (parser_context or {}).get("request")
    declared = request.META.get("CONTENT_LENGTH") if request is not None else None
    if declared and declared.isdigit() and int(declared) > limit:
        raise RequestBodyTooLarge()
    body = stream.read(limit + 1)
    if len(body) > limit:
        raise RequestBodyTooLarge()
    return body


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the nesting limit (DEFAULT_PARSER_CLASSES names it). DRF reads JSON and
    form bodies through Django's `request.body`, which already stops at the size limit
    (RequestDataTooBig, a 413 from core/rest_errors.py); `read_body` holds any other stream to it."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = read_body(stream, parser_context)
        try:
            data = super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError:
            raise too_deep() from None
        if json_depth(data) > MAX_JSON_DEPTH:
            raise too_deep()
        return data
