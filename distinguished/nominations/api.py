"""Nominations: nominate, consent, endorse, submit, withdraw, screen.

Every transition (`draft → submitted → eligible | ineligible`, `draft | submitted → withdrawn`) is
one function here: it checks who acts and in which phase, changes rows in one transaction, writes
the audit event and sends its e-mail on commit. An illegal transition raises TransitionError naming
the current state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.contributions import api as contributions
from distinguished.core.errors import TransitionError
from distinguished.notifications import api as notifications
from distinguished.people import api as people
from distinguished.program import api as program
from distinguished.program.api import human

from . import conflicts, eligibility, moves, rules, signals
from .agenda import NominationAgenda, nomination_agenda
from .cycle_choice import cycle_to_nominate_in, none_open_message
from .decision_notice import (
    announce_decisions,
    decision_for,
    history_seen_by,
    seen_state,
    seen_state_filter,
    seen_state_label,
)
from .enums import (
    DECIDED_STATES,
    DECISION_STATES,
    DELIBERATED_STATES,
    ENDORSEMENT_MAX,
    EVIDENCE_MAX,
    OPEN_STATES,
    REQUESTS_MAX,
    REVIEW_STATES,
    STATEMENT_MAX,
    State,
)
from .exports import nomination_columns, nominations_table
from .filters import NominationFilter
from .models import Endorsement, EndorsementRequest, Evidence, Nomination
from .nominee_answers import LISTING_QUESTION, current_member_error, listing_answer_error
from .outcomes import *  # noqa: F403 - after deliberation: approval, awards, carrying (outcomes.__all__)
from .rules import (
    DELIBERATION_PHASES,
    has_panel_role,
    is_chair,
    is_nominator,
    is_nominee,
    is_program_admin,
    is_screener,
)
from .screening import screening_nominations, screening_rows
from .search import search_nominations
from .stats import *  # noqa: F403 - nominations in figures, for the dashboard: the names in stats.__all__

__all__ = [
    "LISTING_QUESTION",
    "RULES",
    "Nomination",
    "NominationAgenda",
    "NominationFilter",
    "State",
    "accept_invitation",
    "add_evidence",
    "announce_decisions",
    "answer_consent",
    "as_created",
    "checks_for",
    "cycle_to_nominate_in",
    "decision_for",
    "eligibility_of",
    "endorse",
    "get_nomination",
    "history_of",
    "history_seen_by",
    "invitation_of",
    "invitation_previews",
    "invitation_token",
    "nominate",
    "nomination_agenda",
    "nomination_columns",
    "nominations_export",
    "nominations_for",
    "nominations_for_review",
    "none_open_message",
    "own_nominations",
    "register_assignment_provider",
    "register_conflict_provider",
    "remove_evidence",
    "request_endorsements",
    "scorecard_of",
    "screen",
    "screening_nominations",
    "screening_queue",
    "screening_rows",
    "search_nominations",
    "seen_state",
    "seen_state_filter",
    "seen_state_label",
    "signals",
    "start_review",
    "submit_nomination",
    "update_nomination",
    "verify_token",
    "visible_nomination",
    "was_submitted",
    "window_error",
    "withdraw",
]

RULES = eligibility.RULES
register_conflict_provider = conflicts.register
register_assignment_provider = conflicts.register_assignments
own_nominations = conflicts.own_nominations

TOKEN_SALT = "distinguished.nominations"
TOKEN_MAX_AGE = 60 * 60 * 24 * 60  # 60 days: longer than any nomination window


# --- Tokens: the signed links in e-mails -------------------------------------------------


def invitation_token(nomination: Nomination, purpose: str, email: str = "") -> str:
    """A signed token for a link: `consent` (to the nominee) or `endorse` (to an invitee)."""
    return signing.dumps(
        {"n": nomination.pk, "p": purpose, "e": email.lower()}, salt=TOKEN_SALT, compress=True
    )


def verify_token(token: str, nomination: Nomination, purpose: str) -> bool:
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return False
    return data.get("n") == nomination.pk and data.get("p") == purpose


def _link(nomination: Nomination, name: str = "nominations:nomination", **query) -> str:
    path = reverse(name, args=[nomination.pk])
    if query:
        path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return path


# --- Reading -----------------------------------------------------------------------------


def _base():
    return Nomination.objects.select_related("cycle", "track", "nominee__organization", "nominator")


def get_nomination(nomination_id) -> Nomination:
    return eligibility.prefetch(_base()).prefetch_related("endorsement_requests").get(pk=nomination_id)


def as_created(nomination: Nomination) -> Nomination:
    """The nomination `nominate` returned (holding its cycle, track and parties) with the related
    rows `get_nomination` gives, without reading the nomination again: its evidence read back (the
    ids, in order), and no endorsements or invitations, as it was made."""
    prefetch_related_objects(
        [nomination],
        "evidence",
        Prefetch("endorsements", queryset=Endorsement.objects.none()),
        Prefetch("endorsement_requests", queryset=EndorsementRequest.objects.none()),
    )
    return nomination


def was_submitted(nomination: Nomination) -> bool:
    """Submitted once: from then on the panel may know of it (a draft, and a nomination withdrawn
    as a draft, stay private to their parties)."""
    return bool(rules.was_submitted(None, nomination))


def visible_nomination(user, nomination_id) -> Nomination:
    """The nomination if `user` may see it; `Nomination.DoesNotExist` otherwise, the same answer
    as for an id that does not exist, so ids reveal nothing."""
    nomination = get_nomination(nomination_id)
    if not user.has_perm("nominations.view_nomination", nomination):
        raise Nomination.DoesNotExist("No such nomination.")
    return nomination


def nominations_for(user, *, cycle=None, track=None, state=None):
    """The nominations a user may list, as `rules.can_see_nomination` says: admins all; the chair
    every submitted one; a panelist those assigned to them and, from deliberation on, every one in
    review or decided; the approver every decided one (the final lists); a member their own (as
    nominator or nominee) and those they were invited to endorse. A conflict hides a nomination
    from the panel role, never from its own nominator, nominee or invited endorsers."""
    queryset = eligibility.prefetch(_base()).prefetch_related("endorsement_requests")
    mine = Q(nominator_id=user.pk) | Q(endorsement_requests__accepted_by_id=user.pk)
    if user.contributor_id:
        mine |= Q(nominee_id=user.contributor_id)
    if is_program_admin(user) or is_chair(user):
        hidden = conflicts.hidden_from(user)
        staff = ~Q(pk__in=hidden) if hidden else None
        if not is_program_admin(user):
            # The chair's business starts at submission (`rules.was_submitted`).
            submitted = ~Q(state=State.DRAFT) & ~Q(state=State.WITHDRAWN, submitted__isnull=True)
            staff = submitted if staff is None else staff & submitted
        if staff is not None:
            queryset = queryset.filter(staff | mine).distinct()
    elif has_panel_role(user) or people.is_approver(user):
        panel = Q()
        if has_panel_role(user):
            deliberating = [c.pk for c in program.cycles() if c.phase in DELIBERATION_PHASES]
            panel |= Q(pk__in=conflicts.assigned_to(user)) | Q(
                cycle_id__in=deliberating, state__in=DELIBERATED_STATES
            )
        if people.is_approver(user):
            panel |= Q(state__in=DECIDED_STATES)  # the final lists they sign off
        hidden = conflicts.hidden_from(user)
        if hidden:
            panel &= ~Q(pk__in=hidden)
        queryset = queryset.filter(panel | mine).distinct()
    else:
        queryset = queryset.filter(mine).distinct()
    if cycle:
        queryset = queryset.filter(cycle__slug=cycle)
    if track:
        queryset = queryset.filter(track__code=track)
    if state:
        queryset = seen_state_filter(queryset, user, state)
    return queryset.order_by("-created", "-id")


def nominations_export(
    user, *, cycle: str = "", track: str = "", state: str = "", q: str = "", more_columns=()
):
    """The nominations `user` may list, filtered as the list is (the cycle, the track, the state
    as `user` reads it, words), as a `core.exports.Table` read in chunks (`exports.py`);
    `more_columns` go after the list's own (the review app's scores). The filters are validated
    by the caller, as the API list's FilterSet does: an unknown cycle or track lists nothing."""
    listed = nominations_for(user, cycle=cycle or None, track=track or None, state=state or None)
    return nominations_table(user, search_nominations(listed, q), more_columns=more_columns)


