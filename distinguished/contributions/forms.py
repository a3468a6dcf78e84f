"""Forms of the contribution pages."""

from django import forms

from distinguished.core.forms import DateInput


class ContributionForm(forms.Form):
    kind = forms.ChoiceField()
    date = forms.DateField(widget=DateInput())
    title = forms.CharField(max_length=300)
    url = forms.URLField(label="Link", max_length=500, required=False, assume_scheme="https")
    quantity = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="For kinds that carry one: money (USD), people, or a percentage.",
    )
    major = forms.BooleanField(required=False, label="A major pull request")

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.label) for k in kinds]
