"""`{{ value|plain_number }}`: a target or a figure as people write it (25000, 6.5, 80), never in
a Decimal's exponent form (2.5E+4) nor with zeros a person would not type (6.50)."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def plain_number(value) -> str:
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    text = format(number.normalize(), "f")
    return text