def nominations_for_review(cycle):
    """The cycle's nominations from screening on (eligible and after), with nominee and endorsements."""
    return eligibility.prefetch(_base()).filter(cycle=cycle, state__in=REVIEW_STATES).order_by("id")


def start_review(*, actor, nomination_ids) -> int:
    """eligible → in_review for the nominations given reviewers; audited. Returns how many moved."""
    moved = 0
    with transaction.atomic():
        for nomination in Nomination.objects.filter(pk__in=list(nomination_ids), state=State.ELIGIBLE):
            moves.move(
                actor=actor, nomination=nomination, to=State.IN_REVIEW, verb="nomination.review_started"
            )
            moved += 1
    return moved


def history_of(nomination: Nomination):
    """The audit events of a nomination, newest first."""
    return audit.events_for(nomination)


def scorecard_of(nomination: Nomination):
    """The nominee's key results for the nomination's track over the cycle's window."""
    return contributions.scorecard(nomination.nominee, nomination.track, cycle=nomination.cycle)


def checks_for(nominations) -> dict[int, list[eligibility.Check]]:
    return eligibility.checks_for(nominations)


def eligibility_of(nomination: Nomination) -> dict:
    checks = eligibility.checks_for([nomination])[nomination.pk]
    return {"checks": [check.as_dict() for check in checks], "eligible": all(c.passed for c in checks)}


