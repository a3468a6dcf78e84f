"""The parts of the program's figures that are stored (stored.py, decision 0015), each as plain JSON:

- the members' part of a period: the counts on its last day, the retention year by year since its
  first day, each cohort's new members (`members_part`);
- the key results' readiness on a day against a cycle's targets (`key_results_readiness`);
- a cycle's part: its funnel, reasons for ineligibility, endorsements, panel and days to a decision
  (`cycle_parts`).

Each is read from the store when its stamp is unchanged, else computed by the apps' stats.py
(through their api.py) and stored. The values are those the apps return, only made JSON (a
Decimal target as text, read back as a Decimal): stored or computed, the figures are the same.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction

from distinguished.contributions import api as contributions
from distinguished.membership import api as membership
from distinguished.nominations import api as nominations
from distinguished.review import api as review

from . import stored
from .period import Period

__all__ = [
    "cohort_sizes",
    "compute_cycle_part",
    "compute_members_part",
    "compute_readiness",
    "cycle_parts",
    "key_results_readiness",
    "members_part",
]


def compute_members_part(period: Period) -> dict:
    counts = membership.member_counts(period.as_of)
    by_year = membership.retention_by_year(period.since, period.as_of)
    return {
        "counts": {
            "active": counts.active,
            "lifetime": counts.lifetime,
            "by_track": counts.by_track,
            "by_tier": counts.by_tier,
        },
        "retention": [[year, r.ended, r.renewed] for year, r in by_year.items()],
        "cohorts": [[cycle_id, n] for cycle_id, n in membership.cohort_sizes().items()],
    }


def compute_readiness(period: Period) -> list:
    rows = membership.key_results_readiness(period.as_of, cycle=period.targets_cycle)
    return [
        {**row, "key_results": [{**kr, "target": str(kr["target"])} for kr in row["key_results"]]}
        for row in rows
    ]


def compute_cycle_part(cycle_ids) -> dict[int, dict]:
    funnels = nominations.funnels(cycle_ids)
    reasons = nominations.ineligible_reasons(cycle_ids)
    endorsements = nominations.endorsement_figures(cycle_ids)
    days = nominations.decision_days(cycle_ids)
    panels = review.panel_figures(cycle_ids)
    return {
        cycle_id: {
            "funnel": funnels[cycle_id],
            "reasons": [[reason, n] for reason, n in reasons[cycle_id]],
            "endorsements": endorsements[cycle_id],
            "days": days[cycle_id],
            "panel": panels[cycle_id],
        }
        for cycle_id in cycle_ids
    }


def _members_stamps(changes: dict[str, str]) -> tuple[str, str]:
    """(the stamp of the members' part, that of what also rests on contributions: the readiness
    and the members' contributions)."""
    terms = [membership.terms_stamp(), *(changes.get(scope, "") for scope in ("terms", "people", "program"))]
    return stored.stamp_of(*terms), stored.stamp_of(
        *terms, contributions.contributions_stamp(), changes.get("contributions", "")
    )


def _read(wanted: dict[str, str], compute) -> dict[str, object]:
    """The values of `wanted` ({key: stamp}): stored ones, and the others computed by
    `compute(missing keys) -> {key: value}` and stored."""
    found = stored.kept(wanted)
    missing = [key for key in wanted if key not in found]
    if missing:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # The readiness asks a correlated subquery per key result and term: PostgreSQL's
                # estimate of that sends it to the JIT compiler, which took longer (2.9 s at
                # 100,000 members) than running it. For these queries only.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL jit = off")
            computed = compute(missing)
            stored.keep({key: (wanted[key], computed[key]) for key in missing})
        found |= computed
    return found


def members_part(period: Period, *, with_readiness: bool = False, kinds=()) -> dict:
    """The members' part of the period, stored or computed; with `with_readiness` the key results'
    readiness under "readiness"; with `kinds` (tuples of contribution kinds) the contributions of
    each that members made in the period under "contributions" ({kinds: count})."""
    stamp, with_contributions = _members_stamps(stored.changes_stamp())
    days = f"{period.since.isoformat()}:{period.as_of.isoformat()}"
    names = {"members": f"members:{days}"}
    if with_readiness:
        targets = period.targets_cycle.pk if period.targets_cycle is not None else "-"
        names["readiness"] = f"readiness:{period.as_of.isoformat()}:{targets}"
    kinds = [list(k) for k in kinds]
    if kinds:
        names["contributions"] = f"contributions:{days}:{stored.stamp_of(*kinds)[:16]}"
    computers = {
        "members": lambda: compute_members_part(period),
        "readiness": lambda: compute_readiness(period),
        "contributions": lambda: [
            [k, membership.member_contributions(k, period.since, period.as_of)] for k in kinds
        ],
    }

    def compute(missing):
        return {key: computers[name]() for name, key in names.items() if key in missing}

    wanted = {key: stamp if name == "members" else with_contributions for name, key in names.items()}
    found = _read(wanted, compute)
    part = dict(found[names["members"]])
    if with_readiness:
        part["readiness"] = found[names["readiness"]]
    if kinds:
        part["contributions"] = {tuple(k): n for k, n in found[names["contributions"]]}
    return part


def cohort_sizes(part: dict) -> dict[int, int]:
    """{cycle id: new members} of the members' part."""
    return {cycle_id: n for cycle_id, n in part["cohorts"]}


def key_results_readiness(part: dict) -> list[dict]:
    """The readiness of the members' part read with it, the targets Decimals again."""
    return [
        {**row, "key_results": [{**kr, "target": Decimal(kr["target"])} for kr in row["key_results"]]}
        for row in part["readiness"]
    ]


def cycle_parts(cycle_ids) -> dict[int, dict]:
    """{cycle id: its part}, stored or computed (every stale cycle in one batch)."""
    cycle_ids = list(cycle_ids)
    if not cycle_ids:
        return {}
    changes = stored.changes_stamp()
    people = [changes.get(scope, "") for scope in ("people", "program")]
    listed = nominations.cycle_stamps(cycle_ids)
    panel = review.panel_stamps(cycle_ids)
    wanted = {f"cycle:{pk}": stored.stamp_of(listed[pk], panel[pk], *people) for pk in cycle_ids}

    def compute(missing):
        computed = compute_cycle_part([int(key.split(":")[1]) for key in missing])
        return {f"cycle:{pk}": value for pk, value in computed.items()}

    found = _read(wanted, compute)
    return {pk: found[f"cycle:{pk}"] for pk in cycle_ids}
