"""Endorsements: the nominator or the nominee invites people by e-mail, an invitee opens the link
with their account (or reads the nomination with it before signing in), and a member endorses,
once."""

from __future__ import annotations

from collections.abc import Iterable

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.notifications import api as notifications

from . import signals
from .enums import ENDORSEMENT_MAX, OPEN_STATES, REQUESTS_MAX
from .mailing import TOKEN_MAX_AGE, TOKEN_SALT, invitation_token, nomination_link, notify_parties
from .models import Endorsement, EndorsementRequest, Nomination
from .rules import is_nominator, is_nominee
from .transition_rules import require_state


def request_endorsements(*, actor, nomination: Nomination, emails: Iterable[str], message: str = "") -> list:
    """The nominator or nominee asks people by e-mail to endorse; each gets a signed link."""
    if not (is_nominator(actor, nomination) or is_nominee(actor, nomination)):
        raise PermissionDenied(_("Only the nominator and the nominee ask for endorsements."))
    require_state(nomination, OPEN_STATES, "endorsed", actor)
    emails = _unique(emails)
    errors = {}
    problems = _email_problems(nomination, emails)
    if problems:
        errors["emails"] = problems
    if len(message or "") > ENDORSEMENT_MAX:
        errors["message"] = [
            _("Keep the message under %(max)s characters.") % {"max": f"{ENDORSEMENT_MAX:,}"}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        requests = EndorsementRequest.objects.bulk_create(
            EndorsementRequest(nomination=nomination, email=email, requested_by=actor, message=message or "")
            for email in dict.fromkeys(emails)
        )
        audit.record(
            actor=actor,
            verb="nomination.endorsements_requested",
            obj=nomination,
            data={"emails": list(dict.fromkeys(emails))},
        )
        for request in requests:
            notifications.notify(
                request.email,
                "endorsement_request",
                {
                    "nomination": nomination,
                    "requester": actor,
                    "message": message,
                    "link": nomination_link(
                        nomination,
                        "nominations:nomination",
                        token=invitation_token(nomination, "endorse", request.email),
                    ),
                },
            )
    return requests


def _unique(emails: Iterable[str]) -> list[str]:
    """Each address once, whatever its case (the first spelling is kept), blanks left out."""
    unique: dict[str, str] = {}
    for email in emails:
        if email and email.strip():
            unique.setdefault(email.strip().lower(), email.strip())
    return list(unique.values())


def _email_problems(nomination: Nomination, emails: list[str]) -> list[str]:
    """What is wrong with the addresses asked: none or too many, any that is no e-mail address, and
    the nominator's or the nominee's own."""
    problems = []
    if not emails:
        problems.append(_("Give at least one e-mail address."))
    elif len(emails) > REQUESTS_MAX:
        problems.append(_("Ask at most %(max)s people at a time.") % {"max": REQUESTS_MAX})
    for email in emails:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(email)s” is not an e-mail address.") % {"email": email})
    parties = {nomination.nominator.email.lower(), nomination.nominee.email.lower()} - {""}
    if any(email.lower() in parties for email in emails):
        problems.append(_("The nominator and the nominee cannot endorse their own nomination."))
    return problems


def invitation_of(nomination: Nomination, token: str) -> EndorsementRequest | None:
    """The endorsement request an e-mailed invitation link stands for, or None for a token that is
    not a valid invitation to this nomination."""
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("n") != nomination.pk or data.get("p") != "endorse" or not data.get("e"):
        return None
    return EndorsementRequest.objects.filter(nomination=nomination, email__iexact=data["e"]).first()


def invitation_previews(nomination: Nomination, token: str) -> bool:
    """Whether a browser not signed in may read the nomination with this invitation link: only
    while the invitation is not yet opened by an account and the nomination is still open to
    endorsements. Once bound, the link reads nothing without that account."""
    invitation = invitation_of(nomination, token) if token else None
    return invitation is not None and invitation.accepted_by_id is None and nomination.state in OPEN_STATES


def accept_invitation(*, actor, nomination: Nomination, token: str) -> EndorsementRequest:
    """The invited person opens their e-mailed link signed in: the invitation is bound to their
    account, which may then read the nomination and endorse it. A link already opened by another
    account is refused (one invitation, one person); opening it again changes nothing."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to accept the invitation."))
    invitation = invitation_of(nomination, token)
    if invitation is None:
        raise Nomination.DoesNotExist("No such nomination.")
    with transaction.atomic():
        locked = EndorsementRequest.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_by_id == actor.pk:
            return locked
        if locked.accepted_by_id is not None:
            raise PermissionDenied(
                _("This invitation was opened by another account. Ask the nominator to invite you.")
            )
        locked.accepted_by, locked.accepted = actor, timezone.now()
        locked.save(update_fields=["accepted_by", "accepted"])
        audit.record(
            actor=actor,
            verb="nomination.invitation_accepted",
            obj=nomination,
            data={"request": locked.pk, "email": locked.email},
        )
    # The caller's copy of the nomination reads its invitations afresh (the rules look there).
    getattr(nomination, "_prefetched_objects_cache", {}).pop("endorsement_requests", None)
    return locked


def endorse(
    *, actor, nomination: Nomination, relationship: str, statement: str, visible_to_nominee: bool = True
) -> Endorsement:
    """A signed-in member who may see the nomination (an invited endorser, or the panel) and is
    neither nominee nor nominator endorses, once. Endorsing never grants the right to see a
    nomination: a caller without it learns nothing (`Nomination.DoesNotExist`, as for no such id)."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to endorse."))
    if not actor.has_perm("nominations.view_nomination", nomination):
        raise Nomination.DoesNotExist("No such nomination.")
    if is_nominator(actor, nomination):
        raise PermissionDenied(_("The nominator cannot endorse their own nomination."))
    if is_nominee(actor, nomination):
        raise PermissionDenied(_("Nominees cannot endorse themselves."))
    require_state(nomination, OPEN_STATES, "endorsed", actor)
    errors = _endorsement_problems(actor, nomination, relationship, statement)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(
                nomination=nomination,
                endorser=actor,
                relationship=relationship.strip(),
                statement=statement.strip(),
                visible_to_nominee=bool(visible_to_nominee),
            )
            audit.record(
                actor=actor, verb="nomination.endorsed", obj=nomination, data={"endorsement": endorsement.pk}
            )
            signals.endorsed.send(
                sender=Endorsement, nomination=nomination, endorser=actor, endorsement=endorsement
            )
            notify_parties(nomination, "endorsement_received", {"endorser": actor})
    except IntegrityError:
        raise ValidationError({"endorser": [_("You have already endorsed this nomination.")]}) from None
    return endorsement


def _endorsement_problems(actor, nomination: Nomination, relationship: str, statement: str) -> dict:
    """What is wrong with an endorsement, by field: no contributor profile, no or too long a
    relationship or statement, and an endorsement this member already gave."""
    errors = {}
    if actor.contributor_id is None:
        errors["endorser"] = [
            _("Create your contributor profile first: the panel weighs endorsements by who gives them.")
        ]
    if not (relationship or "").strip():
        errors["relationship"] = [
            _("Say how you know the nominee, such as “reviewed their pull requests for two years”.")
        ]
    elif len(relationship) > 200:
        errors["relationship"] = [_("Keep the relationship under 200 characters.")]
    if not (statement or "").strip():
        errors["statement"] = [_("Write your endorsement.")]
    elif len(statement) > ENDORSEMENT_MAX:
        errors["statement"] = [
            _("Keep the endorsement under %(max)s characters.") % {"max": f"{ENDORSEMENT_MAX:,}"}
        ]
    if Endorsement.objects.filter(nomination=nomination, endorser=actor).exists():
        errors["endorser"] = [_("You have already endorsed this nomination.")]
    return errors
