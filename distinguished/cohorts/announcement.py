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
from markdown_it import MarkdownIt

from distinguished.program.api import human

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


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


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
    if early:
        ahead = f", ahead of the {cycle.announcement_event}" if cycle.announcement_event else ""
        return f"announced on {human(announced_on or cycle.announcement_date)}{ahead}"
    if cycle.announcement_event:
        return f"recognized at the {cycle.announcement_event}, {human(cycle.announcement_date)}"
    return f"announced on {human(announced_on or cycle.announcement_date)}"


def build(announcement) -> Text:
    """The announcement's Markdown and HTML. Reads `announcement.awards.all()` (prefetch it with
    membership__contributor and membership__track) and `announcement.cycle`."""
    cycle = announcement.cycle
    when = recognition(cycle, announcement.date, early=bool(announcement.early_reason))
    awards = [a for a in announcement.awards.all() if a.membership.revoked_on is None]
    by_track: dict[int, TrackGroup] = {}
    positions: dict[int, int] = {}
    for award in sorted(
        awards, key=lambda a: (a.membership.track.position, a.membership.contributor.name.lower())
    ):
        track, contributor = award.membership.track, award.membership.contributor
        group = by_track.setdefault(track.pk, TrackGroup(track.name))
        positions[track.pk] = track.position
        if contributor.listed_publicly:
            group.listed.append((contributor.pk, contributor.name))
        else:
            group.unlisted += 1
    groups = [by_track[pk] for pk in sorted(by_track, key=positions.__getitem__)]
    total = len(awards)
    site = settings.SITE_URL
    lines = []
    if total:
        who = _plural(total, "new Distinguished Contributor", "new Distinguished Contributors")
        lines.append(
            f"The Open edX Distinguished Contributor Program welcomes {who} of its "
            f"{escape_markdown(cycle.name)}, {escape_markdown(recognition(cycle, announcement.date, early=bool(announcement.early_reason)))}."
        )
        # One sentence for one shared term (an announced cohort); recorded terms may differ.
        spans = {(a.membership.start, a.membership.end) for a in awards}
        if len(spans) == 1 and (span := spans.pop())[1] is not None:
            lines.append("")
            lines.append(f"Their membership runs from {human(span[0])} to {human(span[1])}.")
    else:
        lines.append(
            f"The {escape_markdown(cycle.name)} of the Open edX Distinguished Contributor Program, "
            f"{escape_markdown(when)}, names no new Distinguished Contributor."
        )
    for group in groups:
        lines += ["", f"## {escape_markdown(group.name)}", ""]
        for contributor_id, name in group.listed:
            lines.append(f"- [{escape_markdown(name)}]({site}{profile_path(contributor_id)})")
        # Not "chose": an earlier cohort's members, recorded by hand, were never asked.
        if group.unlisted and group.listed:
            lines += ["", f"And {group.unlisted} more, not listed in the public directory."]
        elif group.unlisted:
            lines.append(
                _plural(group.unlisted, "new member is", "new members are")
                + " not listed in the public directory."
            )
    markdown = "\n".join(lines) + "\n"
    return Text(markdown=markdown, html=render_html(markdown), groups=groups, total=total)
