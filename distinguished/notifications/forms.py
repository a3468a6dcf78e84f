"""The form a program admin writes a message's subject and body in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .texts import SUBJECT_MAX_LENGTH


class MessageTextForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH, strip=False)
    body = forms.CharField(
        label=_("Body"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        help_text=_(
            "Markdown: a blank line between paragraphs, *emphasis*, **strong**, - lists, "
            "[words]({link}). A line whose placeholders are all empty is left out."
        ),
    )
