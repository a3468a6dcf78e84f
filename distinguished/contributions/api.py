"""Contributions: recording them and the facts other apps ask of them.

The importers and the key-results engine build on these (see the contributions issue). CSV imports
run in the background: `queue_csv_import` stores the file, `tasks.import_csv` runs it
(`run_csv_import`), `csv_run_status` shows its progress, `resume_csv_import` goes on after a
failure and `mark_stale_runs` (periodic) fails the runs whose worker died (see csv_runs.py). Slack
exports run the same way (`queue_slack_import`, `tasks.import_slack`, `slack_run_status`,
`resume_slack_import`; see slack_runs.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.audit import api as audit
from distinguished.people.api import is_program_admin
from distinguished.program import api as program

from .csv_runs import (
    AlreadyResumed,
    csv_run_status,
    get_csv_run,
    import_csv,
    may_import,
    queue_csv_import,
    resume_csv_import,
    run_csv_import,
)
from .evidence import forget_evidence, record_evidence
from .importers.stale import mark_stale_runs
from .key_results import Scorecard, Window, add_months, nomination_window, scorecard, scorecards, term_window
from .models import Contribution as _Contribution  # the rows, reached only through these functions
from .models import Source
from .slack_runs import (
    ExportTooLarge,
    get_slack_run,
    queue_slack_import,
    resume_slack_import,
    run_slack_import,
    slack_run_status,
)
from .stats import *  # noqa: F403 - contributions in figures, for the dashboard: the names in stats.__all__
from .verification import may_verify, unverified_contributions, verify_contribution

__all__ = [
    "AlreadyResumed",
    "ExportTooLarge",
    "Scorecard",
    "Source",
    "Window",
    "add_months",
    "check_evidence",
    "contribution_db_table",
    "contribution_span",
    "contribution_spans",
    "contributions_for",
    "csv_run_status",
    "forget_evidence",
    "get_csv_run",
    "get_slack_run",
    "import_csv",
    "mark_stale_runs",
    "may_import",
    "may_verify",
    "nomination_window",
    "progress_of",
    "queue_csv_import",
    "queue_slack_import",
    "record_contribution",
    "record_evidence",
    "resume_csv_import",
    "resume_slack_import",
    "run_csv_import",
    "run_slack_import",
    "scorecard",
    "scorecards",
    "slack_run_status",
    "term_window",
    "unverified_contributions",
    "verified_contributions_of",
    "verify_contribution",
]

http_url = URLValidator(schemes=["http", "https"], message=gettext_lazy("Give an http:// or https:// link."))


def check_evidence(*, kind: str, date, title: str, url: str = "", quantity=None) -> dict[str, list[str]]:
    """Field → messages for one piece of evidence or contribution. Empty when it is good."""
    errors: dict[str, list[str]] = {}
    kinds = program.contribution_kind_codes()
    if kind not in kinds:
        errors["kind"] = [
            _("Unknown kind “%(kind)s”; choose one of the program's contribution kinds.") % {"kind": kind}
        ]
    if not isinstance(date, dt.date):
        try:
            date = dt.date.fromisoformat(str(date))
        except ValueError:
            errors["date"] = [_("“%(date)s” is not a date; use YYYY-MM-DD.") % {"date": date}]
            date = None
    if date is not None and date > timezone.localdate():
        errors["date"] = [_("That date is in the future; record what has happened.")]
    if not (title or "").strip():
        errors["title"] = [_("Give a title.")]
    elif len(title) > 300:
        errors["title"] = [_("Keep the title under 300 characters.")]
    if url:
        try:
            http_url(url)
        except ValidationError as error:
            errors["url"] = list(error.messages)
    if quantity not in (None, ""):
        try:
            number = Decimal(str(quantity))
            if not number.is_finite() or number < 0:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors["quantity"] = [_("The quantity is a number of at least 0.")]
    return errors


def record_contribution(
    *, actor, contributor, kind, date, title, url="", quantity=None, major=False
) -> _Contribution:
    """A member records their own contribution; a program admin anyone's (and it counts as verified)."""
    admin = is_program_admin(actor)
    if not admin and getattr(actor, "contributor_id", None) != contributor.pk:
        raise PermissionDenied(_("You may record only your own contributions."))
    errors = check_evidence(kind=kind, date=date, title=title, url=url, quantity=quantity)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contribution = _Contribution.objects.create(
            contributor=contributor,
            kind=kind,
            date=date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date)),
            title=title.strip(),
            url=url,
            quantity=None if quantity in (None, "") else Decimal(str(quantity)),
            major=bool(major),
            recorded_by=actor,
            verified=admin,
        )
        audit.record(actor=actor, verb="contribution.recorded", obj=contribution)
    return contribution


