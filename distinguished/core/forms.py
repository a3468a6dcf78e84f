"""Form plumbing shared by every app's pages."""

from django import forms
from django.core.exceptions import ValidationError


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put the messages of a business-rule error on the form: on its field when the form has
    one by that name, else at the top of the form. A message says what is wrong in words; the
    name of a field the form does not show (an API's `cycle`, `scores.x`) never reaches the page."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
