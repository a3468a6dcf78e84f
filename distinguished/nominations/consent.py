"""The nominee's consent: accepting a peer nomination (with their own words and their answer to
being listed) or declining it, which withdraws it; signed in, or with the e-mailed link."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.core.errors import TransitionError
from distinguished.notifications import api as notifications
from distinguished.people import api as people

from . import moves
from .enums import OPEN_STATES, State
from .mailing import nomination_link, verify_token
from .models import Nomination
from .nominee_answers import listing_answer_error
from .rules import is_nominee
from .transition_rules import check_statement, require_state


def answer_consent(
    *,
    actor,
    nomination: Nomination,
    consent: bool,
    token: str = "",
    addition: str = "",
    list_publicly: bool | None = None,
) -> Nomination:
    """The nominee accepts (optionally adding to the statement) or declines a peer nomination.
    Accepting answers `list_publicly` too (if selected, list me in the public directory: required,
    yes or no); declining needs no answer and keeps none.

    The nominee is the signed-in owner of the nominee's profile, or whoever holds the signed link
    e-mailed to the nominee; a signed-in holder without a profile gets the nominee's profile
    linked to their account. Declining withdraws the nomination."""
    by_token = _check_nominee(actor, nomination, token)
    _check_unanswered(actor, nomination)
    errors = _answer_problems(consent, addition, list_publicly)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if locked.nominee_consent is not None:
            raise TransitionError(_("The nominee already answered this nomination."))
        if by_token and actor.is_authenticated and actor.contributor_id is None:
            people.claim_profile(user=actor, contributor=nomination.nominee)
        nomination.nominee_consent = consent
        nomination.consent_answered = timezone.now()
        if consent:
            _accept(actor, nomination, addition=addition, list_publicly=list_publicly)
        else:
            _decline(actor, nomination)
        notifications.notify(
            nomination.nominator.email,
            "nomination_consent_answered",
            {"nomination": nomination, "consent": consent, "link": nomination_link(nomination)},
        )
    return nomination


def _check_nominee(actor, nomination: Nomination, token: str) -> bool:
    """Whether the actor answers by the e-mailed link (`token`), once they are the nominee: the
    signed-in owner of the nominee's profile or the link's holder. Anyone else who sees the
    nomination is refused; to who does not, there is no such nomination."""
    by_token = bool(token) and verify_token(token, nomination, "consent")
    if not (is_nominee(actor, nomination) or by_token):
        if not actor.has_perm("nominations.view_nomination", nomination):
            raise Nomination.DoesNotExist("No such nomination.")
        raise PermissionDenied(_("Only the nominee answers this nomination."))
    return by_token


def _check_unanswered(actor, nomination: Nomination) -> None:
    """A peer nomination, not answered yet, in an open state."""
    if nomination.self_nomination:
        raise TransitionError(_("A self-nomination needs no consent."))
    if nomination.nominee_consent is not None:
        raise TransitionError(
            _("The nominee already accepted this nomination.")
            if nomination.nominee_consent
            else _("The nominee already declined this nomination.")
        )
    require_state(nomination, OPEN_STATES, "answered", actor)


def _answer_problems(consent, addition: str, list_publicly) -> dict:
    """What is wrong with the answer (field → messages): an addition too long, a consent neither true
    nor false, an acceptance that does not answer `list_publicly`."""
    errors = check_statement(addition or "", "addition")
    if consent is not True and consent is not False:
        errors["consent"] = [_("Answer true (accept) or false (decline).")]
    elif consent:
        errors.update(listing_answer_error(list_publicly, asked=True, who="you"))
    return errors


def _accept(actor, nomination: Nomination, *, addition: str, list_publicly: bool) -> None:
    """Saves the acceptance (the answer to being listed, the nominee's addition if any) and records
    `nomination.consent_given`; inside answer_consent's transaction, the nomination locked."""
    fields = ["nominee_consent", "consent_answered", "updated", "list_publicly"]
    nomination.list_publicly = list_publicly
    if addition:
        nomination.nominee_statement = addition
        fields.append("nominee_statement")
    nomination.save(update_fields=fields)
    audit.record(
        actor=actor if actor.is_authenticated else None,
        verb="nomination.consent_given",
        obj=nomination,
        from_state=nomination.state,
        to_state=nomination.state,
        data={"list_publicly": list_publicly},
    )


def _decline(actor, nomination: Nomination) -> None:
    """Declining withdraws the nomination (`nomination.consent_declined`), with the answer saved;
    inside answer_consent's transaction."""
    nomination.live = None
    moves.move(
        actor=actor,
        nomination=nomination,
        to=State.WITHDRAWN,
        verb="nomination.consent_declined",
        doing="answered",
        nominee_consent=nomination.nominee_consent,
        consent_answered=nomination.consent_answered,
        live=None,
    )