def screening_queue(cycle, *, track: str = "", failed: str = "", q: str = "", viewer=None):
    """The cycle's nominations awaiting or under screening, each with its checks:
    [(nomination, checks)], filtered by track, by a failed rule and by words (`search.py`: the
    nominee, the track or the nominator). The whole queue; the screening list reads a page of
    `screening_nominations` and the checks of that page's rows (`screening_rows`)."""
    return screening_rows(screening_nominations(cycle, viewer=viewer, track=track, failed=failed, q=q))


# --- Rules shared by the transitions -------------------------------------------------------


def window_error(cycle) -> str | None:
    """Why nominations cannot be made or changed now, or None when the window is open."""
    phase = cycle.phase
    if phase == program.Phase.NOMINATIONS_OPEN:
        return None
    if phase == program.Phase.SETUP:
        return _("Nominations for %(cycle)s open on %(date)s.") % {
            "cycle": cycle.name,
            "date": human(cycle.nominations_open),
        }
    return _("Nominations for %(cycle)s closed on %(date)s.") % {
        "cycle": cycle.name,
        "date": human(cycle.nominations_close),
    }


def _require_window(cycle) -> None:
    error = window_error(cycle)
    if error:
        raise ValidationError({"cycle": [error]})


def _require_state(nomination: Nomination, allowed: Iterable[str], doing: str, reader=None) -> None:
    """Refuse, naming the state as `reader` (the party acting) reads it: never an untold decision."""
    if nomination.state not in allowed:
        raise moves.refusal(nomination, doing, reader)


def _check_statement(statement: str, field: str = "statement") -> dict:
    if len(statement or "") > STATEMENT_MAX:
        return {
            field: [
                _("Keep the statement under %(max)s characters (it has %(length)s).")
                % {"max": f"{STATEMENT_MAX:,}", "length": f"{len(statement):,}"}
            ]
        }
    return {}


