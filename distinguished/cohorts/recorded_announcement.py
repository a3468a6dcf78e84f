"""The announcement of an earlier cohort, selected before this system: published from the terms an
admin recorded for its cycle, dated the cycle's announcement day. It names the cycle's first terms
when it is read (`announcement_reading`), so a term recorded afterwards joins it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.nominations import api as nominations
from distinguished.program import api as program

from . import announcement_language
from .announcement_reading import announcement_of, recorded_terms
from .cycle_steps import _announcing_once, _refuse_if_announced
from .final_list import sign_off_of as _sign_off_of
from .models import Announcement


def announce_recorded_cohort(*, actor, cycle, language: str = "") -> Announcement:
    """Publish the announcement of an earlier cohort, selected before this system, from the terms
    an admin recorded for it (`POST /api/v1/memberships/` or the CSV import with its cycle): the
    public page, its Markdown and HTML and the feed entry, dated the cycle's announcement day.
    Nothing else happens: no membership is created and nobody is e-mailed (they heard at the
    time). Terms recorded for the cycle afterwards join it. Refused for a cycle whose list this
    system decided (it is announced after sign-off), before its announcement day, and without a
    recorded term; once per cycle (AlreadyDone). Its public text is written in `language`."""
    if not actor.has_perm("cohorts.run_announcement"):
        raise PermissionDenied(_("Only program admins announce a cohort."))
    _refuse_if_announced(cycle)
    language = announcement_language.announcement_language(language)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if cycle.announcement_date > today:
        errors["cycle"] = [
            _(
                "%(cycle)s is announced on %(date)s; an earlier cohort's announcement is published after its day."
            )
            % {"cycle": cycle, "date": program.human(cycle.announcement_date)}
        ]
    elif (
        _sign_off_of(cycle) is not None
        or nominations.decided_list(cycle).exists()
        or nominations.undecided_by_track(cycle)
    ):
        errors["cycle"] = [
            _(
                "The panel reviews or decided %(cycle)s's nominations here; its cohort is announced after "
                "the approver signs the list off."
            )
            % {"cycle": cycle}
        ]
    elif not recorded_terms(cycle):
        errors["memberships"] = [
            _("No term is recorded for %(cycle)s; record the cohort's terms with this cycle first.")
            % {"cycle": cycle}
        ]
    if errors:
        raise ValidationError(errors)
    with _announcing_once(cycle):
        Announcement.objects.create(
            cycle=cycle,
            announced_by=actor,
            announced=timezone.now(),
            date=cycle.announcement_date,
            recorded=True,
            language=language,
        )
        audit.record(
            actor=actor,
            verb="cycle.announced_recorded",
            obj=cycle,
            # The terms it names as published; later terms join it when it is read.
            data={"memberships": [term.pk for term in recorded_terms(cycle)], "language": language},
        )
    return announcement_of(cycle)
