"""Program admins create and edit cycles: the checks a cycle's slug, name, dates and eligibility
rules pass, the audited changes, a hold on a cycle's phase (an admin's, audited here, or the approval
steps', audited by them), and the final list locked."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.audit import api as audit

from .enums import Phase
from .loaded_program import program_settings
from .models import Cycle
from .targets import _add_missing_targets, _require_admin
from .timeline import TIMELINE, default_closing, timeline_errors

ELIGIBILITY_FIELDS = ("min_endorsements", "min_external_endorsements", "sustained_months")
CYCLE_FIELDS = (
    "slug",
    "name",
    *(field for field, _label in TIMELINE),
    "announcement_event",
    *ELIGIBILITY_FIELDS,
)
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")

# Whole sentences, so a translation never joins a fragment into one.
_CREATE = gettext_lazy("Only program admins create cycles.")
_EDIT = gettext_lazy("Only program admins edit cycles.")
_OVERRIDE = gettext_lazy("Only program admins override a cycle's phase.")


def _clean_cycle(cycle: Cycle, *, creating: bool) -> None:
    problems = {"slug": _slug_problem(cycle), "name": _name_problem(cycle)}
    if len(cycle.announcement_event or "") > 200:
        problems["announcement_event"] = _("Keep the event under 200 characters.")
    errors = {field: [problem] for field, problem in problems.items() if problem}
    errors.update(timeline_errors(cycle.dates()))
    errors.update(_eligibility_errors(cycle))
    if errors:
        raise ValidationError(errors)


def _slug_problem(cycle: Cycle) -> str:
    if not SLUG_RE.match(cycle.slug or ""):
        return _("Use lower-case letters, digits and hyphens, starting with a letter or digit (e.g. 2026).")
    if Cycle.objects.filter(slug=cycle.slug).exclude(pk=cycle.pk).exists():
        return _("A cycle “%(slug)s” already exists.") % {"slug": cycle.slug}
    return ""


def _name_problem(cycle: Cycle) -> str:
    if not (cycle.name or "").strip():
        return _("Give the cycle a name, such as “2026 cohort”.")
    if len(cycle.name) > 200:
        return _("Keep the name under 200 characters.")
    # Nominators choose among open cycles by name: two cycles never share one.
    same = Cycle.objects.filter(name__iexact=cycle.name.strip()).exclude(pk=cycle.pk).first()
    if same is not None:
        return _("The cycle “%(slug)s” is already named “%(name)s”; choose another name.") % {
            "slug": same.slug,
            "name": same.name,
        }
    return ""


def _eligibility_errors(cycle: Cycle) -> dict[str, list[str]]:
    """The eligibility rules' errors: each a whole number from 0 to 120, and no more endorsements
    asked from outside the organization than in all."""
    errors = {}
    for name in ELIGIBILITY_FIELDS:
        value = getattr(cycle, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 120:
            errors[name] = [_("Give a whole number from 0 to 120.")]
    both_given = not errors.get("min_external_endorsements") and not errors.get("min_endorsements")
    if both_given and cycle.min_external_endorsements > cycle.min_endorsements:
        errors["min_external_endorsements"] = [
            _("Cannot ask for more endorsements from outside the organization than endorsements in all.")
        ]
    return errors


def create_cycle(*, actor, **fields) -> Cycle:
    """Create a cycle with its timeline; its targets start at the definition's defaults."""
    _require_admin(actor, _CREATE)
    unknown = set(fields) - set(CYCLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    program = program_settings()
    if program is None:
        raise ValidationError(_("No program is loaded; run `distinguished migrate` first."))
    eligibility = program.definition["selection"]["eligibility"]
    fields = {name: eligibility[name] for name in ELIGIBILITY_FIELDS if name in eligibility} | fields
    cycle = Cycle(program=program, **fields)
    if cycle.closes_on is None and cycle.announcement_date is not None:
        cycle.closes_on = default_closing(cycle.announcement_date)
    _clean_cycle(cycle, creating=True)
    try:
        with transaction.atomic():
            cycle.save()
            _add_missing_targets(cycle)
            audit.record(actor=actor, verb="cycle.created", obj=cycle, to_state=cycle.phase)
    except IntegrityError:
        _name_the_taken_field(cycle)
        raise
    return cycle


def _name_the_taken_field(cycle: Cycle) -> None:
    """After a unique constraint refused a save: a concurrent request took the slug or the name
    between the check and the save; say which, on its field, as the check would have."""
    _clean_cycle(cycle, creating=cycle.pk is None)


def _apply_edit(cycle: Cycle, fields: dict) -> None:
    """Set the edited fields on the cycle (a later announcement date moves the closing day with it,
    unless that is edited too) and check it; when it is refused, the cycle is read back as it was."""
    for name, value in fields.items():
        setattr(cycle, name, value)
    if "announcement_date" in fields and "closes_on" not in fields:
        cycle.closes_on = max(cycle.closes_on, cycle.announcement_date)
    try:
        _clean_cycle(cycle, creating=False)
    except ValidationError:
        cycle.refresh_from_db()
        raise


def _changes(before: dict, cycle: Cycle) -> dict[str, list[str]]:
    """Each cycle field whose value differs from `before`: [before, after] as text."""
    return {
        name: [str(before[name]), str(getattr(cycle, name))]
        for name in CYCLE_FIELDS
        if before[name] != getattr(cycle, name)
    }


def _save_edit(actor, cycle: Cycle, phase_before: str, changed: dict) -> None:
    """Save the edited cycle and audit what changed (nothing changed: no event). When a concurrent
    request took the slug or the name, say which and read the cycle back as it was."""
    try:
        with transaction.atomic():
            cycle.save()
            if changed:
                audit.record(
                    actor=actor,
                    verb="cycle.updated",
                    obj=cycle,
                    from_state=phase_before,
                    to_state=cycle.phase,
                    data={"changed": changed},
                )
    except IntegrityError:
        try:
            _name_the_taken_field(cycle)
        finally:
            cycle.refresh_from_db()
        raise


def update_cycle(*, actor, cycle: Cycle, **fields) -> Cycle:
    """Change a cycle's name, event or dates; the change is audited field by field."""
    _require_admin(actor, _EDIT)
    unknown = set(fields) - set(CYCLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    before = {name: getattr(cycle, name) for name in CYCLE_FIELDS}
    phase_before = cycle.phase
    _apply_edit(cycle, fields)
    _save_edit(actor, cycle, phase_before, _changes(before, cycle))
    return cycle


def lock_final_list(cycle: Cycle, when) -> None:
    """Mark the cycle's final list signed off at `when`: its votes and decisions are closed for
    good. The cohorts app calls this inside the sign-off's transaction (and audits it there)."""
    Cycle.objects.filter(pk=cycle.pk).update(list_signed_off=when)
    cycle.list_signed_off = when


def hold_phase(cycle: Cycle, phase: str) -> None:
    """Hold the cycle at `phase` whatever its dates say ("" follows the dates again), with no
    permission check and no audit event: the cohorts app's approval steps and announcement call
    this inside their transaction and audit the step there. The approver is no admin, so
    `override_phase` (admins only, audited here) does not fit them."""
    Cycle.objects.filter(pk=cycle.pk).update(phase_override=phase)
    cycle.phase_override = phase


def override_phase(*, actor, cycle: Cycle, phase: str | None, reason: str) -> Cycle:
    """Hold a cycle in `phase` whatever its dates say, or (phase None or "auto") follow the
    dates again. Needs a reason; audited."""
    _require_admin(actor, _OVERRIDE)
    errors: dict[str, list[str]] = {}
    if phase in (None, "", "auto"):
        phase = ""
    elif phase not in Phase.values:
        errors["phase"] = [
            _("Unknown phase “%(phase)s”; the phases are %(phases)s, or “auto” to follow the dates.")
            % {"phase": phase, "phases": ", ".join(Phase.values)}
        ]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the phase is overridden; the reason goes into the audit trail.")]
    if errors:
        raise ValidationError(errors)
    before = cycle.phase
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
        locked.phase_override = phase
        locked.save(update_fields=["phase_override"])
        audit.record(
            actor=actor,
            verb="cycle.phase_overridden" if phase else "cycle.phase_override_cleared",
            obj=locked,
            from_state=before,
            to_state=locked.phase,
            reason=reason.strip(),
        )
    cycle.phase_override = phase
    return cycle
