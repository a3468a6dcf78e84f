"""The public text of an announcement: Markdown to paste into a blog post or newsletter, and the
same text as HTML, rendered once from that Markdown and passed through an allow-list sanitiser.

Only contributors who agreed to be listed publicly are named; the others are counted. A revoked
membership is left out altogether.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nh3
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markdown_it import MarkdownIt

from distinguished.program.api import human, in_language

# Raw HTML in the Markdown stays text; the output passes nh3 with these tags only.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False})
_TAGS = {"p", "h2", "ul", "li", "a", "em", "strong"}
# The characters that can start Markdown inside a line (CommonMark lets any of them be escaped).
_MARKUP = re.compile(r"([\\`*_\[\]<>#!|~&])")


def escape_markdown(text: str) -> str:
    """`text` as literal Markdown: no emphasis, links or headings from a name like “*Ana* [x]”."""
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def render_html(markdown: str) -> str:
    return nh3.clean(
        _renderer.render(markdown),
        tags=_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
    )


def profile_path(contributor_id: int) -> str:
    # The directory names this page `membership:profile`; its address is stable (API.md).
    return f"/directory/{contributor_id}/"


@dataclass
class TrackGroup:
    name: str
    listed: list[tuple[int, str]] = field(default_factory=list)  # (contributor id, name)
    unlisted: int = 0


@dataclass
class Text:
    markdown: str
    html: str
    groups: list[TrackGroup]
    total: int


def recognition(cycle, announced_on=None, *, early: bool = False) -> str:
    """“recognized at the Open edX Conference, Paris, 1 July 2025” (the event and its day), or
    without an event “announced on …” the day it was announced (`announced_on`, else the planned day).
    A cohort announced `early`, before the event, says so: “announced on 10 June 2025, ahead of the
    Open edX Conference” — one day, the day its terms start."""
    day = human(announced_on or cycle.announcement_date)
    if early and cycle.announcement_event:
        return _("announced on %(date)s, ahead of the %(event)s") % {
            "date": day,
            "event": cycle.announcement_event,
        }
    if cycle.announcement_event and not early:
        return _("recognized at the %(event)s, %(date)s") % {
            "event": cycle.announcement_event,
            "date": human(cycle.announcement_date),
        }
    return _("announced on %(date)s") % {"date": day}


def _track_groups(terms) -> list[TrackGroup]:
    """The terms' contributors by track, in the tracks' order: the listed ones named (in the terms'
    order, by name), the others counted."""
    by_track: dict[int, TrackGroup] = {}
    positions: dict[int, int] = {}
    for term in terms:  # by track and name
        track, contributor = term.track, term.contributor
        group = by_track.setdefault(track.pk, TrackGroup(in_language(track.name)))
        positions[track.pk] = track.position
        if contributor.listed_publicly:
            group.listed.append((contributor.pk, contributor.name))
        else:
            group.unlisted += 1
    return [by_track[pk] for pk in sorted(by_track, key=positions.__getitem__)]


def _opening(cycle, when: str, terms) -> list[str]:
    """The opening lines: how many new Distinguished Contributors the cycle welcomes and, for one
    shared term, when their membership runs; or that it names none."""
    total = len(terms)
    if not total:
        return [
            _(
                "The %(cycle)s of the Open edX Distinguished Contributor Program, %(when)s, names no new Distinguished Contributor."
            )
            % {"cycle": escape_markdown(cycle.name), "when": escape_markdown(when)}
        ]
    welcome = ngettext(
        "The Open edX Distinguished Contributor Program welcomes %(count)s new Distinguished Contributor "
        "of its %(cycle)s, %(when)s.",
        "The Open edX Distinguished Contributor Program welcomes %(count)s new Distinguished Contributors "
        "of its %(cycle)s, %(when)s.",
        total,
    )
    lines = [welcome % {"count": total, "cycle": escape_markdown(cycle.name), "when": escape_markdown(when)}]
    # One sentence for one shared term (an announced cohort); recorded terms may differ.
    spans = {(term.start, term.end) for term in terms}
    if len(spans) == 1 and (span := spans.pop())[1] is not None:
        lines.append("")
        lines.append(
            _("Their membership runs from %(start)s to %(end)s.")
            % {"start": human(span[0]), "end": human(span[1])}
        )
    return lines


def _group_lines(group: TrackGroup, site: str) -> list[str]:
    """A track's heading, its listed contributors linked to their profiles, and how many more are
    not listed in the public directory."""
    lines = ["", f"## {escape_markdown(group.name)}", ""]
    for contributor_id, name in group.listed:
        lines.append(f"- [{escape_markdown(name)}]({site}{profile_path(contributor_id)})")
    # Not "chose": an earlier cohort's members, recorded by hand, were never asked.
    if group.unlisted and group.listed:
        lines += [
            "",
            _("And %(count)s more, not listed in the public directory.") % {"count": group.unlisted},
        ]
    elif group.unlisted:
        lines.append(
            ngettext(
                "%(count)s new member is not listed in the public directory.",
                "%(count)s new members are not listed in the public directory.",
                group.unlisted,
            )
            % {"count": group.unlisted}
        )
    return lines


def build(announcement) -> Text:
    """The announcement's Markdown and HTML. Reads `announcement.terms` (set by
    `announcement_reading`, with contributor and track loaded) and `announcement.cycle`."""
    cycle = announcement.cycle
    when = recognition(cycle, announcement.date, early=bool(announcement.early_reason))
    terms = [term for term in announcement.terms if term.revoked_on is None]
    groups = _track_groups(terms)
    lines = _opening(cycle, when, terms)
    for group in groups:
        lines += _group_lines(group, settings.SITE_URL)
    markdown = "\n".join(lines) + "\n"
    return Text(markdown=markdown, html=render_html(markdown), groups=groups, total=len(terms))
