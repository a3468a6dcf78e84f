"""Reading announcements: a cycle's announcement with the terms it names, the latest ones for the
home page and the feed, the public text in the announcement's language, and the terms an earlier
cohort's recorded announcement publishes.

An announcement of a cohort decided here names the memberships it created (its awards). A recorded
announcement names the first terms recorded for its cycle, read when it is shown: a term recorded
after it was published joins it without anything writing to it."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import translation

from distinguished.membership import api as membership

from . import announcement as text
from .models import Announcement, Award


def announcement_of(cycle) -> Announcement | None:
    """The cycle's announcement with its terms loaded (`terms`), or None before it is announced."""
    announced = _announcements().filter(cycle=cycle).first()
    return None if announced is None else _with_terms([announced])[0]


def _announcements():
    return Announcement.objects.select_related("cycle__program", "announced_by").prefetch_related(
        Prefetch(
            "awards",
            queryset=Award.objects.select_related("membership__contributor", "membership__track"),
        )
    )


def _with_terms(announced: list[Announcement]) -> list[Announcement]:
    """Set each announcement's `terms`, by track and name: its awards' memberships, or for a
    recorded one its cycle's first terms (one query for all of them)."""
    recorded = membership.cohort_terms_of_cycles([a.cycle_id for a in announced if a.recorded])
    for announcement in announced:
        if announcement.recorded:
            terms = recorded.get(announcement.cycle_id, [])
        else:
            terms = [award.membership for award in announcement.awards.all()]
        announcement.terms = sorted(
            terms, key=lambda term: (term.track.position, term.contributor.name.lower(), term.pk)
        )
    return announced


def announcements(limit: int = 20) -> list[Announcement]:
    """The latest announcements, newest first, each with its terms: a fixed number of queries."""
    # By the cohort's day: an earlier cohort published later still comes after the newer ones.
    return _with_terms(list(_announcements().order_by("-date", "-announced", "-id")[:limit]))


def _terms_read(announcement: Announcement) -> Announcement:
    """The announcement with its `terms`: as the readers above loaded them, or read now for one
    loaded another way."""
    return announcement if hasattr(announcement, "terms") else _with_terms([announcement])[0]


def announcement_text(announcement: Announcement) -> text.Text:
    """The public text, in the announcement's language: Markdown and sanitised HTML naming the
    publicly listed new members."""
    with translation.override(announcement.language):
        return text.build(_terms_read(announcement))


def memberships_of(announcement: Announcement) -> list:
    """The memberships the announcement names, by track and name."""
    return list(_terms_read(announcement).terms)


def recorded_terms(cycle) -> list:
    """The first terms recorded for the cycle's cohort, by track and name: what a recorded
    announcement publishes."""
    return membership.cohort_terms(cycle)
