"""A business rule's message reaches a page in words: on the field it names when the form shows it,
else at the top of the form, and never prefixed by a field name the form does not show."""

from django import forms
from django.core.exceptions import ValidationError

from distinguished.core.forms import add_errors


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def test_a_message_for_a_field_of_the_form_goes_on_that_field():
    form = NoteForm({"note": "x"})
    form.is_valid()
    add_errors(form, ValidationError({"note": ["Too short."]}))
    assert form.errors == {"note": ["Too short."]}


def test_a_message_for_a_field_the_form_does_not_show_goes_on_top_without_its_name():
    form = NoteForm({"note": "x"})
    form.is_valid()
    add_errors(
        form,
        ValidationError(
            {
                "cycle": ["Reviewing for the 2027 cohort opens on 2 March 2027."],
                "scores.core_platform": ["Score each key area from 1 to 5."],
                "state": ["This nomination is withdrawn; it cannot be endorsed now."],
            }
        ),
    )
    assert form.non_field_errors() == [
        "Reviewing for the 2027 cohort opens on 2 March 2027.",
        "Score each key area from 1 to 5.",
        "This nomination is withdrawn; it cannot be endorsed now.",
    ]
    assert not any(":" in message.split(" ")[0] for message in form.non_field_errors())


def test_a_message_without_fields_goes_on_top():
    form = NoteForm({})
    form.is_valid()
    add_errors(form, ValidationError("No program is loaded."))
    assert form.non_field_errors() == ["No program is loaded."]
