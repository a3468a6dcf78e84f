"""The deliberation board, a page at a time: the nominations in review or decided that a viewer may
see, in rank order (the stored ranking's, decision 0013; the unreviewed after it, oldest first),
each with its score, tally, quorum, the viewer's vote and the decision; with `details` also its
scorecard, endorsements and submitted reviews.

Who sees what is decided in SQL before the page is cut, so that a hidden nomination is never on a
page nor in a count: never a nomination a conflict of interest hides from the viewer (the pairs kept
with the cycle's standings), nor, without a seat, one they made or are the nominee of; before
deliberation a seated panelist who does not run the panel sees only the nominations assigned to
them. Only the page's nominations are then read, so a page costs the same number of queries at any
size. Re-exported by review.api.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from distinguished.contributions import api as contributions
from distinguished.core.page_numbers import page_number
from distinguished.nominations import api as nominations
from distinguished.people import api as people
from distinguished.program import api as program

from . import deliberation
from .enums import Outcome
from .kept_pairs import pairs_of
from .models import Assignment, Review, Standing, Vote
from .seats import seats_of
from .standings import standings_of

# Nominations a page of the board shows: enough for a meeting's agenda, little enough to read.
BOARD_PAGE_SIZE = 25
BOARD_STATES = nominations.DELIBERATED_STATES
UNDECIDED_STATES = nominations.UNDECIDED_STATES
YES, NO = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")


def board_filters(cycle, data) -> dict:
    """The board's `track` (a track code of the cycle's program) and `undecided` (1: only the
    nominations the chair has not decided) checked: {track, undecided}; a ValidationError naming
    each refused one."""
    track = (data.get("track") or "").strip()
    undecided = str(data.get("undecided") or "").strip().lower()
    errors = {}
    if track and track not in {t.code for t in program.tracks_of(cycle.program)}:
        errors["track"] = [_("“%(track)s” is not a track of the program.") % {"track": track}]
    if undecided not in YES + NO:
        errors["undecided"] = [
            _(
                "Give undecided=1 for the undecided nominations only, or leave it out; “%(undecided)s” is neither."
            )
            % {"undecided": undecided}
        ]
    if errors:
        raise ValidationError(errors)
    return {"track": track, "undecided": undecided in YES}


def _visible(cycle, viewer, *, seat, privileged: bool, state):
    """The ids of the board's nominations the viewer sees, in rank order, unreviewed last."""
    hidden = set(state.conflicted.get(str(viewer.pk), ()))
    if seat is None:
        hidden |= {pk for pk, cycle_id in nominations.own_nominations(viewer) if cycle_id == cycle.pk}
    ids = (
        nominations.nominations_for_review(cycle)
        .prefetch_related(None)
        .filter(state__in=BOARD_STATES)
        .exclude(pk__in=hidden)
    )
    if not (privileged or cycle.phase in nominations.DELIBERATION_PHASES):
        # Before deliberation a reviewer reads only what was assigned to them.
        ids = ids.filter(
            pk__in=Assignment.objects.filter(panelist=viewer, voided__isnull=True).values("nomination_id")
        )
    return ids.order_by(F("standing__rank").asc(nulls_last=True), "pk").values_list("pk", flat=True)


def _ranks(visible, page_ids: list[int], standings: dict, offset: int, filtered: bool) -> dict[int, int]:
    """{nomination id: its rank among the nominations the viewer sees (whatever the filters)}. Without
    a filter the page's ranked rows are the viewer's ranked rows from `offset` on; with one, a single
    count query: the visible nominations ranked at or above each row."""
    if not filtered:
        return {pk: offset + index for index, pk in enumerate(page_ids, start=1) if pk in standings}
    ranked = sorted({standing.rank for standing in standings.values()})
    if not ranked:
        return {}
    counts = visible.order_by().aggregate(
        **{f"r{rank}": Count("pk", filter=Q(standing__rank__lte=rank)) for rank in ranked}
    )
    return {pk: counts[f"r{standing.rank}"] for pk, standing in standings.items()}


def _shown(cycle, viewer, track: str, undecided: bool):
    """(standings, seats, the viewer's seat, whether the viewer runs the panel, the ids of the
    nominations they see, those of them the filters keep)."""
    if not viewer.has_perm("review.view_panel", cycle):
        raise PermissionDenied(_("Only the panel and program admins see the deliberation."))
    state = standings_of(cycle)
    seats = list(seats_of(cycle))
    seat = next((s for s in seats if s.user_id == viewer.pk), None)
    privileged = (
        people.is_program_admin(viewer) or people.is_chair(viewer) or (seat is not None and seat.chair)
    )
    visible = _visible(cycle, viewer, seat=seat, privileged=privileged, state=state)
    shown = visible
    if track:
        shown = shown.filter(track__code=track)
    if undecided:
        shown = shown.filter(state__in=UNDECIDED_STATES, decided__isnull=True)
    return state, seats, seat, privileged, visible, shown


def board_pages(cycle, *, viewer, track: str = "", undecided: bool = False) -> int:
    """How many pages the board has for the viewer with these filters (at least 1)."""
    return Paginator(_shown(cycle, viewer, track, undecided)[-1], BOARD_PAGE_SIZE).num_pages


