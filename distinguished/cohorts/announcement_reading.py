"""Reading announcements: a cycle's announcement with its awards, the latest ones for the home page
and the feed, the public text in the announcement's language, the memberships it created, and the
terms an earlier cohort's recorded announcement publishes."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import translation

from distinguished.membership import api as membership

from . import announcement as text
from .models import Announcement, Award


def announcement_of(cycle) -> Announcement | None:
    """The cycle's announcement with its awards loaded, or None before it is announced."""
    return _announcements().filter(cycle=cycle).first()


def _announcements():
    return Announcement.objects.select_related("cycle__program", "announced_by").prefetch_related(
        Prefetch(
            "awards",
            queryset=Award.objects.select_related("membership__contributor", "membership__track"),
        )
    )


def announcements(limit: int = 20) -> list[Announcement]:
    """The latest announcements, newest first, each with its awards: a fixed number of queries."""
    # By the cohort's day: an earlier cohort published later still comes after the newer ones.
    return list(_announcements().order_by("-date", "-announced", "-id")[:limit])


def announcement_text(announcement: Announcement) -> text.Text:
    """The public text, in the announcement's language: Markdown and sanitised HTML naming the
    publicly listed new members."""
    with translation.override(announcement.language):
        return text.build(announcement)


def memberships_of(announcement: Announcement) -> list:
    """The memberships the announcement created, by track and name."""
    return [
        award.membership
        for award in sorted(
            announcement.awards.all(),
            key=lambda a: (a.membership.track.position, a.membership.contributor.name.lower()),
        )
    ]


def recorded_terms(cycle) -> list:
    """The first terms recorded for the cycle's cohort, by track and name: what a recorded
    announcement publishes."""
    return membership.cohort_terms(cycle)
