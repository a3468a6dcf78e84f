"""The `page` of a paginated page or API list, checked: the same words wherever a list is paged."""

from django.core.exceptions import ValidationError


def page_number(value, last: int) -> int:
    """The `page` asked for, 1 when none; a ValidationError naming it for anything else (not a
    number, or no such page among 1 to `last`)."""
    if value in (None, ""):
        return 1
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"page": [f"“{str(value)[:20]}” is not a page number."]}) from None
    if not 1 <= number <= last:
        raise ValidationError({"page": [f"There is no page {number}: the pages go from 1 to {last}."]})
    return number
