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


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, with the header contributor,kind,date,title,url,quantity,major.",
    )


class GitHubImportForm(forms.Form):
    org = forms.CharField(label="GitHub organization", max_length=100, initial="openedx")
    since = forms.DateField(label="Merged since", required=False, widget=DateInput())


class ForumImportForm(forms.Form):
    url = forms.URLField(
        label="Forum address",
        required=False,
        assume_scheme="https",
        help_text="Leave empty for the configured forum (DISCOURSE_URL).",
    )
    since = forms.DateField(label="Replies since", required=False, widget=DateInput())


class SlackImportForm(forms.Form):
    file = forms.FileField(
        label="Slack export (.zip)",
        help_text="The .zip of Slack's “Export data”: users.json, channels.json, a folder per channel.",
    )
    workspace_url = forms.URLField(
        label="Workspace address",
        required=False,
        assume_scheme="https",
        help_text="Where the links to each answer go; leave empty for the configured workspace.",
    )
