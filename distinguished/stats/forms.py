"""The dashboard's period form: it only collects `?cycle=&since=&until=`; `api.read_period` judges."""

from django import forms
from django.utils.translation import gettext_lazy as _

from distinguished.core.forms import DateInput


class PeriodForm(forms.Form):
    # A plain field with a menu: `api.read_period` says what is wrong with an unknown cycle.
    cycle = forms.CharField(
        label=_("Cycle"),
        required=False,
        widget=forms.Select,
        help_text=_("One cycle's figures over its year (from its announcement). Leave empty for a period."),
    )
    since = forms.CharField(
        required=False, widget=DateInput(), label=_("From"), help_text=_("Empty: a year before the end.")
    )
    until = forms.CharField(required=False, widget=DateInput(), label=_("To"), help_text=_("Empty: today."))

    def __init__(self, *args, cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].widget.choices = [
            ("", _("Any cycle in the period")),
            *((c.slug, c.name) for c in cycles),
        ]
