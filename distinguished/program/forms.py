"""Forms of the program pages. They only collect input; the rules live in `api.py`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from distinguished.core.forms import DateInput

from .definition_texts import in_language
from .enums import Phase
from .timeline import TIMELINE


class CycleForm(forms.Form):
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=40,
        help_text=_("Short name used in addresses, such as 2026. Cannot be changed later."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("Such as “2026 cohort”."))
    announcement_event = forms.CharField(
        label=_("Announcement event"),
        max_length=200,
        required=False,
        help_text=_("Where the cohort is recognized, such as “Open edX Conference, Paris”."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for field, label in TIMELINE:
            self.fields[field] = forms.DateField(
                label=label,
                widget=DateInput(),
                required=field != "closes_on",
                help_text=(
                    _("Leave empty: 30 days after the announcement.")
                    if field == "closes_on"
                    else _("The last day of this phase.")
                    if field not in ("nominations_open", "announcement_date")
                    else ""
                ),
            )
        self.fields["min_endorsements"] = forms.IntegerField(
            min_value=0, max_value=120, initial=2, label=_("Endorsements needed"), required=False
        )
        self.fields["min_external_endorsements"] = forms.IntegerField(
            min_value=0,
            max_value=120,
            initial=1,
            required=False,
            label=_("Of them from outside the nominee's organization"),
        )
        self.fields["sustained_months"] = forms.IntegerField(
            min_value=0,
            max_value=120,
            initial=12,
            required=False,
            label=_("Sustained contribution (months)"),
            help_text=_("Evidence and recorded contributions must span at least this long."),
        )
        if editing:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _("Used in addresses; it does not change.")

    def cycle_fields(self) -> dict:
        """The fields given; left empty, a closing day or an eligibility number takes its default."""
        return {name: value for name, value in self.cleaned_data.items() if value is not None}


class PhaseOverrideForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=[("auto", _("Follow the dates")), *Phase.choices],
        help_text=_("Hold the cycle in a phase whatever its dates say, or follow the dates again."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why; it is kept in the audit trail."),
    )


class TargetsForm(forms.Form):
    """One number field per key result of the cycle, named `<track>.<key_result>`, and one per
    program target, named `program.<target>`."""

    def __init__(self, *args, targets=(), program_targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        self.program_targets = list(program_targets)
        for target in self.targets:
            kr = target.key_result
            self.fields[kr.qualified_code] = forms.CharField(
                label=in_language(kr.label),
                initial=f"{target.target.normalize():f}",
                help_text=" ".join(
                    part
                    for part in (
                        in_language(kr.unit),
                        kr.get_period_display(),
                        _("· %(tier)s partners") % {"tier": kr.tier} if kr.tier else "",
                    )
                    if part
                ),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
            )
        for target in self.program_targets:
            goal = target.program_target
            # Left out of a post (a script that knows only the key results): the value stays.
            self.fields[goal.qualified_code] = forms.CharField(
                required=False,
                label=in_language(goal.name),
                initial=f"{target.target.normalize():f}",
                help_text=" · ".join(in_language(part) for part in (goal.unit, goal.description) if part),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
            )

    def clean(self):
        cleaned = super().clean()
        for target in self.program_targets:
            code = target.program_target.qualified_code
            if cleaned.get(code) in (None, ""):
                cleaned.pop(code, None)
        return cleaned

    def rows_by_track(self):
        """(a heading with a `name`, its fields): the program's own targets first, then each track's."""
        rows: dict = {}
        if self.program_targets:
            rows[PROGRAM_HEADING] = [self[t.program_target.qualified_code] for t in self.program_targets]
        for target in self.targets:
            rows.setdefault(target.key_result.track, []).append(self[target.key_result.qualified_code])
        return rows.items()


class _Heading:
    name = _("The program's own targets")


PROGRAM_HEADING = _Heading()
