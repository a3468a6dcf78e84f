"""What callers send to the nominations API: they parse; `nominations.api` decides.

Input fields are plain strings on purpose: `nominations.api` checks kinds, dates (YYYY-MM-DD, not
in the future), links (http or https only) and lengths with the messages the pages show too.
Unknown cycles, tracks and contributors are bad input (a 400 on the field), not a missing resource.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from rest_framework import serializers

from distinguished.people import api as people
from distinguished.program import api as program

from ... import api


def _listing_invalid() -> str:
    return _("Answer “%(question)s” with true (yes) or false (no).") % {"question": api.LISTING_QUESTION}


# Made when a request is refused, in its language.
LISTING_INVALID = lazy(_listing_invalid, str)()


def _text(**kwargs):
    """Text kept exactly as written (Markdown: leading spaces matter)."""
    return serializers.CharField(allow_blank=True, trim_whitespace=False, **kwargs)


class EvidenceInputSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_blank=True, required=False, default="")
    date = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="YYYY-MM-DD, not in the future."
    )
    title = serializers.CharField(allow_blank=True, required=False, default="")
    url = serializers.CharField(allow_blank=True, required=False, default="", help_text="An http(s) link.")


class NewNomineeSerializer(serializers.Serializer):
    """Someone the program does not know yet, recorded with the nomination."""

    kind = serializers.CharField(help_text="person or organization")
    name = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True, help_text="Where the nominee is asked for consent.")
    organization = serializers.IntegerField(
        required=False, allow_null=True, help_text="The contributor id of a person's organization."
    )

    def validate_organization(self, pk):
        return None if pk is None else _contributor(pk)


def _contributor(pk):
    try:
        return people.get_contributor(pk)
    except ObjectDoesNotExist:
        raise serializers.ValidationError(_("No contributor %(id)s.") % {"id": pk}) from None


class NominationCreateSerializer(serializers.Serializer):
    cycle = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text="The cycle's slug. It may be left out while one cycle only is open for nominations; "
        "while several are, leaving it out is a 400 naming them.",
    )
    track = serializers.CharField(help_text="The track's code.")
    nominee = serializers.IntegerField(
        required=False, allow_null=True, help_text="A contributor id; your own for a self-nomination."
    )
    nominee_new = NewNomineeSerializer(required=False, allow_null=True)
    statement = _text(required=False, default="")
    evidence = EvidenceInputSerializer(many=True, required=False, default=list)
    list_publicly = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": LISTING_INVALID},
        help_text="A self-nomination answers “If selected, list me in the public directory” "
        "(required, true or false); a peer nomination leaves it to the nominee's consent.",
    )

    # Unknown names are bad input (400 on the field), not a missing resource (404).
    def validate_cycle(self, slug):
        if not slug:
            return None  # the only open cycle, if there is one (api.cycle_to_nominate_in)
        try:
            return program.get_cycle(slug)
        except ObjectDoesNotExist:
            raise serializers.ValidationError(
                _("No cycle “%(slug)s”; GET /api/v1/cycles/ lists the cycles by slug.") % {"slug": slug}
            ) from None

    def validate_track(self, code):
        try:
            return program.get_track(code)
        except ObjectDoesNotExist:
            loaded = program.get_program()
            codes = ", ".join(track.code for track in program.tracks_of(loaded)) if loaded else _("none")
            raise serializers.ValidationError(
                _("No track “%(code)s”; the tracks are %(codes)s.") % {"code": code, "codes": codes}
            ) from None

    def validate_nominee(self, pk):
        return None if pk is None else _contributor(pk)

    def validate(self, data):
        has_id, has_new = data.get("nominee") is not None, data.get("nominee_new") is not None
        if has_id and has_new:
            raise serializers.ValidationError(
                {"nominee_new": [_("Give either nominee (a contributor id) or nominee_new, not both.")]}
            )
        if not (has_id or has_new):
            raise serializers.ValidationError(
                {
                    "nominee": [
                        _(
                            "Say whom you nominate: a contributor id in nominee, "
                            "or nominee_new {kind, name, email} for someone the program does not know yet."
                        )
                    ]
                }
            )
        return data


class NominationUpdateSerializer(serializers.Serializer):
    statement = _text(required=False, help_text="The nominator's statement (Markdown).")
    nominee_statement = _text(required=False, help_text="What the nominee adds (Markdown).")


class ConsentSerializer(serializers.Serializer):
    consent = serializers.BooleanField(help_text="true accepts, false declines (and withdraws).")
    list_publicly = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        error_messages={"invalid": LISTING_INVALID},
        help_text="Required when accepting: “If selected, list me in the public directory”, true or false.",
    )
    addition = _text(required=False, default="", help_text="The nominee's own words, when accepting.")
    token = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="The token of the e-mailed link."
    )


class EndorsementRequestInputSerializer(serializers.Serializer):
    emails = serializers.ListField(child=serializers.CharField(allow_blank=True), allow_empty=True)
    message = _text(required=False, default="")


class EndorsementInputSerializer(serializers.Serializer):
    relationship = serializers.CharField(allow_blank=True, help_text="How you know the nominee.")
    statement = _text()
    visible_to_nominee = serializers.BooleanField(required=False, default=True)
    token = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        write_only=True,
        help_text="The token of the e-mailed invitation link, if it was not opened before.",
    )


class InvitationSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=1000, help_text="The token of the e-mailed invitation link.")


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, default="", allow_blank=True)


class ScreeningSerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    reason = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        help_text="Required when ineligible; the nominee reads it.",
    )
