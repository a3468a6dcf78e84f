"""Nominating: starting a nomination (a draft) for a track in a cycle whose window is open, of a
known contributor or of someone new, and changing the draft (the statements, the evidence) while
the window stays open."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.contributions import api as contributions
from distinguished.notifications import api as notifications
from distinguished.people import api as people

from .enums import EVIDENCE_MAX, OPEN_STATES, State
from .mailing import invitation_token, nomination_link
from .models import Evidence, Nomination
from .nominee_answers import current_member_error, listing_answer_error
from .rules import is_nominator, is_nominee
from .transition_rules import check_statement, require_state, require_window


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
    link = nomination_link(existing)
    said = _(
        "%(nominee)s is already nominated for %(track)s in %(cycle)s. Endorse that nomination instead: %(link)s"
    )
    return ValidationError(
        {"nominee": [said % {**params, "link": link}], "existing": [link]},
        code="duplicate",
    )


def _find_live(cycle, track, nominee) -> Nomination | None:
    return Nomination.objects.filter(cycle=cycle, track=track, nominee=nominee, live=True).first()


def _nomination_problems(
    actor, *, cycle, track, nominee, statement: str, evidence: list, list_publicly, self_nomination: bool
) -> dict:
    """What is wrong with a nomination asked for (field → messages): the statement, the evidence, a
    track of another program, a peer nominee with no e-mail address to ask for consent, a current
    member of the track, a self-nominee who does not answer `list_publicly`."""
    errors = {**check_statement(statement), **_check_evidence_items(evidence)}
    if track.program_id != cycle.program_id:
        errors["track"] = [_("That track is not part of this cycle's program.")]
    if not self_nomination and not nominee.email:
        errors["nominee"] = [
            _("%(nominee)s has no e-mail address; the nominee must be asked for consent.")
            % {"nominee": nominee}
        ]
    if "track" not in errors:
        errors.update(current_member_error(actor=actor, nominee=nominee, track=track))
    errors.update(listing_answer_error(list_publicly, asked=self_nomination, who="you"))
    return errors


def _create_draft(
    actor, *, cycle, track, nominee, statement: str, evidence: list, list_publicly, self_nomination: bool
) -> Nomination:
    """The draft and its evidence, inside nominate's transaction; a self-nomination is consented to
    as it is made."""
    nomination = Nomination.objects.create(
        cycle=cycle,
        track=track,
        nominee=nominee,
        nominator=actor,
        self_nomination=self_nomination,
        statement=statement or "",
        nominee_consent=True if self_nomination else None,
        consent_answered=timezone.now() if self_nomination else None,
        list_publicly=list_publicly,
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
    return nomination


def _ask_consent(actor, nomination: Nomination) -> None:
    """E-mails a peer nominee the signed link to accept or decline the nomination."""
    email = nomination.nominee.email
    notifications.notify(
        email,
        "nomination_consent",
        {
            "nomination": nomination,
            "nominator": actor,
            "link": nomination_link(
                nomination,
                "nominations:consent",
                token=invitation_token(nomination, "consent", email),
            ),
        },
    )


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
    require_window(cycle)
    evidence = list(evidence)
    self_nomination = actor.contributor_id == nominee.pk
    errors = _nomination_problems(
        actor,
        cycle=cycle,
        track=track,
        nominee=nominee,
        statement=statement,
        evidence=evidence,
        list_publicly=list_publicly,
        self_nomination=self_nomination,
    )
    if errors:
        raise ValidationError(errors)
    existing = _find_live(cycle, track, nominee)
    if existing is not None:
        raise _duplicate_error(existing, actor)
    try:
        with transaction.atomic():
            nomination = _create_draft(
                actor,
                cycle=cycle,
                track=track,
                nominee=nominee,
                statement=statement,
                evidence=evidence,
                list_publicly=list_publicly if self_nomination else None,
                self_nomination=self_nomination,
            )
            audit.record(
                actor=actor,
                verb="nomination.created",
                obj=nomination,
                to_state=State.DRAFT,
                data={"list_publicly": list_publicly} if self_nomination else None,
            )
            if not self_nomination:
                _ask_consent(actor, nomination)
    except IntegrityError:
        # Two nominators at the same moment: the database kept the first one.
        existing = _find_live(cycle, track, nominee)
        if existing is None:
            raise
        raise _duplicate_error(existing, actor) from None
    return nomination


def nominate_someone_new(
    *,
    actor,
    cycle,
    track,
    new_nominee: dict,
    statement: str = "",
    evidence=(),
    list_publicly: bool | None = None,
) -> Nomination:
    """Nominate someone the program does not know yet: record them (`new_nominee`: the kind, name
    and e-mail of `people.api.register_nominee`, and a person's organization) and start the
    nomination in one transaction, so that a refused nomination leaves no newly recorded nominee
    behind. A problem with the new nominee is named `nominee_new.<field>` (`nominee_new` for the
    whole), any other as `nominate` names it."""
    with transaction.atomic():
        try:
            nominee = people.register_nominee(actor=actor, **new_nominee)
        except ValidationError as error:
            raise ValidationError(
                {
                    "nominee_new" if field == "__all__" else f"nominee_new.{field}": messages
                    for field, messages in error.message_dict.items()
                }
            ) from None
        return nominate(
            actor=actor,
            cycle=cycle,
            track=track,
            nominee=nominee,
            statement=statement,
            evidence=evidence,
            list_publicly=list_publicly,
        )


def update_nomination(*, actor, nomination: Nomination, **fields) -> Nomination:
    """Change the statement (nominator) or the nominee's addition (nominee) while the window is
    open; audited."""
    if not actor.has_perm("nominations.edit_nomination", nomination):
        raise PermissionDenied(_("Only the nominator and the nominee change a nomination."))
    require_state(nomination, OPEN_STATES, "changed", actor)
    require_window(nomination.cycle)
    errors = _edit_problems(actor, nomination, fields)
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


def _edit_problems(actor, nomination: Nomination, fields: dict) -> dict:
    """What is wrong with the fields an edit gives (field → messages): a field that is not a
    statement, one the actor does not write (the nominator writes `statement`, the nominee
    `nominee_statement`), a statement too long."""
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
            errors.update(check_statement(value or "", name))
    return errors


def add_evidence(*, actor, nomination: Nomination, kind, date, title, url) -> Evidence:
    if not actor.has_perm("nominations.edit_nomination", nomination):
        raise PermissionDenied(_("Only the nominator and the nominee add evidence."))
    require_state(nomination, OPEN_STATES, "changed", actor)
    require_window(nomination.cycle)
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
    require_state(nomination, OPEN_STATES, "changed", actor)
    require_window(nomination.cycle)
    with transaction.atomic():
        deleted, _kinds = Evidence.objects.filter(nomination=nomination, pk=evidence_id).delete()
        if not deleted:
            raise Evidence.DoesNotExist(f"No evidence {evidence_id} on this nomination.")
        audit.record(
            actor=actor, verb="nomination.evidence_removed", obj=nomination, data={"evidence": evidence_id}
        )
        contributions.forget_evidence(actor=actor, nomination_id=nomination.pk, item_id=evidence_id)
