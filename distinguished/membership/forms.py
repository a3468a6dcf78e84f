"""Forms of the membership pages: they collect input; `api.py` decides."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from distinguished.core.forms import DateInput
from distinguished.program import api as program

from .directory import STATUS_LABELS
from .renewal import STATEMENT_MAX
from .terms import Status


class RenewalForm(forms.Form):
    statement = forms.CharField(
        label=_("Your statement"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=STATEMENT_MAX,
        help_text=_("What you contributed to your track during this term, with links. Markdown."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("renew", _("Renew: a new term chained to this one")), ("lapse", _("Let the term lapse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Required when the term lapses; the member reads it in their e-mail."),
    )


class RecordTermForm(forms.Form):
    contributor = forms.CharField(
        label=_("Contributor"),
        max_length=200,
        help_text=_("Their id, e-mail, GitHub login or forum username."),
    )
    track = forms.ChoiceField(label=pgettext_lazy("program track", "Track"))
    start = forms.DateField(label=_("First day of the term"), widget=DateInput())
    renews = forms.BooleanField(
        label=_("It renews their term on this track that ends the day before"), required=False
    )
    cycle = forms.ChoiceField(
        label=_("Cohort"),
        required=False,
        help_text=_("The cycle that recognized them; a renewal keeps the cohort of the term it renews."),
    )

    def __init__(self, *args, tracks=(), cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [(t.code, program.in_language(t.name)) for t in tracks]
        self.fields["cycle"].choices = [("", _("None (or the renewed term's)"))] + [
            (c.slug, c.name) for c in cycles
        ]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns contributor, track, start and optionally renews (yes) and cycle (its slug)."),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class MembershipFilterForm(forms.Form):
    track = forms.ChoiceField(label=pgettext_lazy("program track", "Track"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))] + [(s, STATUS_LABELS[s]) for s in Status.ALL],
    )
    q = forms.CharField(label=_("Name"), required=False, max_length=100)

    def __init__(self, *args, tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [("", _("Every track"))] + [
            (t.code, program.in_language(t.name)) for t in tracks
        ]

    def chosen(self) -> dict:
        """The filters to apply: none while the form is not valid (the page shows its errors)."""
        return self.cleaned_data if self.is_valid() else {}


class RenewalFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Any state")),
            ("pending", _("Awaiting a decision")),
            ("renewed", _("Renewed")),
            ("lapsed", _("Lapsed")),
        ],
    )
