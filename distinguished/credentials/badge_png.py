"""The badge drawn as a PNG, after the SVG template (`templates/credentials/badge.svg`): the track's
colour in a circle, a white ring, a white star, the track's name and "Open edX".

Drawn with Pillow at `SUPERSAMPLE` times the size and scaled down, so that the edges are smooth, in
Pillow's bundled scalable font (`ImageFont.load_default(size=…)`), so that no system font is needed.
Coordinates are the SVG's (a view box of 256 by 256), scaled to `SIZE`.
"""

import functools
import io

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

# Twice the SVG's 256 px: sharp on high-density screens, and still a few tens of KB.
SIZE = 512
SUPERSAMPLE = 3
VIEW_BOX = 256
WHITE = (255, 255, 255)
# The star of the SVG's path, as moves from its top point (M128 44 l…).
STAR_TOP = (128, 44)
STAR_MOVES = [
    (19.4, 39.3),
    (43.4, 6.3),
    (-31.4, 30.6),
    (7.4, 43.2),
    (-38.8, -20.4),
    (-38.8, 20.4),
    (7.4, -43.2),
    (-31.4, -30.6),
    (43.4, -6.3),
]
# The title may take this much of the view box's width; a longer one is set smaller.
TITLE_WIDTH = 200


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _star(scale: float) -> list[tuple[float, float]]:
    x, y = STAR_TOP
    points = [(x * scale, y * scale)]
    for dx, dy in STAR_MOVES:
        x, y = x + dx, y + dy
        points.append((x * scale, y * scale))
    return points


def _title_font(title: str, scale: float) -> ImageFont.FreeTypeFont:
    size = 15.0
    font = ImageFont.load_default(size=size * scale)
    while size > 8 and font.getlength(title) > TITLE_WIDTH * scale:
        size -= 0.5
        font = ImageFont.load_default(size=size * scale)
    return font


@functools.lru_cache(maxsize=16)
def draw_badge(title: str, colour: str) -> bytes:
    """The badge of a track as PNG bytes (`SIZE` by `SIZE` pixels, transparent around the circle), with its
    title in a `Title` text chunk. The same title and colour always give the same bytes, so they are
    drawn once per process."""
    scale = SIZE * SUPERSAMPLE / VIEW_BOX
    centre = 128 * scale

    def disc(draw: ImageDraw.ImageDraw, radius: float, fill) -> None:
        r = radius * scale
        draw.ellipse((centre - r, centre - r, centre + r, centre + r), fill=fill)

    image = Image.new("RGBA", (SIZE * SUPERSAMPLE,) * 2, (0, 0, 0, 0))
    disc(ImageDraw.Draw(image), 124, _rgb(colour))
    # The ring and "Open edX" are translucent white: drawn on their own layer, then laid over.
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    overlay = ImageDraw.Draw(layer)
    disc(overlay, 112, (*WHITE, 153))  # stroke-width 4 around r=110, stroke-opacity 0.6
    disc(overlay, 108, (0, 0, 0, 0))
    overlay.text(
        (centre, 216 * scale),
        "Open edX",
        font=ImageFont.load_default(size=10 * scale),
        fill=(*WHITE, 217),  # fill-opacity 0.85
        anchor="ms",
    )
    image.alpha_composite(layer)
    draw = ImageDraw.Draw(image)
    draw.polygon(_star(scale), fill=WHITE)
    # The bundled font has no bold face: a thin stroke of the same white stands in for font-weight 700.
    font = _title_font(title, scale)
    draw.text(
        (centre, 196 * scale),
        title,
        font=font,
        fill=WHITE,
        anchor="ms",
        stroke_width=round(font.size / 45),
        stroke_fill=WHITE,
    )
    image = image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    info = PngInfo()
    info.add_text("Title", title)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, optimize=True)
    return out.getvalue()
