"""Forms of the review panel pages."""

from django import forms

from .enums import Outcome, Recommendation

SCORES = [(str(n), str(n)) for n in range(1, 6)]


class SeatForm(forms.Form):
    user = forms.ChoiceField(label="Account")
    group = forms.ChoiceField(label="Stakeholder group")
    chair = forms.BooleanField(required=False, label="Chair of the panel")
    tracks = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Prefers to review"
    )

    def __init__(self, *args, users=(), groups=(), tracks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "—")] + [
            (str(u.pk), f"{u.display_name} ({u.username})") for u in users
        ]
        self.fields["group"].choices = [(g.code, g.name) for g in groups]
        self.fields["tracks"].choices = [(t.code, t.name) for t in tracks]


class ConflictForm(forms.Form):
    # Offers only the nominations the panelist is not conflicted with yet; any id is accepted,
    # so that review.api names a repeat (or an unknown nomination) in words.
    nomination = forms.IntegerField(label="Nomination", widget=forms.Select)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), help_text="What ties you to the nominee."
    )

    def __init__(self, *args, nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].widget.choices = [("", "—")] + [(str(n.pk), str(n)) for n in nominations]


class WaiverForm(forms.Form):
    nomination = forms.IntegerField(widget=forms.HiddenInput)
    panelist = forms.IntegerField(widget=forms.HiddenInput)
    source = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Why it does not matter", max_length=2000)


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        choices=[("", "—"), *Recommendation.choices], required=False, label="Your recommendation"
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, label="Comment for the panel"
    )
    feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Feedback for the nominee (optional)"
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
                label=area.label,
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
        choices=Outcome.choices, widget=forms.RadioSelect, required=False, label="Outcome"
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Rationale (the panel's record)",
        help_text="Why the panel decided so. The panel reads it; the nominee never does.",
    )
    feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Feedback for the nominee",
        help_text="Required for declined and deferred; the nominee reads it when the cohort is announced.",
    )
