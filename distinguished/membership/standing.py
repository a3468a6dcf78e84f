"""The stored status of a term, and the cohort and first day of its renewal chain.

Lists filter and count members by status, track and cohort at any size with an index, so these are
columns of the term (`Membership.status`, `since`, `cohort_cycle`), not computed per row:

- **Events set them**, in the function that makes the event: a new term is stamped before it is
  saved (`stamp`; a renewal copies the cohort and first day of the term it renews), the term it
  renews becomes `renewed` (`mark_renewed`), lifetime status and revocation save their status.
- **The dates move a running term on**: active, then expiring (its renewal window), then expired.
  The nightly lifecycle job stores that move (`move_on`, three range updates over the
  `(status, end)` index).
- **Filters never wait for the night**: `status_q` reads the stored status for what an event decides
  (renewed, lifetime, revoked, or still running) and the term's last day for what the date decides,
  so a list is right on a day the job has not run yet; `shown_status` words one row the same way.

`status_of` (terms.py) computes a status from the relations themselves; the two agree (tested), and
`restamp` recomputes every stored value from them (the migration that added the columns, a restored
archive of an older version, data loaded in bulk by the benchmarks).
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

from django.db.models import Q

ACTIVE, EXPIRING, EXPIRED, RENEWED, LIFETIME, REVOKED = (
    "active",
    "expiring",
    "expired",
    "renewed",
    "lifetime",
    "revoked",
)
# A running term: none of the events that end its course (renewal, lifetime, revocation) happened;
# its dates say which of the three it is today.
RUNNING = (ACTIVE, EXPIRING, EXPIRED)
# The running statuses in the order of their last days: ended, inside the window, after it.
_BY_END = (EXPIRED, EXPIRING, ACTIVE)


def dated_status(end: dt.date | None, today: dt.date, window_days: int) -> str:
    """What the dates make a running term today: expired after its last day, expiring in its last
    `window_days` days, else active."""
    if end is not None and today > end:
        return EXPIRED
    if end is not None and (end - today).days < window_days:
        return EXPIRING
    return ACTIVE


def shown_status(membership, today: dt.date, window_days: int) -> str:
    """The term's status today, from the stored status and its dates (no query)."""
    if membership.status in RUNNING:
        return dated_status(membership.end, today, window_days)
    return membership.status


def status_q(statuses, today: dt.date, window_days: int) -> Q:
    """The terms whose status today is one of `statuses`, as an indexed condition: the stored status,
    and for the running ones a range of last days (`[)` bounds: expired before today, expiring
    before today + window, active from then on)."""
    wanted = set(statuses)
    bounds = {EXPIRED: (None, today), EXPIRING: (today, today + dt.timedelta(days=window_days))}
    bounds[ACTIVE] = (bounds[EXPIRING][1], None)
    conditions = [Q(status__in=sorted(wanted - set(RUNNING)))] if wanted - set(RUNNING) else []
    # Neighbouring running statuses make one range: each run of them in `_BY_END` is one condition.
    run: list[str] = []
    for status in (*_BY_END, None):
        if status in wanted:
            run.append(status)
            continue
        if run:
            low, high = bounds[run[0]][0], bounds[run[-1]][1]
            condition = Q(status__in=RUNNING)
            if low is not None:
                # A running term without a last day (recorded so by hand) stays active.
                condition &= Q(end__gte=low) | Q(end__isnull=True) if high is None else Q(end__gte=low)
            if high is not None:
                condition &= Q(end__lt=high)
            conditions.append(condition)
            run = []
    if not conditions:
        return Q(pk__in=[])
    return reduce(or_, conditions)


def stamp(membership, *, previous, today: dt.date, window_days: int) -> None:
    """Set a new term's stored status, first day of its chain and cohort, before it is saved
    (`previous`: the term it renews, or None)."""
    if membership.revoked_on:
        membership.status = REVOKED
    elif membership.lifetime:
        membership.status = LIFETIME
    else:
        membership.status = dated_status(membership.end, today, window_days)
    if previous is not None:
        membership.since = previous.since or previous.start
        membership.cohort_cycle_id = previous.cohort_cycle_id or membership.cycle_id
    else:
        membership.since = membership.start
        membership.cohort_cycle_id = membership.cycle_id


def mark_renewed(model, previous_id) -> None:
    """The term `previous_id` is continued by a later one: renewed, unless an event already ended
    its course otherwise (lifetime, revoked)."""
    model.objects.filter(pk=previous_id, status__in=RUNNING).update(status=RENEWED)


def move_on(model, today: dt.date, window_days: int) -> int:
    """Store what today's date makes each running term (the nightly job; a missed night is caught
    up, and a date moved back is followed too). Three updates, each a range of the `(status, end)`
    index; returns how many terms changed."""
    window_starts = today + dt.timedelta(days=window_days)
    running = model.objects.filter(status__in=RUNNING)
    return (
        running.filter(end__lt=today).exclude(status=EXPIRED).update(status=EXPIRED)
        + running.filter(end__gte=today, end__lt=window_starts)
        .exclude(status=EXPIRING)
        .update(status=EXPIRING)
        + running.filter(end__gte=window_starts).exclude(status=ACTIVE).update(status=ACTIVE)
    )


def restamp(model, today: dt.date, window_days: int, *, batch: int = 1000) -> int:
    """Recompute every term's stored status, first day and cohort from the terms themselves (their
    dates, events and renewal chains); save those that differ. Returns how many changed. `model`:
    the Membership model (a migration passes its historical one)."""
    rows = list(
        model.objects.order_by("start", "id").values_list(
            "id",
            "previous_id",
            "start",
            "end",
            "cycle_id",
            "lifetime",
            "revoked_on",
            "status",
            "since",
            "cohort_cycle_id",
        )
    )
    renewed = {row[1] for row in rows if row[1] is not None}
    since: dict[int, dt.date] = {}
    cohort: dict[int, int | None] = {}
    changed = []
    # A renewal starts after the term it renews, so a term's previous one comes first here.
    for pk, previous, start, end, cycle, lifetime, revoked_on, old_status, old_since, old_cohort in rows:
        since[pk] = since.get(previous, start) if previous is not None else start
        cohort[pk] = (cohort.get(previous) if previous is not None else None) or cycle
        if revoked_on:
            status = REVOKED
        elif lifetime:
            status = LIFETIME
        elif pk in renewed:
            status = RENEWED
        else:
            status = dated_status(end, today, window_days)
        if (status, since[pk], cohort[pk]) != (old_status, old_since, old_cohort):
            changed.append(model(pk=pk, status=status, since=since[pk], cohort_cycle_id=cohort[pk]))
    model.objects.bulk_update(changed, ["status", "since", "cohort_cycle"], batch_size=batch)
    return len(changed)