def _check_evidence_items(items) -> dict:
    errors = {}
    if len(items) > EVIDENCE_MAX:
        return {"evidence": [_("At most %(max)s evidence items.") % {"max": EVIDENCE_MAX}]}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors[f"evidence[{index}]"] = [_("Give kind, date, title and url.")]
            continue
        problems = contributions.check_evidence(
            kind=item.get("kind", ""),
            date=item.get("date", ""),
            title=item.get("title", ""),
            url=item.get("url", ""),
        )
        if not item.get("url"):
            problems["url"] = [_("Give a link to the evidence.")]
        for field, messages in problems.items():
            errors[f"evidence[{index}].{field}"] = messages
    return errors


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _notify_parties(nomination: Nomination, name: str, context: dict, *, skip_user=None) -> None:
    """E-mail the nominator and the nominee (each once), except `skip_user`."""
    addresses = []
    if nomination.nominator_id != getattr(skip_user, "pk", None):
        addresses.append(nomination.nominator.email)
    # The nominee's account is read only when someone is skipped.
    nominee_user = getattr(nomination.nominee, "user", None) if skip_user is not None else None
    if not (nominee_user is not None and nominee_user.pk == skip_user.pk):
        addresses.append(nomination.nominee.email)
    for address in dict.fromkeys(a.lower() for a in addresses if a):
        notifications.notify(address, name, {"nomination": nomination, "link": _link(nomination), **context})


def _duplicate_error(existing: Nomination, actor) -> ValidationError:
    """The nominee is nominated already: a link to that nomination only for a caller who may see
    it; anyone else learns whom to ask, not where the nomination is."""
    params = {"nominee": existing.nominee, "track": existing.track, "cycle": existing.cycle}
    if not actor.has_perm("nominations.view_nomination", existing):
        said = _(
            "%(nominee)s is already nominated for %(track)s in %(cycle)s. Ask its nominator to invite you to "
            "endorse it."
        )
        return ValidationError({"nominee": [said % params]}, code="duplicate")
    link = _link(existing)
    said = _(
        "%(nominee)s is already nominated for %(track)s in %(cycle)s. Endorse that nomination instead: %(link)s"
    )
    return ValidationError(
        {"nominee": [said % {**params, "link": link}], "existing": [link]},
        code="duplicate",
    )


def _find_live(cycle, track, nominee) -> Nomination | None:
    return Nomination.objects.filter(cycle=cycle, track=track, nominee=nominee, live=True).first()


# --- Transitions ---------------------------------------------------------------------------


