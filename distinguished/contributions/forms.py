"""Forms of the contribution pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from distinguished.core.forms import DateInput
from distinguished.program import api as program


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    quantity = forms.DecimalField(
        label=_("Quantity"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("For kinds that carry one: money (USD), people, or a percentage."),
    )
    major = forms.BooleanField(required=False, label=_("A major pull request"))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, program.in_language(k.label)) for k in kinds]


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with the header contributor,kind,date,title,url,quantity,major."),
    )


class GitHubImportForm(forms.Form):
    org = forms.CharField(label=_("GitHub organization"), max_length=100, initial="openedx")
    since = forms.DateField(label=_("Merged since"), required=False, widget=DateInput())


class ForumImportForm(forms.Form):
    url = forms.URLField(
        label=_("Forum address"),
        required=False,
        assume_scheme="https",
        help_text=_("Leave empty for the configured forum (DISCOURSE_URL)."),
    )
    since = forms.DateField(label=_("Replies since"), required=False, widget=DateInput())


class SlackImportForm(forms.Form):
    file = forms.FileField(
        label=_("Slack export (.zip)"),
        help_text=_("The .zip of Slack's “Export data”: users.json, channels.json, a folder per channel."),
    )
    workspace_url = forms.URLField(
        label=_("Workspace address"),
        required=False,
        assume_scheme="https",
        help_text=_("Where the links to each answer go; leave empty for the configured workspace."),
    )
