"""Database ids typed by people (query parameters, CSV cells): only ASCII digits within the range
of a BigAutoField are ids. `"²".isdigit()` is true and int() refuses it; 10**20 overflows the
database's integer and crashes the query instead of finding nothing."""

MAX_ID = 2**63 - 1


def is_id_text(value: str) -> bool:
    """Whether `value` is written as an id: ASCII digits only (it may still be out of range)."""
    return value.isascii() and value.isdigit()


def as_id(value) -> int | None:
    """The id `value` (an int or its text) names, or None when it cannot name a row."""
    if isinstance(value, str):
        if not is_id_text(value):
            return None
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value <= MAX_ID else None
