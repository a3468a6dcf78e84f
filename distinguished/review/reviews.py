"""A panelist's reviews: the live assignments they review (a voided one is none), writing a review
(a draft, or submitted) while the review phase is open, and the submitted reviews that count."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from distinguished.audit import api as audit
from distinguished.program import api as program

from .conflicts import is_conflicted
from .enums import Recommendation
from .models import Assignment, Review
from .review_window import review_window_message

# --- Assignments of a panelist ---------------------------------------------------------------


def assigned_nominations(user) -> set[int]:
    """The nominations assigned to a user for review, in every cycle (a voided assignment is not)."""
    return set(
        Assignment.objects.filter(panelist=user, voided__isnull=True).values_list("nomination_id", flat=True)
    )


# --- Reviews ---------------------------------------------------------------------------------


def _review_problems(areas: dict, track, scores, recommendation: str, submit: bool) -> dict[str, list[str]]:
    """What is wrong with a review's scores and recommendation (field → messages); a submitted
    review scores every key area and recommends."""
    if not isinstance(scores, dict):
        raise ValidationError({"scores": [_("Give {key area: score}.")]})
    errors = _score_problems(areas, track, scores)
    if recommendation and recommendation not in Recommendation.values:
        errors["recommendation"] = [
            _("Choose one of %(choices)s.") % {"choices": ", ".join(Recommendation.values)}
        ]
    if submit:
        missing = [label for code, label in areas.items() if code not in scores]
        if missing:
            errors["scores"] = [
                _("Score every key area before submitting; missing: %(areas)s.")
                % {"areas": ", ".join(missing)}
            ]
        if not recommendation:
            errors["recommendation"] = [_("Give a recommendation before submitting.")]
    return errors


def _score_problems(areas: dict, track, scores: dict) -> dict[str, list[str]]:
    """What is wrong with each score given (`scores.<code>` → messages): a code that is no key area
    of the track, or a score that is not a whole number from 1 to 5."""
    errors = {}
    for code, value in scores.items():
        if code not in areas:
            errors[f"scores.{code}"] = [
                _("“%(code)s” is not a key area of %(track)s.") % {"code": code, "track": track}
            ]
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors[f"scores.{code}"] = [_("Score each key area from 1 to 5.")]
    return errors


def _check_review(actor, assignment: Assignment, scores, recommendation: str, submit: bool) -> dict:
    """The key areas of the assignment's track ({code: label}) once the actor may save this review:
    their own live assignment, not conflicted, while the review phase is open, with scores and a
    recommendation that hold (see save_review)."""
    if assignment.panelist_id != actor.pk:
        raise PermissionDenied(_("You may only review your own assignments."))
    if assignment.voided is not None or is_conflicted(actor, assignment.nomination):
        raise Assignment.DoesNotExist(_("No such assignment."))
    closed = review_window_message(assignment.cycle)
    if closed:
        raise ValidationError({"cycle": [closed]})
    areas = {a.code: a.label for a in program.key_areas_of(assignment.nomination.track)}
    errors = _review_problems(areas, assignment.nomination.track, scores, recommendation, submit)
    if errors:
        raise ValidationError(errors)
    return areas


def _locked_review(assignment: Assignment, version: int | None) -> Review:
    """The assignment's review, locked (a new one if none), inside save_review's transaction. The
    assignment is locked first, the lock a conflict's void takes too: whichever comes second sees the
    other's work (a voided assignment is none). A `version` older than the stored one lost a race."""
    if Assignment.objects.select_for_update().filter(pk=assignment.pk, voided__isnull=True).first() is None:
        raise Assignment.DoesNotExist(_("No such assignment."))
    review = Review.objects.select_for_update().filter(assignment=assignment).first()
    if review is None:
        return Review(assignment=assignment, version=0)
    if version is not None and version != review.version:
        raise IntegrityError("The review was saved elsewhere in the meantime.")
    return review


