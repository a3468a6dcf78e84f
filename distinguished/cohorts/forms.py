"""Forms of the approval page."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .announcement_day import REASON_MAX
from .api import NOTE_MAX


class ApprovalForm(forms.Form):
    """The approver's answer: sign off (the note is optional) or send back (the note is required)."""

    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Note"),
        help_text=_("Required to send the list back: it tells the chair what to reconsider."),
    )


def _languages():
    return list(settings.LANGUAGES)


class AnnouncementLanguageField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=_languages,
            label=_("Language of the announcement"),
            help_text=_("Its public page, its Markdown and HTML and its feed entry are written in it."),
            **kwargs,
        )


class AnnounceForm(forms.Form):
    """The admin announces the cohort, in the language they choose; before the cycle's
    announcement date only with a reason."""

    language = AnnouncementLanguageField(initial=settings.LANGUAGE_CODE, required=False)

    early_reason = forms.CharField(
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Why announce before the announcement date?"),
        help_text=_(
            "Needed only before the cycle's announcement date: that date then becomes today, "
            "and the announcement, the terms and the credentials all start today."
        ),
    )


class SubmitForm(forms.Form):
    """The chair says the decided list is ready for the approver."""

    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Note for the approver"),
    )


class AnnouncementLanguageForm(forms.Form):
    """A program admin writes an announcement's public text in another language."""

    language = AnnouncementLanguageField()