def nominate(
    *, actor, cycle, track, nominee, statement: str = "", evidence=(), list_publicly: bool | None = None
) -> Nomination:
    """Start a nomination (a draft) of `nominee` — the actor's own profile for a
    self-nomination — for a track in a cycle whose window is open. A self-nominee answers
    `list_publicly` (if selected, list me in the public directory: required, yes or no); a peer
    nomination leaves it to the nominee, whose consent it asks by e-mail. A current member of the
    track is refused: they renew (the message says how)."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to nominate."))
    _require_window(cycle)
    evidence = list(evidence)
    errors = {**_check_statement(statement), **_check_evidence_items(evidence)}
    if track.program_id != cycle.program_id:
        errors["track"] = [_("That track is not part of this cycle's program.")]
    self_nomination = actor.contributor_id == nominee.pk
    if not self_nomination and not nominee.email:
        errors["nominee"] = [
            _("%(nominee)s has no e-mail address; the nominee must be asked for consent.")
            % {"nominee": nominee}
        ]
    if "track" not in errors:
        errors.update(current_member_error(actor=actor, nominee=nominee, track=track))
    errors.update(listing_answer_error(list_publicly, asked=self_nomination, who="you"))
    if errors:
        raise ValidationError(errors)
    existing = _find_live(cycle, track, nominee)
    if existing is not None:
        raise _duplicate_error(existing, actor)
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                cycle=cycle,
                track=track,
                nominee=nominee,
                nominator=actor,
                self_nomination=self_nomination,
                statement=statement or "",
                nominee_consent=True if self_nomination else None,
                consent_answered=timezone.now() if self_nomination else None,
                list_publicly=list_publicly if self_nomination else None,
            )
            Evidence.objects.bulk_create(
                Evidence(
                    nomination=nomination,
                    kind=item["kind"],
                    date=_as_date(item["date"]),
                    title=item["title"].strip(),
                    url=item["url"],
                    added_by=actor,
                )
                for item in evidence
            )
            audit.record(
                actor=actor,
                verb="nomination.created",
                obj=nomination,
                to_state=State.DRAFT,
                data={"list_publicly": list_publicly} if self_nomination else None,
            )
            if not self_nomination:
                notifications.notify(
                    nominee.email,
                    "nomination_consent",
                    {
                        "nomination": nomination,
                        "nominator": actor,
                        "link": _link(
                            nomination,
                            "nominations:consent",
                            token=invitation_token(nomination, "consent", nominee.email),
                        ),
                    },
                )
    except IntegrityError:
        # Two nominators at the same moment: the database kept the first one.
        existing = _find_live(cycle, track, nominee)
        if existing is None:
            raise
        raise _duplicate_error(existing, actor) from None
    return nomination


def update_nomination(*, actor, nomination: Nomination, **fields) -> Nomination:
    """Change the statement (nominator) or the nominee's addition (nominee) while the window is
    open; audited."""
    if not actor.has_perm("nominations.edit_nomination", nomination):
        raise PermissionDenied(_("Only the nominator and the nominee change a nomination."))
    _require_state(nomination, OPEN_STATES, "changed", actor)
    _require_window(nomination.cycle)
    allowed = set()
    if is_nominator(actor, nomination):
        allowed.add("statement")
    if is_nominee(actor, nomination):
        allowed.add("nominee_statement")
    unknown = set(fields) - {"statement", "nominee_statement"}
    errors = {name: [_("Unknown field.")] for name in unknown}
    for name in set(fields) - unknown - allowed:
        errors[name] = [
            _("Only the nominator writes this.")
            if name == "statement"
            else _("Only the nominee writes this.")
        ]
    for name, value in fields.items():
        if name in allowed:
            errors.update(_check_statement(value or "", name))
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in fields.items() if getattr(nomination, name) != (value or "")]
    with transaction.atomic():
        for name in changed:
            setattr(nomination, name, fields[name] or "")
        nomination.save(update_fields=[*changed, "updated"])
        if changed:
            audit.record(actor=actor, verb="nomination.edited", obj=nomination, data={"changed": changed})
    return nomination


def add_evidence(*, actor, nomination: Nomination, kind, date, title, url) -> Evidence:
    if not actor.has_perm("nominations.edit_nomination", nomination):
        raise PermissionDenied(_("Only the nominator and the nominee add evidence."))
    _require_state(nomination, OPEN_STATES, "changed", actor)
    _require_window(nomination.cycle)
    errors = {
        key.removeprefix("evidence[0]."): messages
        for key, messages in _check_evidence_items(
            [{"kind": kind, "date": date, "title": title, "url": url}]
        ).items()
    }
    if nomination.evidence.count() >= EVIDENCE_MAX:
        errors["evidence"] = [_("At most %(max)s evidence items.") % {"max": EVIDENCE_MAX}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = Evidence.objects.create(
            nomination=nomination,
            kind=kind,
            date=_as_date(date),
            title=title.strip(),
            url=url,
            added_by=actor,
        )
        audit.record(
            actor=actor, verb="nomination.evidence_added", obj=nomination, data={"evidence": item.pk}
        )
        if nomination.state != State.DRAFT:
            contributions.record_evidence(
                actor=actor, contributor=nomination.nominee, nomination_id=nomination.pk, items=[item]
            )
    return item


def remove_evidence(*, actor, nomination: Nomination, evidence_id: int) -> None:
    if not actor.has_perm("nominations.edit_nomination", nomination):
        raise PermissionDenied(_("Only the nominator and the nominee remove evidence."))
    _require_state(nomination, OPEN_STATES, "changed", actor)
    _require_window(nomination.cycle)
    with transaction.atomic():
        deleted, _kinds = Evidence.objects.filter(nomination=nomination, pk=evidence_id).delete()
        if not deleted:
            raise Evidence.DoesNotExist(f"No evidence {evidence_id} on this nomination.")
        audit.record(
            actor=actor, verb="nomination.evidence_removed", obj=nomination, data={"evidence": evidence_id}
        )
        contributions.forget_evidence(actor=actor, nomination_id=nomination.pk, item_id=evidence_id)


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
    by_token = bool(token) and verify_token(token, nomination, "consent")
    if not (is_nominee(actor, nomination) or by_token):
        if not actor.has_perm("nominations.view_nomination", nomination):
            raise Nomination.DoesNotExist("No such nomination.")
        raise PermissionDenied(_("Only the nominee answers this nomination."))
    if nomination.self_nomination:
        raise TransitionError(_("A self-nomination needs no consent."))
    if nomination.nominee_consent is not None:
        raise TransitionError(
            _("The nominee already accepted this nomination.")
            if nomination.nominee_consent
            else _("The nominee already declined this nomination.")
        )
    _require_state(nomination, OPEN_STATES, "answered", actor)
    errors = _check_statement(addition or "", "addition")
    if consent is not True and consent is not False:
        errors["consent"] = [_("Answer true (accept) or false (decline).")]
    elif consent:
        errors.update(listing_answer_error(list_publicly, asked=True, who="you"))
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
        fields = ["nominee_consent", "consent_answered", "updated"]
        if consent:
            nomination.list_publicly = list_publicly
            fields.append("list_publicly")
        if consent and addition:
            nomination.nominee_statement = addition
            fields.append("nominee_statement")
        if consent:
            nomination.save(update_fields=fields)
            audit.record(
                actor=actor if actor.is_authenticated else None,
                verb="nomination.consent_given",
                obj=nomination,
                from_state=nomination.state,
                to_state=nomination.state,
                data={"list_publicly": list_publicly},
            )
        else:
            # Declining withdraws the nomination.
            nomination.live = None
            moves.move(
                actor=actor,
                nomination=nomination,
                to=State.WITHDRAWN,
                verb="nomination.consent_declined",
                doing="answered",
                **{name: getattr(nomination, name) for name in fields if name != "updated"},
                live=None,
            )
        notifications.notify(
            nomination.nominator.email,
            "nomination_consent_answered",
            {"nomination": nomination, "consent": consent, "link": _link(nomination)},
        )
    return nomination


def request_endorsements(*, actor, nomination: Nomination, emails: Iterable[str], message: str = "") -> list:
    """The nominator or nominee asks people by e-mail to endorse; each gets a signed link."""
    if not (is_nominator(actor, nomination) or is_nominee(actor, nomination)):
        raise PermissionDenied(_("Only the nominator and the nominee ask for endorsements."))
    _require_state(nomination, OPEN_STATES, "endorsed", actor)
    # Each address once, whatever its case (the first spelling is kept).
    unique: dict[str, str] = {}
    for email in emails:
        if email and email.strip():
            unique.setdefault(email.strip().lower(), email.strip())
    emails = list(unique.values())
    errors = {}
    if not emails:
        errors["emails"] = [_("Give at least one e-mail address.")]
    elif len(emails) > REQUESTS_MAX:
        errors["emails"] = [_("Ask at most %(max)s people at a time.") % {"max": REQUESTS_MAX}]
    bad = []
    for email in emails:
        try:
            validate_email(email)
        except ValidationError:
            bad.append(email)
    if bad:
        errors.setdefault("emails", []).extend(
            _("“%(email)s” is not an e-mail address.") % {"email": email} for email in bad
        )
    parties = {nomination.nominator.email.lower(), nomination.nominee.email.lower()} - {""}
    if any(email.lower() in parties for email in emails):
        errors.setdefault("emails", []).append(
            _("The nominator and the nominee cannot endorse their own nomination.")
        )
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
                    "link": _link(
                        nomination,
                        "nominations:nomination",
                        token=invitation_token(nomination, "endorse", request.email),
                    ),
                },
            )
    return requests


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
    _require_state(nomination, OPEN_STATES, "endorsed", actor)
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
            _notify_parties(nomination, "endorsement_received", {"endorser": actor})
    except IntegrityError:
        raise ValidationError({"endorser": [_("You have already endorsed this nomination.")]}) from None
    return endorsement


def submit_nomination(*, actor, nomination: Nomination) -> Nomination:
    """draft → submitted: the window is open, the nominee consented, there is a statement and at
    least one piece of evidence. Every unmet rule is named."""
    if not actor.has_perm("nominations.submit_nomination", nomination):
        raise PermissionDenied(_("Only the nominator submits a nomination."))
    moves.require_move(nomination, State.SUBMITTED, reader=actor)
    errors = {}
    window = window_error(nomination.cycle)
    if window:
        errors["cycle"] = [window]
    if nomination.nominee_consent is not True:
        errors["consent"] = [
            _("%(nominee)s has not accepted the nomination yet.") % {"nominee": nomination.nominee}
        ]
    if not nomination.statement.strip():
        errors["statement"] = [_("Write the statement: why this nominee, in the track's own terms.")]
    if not nomination.evidence.exists():
        errors["evidence"] = [_("Add at least one piece of evidence with a link.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        moves.move(
            actor=actor,
            nomination=nomination,
            to=State.SUBMITTED,
            verb="nomination.submitted",
            submitted=timezone.now(),
        )
        # The evidence becomes the nominee's contributions, self-reported until a screener confirms it.
        contributions.record_evidence(
            actor=actor,
            contributor=nomination.nominee,
            nomination_id=nomination.pk,
            items=nomination.evidence.all(),
        )
        _notify_parties(nomination, "nomination_submitted", {})
    return nomination


def withdraw(*, actor, nomination: Nomination, reason: str = "") -> Nomination:
    """draft | submitted → withdrawn, by the nominator or the nominee, before screening."""
    if not actor.has_perm("nominations.withdraw_nomination", nomination):
        raise PermissionDenied(_("Only the nominator or the nominee withdraws a nomination."))
    moves.require_move(nomination, State.WITHDRAWN, reader=actor)
    with transaction.atomic():
        moves.move(
            actor=actor,
            nomination=nomination,
            to=State.WITHDRAWN,
            verb="nomination.withdrawn",
            reason=reason,
            live=None,
        )
        _notify_parties(
            nomination, "nomination_withdrawn", {"actor": actor, "reason": reason}, skip_user=actor
        )
    return nomination


def screen(*, actor, nomination: Nomination, eligible: bool, reason: str = "") -> Nomination:
    """The chair or an admin decides eligible or ineligible in the screening phase; ineligible
    needs a reason, which reaches the nominee by e-mail."""
    if not actor.has_perm("nominations.view_nomination", nomination):
        raise Nomination.DoesNotExist("No such nomination.")
    if not is_screener(actor, nomination):
        raise PermissionDenied(
            _("Only the panel chair or a program admin without a conflict screens this nomination.")
        )
    moves.require_move(nomination, State.ELIGIBLE, State.INELIGIBLE)
    errors = {}
    if nomination.cycle.phase != program.Phase.SCREENING:
        errors["cycle"] = [
            _("%(cycle)s is in the %(phase)s phase; screening happens in the screening phase.")
            % {"cycle": nomination.cycle, "phase": nomination.cycle.get_phase_display().lower()}
        ]
    if eligible is not True and eligible is not False:
        errors["eligible"] = [_("Answer true (eligible) or false (ineligible).")]
    if eligible is False and not (reason or "").strip():
        errors["reason"] = [_("Say why the nomination is ineligible; the nominee reads it.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        moves.move(
            actor=actor,
            nomination=nomination,
            to=State.ELIGIBLE if eligible else State.INELIGIBLE,
            verb="nomination.screened",
            reason=(reason or "").strip(),
            screened=timezone.now(),
            screened_by=actor,
            screening_reason=(reason or "").strip(),
        )
        _notify_parties(
            nomination, "nomination_screened", {"eligible": eligible, "reason": nomination.screening_reason}
        )
    return nomination


# --- Decisions -------------------------------------------------------------------------------


def decide(*, actor, nomination: Nomination, outcome: str, rationale: str, feedback: str = "") -> Nomination:
    """in_review (or eligible without reviewers) → selected | declined | deferred, or a change of
    that decision: the state, who
    decided and when, the rationale (for the panel) and the feedback (for the nominee, read at the
    announcement); audited, no e-mail. review.api.record_decision calls this after checking the
    chair's seat, the phase, the quorum and the input."""
    if outcome not in DECISION_STATES:
        raise ValidationError(
            {"outcome": [_("Choose one of %(outcomes)s.") % {"outcomes": ", ".join(DECISION_STATES)}]}
        )
    with transaction.atomic():
        # The cycle first (the approver's sign-off locks it, then the nominations): once the list
        # is signed off, no decision slips in, whatever the caller read before.
        cycle = program.Cycle.objects.select_for_update().get(pk=nomination.cycle_id)
        if cycle.list_signed_off is not None:
            raise ValidationError(
                {
                    "cycle": [
                        _("The final list of %(cycle)s is signed off; its decisions are locked.")
                        % {"cycle": cycle}
                    ]
                }
            )
        rationale, feedback = (rationale or "").strip(), (feedback or "").strip()
        # The nominator and the nominee read their nomination's history: the rationale stays out
        # of the shown reason (the trail keeps it in `data`, which only program admins read).
        moves.move(
            actor=actor,
            nomination=nomination,
            to=outcome,
            verb="nomination.decided",
            data={"rationale": rationale, "feedback": feedback},
            decided=timezone.now(),
            decided_by=actor,
            decision_rationale=rationale,
            decision_feedback=feedback,
        )
    return nomination


