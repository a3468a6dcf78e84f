"""Serializers of the nominations API: they parse and shape; `nominations.api` decides.

Input fields are plain strings on purpose: `nominations.api` checks kinds, dates (YYYY-MM-DD, not
in the future), links (http or https only) and lengths with the messages the pages show too.

What a caller reads depends on who they are (see `Viewer`): the panel reads every endorsement;
the nominator and the nominee read who endorsed and how they know the nominee, and the statement
only when the endorser let the nominee read it; screening details and the eligibility checks are
for the chair and program admins, the screening reason for the nominator and the nominee too.
Once the cohort is announced, the nominator and the nominee read the panel's decision (`decision`:
outcome, feedback, when decided; never the rationale); before, a decided nomination reads to them
as in review. The nominee's listing answer is theirs and the admins'. Hidden values are `null`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from distinguished.people import api as people
from distinguished.program import api as program

from ... import api
from ...models import Endorsement, EndorsementRequest, Evidence, Nomination
from ...rules import is_nominator, is_nominee


@dataclass(frozen=True)
class Viewer:
    """What one caller may read of one nomination."""

    user_id: int | None
    panel: bool = False  # every endorsement statement
    screener: bool = False  # eligibility checks, who screened and when
    nominator: bool = False
    nominee: bool = False
    listing: bool = False  # the nominee's answer to "list me in the public directory"
    state: str = ""  # the state as the caller reads it (an untold decision reads as in review)
    decision: dict | None = None  # the announced decision, for the nominator and the nominee

    @property
    def party(self) -> bool:
        return self.nominator or self.nominee

    @classmethod
    def of(cls, user, nomination: Nomination, *, as_nominee: bool = False) -> Viewer:
        """`as_nominee`: the caller proved to be the nominee (they held the e-mailed link)."""
        return cls(
            user_id=user.pk if user.is_authenticated else None,
            panel=user.has_perm("nominations.view_endorsement_statements", nomination),
            screener=user.has_perm("nominations.view_eligibility", nomination),
            nominator=bool(is_nominator(user, nomination)),
            nominee=as_nominee or bool(is_nominee(user, nomination)),
            listing=as_nominee or user.has_perm("nominations.read_listing_answer", nomination),
            state=api.seen_state(user, nomination),
            decision=api.decision_for(user, nomination),
        )

    def reads_statement_of(self, endorsement: Endorsement) -> bool:
        return (
            self.panel
            or endorsement.endorser_id == self.user_id
            or (self.party and endorsement.visible_to_nominee)
        )


def _listing_invalid() -> str:
    return _("Answer “%(question)s” with true (yes) or false (no).") % {"question": api.LISTING_QUESTION}


# Made when a request is refused, in its language.
LISTING_INVALID = lazy(_listing_invalid, str)()


def page_link(nomination: Nomination) -> str:
    return reverse("nominations:nomination", args=[nomination.pk])


# --- Shapes shared by several answers ----------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    """A user as others see them: an id and a name."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


class EndorserSerializer(PersonSerializer):
    contributor = serializers.IntegerField(source="contributor_id", read_only=True, allow_null=True)


class NomineeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "kind", "date", "title", "url", "created"]
        read_only_fields = fields


class EndorsementSerializer(serializers.ModelSerializer):
    """`statement` is null when the caller may not read it."""

    endorser = EndorserSerializer(read_only=True)
    statement = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Endorsement
        fields = ["id", "endorser", "relationship", "statement", "visible_to_nominee", "created"]
        read_only_fields = fields

    def to_representation(self, endorsement):
        data = super().to_representation(endorsement)
        viewer = self.context.get("viewer")
        if viewer is None or not viewer.reads_statement_of(endorsement):
            data["statement"] = None
        return data


class EndorsementRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = EndorsementRequest
        fields = ["id", "email", "message", "created"]
        read_only_fields = fields


class CheckSerializer(serializers.Serializer):
    rule = serializers.CharField()
    label = serializers.CharField()
    passed = serializers.BooleanField()
    detail = serializers.CharField()


class EligibilitySerializer(serializers.Serializer):
    checks = CheckSerializer(many=True)
    eligible = serializers.BooleanField()


class NominationDecisionSerializer(serializers.Serializer):
    """The panel's decision as the nominee and the nominator read it after the announcement."""

    outcome = serializers.ChoiceField(choices=["selected", "declined", "deferred"])
    feedback = serializers.CharField(allow_blank=True, help_text="The panel's feedback for the nominee.")
    decided = serializers.DateTimeField(allow_null=True, help_text="When the panel decided.")


