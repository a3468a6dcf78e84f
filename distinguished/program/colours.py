"""A track's colour: its badge is drawn in it, under white text and a white star, so the definition
accepts only colours on which white stays readable (WCAG 2's contrast ratio of at least 4.5:1)."""

from __future__ import annotations

import re

TRACK_COLOUR = "#3d3d9e"  # a track whose definition names no colour
MIN_CONTRAST = 4.5
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def contrast_with_white(colour: str) -> float:
    """WCAG 2's contrast ratio of white on `colour` (#rrggbb), from 1 to 21."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)
    return 1.05 / (luminance + 0.05)


def colour_problem(colour: str) -> str:
    """Why `colour` cannot be a track's colour ("" when it can)."""
    if not HEX.match(colour):
        return f"“{colour}” is not a colour: write it #rrggbb"
    ratio = contrast_with_white(colour)
    if ratio < MIN_CONTRAST:
        return (
            f"white on {colour} has a contrast of {ratio:.1f}:1, under {MIN_CONTRAST}:1: choose a darker "
            "colour, the badge writes the track's name in white on it"
        )
    return ""
