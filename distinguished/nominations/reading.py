"""Reading nominations: one as its reader may see it, the lists each role may read and their export,
and what the nomination page shows beside it (its history, the nominee's scorecard, the
eligibility checks)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, prefetch_related_objects

from distinguished.audit import api as audit
from distinguished.contributions import api as contributions
from distinguished.people import api as people
from distinguished.program import api as program

from . import conflicts, eligibility, rules
from .decision_notice import seen_state_filter
from .enums import DECIDED_STATES, DELIBERATED_STATES, State
from .exports import nominations_table
from .models import Endorsement, EndorsementRequest, Nomination
from .rules import DELIBERATION_PHASES, has_panel_role, is_chair, is_program_admin
from .search import search_nominations

# What the functions that find one nomination raise when there is none, or its reader may not see it.
NominationNotFound = Nomination.DoesNotExist


def with_parties():
    """Nominations read with their cycle, track, nominee (and organization) and nominator."""
    return Nomination.objects.select_related("cycle", "track", "nominee__organization", "nominator")


def get_nomination(nomination_id) -> Nomination:
    return eligibility.prefetch(with_parties()).prefetch_related("endorsement_requests").get(pk=nomination_id)


def as_created(nomination: Nomination) -> Nomination:
    """The nomination `nominate` returned (holding its cycle, track and parties) with the related
    rows `get_nomination` gives, without reading the nomination again: its evidence read back (the
    ids, in order), and no endorsements or invitations, as it was made."""
    prefetch_related_objects(
        [nomination],
        "evidence",
        Prefetch("endorsements", queryset=Endorsement.objects.none()),
        Prefetch("endorsement_requests", queryset=EndorsementRequest.objects.none()),
    )
    return nomination


def was_submitted(nomination: Nomination) -> bool:
    """Submitted once: from then on the panel may know of it (a draft, and a nomination withdrawn
    as a draft, stay private to their parties)."""
    return bool(rules.was_submitted(None, nomination))


def visible_nomination(user, nomination_id) -> Nomination:
    """The nomination if `user` may see it; `Nomination.DoesNotExist` otherwise, the same answer
    as for an id that does not exist, so ids reveal nothing."""
    nomination = get_nomination(nomination_id)
    if not user.has_perm("nominations.view_nomination", nomination):
        raise Nomination.DoesNotExist("No such nomination.")
    return nomination


def _own(user) -> Q:
    """A member's own nominations (as nominator or nominee) and those they were invited to endorse."""
    mine = Q(nominator_id=user.pk) | Q(endorsement_requests__accepted_by_id=user.pk)
    if user.contributor_id:
        mine |= Q(nominee_id=user.contributor_id)
    return mine


def _staff_scope(user) -> Q | None:
    """What an admin or the chair lists beyond their own: every nomination a conflict does not hide
    from them, for the chair only submitted ones; None when that is every nomination."""
    hidden = conflicts.hidden_from(user)
    staff = ~Q(pk__in=hidden) if hidden else None
    if not is_program_admin(user):
        # The chair's business starts at submission (`rules.was_submitted`).
        submitted = ~Q(state=State.DRAFT) & ~Q(state=State.WITHDRAWN, submitted__isnull=True)
        staff = submitted if staff is None else staff & submitted
    return staff


def _panel_scope(user) -> Q:
    """What a panelist or an approver lists beyond their own: the nominations assigned to a panelist
    and, from deliberation on, every one in review or decided; every decided one for an approver;
    never one a conflict hides from them."""
    panel = Q()
    if has_panel_role(user):
        deliberating = [c.pk for c in program.cycles() if c.phase in DELIBERATION_PHASES]
        panel |= Q(pk__in=conflicts.assigned_to(user)) | Q(
            cycle_id__in=deliberating, state__in=DELIBERATED_STATES
        )
    if people.is_approver(user):
        panel |= Q(state__in=DECIDED_STATES)  # the final lists they sign off
    hidden = conflicts.hidden_from(user)
    if hidden:
        panel &= ~Q(pk__in=hidden)
    return panel


def nominations_for(user, *, cycle=None, track=None, state=None):
    """The nominations a user may list, as `rules.can_see_nomination` says: admins all; the chair
    every submitted one; a panelist those assigned to them and, from deliberation on, every one in
    review or decided; the approver every decided one (the final lists); a member their own (as
    nominator or nominee) and those they were invited to endorse. A conflict hides a nomination
    from the panel role, never from its own nominator, nominee or invited endorsers."""
    queryset = eligibility.prefetch(with_parties()).prefetch_related("endorsement_requests")
    mine = _own(user)
    if is_program_admin(user) or is_chair(user):
        staff = _staff_scope(user)
        if staff is not None:
            queryset = queryset.filter(staff | mine).distinct()
    elif has_panel_role(user) or people.is_approver(user):
        queryset = queryset.filter(_panel_scope(user) | mine).distinct()
    else:
        queryset = queryset.filter(mine).distinct()
    if cycle:
        queryset = queryset.filter(cycle__slug=cycle)
    if track:
        queryset = queryset.filter(track__code=track)
    if state:
        queryset = seen_state_filter(queryset, user, state)
    return queryset.order_by("-created", "-id")


def nominations_export(
    user, *, cycle: str = "", track: str = "", state: str = "", q: str = "", more_columns=()
):
    """The nominations `user` may list, filtered as the list is (the cycle, the track, the state
    as `user` reads it, words), as a `core.exports.Table` read in chunks (`exports.py`);
    `more_columns` go after the list's own (the review app's scores). The filters are validated
    by the caller, as the API list's FilterSet does: an unknown cycle or track lists nothing."""
    listed = nominations_for(user, cycle=cycle or None, track=track or None, state=state or None)
    return nominations_table(user, search_nominations(listed, q), more_columns=more_columns)


def history_of(nomination: Nomination):
    """The audit events of a nomination, newest first."""
    return audit.events_for(nomination)


def scorecard_of(nomination: Nomination):
    """The nominee's key results for the nomination's track over the cycle's window."""
    return contributions.scorecard(nomination.nominee, nomination.track, cycle=nomination.cycle)


def checks_for(nominations) -> dict[int, list[eligibility.Check]]:
    return eligibility.checks_for(nominations)


def eligibility_of(nomination: Nomination) -> dict:
    checks = eligibility.checks_for([nomination])[nomination.pk]
    return {"checks": [check.as_dict() for check in checks], "eligible": all(c.passed for c in checks)}