# --- Nominations out -----------------------------------------------------------------------------


class NominationSummarySerializer(serializers.ModelSerializer):
    """A row of the list: no statements, no endorsements."""

    link = serializers.SerializerMethodField()
    cycle = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    track = serializers.SlugRelatedField(slug_field="code", read_only=True)
    nominee = NomineeSerializer(read_only=True)
    nominator = PersonSerializer(read_only=True)
    evidence_count = serializers.SerializerMethodField()
    endorsement_count = serializers.SerializerMethodField()

    class Meta:
        model = Nomination
        fields = [
            "id",
            "link",
            "cycle",
            "track",
            "nominee",
            "nominator",
            "self_nomination",
            "nominee_consent",
            "state",
            "submitted",
            "created",
            "updated",
            "evidence_count",
            "endorsement_count",
        ]
        read_only_fields = fields

    def get_link(self, nomination) -> str:
        return page_link(nomination)

    def to_representation(self, nomination):
        data = super().to_representation(nomination)
        request = self.context.get("request")
        if request is not None and "viewer" not in self.context:
            # A list row: a decision not announced yet reads as in review to its parties.
            data["state"] = api.seen_state(request.user, nomination)
        return data

    # len() of the prefetched rows: a list costs the same queries at any length.
    def get_evidence_count(self, nomination) -> int:
        return len(nomination.evidence.all())

    def get_endorsement_count(self, nomination) -> int:
        return len(nomination.endorsements.all())


class NominationSerializer(NominationSummarySerializer):
    """One nomination as the caller (context `viewer`) may read it."""

    evidence = EvidenceSerializer(many=True, read_only=True)
    endorsements = serializers.SerializerMethodField()
    endorsement_requests = serializers.SerializerMethodField()
    screening_reason = serializers.CharField(read_only=True, allow_null=True)
    screened = serializers.DateTimeField(read_only=True, allow_null=True)
    screened_by = PersonSerializer(read_only=True, allow_null=True)
    eligibility = serializers.SerializerMethodField()
    list_publicly = serializers.BooleanField(
        read_only=True,
        allow_null=True,
        help_text="The nominee's answer to “If selected, list me in the public directory” (the "
        "nominee and admins; null for others and while unanswered).",
    )
    decision = serializers.SerializerMethodField()

    class Meta(NominationSummarySerializer.Meta):
        fields = [
            *NominationSummarySerializer.Meta.fields,
            "consent_answered",
            "statement",
            "nominee_statement",
            "evidence",
            "endorsements",
            "endorsement_requests",
            "screening_reason",
            "screened",
            "screened_by",
            "eligibility",
            "list_publicly",
            "decision",
        ]
        read_only_fields = fields

    @property
    def viewer(self) -> Viewer:
        return self.context["viewer"]

    @extend_schema_field(EndorsementSerializer(many=True))
    def get_endorsements(self, nomination):
        return EndorsementSerializer(
            nomination.endorsements.all(), many=True, context={"viewer": self.viewer}
        ).data

    @extend_schema_field(EndorsementRequestSerializer(many=True, allow_null=True))
    def get_endorsement_requests(self, nomination):
        """Whom the nominator and the nominee asked to endorse; null for everybody else."""
        if not self.viewer.party:
            return None
        return EndorsementRequestSerializer(nomination.endorsement_requests.all(), many=True).data

    @extend_schema_field(EligibilitySerializer(allow_null=True))
    def get_eligibility(self, nomination):
        """The automatic checks: for the chair and program admins only."""
        if not self.viewer.screener:
            return None
        return api.eligibility_of(nomination)

    @extend_schema_field(NominationDecisionSerializer(allow_null=True))
    def get_decision(self, nomination):
        """The outcome and the feedback, for the nominator and the nominee once the cohort is
        announced; null before, and for everybody else. Never the rationale."""
        decision = self.viewer.decision
        if decision is None:
            return None
        return NominationDecisionSerializer(decision).data

    def to_representation(self, nomination):
        data = super().to_representation(nomination)
        data["state"] = self.viewer.state or nomination.state
        if not self.viewer.listing:
            data["list_publicly"] = None
        if not (self.viewer.screener or self.viewer.party):
            data["screening_reason"] = None
        if not self.viewer.screener:
            data["screened"] = data["screened_by"] = None
        return data


# --- Input ---------------------------------------------------------------------------------------


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


class EndorsementRequestsSerializer(serializers.Serializer):
    requests = EndorsementRequestSerializer(many=True)


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
