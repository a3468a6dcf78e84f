"""The `page` of a paginated page or API list, checked: the same words wherever a list is paged."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def page_number(value, last: int) -> int:
    """The `page` asked for, 1 when none; a ValidationError naming it for anything else (not a
    number, or no such page among 1 to `last`)."""
    if value in (None, ""):
        return 1
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            {"page": [_("“%(value)s” is not a page number.") % {"value": str(value)[:20]}]}
        ) from None
    if not 1 <= number <= last:
        raise ValidationError(
            {
                "page": [
                    _("There is no page %(number)s: the pages go from 1 to %(last)s.")
                    % {"number": number, "last": last}
                ]
            }
        )
    return number
