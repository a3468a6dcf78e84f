"""Forms of the nomination pages: they collect input; `api.py` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from distinguished.core.forms import DateInput
from distinguished.program import api as program

from .enums import ENDORSEMENT_MAX, STATEMENT_MAX
from .nominee_answers import LISTING_QUESTION

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def listing_field(help_text: str) -> forms.ChoiceField:
    """The nominee's answer to the listing question: a yes or no that `api.py` requires where it
    is asked (so a missing answer is named there, on this field)."""
    return forms.ChoiceField(
        label=LISTING_QUESTION,
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        help_text=help_text,
    )


def listing_answer(cleaned_data) -> bool | None:
    """The form's yes or no as True or False; None when not answered."""
    return {"yes": True, "no": False}.get(cleaned_data.get("list_publicly") or "")


class NominateForm(forms.Form):
    WHO = [
        ("self", _("Myself")),
        ("existing", _("Someone the program knows")),
        ("new", _("Someone new to the program")),
    ]

    track = forms.ChoiceField(label=pgettext_lazy("recognition track", "Track"))
    who = forms.ChoiceField(
        label=_("Who do you nominate?"), choices=WHO, widget=forms.RadioSelect, initial="self"
    )
    nominee = forms.ChoiceField(
        label=_("Nominee"), required=False, help_text=_("Choose a person or organization.")
    )
    new_kind = forms.ChoiceField(
        label=_("The new nominee is"),
        choices=[("person", _("a person")), ("organization", _("an organization (Partner track)"))],
        required=False,
    )
    new_name = forms.CharField(label=_("Their name"), max_length=200, required=False)
    new_email = forms.EmailField(
        label=_("Their e-mail"), required=False, help_text=_("They are asked to accept the nomination.")
    )
    statement = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=STATEMENT_MAX,
        help_text=_("Why this nominee, in the track's own terms. Markdown. A draft may be incomplete."),
    )
    list_publicly = listing_field(
        _(
            "Answer when you nominate yourself (a peer nominee answers when accepting). You may change "
            "it at any time on your profile page."
        )
    )

    def __init__(self, *args, tracks=(), nominees=(), cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [(t.code, program.in_language(t.name)) for t in tracks]
        self.fields["nominee"].choices = [("", "—")] + [(str(c.pk), str(c)) for c in nominees]
        # The cycle is asked only while several are open for nominations; `api.py` checks the
        # answer (an unknown or a closed cycle is named there, on this field).
        self.asks_cycle = len(cycles) > 1
        self.fields["cycle"] = forms.CharField(required=False, widget=forms.HiddenInput)
        if self.asks_cycle:
            self.fields["cycle"] = forms.CharField(
                label=_("Which cycle is this nomination for?"),
                required=False,
                widget=forms.RadioSelect(choices=[(c.slug, c.name) for c in cycles]),
                help_text=_("Several cycles are open for nominations at once."),
            )
        self.order_fields(["cycle"])

    def add_error(self, field, error):
        # Not asked (one open cycle): what is wrong with the cycle shows at the top of the form.
        if field == "cycle" and not self.asks_cycle:
            field = None
        super().add_error(field, error)

    def clean(self):
        data = super().clean()
        who = data.get("who")
        if who == "existing" and not data.get("nominee"):
            self.add_error("nominee", _("Choose the nominee."))
        if who == "new":
            if not data.get("new_name"):
                self.add_error("new_name", _("Give the nominee's name."))
            if not data.get("new_email"):
                self.add_error("new_email", _("Give the nominee's e-mail: they are asked to accept."))
        return data


class StatementForm(forms.Form):
    statement = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=STATEMENT_MAX,
        help_text=_("Markdown."),
    )


class NomineeStatementForm(forms.Form):
    nominee_statement = forms.CharField(
        label=_("Your own words"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=STATEMENT_MAX,
        help_text=_("What you add to the statement, as the nominee. Markdown."),
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https")

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, program.in_language(k.label)) for k in kinds]


class ConsentForm(forms.Form):
    addition = forms.CharField(
        label=_("Your own words (optional)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=STATEMENT_MAX,
        help_text=_("Add to the statement what the panel should know. Markdown."),
    )
    list_publicly = listing_field(
        _("Required to accept. You may change it at any time on your profile page.")
    )


class EndorseForm(forms.Form):
    relationship = forms.CharField(
        label=_("How you know the nominee"),
        max_length=200,
        help_text=_("Such as “reviewed their pull requests for two years”."),
    )
    statement = forms.CharField(
        label=_("Your endorsement"), widget=forms.Textarea(attrs={"rows": 8}), max_length=ENDORSEMENT_MAX
    )
    visible_to_nominee = forms.BooleanField(
        label=_("The nominee and nominator may read my endorsement"), required=False, initial=True
    )


class RequestEndorsementsForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, at most 10."),
    )
    message = forms.CharField(
        label=_("Message (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def email_list(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data["emails"].replace(",", "\n").splitlines()
            if line.strip()
        ]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("eligible", _("Eligible")), ("ineligible", _("Ineligible"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required for ineligible; the nominee reads it."),
    )
