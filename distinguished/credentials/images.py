"""The images: a track's badge, the badge with a signed credential baked in (SVG and PNG, "Baking"
of Open Badges 3.0), and the issuer's image."""

from __future__ import annotations

import json

from django.template.loader import render_to_string

from distinguished.program import api as program

from . import baking, documents
from .models import Credential

__all__ = ["badge_svg", "baked_png", "baked_svg", "issuer_image_svg", "track_badge_svg"]


def badge_svg(track) -> str:
    """The SVG badge of a track (the Achievement's image), in the track's colour."""
    return baking.badge_svg(track.name, track.colour)


def track_badge_svg(track_code: str) -> str:
    """The SVG badge of the track of `track_code`. Raises DoesNotExist for an unknown track."""
    return badge_svg(program.get_track(track_code))


def _credential_json(credential: Credential) -> str:
    return json.dumps(credential.document, indent=2)


def baked_svg(credential: Credential) -> str:
    """The track's SVG badge with the signed credential baked in ("Baking" of Open Badges 3.0)."""
    track = credential.membership.track
    return baking.badge_svg(track.name, track.colour, credential_json=_credential_json(credential))


def baked_png(credential: Credential) -> bytes:
    """The track's PNG badge with the signed credential baked in."""
    track = credential.membership.track
    return baking.baked_png(track.name, track.colour, _credential_json(credential))


def issuer_image_svg() -> str:
    name = documents.issuer_info(program.program_settings())["name"]
    return render_to_string("credentials/issuer.svg", {"name": name})
