"""Charts read right to left in Arabic (issue 17): drawn mirrored, labels on the right and bars
growing to the left, the SVG's direction rtl; in English as before."""

import re

from django.utils import translation

from distinguished.stats.charts import LABEL_WIDTH, WIDTH, Bar, bar_chart


def drawn(language):
    with translation.override(language):
        svg = str(
            bar_chart("tracks", "Members per track", [Bar("Engineer", 4, "4"), Bar("Partner", 2, "2")]).svg
        )
    rect = re.search(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    label = re.search(r'<text x="([\d.]+)"[^>]*text-anchor="end"[^>]*>Engineer<', svg)
    direction = re.search(r'<svg [^>]*direction="(\w+)"', svg).group(1)
    return direction, float(rect.group(1)), float(rect.group(2)), float(label.group(1))


def test_a_chart_is_drawn_mirrored_in_arabic():
    direction, x, width, label_x = drawn("en")
    assert direction == "ltr" and label_x == LABEL_WIDTH and x == LABEL_WIDTH + 8
    rtl_direction, rtl_x, rtl_width, rtl_label_x = drawn("ar")
    assert rtl_direction == "rtl"
    assert rtl_width == width
    assert rtl_label_x == WIDTH - LABEL_WIDTH  # the label's end, right to left, at the mirrored axis
    assert rtl_x + rtl_width == WIDTH - (LABEL_WIDTH + 8)  # the bar grows to the left of the axis