def save_review(
    *,
    actor,
    assignment: Assignment,
    scores: dict,
    recommendation: str = "",
    comment: str = "",
    feedback: str = "",
    submit: bool = False,
    version: int | None = None,
) -> Review:
    """Save a panelist's review of their assignment: a draft, or submitted (every key area scored
    and a recommendation). Editable until the review phase ends. A save based on an older version
    than the stored one lost a race and is refused (409). A voided assignment, or one whose
    panelist is conflicted with the nomination, is no assignment (Assignment.DoesNotExist, a 404)."""
    areas = _check_review(actor, assignment, scores, recommendation, submit)
    with transaction.atomic():
        review = _locked_review(assignment, version)
        review.scores = {code: scores[code] for code in areas if code in scores}
        review.recommendation = recommendation or ""
        review.comment = comment or ""
        review.feedback = feedback or ""
        if submit and review.submitted is None:
            review.submitted = timezone.now()
        review.version += 1
        review.save()
        # Filed under the assignment: the nomination's history is read by its nominee.
        audit.record(
            actor=actor,
            verb="review.submitted" if submit else "review.saved",
            obj=assignment,
            data={"nomination": assignment.nomination_id},
        )
    return review


# --- Assignments (read) ------------------------------------------------------------------------


# What the review list narrows to: the reviews still to submit (drafts included), the submitted ones.
REVIEW_STATUSES = {
    "todo": gettext_lazy("To do"),
    "submitted": pgettext_lazy("review status", "Submitted"),
}


def _submitted():
    """Whether an assignment has a submitted review, as an EXISTS on the review's unique index (a
    LEFT JOIN made PostgreSQL hash every review of every panelist)."""
    return Exists(Review.objects.filter(assignment=OuterRef("pk"), submitted__isnull=False))


def assignments_of(user, cycle=None, *, status: str = ""):
    """A panelist's live assignments (never a voided one), with their nomination and review, by
    nomination; of one cycle, and `status` (REVIEW_STATUSES) narrows them to those to do (drafts
    included) or those submitted. Paginate `.values_list("pk", flat=True)` of it and load a page
    with `assignments_in`: a deep page then sorts narrow rows, not every joined one."""
    queryset = Assignment.objects.filter(panelist=user, voided__isnull=True).select_related(
        "cycle", "nomination__nominee", "nomination__track", "review"
    )
    if cycle is not None:
        queryset = queryset.filter(cycle=cycle)
    if status == "todo":
        queryset = queryset.filter(~_submitted())
    elif status == "submitted":
        queryset = queryset.filter(_submitted())
    return queryset.order_by("nomination_id", "id")


def assignments_in(user, ids) -> list[Assignment]:
    """The panelist's live assignments of `ids` (a page of `assignments_of`), in the order of `ids`."""
    found = {a.pk: a for a in assignments_of(user).filter(pk__in=list(ids))}
    return [found[pk] for pk in ids if pk in found]


def review_progress(user, cycle=None) -> dict:
    """{done, total}: how many of the panelist's live assignments (of one cycle) have a submitted
    review, and how many there are. One query."""
    queryset = Assignment.objects.filter(panelist=user, voided__isnull=True)
    if cycle is not None:
        queryset = queryset.filter(cycle=cycle)
    return queryset.aggregate(total=Count("id"), done=Count("id", filter=_submitted()))


def no_assignments():
    return Assignment.objects.none()


def get_assignment(assignment_id) -> Assignment:
    """A live assignment; Assignment.DoesNotExist for a voided one, as for an unknown id."""
    return Assignment.objects.select_related(
        "cycle", "nomination__track", "nomination__nominee", "panelist"
    ).get(pk=assignment_id, voided__isnull=True)


# --- The reviews that count -----------------------------------------------------------------------


def counted_reviews(cycle, pairs: set[tuple[int, int]]):
    """The submitted reviews that count: never a voided assignment's, nor one whose panelist is
    conflicted with the nomination now (`pairs`) even if no void was stored (a race)."""
    return [
        review
        for review in Review.objects.filter(
            assignment__cycle=cycle, assignment__voided__isnull=True, submitted__isnull=False
        ).select_related("assignment")
        if (review.assignment.panelist_id, review.assignment.nomination_id) not in pairs
    ]
