"""The size limit of a CSV import (IMPORT_MAX_BYTES), shared by the contributions and the membership
imports. The size is the upload's own (`UploadedFile.size`, known once Django has spooled it to a
temporary file), so a file over the limit is refused before its content is read into memory."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024


def describe_size(size: int) -> str:
    """23.4 MB, 20 MB, 512 KB, 200 bytes: one decimal at most, as a person reads a file size."""
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return f"{size} bytes"


class UploadTooLarge(ValidationError):
    """A file over IMPORT_MAX_BYTES: nothing was read or written. Pages and the API answer 413."""

    def __init__(self, size: int, limit: int):
        self.size = size
        self.limit = limit
        super().__init__(
            {
                "file": [
                    _(
                        "The file has %(size)s; an import may have up to %(limit)s. "
                        "Split it into smaller files (each with the header line) and import them one by one."
                    )
                    % {"size": describe_size(size), "limit": describe_size(limit)}
                ]
            }
        )

    @property
    def message_text(self) -> str:
        return self.message_dict["file"][0]


def size_of(data) -> int | None:
    """The size in bytes of an upload, bytes or text (None when it cannot be told without reading)."""
    size = getattr(data, "size", None)
    if isinstance(size, int):
        return size
    if isinstance(data, (bytes, bytearray, memoryview)):
        return len(data)
    if isinstance(data, str):
        return len(data.encode())
    return None


def check_upload_size(data, limit: int | None = None) -> None:
    """Raise UploadTooLarge when `data` is over `limit` (default: the IMPORT_MAX_BYTES setting)."""
    limit = settings.IMPORT_MAX_BYTES if limit is None else limit
    size = size_of(data)
    if size is not None and size > limit:
        raise UploadTooLarge(size, limit)
