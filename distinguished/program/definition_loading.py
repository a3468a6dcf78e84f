"""Loading the program definition (the YAML file) into the database: tracks, key results, panel
groups, contribution kinds and program targets made to match the file, the cycles it names
created once, and every cycle given a target for each new key result."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from distinguished.audit import api as audit

from .definition import ProgramDefinition, read_definition
from .models import (
    ContributionKind,
    Cycle,
    KeyArea,
    KeyResult,
    KeyResultGroup,
    PanelGroup,
    Program,
    ProgramTarget,
    Track,
)
from .targets import _add_missing_targets


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
        program = _save_program(program or Program(slug=definition.program.slug), definition, data, source)
        _sync_program_lists(program, definition)
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
                    "colour": t.colour,
                }
                for t in definition.tracks
            ],
        )
        for track, spec in zip(tracks, definition.tracks, strict=True):
            _sync_track(track, spec)
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


def _save_program(program: Program, definition: ProgramDefinition, data: dict, source: str) -> Program:
    """The program row, saved with the definition's name, version and membership rules."""
    program.name = definition.program.name
    program.version = definition.program.version
    program.definition = data
    program.source = source
    program.term_years = definition.membership.term_years
    program.lifetime_after_years = definition.membership.lifetime_after_years
    program.loaded = timezone.now()
    program.save()
    return program


def _sync_program_lists(program: Program, definition: ProgramDefinition) -> None:
    """The program's contribution kinds, panel groups and own targets, made to match the file."""
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


def _sync_track(track: Track, spec) -> None:
    """A track's key areas, key result groups and key results (each in its group), made to match
    the file."""
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
        code: group for group, g in zip(groups, spec.key_result_groups, strict=True) for code in g.key_results
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
