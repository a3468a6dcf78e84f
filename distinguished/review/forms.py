"""Forms of the review panel pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from distinguished.program import api as program

from .enums import Outcome, Recommendation

SCORES = [(str(n), str(n)) for n in range(1, 6)]


class SeatForm(forms.Form):
    # An account is named by its username or e-mail address (the view finds it): a select of every
    # account grew with the membership.
    user = forms.CharField(
        label=_("Account"), max_length=254, help_text=_("The panelist's username or e-mail address.")
    )
    group = forms.ChoiceField(label=_("Stakeholder group"))
    chair = forms.BooleanField(required=False, label=_("Chair of the panel"))
    tracks = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Prefers to review")
    )

    def __init__(self, *args, groups=(), tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g.code, program.in_language(g.name)) for g in groups]
        self.fields["tracks"].choices = [(t.code, program.in_language(t.name)) for t in tracks]


# A nomination is named by its number (the panel page's search finds it by the nominee's name): a
# select of every nomination grew with the cycle. Any number is accepted here, so that the view names
# an unknown one, or one a conflict hides, in words.
NOMINATION_NUMBER = {
    "label": _("Nomination number"),
    "min_value": 1,
    "max_value": 2**63 - 1,
    "error_messages": {"invalid": _("Enter the nomination's number, as on its page or in the search.")},
}


class ConflictForm(forms.Form):
    nomination = forms.IntegerField(**NOMINATION_NUMBER)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What ties you to the nominee."),
    )


class AssignByHandForm(forms.Form):
    """The chair assigns one reviewer: a nomination by its number, a panelist among the seats."""

    nomination = forms.IntegerField(**NOMINATION_NUMBER)
    panelist = forms.TypedChoiceField(label=_("Panelist"), coerce=int)

    def __init__(self, *args, seats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panelist"].choices = [("", "—")] + [
            (str(s.user_id), f"{s.user.display_name} ({program.in_language(s.group.name)})") for s in seats
        ]


class WaiverForm(forms.Form):
    nomination = forms.IntegerField(widget=forms.HiddenInput)
    panelist = forms.IntegerField(widget=forms.HiddenInput)
    source = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why it does not matter"), max_length=2000)


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        choices=[("", "—"), *Recommendation.choices], required=False, label=_("Your recommendation")
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, label=_("Comment for the panel")
    )
    feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label=_("Feedback for the nominee (optional)"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        for area in self.areas:
            self.fields[f"score_{area.code}"] = forms.ChoiceField(
                choices=SCORES,
                widget=forms.RadioSelect,
                required=False,
                label=program.in_language(area.label),
                help_text=area.description,
            )

    def score_fields(self):
        return [self[f"score_{area.code}"] for area in self.areas]

    def scores(self) -> dict:
        return {
            area.code: int(self.cleaned_data[f"score_{area.code}"])
            for area in self.areas
            if self.cleaned_data.get(f"score_{area.code}")
        }


class DecisionForm(forms.Form):
    """The chair's decision on one nomination (prefixed by the nomination: one form per card).
    review.api checks the input and names what is missing on each field."""

    outcome = forms.ChoiceField(
        choices=Outcome.choices, widget=forms.RadioSelect, required=False, label=_("Outcome")
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Rationale (the panel's record)"),
        help_text=_("Why the panel decided so. The panel reads it; the nominee never does."),
    )
    feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Feedback for the nominee"),
        help_text=_("Required for declined and deferred; the nominee reads it when the cohort is announced."),
    )
