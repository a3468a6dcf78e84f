"""The program and its cycles. Views, the REST API, commands and other apps call these."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.audit import api as audit
from distinguished.people.api import is_program_admin

from .announcement_date import bring_announcement_forward
from .cycle_windows import next_opening, open_cycles, overlap_warnings, overlapping_cycles
from .definition import PROGRAM_TARGET_PREFIX, DefinitionError, ProgramDefinition, read_definition
from .definition_texts import in_language
from .enums import Aggregate, Phase, Subject, TargetMeasure
from .models import (
    ContributionKind,
    Cycle,
    CycleProgramTarget,
    CycleTarget,
    KeyArea,
    KeyResult,
    KeyResultGroup,
    PanelGroup,
    Program,
    ProgramTarget,
    Track,
)
from .timeline import TIMELINE, default_closing, human, timeline_errors

__all__ = [
    "Cycle",
    "DefinitionError",
    "Phase",
    "Program",
    "Subject",
    "TargetMeasure",
    "all_targets",
    "bring_announcement_forward",
    "check_program_file",
    "contribution_kind_codes",
    "contribution_kinds",
    "create_cycle",
    "current_cycle",
    "cycles",
    "cycles_with_targets",
    "get_cycle",
    "get_program",
    "get_track",
    "human",
    "in_language",
    "key_areas_of",
    "key_result_groups_of",
    "key_result_window_months",
    "key_results_of",
    "load_program",
    "load_program_file",
    "lock_final_list",
    "next_opening",
    "open_cycles",
    "overlap_warnings",
    "overlapping_cycles",
    "override_phase",
    "panel_groups_of",
    "program_settings",
    "program_targets_of",
    "set_targets",
    "targets_of",
    "tracks_of",
    "update_cycle",
]

ELIGIBILITY_FIELDS = ("min_endorsements", "min_external_endorsements", "sustained_months")
CYCLE_FIELDS = (
    "slug",
    "name",
    *(field for field, _label in TIMELINE),
    "announcement_event",
    *ELIGIBILITY_FIELDS,
)
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


# --- The program definition -------------------------------------------------------------


def _sync(model, parent_filter: dict, rows: list[dict]):
    """Make the children of one parent match `rows` by code: update, create, delete the rest."""
    existing = {obj.code: obj for obj in model.objects.filter(**parent_filter)}
    kept = []
    for position, row in enumerate(rows):
        obj = existing.pop(row["code"], None) or model(**parent_filter, code=row["code"])
        for name, value in row.items():
            setattr(obj, name, value)
        obj.position = position
        obj.save()
        kept.append(obj)
    for obj in existing.values():
        obj.delete()
    return kept


def load_program(definition: ProgramDefinition, *, source: str = "", actor=None) -> Program:
    """Write a validated definition into the database, in one transaction.

    Tracks, key areas, key results, contribution kinds and panel groups are matched by code and
    made to match the file. Cycles the file names are created if missing, never overwritten:
    admins own them once they exist. Every cycle gets a target for each new key result.
    """
    data = definition.model_dump(mode="json")
    with transaction.atomic():
        program = Program.objects.filter(slug=definition.program.slug).first()
        if program is not None and program.definition == data:
            _create_cycles(program, definition, actor)
            return program
        previous_version = program.version if program else ""
        program = program or Program(slug=definition.program.slug)
        program.name = definition.program.name
        program.version = definition.program.version
        program.definition = data
        program.source = source
        program.term_years = definition.membership.term_years
        program.lifetime_after_years = definition.membership.lifetime_after_years
        program.loaded = timezone.now()
        program.save()

        _sync(
            ContributionKind,
            {"program": program},
            [
                {"code": k.code, "label": k.label, "description": k.description, "quantity": k.quantity}
                for k in definition.contribution_kinds
            ],
        )
        _sync(
            PanelGroup,
            {"program": program},
            [
                {
                    "code": g.code,
                    "name": g.name,
                    "description": g.description,
                    "min_seats": g.min_seats,
                    "max_seats": g.max_seats,
                }
                for g in definition.panel_groups
            ],
        )
        _sync(
            ProgramTarget,
            {"program": program},
            [
                {
                    "code": t.code,
                    "name": t.name,
                    "description": t.description,
                    "measure": t.measure,
                    "kinds": t.kinds,
                    "unit": t.unit,
                    "default_target": t.target,
                }
                for t in definition.program_targets
            ],
        )
        tracks = _sync(
            Track,
            {"program": program},
            [
                {
                    "code": t.code,
                    "name": t.name,
                    "subject": t.subject,
                    "recognizes": t.recognizes,
                    "criteria": t.criteria,
                }
                for t in definition.tracks
            ],
        )
        for track, spec in zip(tracks, definition.tracks, strict=True):
            _sync(
                KeyArea,
                {"track": track},
                [{"code": a.code, "label": a.label, "description": a.description} for a in spec.key_areas],
            )
            groups = _sync(
                KeyResultGroup,
                {"track": track},
                [
                    {"code": g.code, "label": g.label, "logic": g.logic, "tier": g.tier or ""}
                    for g in spec.key_result_groups
                ],
            )
            group_of = {
                code: group
                for group, g in zip(groups, spec.key_result_groups, strict=True)
                for code in g.key_results
            }
            _sync(
                KeyResult,
                {"track": track},
                [
                    {
                        "code": kr.code,
                        "label": kr.label,
                        "seed": kr.seed,
                        "kinds": kr.kinds,
                        "major_only": kr.major,
                        "aggregate": kr.aggregate,
                        "unit": kr.unit,
                        "period": kr.period,
                        "tier": kr.tier or "",
                        "includes_affiliates": kr.affiliates,
                        "default_target": kr.target,
                        "group": group_of.get(kr.code),
                    }
                    for kr in spec.key_results
                ],
            )
        _create_cycles(program, definition, actor)
        for cycle in program.cycles.all():
            _add_missing_targets(cycle)
        audit.record(
            actor=actor,
            verb="program.loaded",
            obj=program,
            from_state=previous_version,
            to_state=program.version,
            reason=source,
        )
    return program


def _create_cycles(program: Program, definition: ProgramDefinition, actor) -> None:
    existing = set(Cycle.objects.values_list("slug", flat=True))
    for spec in definition.cycles:
        if spec.slug in existing:
            continue
        cycle = Cycle(program=program, **spec.model_dump(exclude={"eligibility"}))
        _apply_eligibility(cycle, spec.eligibility or definition.selection.eligibility)
        cycle.save()
        _add_missing_targets(cycle)
        audit.record(
            actor=actor,
            verb="cycle.created",
            obj=cycle,
            to_state=cycle.phase,
            reason="Named in the program definition.",
        )


def check_program_file(path: Path | str | None = None) -> ProgramDefinition:
    """Validate a definition file without loading it; raises DefinitionError."""
    return read_definition(Path(path or settings.PROGRAM_DEFINITION_FILE))


def _apply_eligibility(cycle: Cycle, rules) -> None:
    cycle.min_endorsements = rules.min_endorsements
    cycle.min_external_endorsements = rules.min_external_endorsements
    cycle.sustained_months = rules.sustained_months


def load_program_file(path: Path | str | None = None, *, actor=None) -> Program:
    """Read, validate and load a definition file (the shipped one by default).

    Raises DefinitionError, and changes nothing, when the file is not valid."""
    path = Path(path or settings.PROGRAM_DEFINITION_FILE)
    definition = read_definition(path)
    return load_program(definition, source=str(path), actor=actor)


def get_program() -> Program:
    """The loaded program, with everything the program page shows, in a fixed number of queries."""
    return (
        Program.objects.prefetch_related(
            Prefetch(
                "tracks",
                queryset=Track.objects.prefetch_related(
                    "key_areas",
                    Prefetch("key_results", queryset=KeyResult.objects.select_related("group")),
                    Prefetch(
                        "key_result_groups", queryset=KeyResultGroup.objects.prefetch_related("key_results")
                    ),
                ),
            ),
            "panel_groups",
            "contribution_kinds",
        )
        .order_by("id")
        .first()
    )


def program_settings() -> Program | None:
    """The loaded program's own row, one query: its name, term, lifetime years and definition,
    for callers that need none of what `get_program` loads with it."""
    return Program.objects.order_by("id").first()


def tracks_of(program: Program):
    return program.tracks.all()


def key_result_window_months() -> int:
    program = program_settings()
    return program.definition.get("key_result_window_months", 12) if program else 12


def key_results_of(track: Track):
    return track.key_results.select_related("group").order_by("position")


def panel_groups_of(program: Program):
    return program.panel_groups.order_by("position")


def key_areas_of(track: Track):
    return track.key_areas.order_by("position")


def key_result_groups_of(track: Track):
    return track.key_result_groups.prefetch_related("key_results").order_by("position")


def get_track(code: str) -> Track:
    # One query: the loaded program is the first one (`program_settings`), as a subquery.
    return Track.objects.get(code=code, program=Program.objects.order_by("id").values("id")[:1])


def contribution_kind_codes() -> set[str]:
    return set(ContributionKind.objects.values_list("code", flat=True))


def contribution_kinds():
    return ContributionKind.objects.order_by("program_id", "position")


# --- Cycles ------------------------------------------------------------------------------


def cycles():
    return Cycle.objects.select_related("program").order_by("-nominations_open", "-id")


def cycles_with_targets():
    """The cycles with their targets prefetched: a list costs the same queries at any size."""
    return cycles().prefetch_related(
        Prefetch(
            "targets",
            queryset=CycleTarget.objects.select_related("key_result__track").order_by(
                "key_result__track__position", "key_result__position"
            ),
        ),
        Prefetch(
            "program_targets",
            queryset=CycleProgramTarget.objects.select_related("program_target").order_by(
                "program_target__position"
            ),
        ),
    )


def get_cycle(slug: str) -> Cycle:
    return Cycle.objects.select_related("program").get(slug=slug)


def current_cycle(today: dt.date | None = None) -> Cycle | None:
    """The cycle people are working on: the latest one under way, else the next one to open,
    else the most recent."""
    today = today or timezone.localdate()
    all_cycles = list(cycles())
    if not all_cycles:
        return None
    phase = {
        cycle.pk: (Phase(cycle.phase_override) if cycle.phase_override else cycle.phase_by_dates(today))
        for cycle in all_cycles
    }
    under_way = [c for c in all_cycles if phase[c.pk] not in (Phase.SETUP, Phase.CLOSED)]
    if under_way:
        return max(under_way, key=lambda c: c.nominations_open)
    upcoming = [c for c in all_cycles if phase[c.pk] == Phase.SETUP]
    if upcoming:
        return min(upcoming, key=lambda c: c.nominations_open)
    return max(all_cycles, key=lambda c: c.announcement_date)


# Whole sentences, so a translation never joins a fragment into one.
_CREATE = gettext_lazy("Only program admins create cycles.")
_EDIT = gettext_lazy("Only program admins edit cycles.")
_OVERRIDE = gettext_lazy("Only program admins override a cycle's phase.")
_SET_TARGETS = gettext_lazy("Only program admins set targets.")


def _require_admin(actor, refusal) -> None:
    if not is_program_admin(actor):
        raise PermissionDenied(str(refusal))


def _clean_cycle(cycle: Cycle, *, creating: bool) -> None:
    errors: dict[str, list[str]] = {}
    if not SLUG_RE.match(cycle.slug or ""):
        errors["slug"] = [
            _("Use lower-case letters, digits and hyphens, starting with a letter or digit (e.g. 2026).")
        ]
    elif Cycle.objects.filter(slug=cycle.slug).exclude(pk=cycle.pk).exists():
        errors["slug"] = [_("A cycle “%(slug)s” already exists.") % {"slug": cycle.slug}]
    if not (cycle.name or "").strip():
        errors["name"] = [_("Give the cycle a name, such as “2026 cohort”.")]
    elif len(cycle.name) > 200:
        errors["name"] = [_("Keep the name under 200 characters.")]
    else:
        # Nominators choose among open cycles by name: two cycles never share one.
        same = Cycle.objects.filter(name__iexact=cycle.name.strip()).exclude(pk=cycle.pk).first()
        if same is not None:
            errors["name"] = [
                _("The cycle “%(slug)s” is already named “%(name)s”; choose another name.")
                % {"slug": same.slug, "name": same.name}
            ]
    if len(cycle.announcement_event or "") > 200:
        errors["announcement_event"] = [_("Keep the event under 200 characters.")]
    errors.update(timeline_errors(cycle.dates()))
    for name in ELIGIBILITY_FIELDS:
        value = getattr(cycle, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 120:
            errors[name] = [_("Give a whole number from 0 to 120.")]
    both_given = not errors.get("min_external_endorsements") and not errors.get("min_endorsements")
    if both_given and cycle.min_external_endorsements > cycle.min_endorsements:
        errors["min_external_endorsements"] = [
            _("Cannot ask for more endorsements from outside the organization than endorsements in all.")
        ]
    if errors:
        raise ValidationError(errors)


def _add_missing_targets(cycle: Cycle) -> None:
    have = set(cycle.targets.values_list("key_result_id", flat=True))
    CycleTarget.objects.bulk_create(
        CycleTarget(cycle=cycle, key_result=kr, target=kr.default_target)
        for kr in KeyResult.objects.filter(track__program=cycle.program).exclude(pk__in=have)
    )
    have = set(cycle.program_targets.values_list("program_target_id", flat=True))
    CycleProgramTarget.objects.bulk_create(
        CycleProgramTarget(cycle=cycle, program_target=target, target=target.default_target)
        for target in ProgramTarget.objects.filter(program=cycle.program).exclude(pk__in=have)
    )


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


def update_cycle(*, actor, cycle: Cycle, **fields) -> Cycle:
    """Change a cycle's name, event or dates; the change is audited field by field."""
    _require_admin(actor, _EDIT)
    unknown = set(fields) - set(CYCLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    before = {name: getattr(cycle, name) for name in CYCLE_FIELDS}
    phase_before = cycle.phase
    for name, value in fields.items():
        setattr(cycle, name, value)
    if "announcement_date" in fields and "closes_on" not in fields:
        cycle.closes_on = max(cycle.closes_on, cycle.announcement_date)
    try:
        _clean_cycle(cycle, creating=False)
    except ValidationError:
        cycle.refresh_from_db()
        raise
    changed = {
        name: [str(before[name]), str(getattr(cycle, name))]
        for name in CYCLE_FIELDS
        if before[name] != getattr(cycle, name)
    }
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
    return cycle


def lock_final_list(cycle: Cycle, when) -> None:
    """Mark the cycle's final list signed off at `when`: its votes and decisions are closed for
    good. The cohorts app calls this inside the sign-off's transaction (and audits it there)."""
    Cycle.objects.filter(pk=cycle.pk).update(list_signed_off=when)
    cycle.list_signed_off = when


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


# --- Targets -----------------------------------------------------------------------------


def targets_of(cycle: Cycle) -> list[CycleTarget]:
    """Every key result's target in this cycle, in the definition's order."""
    return list(
        CycleTarget.objects.filter(cycle=cycle)
        .select_related("key_result__track")
        .order_by("key_result__track__position", "key_result__position")
    )


def program_targets_of(cycle: Cycle) -> list[CycleProgramTarget]:
    """The program's own targets in this cycle (at least N active members, a retention rate,
    member-led initiatives a year), in the definition's order."""
    return list(
        CycleProgramTarget.objects.filter(cycle=cycle)
        .select_related("program_target")
        .order_by("program_target__position")
    )


def all_targets(cycle: Cycle, targets=None, program_targets=None) -> dict[str, Decimal]:
    """Every "X" of the cycle by its name: `<track>.<key_result>` and `program.<target>` (the lists
    when the caller has them already)."""
    targets = targets_of(cycle) if targets is None else targets
    program_targets = program_targets_of(cycle) if program_targets is None else program_targets
    return {t.key_result.qualified_code: t.target for t in targets} | {
        t.program_target.qualified_code: t.target for t in program_targets
    }


def _parse_target(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    number = Decimal(str(value).strip())
    if not number.is_finite():
        raise ValueError
    return number


def set_targets(*, actor, cycle: Cycle, targets: Mapping[str, object]) -> list[CycleTarget]:
    """Set the "X" of key results in a cycle, {"<track>.<key_result>": number}, and the program's own
    targets, {"program.<target>": number}. All or nothing."""
    _require_admin(actor, _SET_TARGETS)
    if not isinstance(targets, Mapping) or not targets:
        raise ValidationError({"targets": [_('Send {"<track>.<key_result>": number, ...}.')]})
    by_code: dict = {t.key_result.qualified_code: t for t in targets_of(cycle)}
    by_code |= {t.program_target.qualified_code: t for t in program_targets_of(cycle)}
    errors: dict[str, list[str]] = {}
    parsed: dict[str, Decimal] = {}
    for code, value in targets.items():
        target = by_code.get(code)
        if target is None:
            errors[code] = [
                _(
                    "“%(code)s” is not a target of this program; use <track>.<key_result>, such as "
                    "engineer.major_prs, or %(prefix)s.<target>, such as %(prefix)s.active_members."
                )
                % {"code": code, "prefix": PROGRAM_TARGET_PREFIX}
            ]
            continue
        try:
            number = _parse_target(value)
        except (InvalidOperation, ValueError, TypeError):
            errors[code] = [_("“%(value)s” is not a number.") % {"value": value}]
            continue
        if number < 0:
            errors[code] = [_("A target cannot be negative.")]
        elif number >= Decimal("1e12"):
            errors[code] = [_("That target is too large.")]
        elif (
            isinstance(target, CycleTarget)
            and target.key_result.aggregate == Aggregate.SHARE
            and number > 100
        ):
            errors[code] = [_("A share of employees is at most 100%.")]
        elif isinstance(target, CycleProgramTarget) and target.program_target.is_percentage and number > 100:
            errors[code] = [_("A retention rate is at most 100%.")]
        elif number != number.quantize(Decimal("0.01")):
            errors[code] = [_("Use at most two decimals.")]
        else:
            parsed[code] = number
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for code, number in parsed.items():
            target = by_code[code]
            if target.target == number:
                continue
            old = target.target
            target.target = number
            target.save(update_fields=["target"])
            audit.record(
                actor=actor,
                verb="cycle.target_changed",
                obj=cycle,
                from_state=f"{code}={old.normalize():f}",
                to_state=f"{code}={number.normalize():f}",
            )
    return targets_of(cycle)


def describe_dates(cycle: Cycle) -> list[dict]:
    """The timeline for display: label, date, whether that day has passed, and which date comes
    next."""
    today = timezone.localdate()
    steps = [
        {
            "field": field,
            "label": label,
            "date": getattr(cycle, field),
            "human": human(getattr(cycle, field)),
            "past": getattr(cycle, field) < today,
            "next": False,
        }
        for field, label in TIMELINE
    ]
    upcoming = next((step for step in steps if not step["past"]), None)
    if upcoming is not None:
        upcoming["next"] = True
    return steps
