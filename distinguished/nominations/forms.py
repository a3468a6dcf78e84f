"""Forms of the nomination pages: they collect input; `api.py` decides."""

from django import forms

from distinguished.core.forms import DateInput

from .enums import ENDORSEMENT_MAX, STATEMENT_MAX
from .nominee_answers import LISTING_QUESTION

YES_NO = [("yes", "Yes"), ("no", "No")]


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
        ("self", "Myself"),
        ("existing", "Someone the program knows"),
        ("new", "Someone new to the program"),
    ]

    track = forms.ChoiceField(label="Track")
    who = forms.ChoiceField(
        label="Who do you nominate?", choices=WHO, widget=forms.RadioSelect, initial="self"
    )
    nominee = forms.ChoiceField(label="Nominee", required=False, help_text="Choose a person or organization.")
    new_kind = forms.ChoiceField(
        label="The new nominee is",
        choices=[("person", "a person"), ("organization", "an organization (Partner track)")],
        required=False,
    )
    new_name = forms.CharField(label="Their name", max_length=200, required=False)
    new_email = forms.EmailField(
        label="Their e-mail", required=False, help_text="They are asked to accept the nomination."
    )
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=STATEMENT_MAX,
        help_text="Why this nominee, in the track's own terms. Markdown. A draft may be incomplete.",
    )
    list_publicly = listing_field(
        "Answer when you nominate yourself (a peer nominee answers when accepting). You may change "
        "it at any time on your profile page."
    )

    def __init__(self, *args, tracks=(), nominees=(), cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [(t.code, t.name) for t in tracks]
        self.fields["nominee"].choices = [("", "—")] + [(str(c.pk), str(c)) for c in nominees]
        # The cycle is asked only while several are open for nominations; `api.py` checks the
        # answer (an unknown or a closed cycle is named there, on this field).
        self.asks_cycle = len(cycles) > 1
        self.fields["cycle"] = forms.CharField(required=False, widget=forms.HiddenInput)
        if self.asks_cycle:
            self.fields["cycle"] = forms.CharField(
                label="Which cycle is this nomination for?",
                required=False,
                widget=forms.RadioSelect(choices=[(c.slug, c.name) for c in cycles]),
                help_text="Several cycles are open for nominations at once.",
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
            self.add_error("nominee", "Choose the nominee.")
        if who == "new":
            if not data.get("new_name"):
                self.add_error("new_name", "Give the nominee's name.")
            if not data.get("new_email"):
                self.add_error("new_email", "Give the nominee's e-mail: they are asked to accept.")
        return data


class StatementForm(forms.Form):
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=STATEMENT_MAX,
        help_text="Markdown.",
    )


class NomineeStatementForm(forms.Form):
    nominee_statement = forms.CharField(
        label="Your own words",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=STATEMENT_MAX,
        help_text="What you add to the statement, as the nominee. Markdown.",
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField()
    date = forms.DateField(widget=DateInput())
    title = forms.CharField(max_length=300)
    url = forms.URLField(label="Link", max_length=500, assume_scheme="https")

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.label) for k in kinds]


class ConsentForm(forms.Form):
    addition = forms.CharField(
        label="Your own words (optional)",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=STATEMENT_MAX,
        help_text="Add to the statement what the panel should know. Markdown.",
    )
    list_publicly = listing_field("Required to accept. You may change it at any time on your profile page.")


class EndorseForm(forms.Form):
    relationship = forms.CharField(
        label="How you know the nominee",
        max_length=200,
        help_text="Such as “reviewed their pull requests for two years”.",
    )
    statement = forms.CharField(
        label="Your endorsement", widget=forms.Textarea(attrs={"rows": 8}), max_length=ENDORSEMENT_MAX
    )
    visible_to_nominee = forms.BooleanField(
        label="The nominee and nominator may read my endorsement", required=False, initial=True
    )


class RequestEndorsementsForm(forms.Form):
    emails = forms.CharField(
        label="E-mail addresses",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, at most 10.",
    )
    message = forms.CharField(
        label="Message (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def email_list(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data["emails"].replace(",", "\n").splitlines()
            if line.strip()
        ]


class WithdrawForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("eligible", "Eligible"), ("ineligible", "Ineligible")], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required for ineligible; the nominee reads it.",
    )
