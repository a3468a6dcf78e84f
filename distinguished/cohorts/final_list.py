"""Reading a cycle's final list: the decided nominations by track with their outcome, the panel's
rationale and feedback and their ranking score, for the approver, the chair and program admins.

The scores come from the review app's stored standings of the decided nominations only (one
query), not from the whole ranking with every nomination in review loaded: at 539 decided
nominations of 1,400 in review that load was most of the page's time. The page shows the list
PAGE_SIZE rows at a time (`page_of`), in the same order and with the whole list's counts; the
REST API and the sign-off read it whole.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _

from distinguished.nominations import api as nominations
from distinguished.people import api as people
from distinguished.review import api as review

from .models import Announcement, SignOff

State = nominations.State
# The panel's decision behind each state of a decided nomination.
OUTCOME = {
    State.SELECTED: "selected",
    State.APPROVED: "selected",
    State.AWARDED: "selected",
    State.DEFERRED: "deferred",
    State.DECLINED: "declined",
}
ORDER = {"selected": 0, "deferred": 1, "declined": 2}
PAGE_SIZE = 50


def can_see_final_list(user) -> bool:
    return user.has_perm("cohorts.view_final_list")


def sign_off_of(cycle) -> SignOff | None:
    return SignOff.objects.select_related("signed_by").filter(cycle=cycle).first()


def scores_of(cycle, viewer, nomination_ids) -> dict:
    """{nomination id: standing} of these nominations: what `review.final_list_scores` says —
    the ranking as the viewer reads it (their conflicts hidden) for the panel and admins, every
    score for the approver who signs the list off, nothing for anybody else — read from the
    stored standings of these nominations only."""
    if not (review.can_see_ranking(viewer, cycle) or people.is_approver(viewer)):
        return {}
    ranked = review.ranked_rows(cycle, viewer)
    standings = ranked.rows.select_related(None).filter(nomination_id__in=list(nomination_ids))
    return {standing.nomination_id: standing for standing in standings}


def _require_reader(viewer) -> None:
    if not can_see_final_list(viewer):
        raise PermissionDenied(_("Only the approver, the panel chair and program admins see the final list."))


def _arranged(cycle, viewer, decided: list) -> tuple[list[dict], int]:
    """The decided nominations `viewer` may read, by track ([{track, rows: [{nomination, score}]}],
    the tracks in their order), each track's selected first, then by score, then by nominee; and
    how many a conflict of interest hides."""
    scores = scores_of(cycle, viewer, [nomination.pk for nomination in decided])
    tracks: dict[int, dict] = {}
    hidden = 0
    for nomination in decided:
        # A conflict of interest hides a nomination from every panel role: an admin or a co-chair
        # handles it, and the viewer learns only how many there are.
        if not viewer.has_perm("nominations.panel_view_nomination", nomination):
            hidden += 1
            continue
        group = tracks.setdefault(nomination.track_id, {"track": nomination.track, "rows": []})
        group["rows"].append({"nomination": nomination, "score": scores.get(nomination.pk)})
    for group in tracks.values():
        group["rows"].sort(
            key=lambda row: (
                ORDER[OUTCOME[row["nomination"].state]],
                -(row["score"].normalized if row["score"] else float("-inf")),
                row["nomination"].nominee.name.lower(),
            )
        )
    return sorted(tracks.values(), key=lambda group: group["track"].position), hidden


def _summary(cycle, tracks: list[dict], hidden: int) -> dict:
    outcomes = Counter(OUTCOME[row["nomination"].state] for group in tracks for row in group["rows"])
    return {
        "cycle": cycle,
        "tracks": tracks,
        "outcomes": {outcome: outcomes[outcome] for outcome in ("selected", "deferred", "declined")},
        "undecided": nominations.undecided_by_track(cycle),
        "hidden": hidden,
        "sign_off": sign_off_of(cycle),
        "announcement": Announcement.objects.filter(cycle=cycle).select_related("announced_by").first(),
    }


def final_list(cycle, *, viewer) -> dict:
    """The whole decided list for the approver, the chair and admins (the REST API): per track
    the nominations with their outcome, the panel's rationale and feedback and their ranking
    score, selected first, then by score; how many are not decided yet and how many a conflict
    hides; the sign-off and announcement if any. A fixed number of queries."""
    _require_reader(viewer)
    tracks, hidden = _arranged(cycle, viewer, list(nominations.decided_list(cycle)))
    return _summary(cycle, tracks, hidden)


def pages_of(cycle, *, viewer) -> tuple[dict, Paginator]:
    """The final list as `final_list` gives it, but its rows holding only what orders them (the
    outline: no texts, no parties), and a paginator of them in the list's order: a page's rows
    are read whole by `page_of`. The counts are the whole list's."""
    _require_reader(viewer)
    tracks, hidden = _arranged(cycle, viewer, nominations.decided_outline(cycle))
    result = _summary(cycle, tracks, hidden)
    ordered = [(group["track"], row) for group in tracks for row in group["rows"]]
    return result, Paginator(ordered, PAGE_SIZE)


def page_of(paginator: Paginator, number: int, cycle) -> tuple[Page, list[dict]]:
    """Page `number` (validated by the caller) of the list, its nominations read whole: the page
    and its rows grouped by track ({track, rows, continued: the track began on an earlier page,
    more: it goes on after this one})."""
    page = paginator.page(number)
    ids = [row["nomination"].pk for _, row in page.object_list]
    whole = {nomination.pk: nomination for nomination in nominations.decided_list(cycle).filter(pk__in=ids)}
    shown: list[dict] = []
    for track, row in page.object_list:
        if not shown or shown[-1]["track"] != track:
            shown.append({"track": track, "rows": [], "continued": False, "more": False})
        shown[-1]["rows"].append({**row, "nomination": whole[row["nomination"].pk]})
    ordered = paginator.object_list
    if shown:
        first, last = page.object_list[0], page.object_list[-1]
        start, end = page.start_index() - 1, page.end_index()
        shown[0]["continued"] = start > 0 and ordered[start - 1][0] == first[0]
        shown[-1]["more"] = end < len(ordered) and ordered[end][0] == last[0]
    return page, shown
