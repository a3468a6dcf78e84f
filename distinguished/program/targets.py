"""A cycle's targets: the "X" of every key result ("at least X major pull requests") and of the
program's own targets (active members, retention, member-led initiatives), which start at the
definition's defaults and which program admins set per cycle."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.audit import api as audit
from distinguished.people.api import is_program_admin

from .definition import PROGRAM_TARGET_PREFIX
from .enums import Aggregate
from .models import Cycle, CycleProgramTarget, CycleTarget, KeyResult, ProgramTarget

# A whole sentence, so a translation never joins a fragment into one.
_SET_TARGETS = gettext_lazy("Only program admins set targets.")


def _require_admin(actor, refusal) -> None:
    if not is_program_admin(actor):
        raise PermissionDenied(str(refusal))


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
        number, problem = _read_target(code, value, by_code.get(code))
        if problem:
            errors[code] = [problem]
        else:
            parsed[code] = number
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for code, number in parsed.items():
            _change_target(actor, cycle, code, by_code[code], number)
    return targets_of(cycle)


def _read_target(code: str, value, target) -> tuple[Decimal | None, str]:
    """(the number a target is set to, "") or (None, why it cannot be)."""
    if target is None:
        return None, _(
            "“%(code)s” is not a target of this program; use <track>.<key_result>, such as "
            "engineer.major_prs, or %(prefix)s.<target>, such as %(prefix)s.active_members."
        ) % {"code": code, "prefix": PROGRAM_TARGET_PREFIX}
    try:
        number = _parse_target(value)
    except (InvalidOperation, ValueError, TypeError):
        return None, _("“%(value)s” is not a number.") % {"value": value}
    return number, _out_of_bounds(target, number)


def _out_of_bounds(target, number: Decimal) -> str:
    """Why a number cannot be this target ("" when it can)."""
    if number < 0:
        return _("A target cannot be negative.")
    if number >= Decimal("1e12"):
        return _("That target is too large.")
    if isinstance(target, CycleTarget) and target.key_result.aggregate == Aggregate.SHARE and number > 100:
        return _("A share of employees is at most 100%.")
    if isinstance(target, CycleProgramTarget) and target.program_target.is_percentage and number > 100:
        return _("A retention rate is at most 100%.")
    if number != number.quantize(Decimal("0.01")):
        return _("Use at most two decimals.")
    return ""


def _change_target(actor, cycle: Cycle, code: str, target, number: Decimal) -> None:
    """Save a target's new number, and audit the change; an unchanged target stays as it is."""
    if target.target == number:
        return
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
