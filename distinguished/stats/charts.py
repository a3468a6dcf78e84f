"""Charts drawn on the server as SVG: horizontal bar charts and a funnel, accessible and within the
strict Content Security Policy (no script, no style attribute: colours are SVG presentation
attributes).

Each chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>` (every bar
in words) through `aria-labelledby`; the page shows the same figures as a table beside it. Bars are
the site's dark blue (13:1 against white), red for the stages where nominations leave (6:1), text
near-black: every colour passes WCAG's 3:1 for graphics and 4.5:1 for text.

In a right-to-left language (Arabic) a chart is drawn mirrored: labels on the right, bars growing
to the left, with the SVG's direction rtl so that each text's anchor keeps its meaning.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 220
VALUE_WIDTH = 96
ROW = 30
BAR = 20
TOP = 8
FONT = 14
LABEL_CHARS = 30
TONES = {"primary": "#0a3055", "danger": "#b4232f", "success": "#11774a"}
TEXT = "#1f1f1f"
AXIS = "#707070"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: nothing to draw (hidden, or not measurable)
    text: str  # what the value reads: "12", "85%", "fewer than 3"
    tone: str = "primary"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    svg: SafeString


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _describe(empty: str, full: str, bars: list[Bar]) -> str:
    """`empty` when there is no bar, else `full` with its %(bars)s: each bar's label and value."""
    if not bars:
        return empty
    # Translators: one bar of a chart described in words, e.g. "Core contributor: 12".
    words = [_("%(label)s: %(value)s") % {"label": bar.label, "value": bar.text} for bar in bars]
    return full % {"bars": "; ".join(words)}


def _x(x: float, width: float = 0) -> float:
    """Where a point (or the left edge of a box `width` wide) drawn at `x` goes in the reader's
    direction: mirrored across the chart right to left."""
    return WIDTH - x - width if get_language_bidi() else x


def _svg(chart_id: str, title: str, description: str, height: int, body: list[str]) -> SafeString:
    # Every interpolated text is escaped; ids are the caller's own slugs, escaped too.
    ident = escape(chart_id)
    direction = "rtl" if get_language_bidi() else "ltr"
    return mark_safe(  # noqa: S308 - built from escaped parts only
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" direction="{direction}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def _row_text(x: float, y: float, text: str, *, anchor: str = "start") -> str:
    return (
        f'<text x="{_x(x):.1f}" y="{y:.1f}" font-size="{FONT}" fill="{TEXT}" text-anchor="{anchor}" '
        f'dominant-baseline="middle">{escape(text)}</text>'
    )


def bar_chart(chart_id: str, title: str, bars: list[Bar], *, maximum: float | None = None) -> Chart:
    """Horizontal bars from a common axis, one row per bar: its label, the bar, its value."""
    description = _describe(_("Bar chart: nothing to show."), _("Bar chart. %(bars)s."), bars)
    height = TOP * 2 + ROW * max(len(bars), 1)
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = max([maximum or 0] + [bar.value or 0 for bar in bars]) or 1
    x0 = LABEL_WIDTH + 8
    body = [
        f'<line x1="{_x(x0)}" y1="{TOP}" x2="{_x(x0)}" y2="{height - TOP}" stroke="{AXIS}" stroke-width="1"/>'
    ]
    for i, bar in enumerate(bars):
        middle = TOP + ROW * i + ROW / 2
        body.append(_row_text(LABEL_WIDTH, middle, _short(bar.label), anchor="end"))
        width = area * (bar.value or 0) / top
        if bar.value:
            body.append(
                f'<rect x="{_x(x0, max(width, 2)):.1f}" y="{middle - BAR / 2:.1f}" width="{max(width, 2):.1f}" height="{BAR}" '
                f'fill="{TONES[bar.tone]}"/>'
            )
        body.append(_row_text(x0 + width + 6, middle, bar.text))
    return Chart(chart_id, title, description, _svg(chart_id, title, description, height, body))


def funnel_chart(chart_id: str, title: str, bars: list[Bar]) -> Chart:
    """A funnel: each stage's bar centred under the first, its width the stage's share of the first
    stage, its count at the right."""
    description = _describe(_("Funnel: nothing to show."), _("Funnel. %(bars)s."), bars)
    height = TOP * 2 + ROW * max(len(bars), 1)
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = max([bar.value or 0 for bar in bars]) or 1
    centre = LABEL_WIDTH + 8 + area / 2
    body = []
    for i, bar in enumerate(bars):
        middle = TOP + ROW * i + ROW / 2
        body.append(_row_text(LABEL_WIDTH, middle, _short(bar.label), anchor="end"))
        if bar.value:
            width = max(area * bar.value / top, 2)
            body.append(
                f'<rect x="{_x(centre - width / 2, width):.1f}" y="{middle - BAR / 2:.1f}" width="{width:.1f}" '
                f'height="{BAR}" fill="{TONES[bar.tone]}"/>'
            )
        body.append(_row_text(WIDTH - 4, middle, bar.text, anchor="end"))
    return Chart(chart_id, title, description, _svg(chart_id, title, description, height, body))