def contributions_for(user, *, contributor=None, kind=None, source=None, date_after=None, date_before=None):
    """What a user may list: program admins every contribution, a member their own."""
    queryset = _Contribution.objects.select_related("contributor").order_by("-date", "-id")
    if not is_program_admin(user):
        queryset = queryset.filter(contributor_id=getattr(user, "contributor_id", None) or 0)
    if contributor:
        queryset = queryset.filter(contributor_id=contributor)
    if kind:
        queryset = queryset.filter(kind=kind)
    if source:
        queryset = queryset.filter(source=source)
    if date_after:
        queryset = queryset.filter(date__gte=date_after)
    if date_before:
        queryset = queryset.filter(date__lte=date_before)
    return queryset


def progress_of(contributor, *, cycle):
    """A member's own progress toward every track's key results in a cycle: [(track, Scorecard)]
    for the tracks that recognize them."""
    tracks = [t for t in program.tracks_of(cycle.program) if t.subject in ("any", contributor.kind)]
    cards = scorecards([(contributor, track) for track in tracks], cycle=cycle)
    return [(track, cards[(contributor.pk, track.code)]) for track in tracks]


def verified_contributions_of(contributor):
    """The contributor's own verified contributions: a queryset for the callers to narrow (the
    public profile lists those with a link)."""
    return _Contribution.objects.filter(contributor=contributor, verified=True)


def contribution_db_table() -> str:
    """The database table of contributions, for the raw SQL another app runs on it (the
    directory's data stamp reads its newest id)."""
    return _Contribution._meta.db_table


def contribution_span(contributor_ids) -> tuple[dt.date | None, dt.date | None]:
    """The first and last dates of the recorded contributions of these contributors."""
    span = _Contribution.objects.filter(contributor_id__in=list(contributor_ids)).aggregate(
        first=Min("date"), last=Max("date")
    )
    return span["first"], span["last"]


def contribution_spans(contributor_ids) -> dict[int, tuple[dt.date, dt.date]]:
    """First and last contribution date per contributor, in one query. An organization's span
    includes the contributions of the people affiliated with it.

    A UNION of two indexed reads — the contributors' own contributions (by `contributor_id`) and
    the affiliated people's (people by `organization_id`, then theirs by `contributor_id`) — not
    one `contributor_id IN … OR contributor.organization_id IN …`, which no index serves: on
    PostgreSQL that was a scan of every contribution (382 ms at 1,000,000)."""
    ids = set(contributor_ids)
    if not ids:
        return {}
    dates = {"first": Min("date"), "last": Max("date")}
    own = _Contribution.objects.filter(contributor_id__in=ids).values_list("contributor_id").annotate(**dates)
    affiliates = (
        _Contribution.objects.filter(contributor__organization_id__in=ids)
        .values_list("contributor__organization_id")
        .annotate(**dates)
    )
    spans: dict[int, tuple[dt.date, dt.date]] = {}
    for owner, first, last in own.order_by().union(affiliates.order_by(), all=True):
        if owner in spans:
            first, last = min(first, spans[owner][0]), max(last, spans[owner][1])
        spans[owner] = (first, last)
    return spans
