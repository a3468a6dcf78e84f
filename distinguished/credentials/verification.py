"""Verifying a credential: that this program issued and signed it and it is unchanged (the proof,
with the keys of the issuer Profile), its shape (the Open Badges 3.0 JSON schema), its dates and its
revocation bit. What was sent is read into a document by `submissions.py`; this module never raises
for a bad credential: every problem is a sentence in the answer."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jsonschema import Draft201909Validator, FormatChecker

from distinguished.program import api as program

from . import documents, multikey, signing
from .models import Credential, IssuerKey, StatusList

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


class Status:
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    TAMPERED = "tampered"
    INVALID = "invalid"
    NOT_YET_VALID = "not_yet_valid"


# The worst problem names the answer.
SEVERITY = [Status.TAMPERED, Status.INVALID, Status.REVOKED, Status.EXPIRED, Status.NOT_YET_VALID]
STATUS_WORDS = {
    Status.VALID: gettext_lazy(
        "Valid: the program issued this credential, it is unchanged, current and not revoked."
    ),
    Status.EXPIRED: gettext_lazy(
        "Expired: the program issued this credential and it is unchanged, but its term has ended."
    ),
    Status.REVOKED: gettext_lazy("Revoked: the program issued this credential but has revoked it."),
    Status.TAMPERED: gettext_lazy(
        "Tampered: this credential was changed after it was signed, or not signed by the program."
    ),
    Status.INVALID: gettext_lazy("Not valid: this is not a credential the program can vouch for."),
    Status.NOT_YET_VALID: gettext_lazy(
        "Not valid yet: the program issued this credential and it is unchanged, but its term has not "
        "started (a renewal granted before the current term ends)."
    ),
}


@dataclass
class Verification:
    status: str
    errors: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.status == Status.VALID

    @property
    def words(self) -> str:
        return STATUS_WORDS[self.status]

    def as_dict(self) -> dict:
        return {
            "valid": self.valid,
            "status": self.status,
            "summary": self.words,
            "errors": self.errors,
            "credential": self.summary,
        }


def _date_time_format(value) -> bool:
    return not isinstance(value, str) or signing.parse_timestamp(value) is not None


@functools.cache
def _validator(name: str) -> Draft201909Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    checker = FormatChecker()
    # jsonschema checks date-time only with an optional package; the credential's own rule instead.
    checker.checks("date-time")(_date_time_format)
    return Draft201909Validator(schema, format_checker=checker)


def schema_errors(document, schema: str = "achievementcredential") -> list[str]:
    """What the OB 3.0 JSON schema ("achievementcredential" or "profile") finds wrong, in words."""
    errors = sorted(_validator(schema).iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    messages = []
    for error in errors[:10]:
        where = ".".join(str(part) for part in error.absolute_path) or _("the credential")
        message = error.message if len(error.message) <= 200 else error.message[:200] + "…"
        # The schema's own message stays as jsonschema words it; only its frame is translated.
        messages.append(_("%(where)s: %(message)s") % {"where": where, "message": message})
    return messages


def _text(value, limit: int = 300) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _issuer_of(document: dict) -> tuple[str, str]:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        return _text(issuer.get("id")), _text(issuer.get("name"))
    return _text(issuer), ""


def _summary(document: dict) -> dict:
    """What the credential claims, for the answer (every value a short string)."""
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, dict) else {}
    issuer_id, issuer_name = _issuer_of(document)
    return {
        "id": _text(document.get("id")),
        "name": _text(document.get("name")),
        "issuer": issuer_name or issuer_id,
        "achievement": _text(achievement.get("name")),
        "subject": _text(subject.get("id")),
        "valid_from": _text(document.get("validFrom")),
        "valid_until": _text(document.get("validUntil")),
    }


def _resolve_key(method: str):
    """The public key a verificationMethod names, if it is one of ours."""
    prefix = documents.issuer_id() + "#"
    if not method.startswith(prefix):
        return None
    multibase = method[len(prefix) :]
    if not IssuerKey.objects.filter(public_key_multibase=multibase).exists():
        return None
    try:
        return multikey.public_key_from_multibase(multibase)
    except ValueError:
        return None


def _our_status_list(list_url) -> int | None:
    """The id of our status list at that URL, or None."""
    site = settings.SITE_URL.rstrip("/")
    if not isinstance(list_url, str) or not list_url.startswith(site + "/"):
        return None
    try:
        match = resolve(list_url[len(site) :])
    except Resolver404:
        return None
    if match.view_name != "credentials:status-list":
        return None
    return match.kwargs["status_list_id"]


def _entry_problem(entry) -> tuple[str, str] | None:
    """What is wrong with one credentialStatus entry: not a status list entry of ours, an index
    outside the list, or a credential the program revoked; None when nothing is."""
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return (Status.INVALID, _("Its credentialStatus is not a BitstringStatusListEntry."))
    list_id = _our_status_list(entry.get("statusListCredential"))
    index = entry.get("statusListIndex")
    if list_id is None:
        return (
            Status.INVALID,
            _("Its status list is not one this program publishes, so its revocation cannot be checked."),
        )
    if not (isinstance(index, str) and re.fullmatch(r"[0-9]{1,10}", index)):
        return (Status.INVALID, _("Its statusListIndex is not a number written as a string."))
    status_list = StatusList.objects.filter(pk=list_id).only("size").first()
    if status_list is None or int(index) >= status_list.size:
        return (Status.INVALID, _("Its status list entry points outside any list this program publishes."))
    revoked = (
        Credential.objects.filter(status_list_id=list_id, status_index=int(index), revoked__isnull=False)
        .values_list("revoked", flat=True)
        .first()
    )
    if revoked is not None and entry.get("statusPurpose") in ("revocation", "suspension"):
        day = program.human(timezone.localdate(revoked))
        return (Status.REVOKED, _("The program revoked this credential on %(day)s.") % {"day": day})
    return None


def _status_problems(document: dict) -> list[tuple[str, str]]:
    """What is wrong with each of the credential's status entries, in their order."""
    entries = document.get("credentialStatus")
    if entries is None:
        return []
    entries = entries if isinstance(entries, list) else [entries]
    return [problem for problem in map(_entry_problem, entries) if problem is not None]


