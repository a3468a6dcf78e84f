"""The automatic eligibility checks of a nomination, each a named rule with `passed` and a
sentence that says why. The numbers come from the nomination's cycle (its definition defaults).

`checks_for(nominations)` works on many nominations at once with a fixed number of queries, so the
screening queue costs the same at 10 or 1,000 nominations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from distinguished.contributions import api as contributions
from distinguished.contributions.api import add_months
from distinguished.membership import api as membership
from distinguished.program import api as program

from .models import Endorsement, Evidence, Nomination

# English here (marked for the catalog); each check names its rule in the reader's language.
RULES = {
    "window": gettext_noop("Submitted in the nomination window"),
    "not_a_member": gettext_noop("Not already an active member of the track"),
    "endorsements": gettext_noop("Enough peer endorsements"),
    "sustained": gettext_noop("Sustained contribution"),
    "subject": gettext_noop("The track recognizes this kind of nominee"),
}


@lru_cache(maxsize=4096)
def _human(day: dt.date, language: str | None) -> str:
    return program.human(day)


def human(day: dt.date) -> str:
    """`program.human`, remembered per day and language: a page of checks names the same few
    dates (the window's) hundreds of times, and formatting a date is the checks' main cost."""
    return _human(day, translation.get_language())


@dataclass(frozen=True)
class Check:
    rule: str
    label: str
    passed: bool
    detail: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "label": self.label, "passed": self.passed, "detail": self.detail}


def months_between(first: dt.date, last: dt.date) -> int:
    """Whole months from `first` to `last`."""
    months = (last.year - first.year) * 12 + last.month - first.month
    if add_months(first, months) > last:
        months -= 1
    return max(months, 0)


def _window(nomination: Nomination, today: dt.date) -> Check:
    cycle = nomination.cycle
    window = f"{human(cycle.nominations_open)} – {human(cycle.nominations_close)}"
    if nomination.submitted is None:
        return Check(
            "window",
            _(RULES["window"]),
            False,
            _("Not submitted; the window is %(window)s.") % {"window": window},
        )
    day = timezone.localdate(nomination.submitted)
    passed = cycle.nominations_open <= day <= cycle.nominations_close
    detail = (
        _("Submitted on %(day)s, within the window (%(window)s).")
        if passed
        else _("Submitted on %(day)s, outside the window (%(window)s).")
    )
    return Check("window", _(RULES["window"]), passed, detail % {"day": human(day), "window": window})


def _not_a_member(nomination: Nomination, current) -> Check:
    if current is None:
        return Check(
            "not_a_member",
            _(RULES["not_a_member"]),
            True,
            _("%(nominee)s is not a member of %(track)s.")
            % {"nominee": nomination.nominee, "track": nomination.track},
        )
    params = {"nominee": nomination.nominee, "track": nomination.track}
    if current.end:
        detail = _("%(nominee)s is already a %(track)s until %(end)s; members renew instead.") % {
            **params,
            "end": human(current.end),
        }
    else:
        detail = _("%(nominee)s is already a %(track)s for life; members renew instead.") % params
    return Check("not_a_member", _(RULES["not_a_member"]), False, detail)


def _organization_of(contributor) -> int | None:
    return contributor.pk if contributor.is_organization else contributor.organization_id


def _endorsements(nomination: Nomination, today: dt.date) -> Check:
    cycle = nomination.cycle
    home = _organization_of(nomination.nominee)
    total = external = 0
    for endorsement in _related(nomination, "endorsements"):
        total += 1
        profile = endorsement.endorser.contributor
        # An endorser is from outside when their profile names another organization, or none.
        if profile is not None and (home is None or _organization_of(profile) != home):
            external += 1
    passed = total >= cycle.min_endorsements and external >= cycle.min_external_endorsements
    org = nomination.nominee.organization if not nomination.nominee.is_organization else nomination.nominee
    params = {
        "count": total,
        "external": external,
        "org": org,
        "needed": cycle.min_endorsements,
        "needed_external": cycle.min_external_endorsements,
    }
    if org:
        detail = ngettext(
            "%(count)s endorsement, %(external)s from outside %(org)s; needs %(needed)s, at least "
            "%(needed_external)s from outside.",
            "%(count)s endorsements, %(external)s from outside %(org)s; needs %(needed)s, at least "
            "%(needed_external)s from outside.",
            total,
        )
    else:
        detail = ngettext(
            "%(count)s endorsement, %(external)s from outside the nominee's organization; needs %(needed)s, "
            "at least %(needed_external)s from outside.",
            "%(count)s endorsements, %(external)s from outside the nominee's organization; needs %(needed)s, "
            "at least %(needed_external)s from outside.",
            total,
        )
    return Check("endorsements", _(RULES["endorsements"]), passed, detail % params)


def _sustained(nomination: Nomination, span: tuple[dt.date | None, dt.date | None]) -> Check:
    months_needed = nomination.cycle.sustained_months
    dates = [item.date for item in _related(nomination, "evidence")] + [
        day for day in span if day is not None
    ]
    if not dates:
        return Check(
            "sustained",
            _(RULES["sustained"]),
            months_needed == 0,
            _("No evidence or recorded contribution has a date."),
        )
    first, last = min(dates), max(dates)
    months = months_between(first, last)
    return Check(
        "sustained",
        _(RULES["sustained"]),
        months >= months_needed,
        ngettext(
            "Evidence and recorded contributions span %(months)s month (%(first)s – %(last)s); needs %(needed)s.",
            "Evidence and recorded contributions span %(months)s months (%(first)s – %(last)s); needs %(needed)s.",
            months,
        )
        % {"months": months, "first": human(first), "last": human(last), "needed": months_needed},
    )


def _subject(nomination: Nomination, today: dt.date) -> Check:
    subject = nomination.track.subject
    kind = nomination.nominee.kind
    passed = subject == "any" or subject == kind
    who = _("an organization") if kind == "organization" else _("a person")
    recognizes = {
        "person": _("%(track)s recognizes individuals; the nominee is %(who)s."),
        "organization": _("%(track)s recognizes organizations; the nominee is %(who)s."),
        "any": _("%(track)s recognizes organizations and individuals; the nominee is %(who)s."),
    }
    detail = recognizes[subject] % {"track": nomination.track, "who": who}
    if not passed:
        detail += " " + _("Organizations are recognized on the Partner track.")
    return Check("subject", _(RULES["subject"]), passed, detail)


# What each rule reads beyond the nomination: (select_related, prefetch_related).
NEEDS = {
    "window": (("cycle",), ()),
    "not_a_member": (("track", "nominee"), ()),
    "endorsements": (("cycle", "nominee__organization"), ("endorsements",)),
    "sustained": (("cycle",), ("evidence",)),
    "subject": (("track", "nominee"), ()),
}


def prefetch(queryset, rules=None):
    """What the checks read (of `rules`, by default every rule), fetched once for a whole queryset
    of nominations."""
    if rules is None:
        return queryset.select_related("cycle", "track", "nominee__organization").prefetch_related(
            "evidence", "endorsements__endorser__contributor"
        )
    related = {path for rule in rules for path in NEEDS[rule][0]}
    prefetched = sorted({path for rule in rules for path in NEEDS[rule][1]})
    return queryset.select_related(*sorted(related)).prefetch_related(*(LEAN[path]() for path in prefetched))


# A rule's related rows with only the columns it reads, as plain lists (`to_attr`): Django gives
# every nomination of a prefetch its own queryset clone otherwise, which at a cycle's 566
# nominations cost more than the rows.
LEAN = {
    "endorsements": lambda: Prefetch(
        "endorsements",
        queryset=Endorsement.objects.select_related("endorser__contributor").only(
            "nomination_id", "endorser__contributor__kind", "endorser__contributor__organization_id"
        ),
        to_attr="lean_endorsements",
    ),
    "evidence": lambda: Prefetch(
        "evidence", queryset=Evidence.objects.only("nomination_id", "date"), to_attr="lean_evidence"
    ),
}


def _related(nomination: Nomination, name: str):
    """The nomination's `name` rows as `prefetch` read them (lean for a rule, else prefetched)."""
    lean = getattr(nomination, f"lean_{name}", None)
    return lean if lean is not None else getattr(nomination, name).all()


def checks_for(nominations, today: dt.date | None = None, rules=None) -> dict[int, list[Check]]:
    """Every check of every nomination (already fetched through `prefetch`), or only those of
    `rules` (fetched through `prefetch(queryset, rules)`): the queries do not grow with the
    nominations."""
    today = today or timezone.localdate()
    rules = list(RULES) if rules is None else [rule for rule in RULES if rule in rules]
    nominations = list(nominations)
    spans = (
        contributions.contribution_spans({n.nominee_id for n in nominations}) if "sustained" in rules else {}
    )
    members = (
        membership.active_memberships({(n.nominee_id, n.track.code) for n in nominations}, on=today)
        if "not_a_member" in rules
        else {}
    )
    checks = {
        "window": lambda nomination: _window(nomination, today),
        "not_a_member": lambda nomination: _not_a_member(
            nomination, members.get((nomination.nominee_id, nomination.track.code))
        ),
        "endorsements": lambda nomination: _endorsements(nomination, today),
        "sustained": lambda nomination: _sustained(
            nomination, spans.get(nomination.nominee_id, (None, None))
        ),
        "subject": lambda nomination: _subject(nomination, today),
    }
    return {nomination.pk: [checks[rule](nomination) for rule in rules] for nomination in nominations}


def failing(queryset, rule: str, today: dt.date | None = None) -> list[int]:
    """The ids of the nominations of `queryset` that fail `rule`: each read with only what that
    rule needs, in a fixed number of queries (the screening list's "failed check" filter, before
    it takes a page)."""
    nominations = prefetch(queryset, [rule])
    return [pk for pk, (check,) in checks_for(nominations, today, [rule]).items() if not check.passed]