# --- Few of the nominations in review: what the panel page reads at any size -----------------------


def nominations_for_review_touching(cycle, *, users=(), contributors=()):
    """The cycle's nominations from screening on, with nominee and endorsements, that one of `users`
    made or endorsed, or whose nominee is one of `contributors` or belongs to one (an organization):
    the few a panel's conflicts of interest can rest on, in two queries whatever the cycle's size."""
    users, contributors = list(users), list(contributors)
    endorsed = Endorsement.objects.filter(endorser_id__in=users).values("nomination_id")
    reviewed = _base().filter(cycle=cycle, state__in=REVIEW_STATES).prefetch_related("endorsements")
    return reviewed.order_by("id").filter(
        Q(nominator_id__in=users)
        | Q(pk__in=endorsed)
        | Q(nominee_id__in=contributors)
        | Q(nominee__organization_id__in=contributors)
    )


def find_for_review(cycle, q: str, *, exclude=(), limit: int = 20) -> list[Nomination]:
    """At most `limit` of the cycle's nominations from screening on matching `q`: its number (“42”
    or “#42”) or every word of it in the nominee's name, case aside; by number, leaving out the ids
    in `exclude` (those a conflict hides from the reader). Nothing for an empty `q`."""
    q = (q or "").strip()
    if not q:
        return []
    found = _base().filter(cycle=cycle, state__in=REVIEW_STATES).exclude(pk__in=list(exclude))
    number = q.removeprefix("#").strip()
    if number.isascii() and number.isdigit():
        # A number past any id matches nothing (the database would refuse to compare it).
        found = found.filter(pk=int(number)) if int(number) < 2**63 else found.none()
    else:
        # The nominee's name looked up for each of the cycle's nominations (by its key), not found by
        # scanning every contributor for the words, as PostgreSQL's plan of the join did (190 ms at
        # 100,000 members; 66 ms this way, whatever the number of members).
        name = people.contributors().filter(pk=OuterRef("nominee_id")).order_by().values("name")[:1]
        found = found.annotate(nominee_name=Subquery(name))
        for word in q.split()[:8]:
            found = found.filter(nominee_name__icontains=word)
    return list(found.order_by("id")[:limit])