def board(
    cycle, *, viewer, details: bool = True, track: str = "", undecided: bool = False, page=None
) -> dict:
    """What the deliberation page and `GET /cycles/{slug}/deliberation/` show: a page
    (`BOARD_PAGE_SIZE`) of the nominations in review or decided that the viewer may see (never a
    conflicted one), of one track if given and undecided only if asked, in rank order. `page` is
    checked (`page_number`: a ValidationError for one that does not exist). A fixed number of
    queries at any size."""
    state, seats, seat, privileged, visible, shown = _shown(cycle, viewer, track, undecided)
    seated = {s.user_id for s in seats}
    paginator = Paginator(shown, BOARD_PAGE_SIZE)
    current = paginator.page(page_number(page, paginator.num_pages))
    ids = list(current.object_list)
    items = _page_nominations(cycle, ids, details)
    standings = {s.nomination_id: s for s in Standing.objects.filter(cycle=cycle, nomination_id__in=ids)}
    ranks = _ranks(visible, ids, standings, current.start_index() - 1, bool(track or undecided))
    pairs = pairs_of(state)
    votes = _votes(ids)
    fraction = deliberation.quorum_fraction(cycle)
    voting = deliberation.is_open(cycle)
    chair = deliberation.is_deciding_chair(viewer, cycle, seat)
    cards, reviews = {}, {}
    if details and items:
        cards = contributions.scorecards(
            [(n.nominee, n.track) for n in items], cycle=cycle, with_contributions=False
        )
        sees_all = privileged or cycle.phase in nominations.DELIBERATION_PHASES
        reviews = _reviews(ids, pairs, viewer, sees_all)
    rows = []
    for n in items:
        quorum, tally = deliberation.quorum_and_tally(n.pk, seated, pairs, votes.get(n.pk, {}), fraction)
        rows.append(
            {
                "nomination": n,
                "rank": ranks.get(n.pk),
                "score": standings.get(n.pk),
                "tally": tally,
                "quorum": quorum,
                "my_vote": votes.get(n.pk, {}).get(viewer.pk),
                **_viewer_may(n, voting=voting, seat=seat, chair=chair),
                "scorecard": cards.get((n.nominee_id, n.track.code)),
                "endorsements": list(n.endorsements.all()) if details else [],
                "reviews": reviews.get(n.pk, []),
            }
        )
    return {
        "cycle": cycle,
        "agreement": state.alpha,
        "quorum": fraction,
        "voting": voting,
        "seat": seat,
        "is_chair": chair,
        "rows": rows,
        "page": current,
        "track": track,
        "undecided": undecided,
    }


def _page_nominations(cycle, ids: list[int], details: bool) -> list:
    """The page's nominations, in the page's order, with what the rows show: their endorsements with
    `details`, not the evidence nominations_for_review fetches for the eligibility checks."""
    loaded = nominations.nominations_for_review(cycle).prefetch_related(None).select_related("decided_by")
    if details:
        loaded = loaded.prefetch_related("endorsements__endorser__contributor")
    found = {n.pk: n for n in loaded.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def _votes(ids: list[int]) -> dict[int, dict[int, str]]:
    """{nomination id: {panelist id: their vote}} for the page's nominations."""
    votes: dict[int, dict[int, str]] = {}
    for nomination_id, user_id, vote in Vote.objects.filter(nomination_id__in=ids).values_list(
        "nomination_id", "panelist_id", "vote"
    ):
        votes.setdefault(nomination_id, {})[user_id] = vote
    return votes


def _viewer_may(n, *, voting: bool, seat, chair: bool) -> dict:
    """A row's `can_vote` (a seat, while voting is open on a nomination not decided), `can_decide`
    (the deciding chair, while voting is open) and `decided`."""
    open_ = voting and n.state in UNDECIDED_STATES and n.decided is None
    return {
        "can_vote": open_ and seat is not None,
        "can_decide": chair and voting and n.state in (*UNDECIDED_STATES, *Outcome.values),
        "decided": n.state in Outcome.values or n.decided is not None,
    }


def _reviews(ids, pairs, viewer, sees_all: bool) -> dict[int, list]:
    """{nomination id: its submitted reviews the viewer reads}, for the page's nominations: never a
    voided assignment's nor a conflicted reviewer's; before deliberation, for a reviewer who does not
    run the panel, only their own (reviews stay independent)."""
    reviews: dict[int, list] = {}
    for review in (
        Review.objects.filter(
            assignment__nomination_id__in=ids, assignment__voided__isnull=True, submitted__isnull=False
        )
        .select_related("assignment__panelist")
        .order_by("assignment__nomination_id", "submitted", "id")
    ):
        # A review by a panelist conflicted now never counts, voided or not (a race).
        if (review.assignment.panelist_id, review.assignment.nomination_id) in pairs:
            continue
        if not sees_all and review.assignment.panelist_id != viewer.pk:
            continue
        reviews.setdefault(review.assignment.nomination_id, []).append(review)
    return reviews