def verify(document, *, now=None) -> Verification:
    """Check a credential: that this program issued and signed it and it is unchanged (proof), its
    shape (the OB 3.0 JSON schema), its dates and its revocation bit. Never raises for a bad one."""
    if not isinstance(document, dict):
        return Verification(Status.INVALID, [_("A credential is a JSON object.")])
    now = now or timezone.now()
    summary = _summary(document)
    problems = _type_problems(document)
    not_ours = _issuer_problem(document)
    if not_ours is not None:
        return _answer([*problems, not_ours], summary)
    check = signing.verify_proofs(document, _resolve_key)
    problems += [(Status.TAMPERED, error) for error in check.errors]
    problems += [
        (Status.INVALID, _("Not an Open Badges 3.0 credential: %(error)s") % {"error": e})
        for e in schema_errors(document)
    ]
    problems += _date_problems(document, now)
    problems += _status_problems(document)
    return _answer(problems, summary)


def _type_problems(document: dict) -> list[tuple[str, str]]:
    types = document.get("type")
    types = {t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
    if "VerifiableCredential" in types and types & {"OpenBadgeCredential", "AchievementCredential"}:
        return []
    return [
        (
            Status.INVALID,
            _("This is not an Open Badges 3.0 credential: its type is not OpenBadgeCredential."),
        )
    ]


def _issuer_problem(document: dict) -> tuple[str, str] | None:
    """The problem of a credential another issuer issued (None when this program issued it)."""
    issuer_id, _name = _issuer_of(document)
    ours = documents.issuer_id()
    if issuer_id == ours:
        return None
    name = documents.issuer_info(program.program_settings())["name"]
    message = (
        _(
            "This service verifies the credentials of the %(name)s (issuer %(ours)s); "
            "this one names %(issuer)s as its issuer."
        )
        if issuer_id
        else _(
            "This service verifies the credentials of the %(name)s (issuer %(ours)s); "
            "this one names no issuer as its issuer."
        )
    )
    return (Status.INVALID, message % {"name": name, "ours": ours, "issuer": issuer_id})


def _date_problems(document: dict, now) -> list[tuple[str, str]]:
    """Its validFrom and validUntil: dates and times, the first passed, the second not yet."""
    problems = []
    valid_from = signing.parse_timestamp(document.get("validFrom"))
    if valid_from is None:
        problems.append((Status.INVALID, _("Its validFrom is not a date and time.")))
    elif now < valid_from:
        problems.append(
            (
                Status.NOT_YET_VALID,
                _("It is not valid before %(day)s, when its term starts.")
                % {"day": program.human(valid_from.date())},
            )
        )
    if "validUntil" not in document:
        return problems
    valid_until = signing.parse_timestamp(document.get("validUntil"))
    if valid_until is None:
        problems.append((Status.INVALID, _("Its validUntil is not a date and time.")))
    elif now > valid_until:
        day = program.human(valid_until.date())
        problems.append(
            (Status.EXPIRED, _("It expired on %(day)s: the term it recognizes has ended.") % {"day": day})
        )
    return problems


def _answer(problems: list[tuple[str, str]], summary: dict) -> Verification:
    status = next((kind for kind in SEVERITY if any(k == kind for k, _ in problems)), Status.VALID)
    ordered = [message for kind in SEVERITY for k, message in problems if k == kind]
    return Verification(status, ordered, summary)
