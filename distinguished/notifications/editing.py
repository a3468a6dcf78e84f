"""The texts program admins write for the messages: each save a new version, each reset a version
that brings the program's default back, every one audited. Nothing invalid is saved."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from distinguished.audit import api as audit

from .messages import message as message_named
from .models import MessageText
from .rules import may_edit_messages
from .texts import problems


def _check(actor, name: str, language: str):
    if not may_edit_messages(actor):
        raise PermissionDenied(_("Only program admins edit the program's messages."))
    message = message_named(name)  # LookupError: no such message
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(
            {
                "language": _("“%(code)s” is not a language of this site; choose one of: %(codes)s.")
                % {"code": language, "codes": ", ".join(code for code, _name in settings.LANGUAGES)}
            }
        )
    return message


def _tidy(text: str) -> str:
    """Line ends as \n and no trailing spaces (a browser's text area sends \r\n)."""
    return "\n".join(
        line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ).strip()


def newest(name: str, language: str) -> MessageText | None:
    return MessageText.objects.filter(message=name, language=language).order_by("-version").first()


def newest_of_all() -> dict[tuple[str, str], MessageText]:
    """{(message, language): its newest version} of every message text ever written (one query)."""
    found: dict[tuple[str, str], MessageText] = {}
    for text in MessageText.objects.select_related("written_by").order_by("message", "language", "-version"):
        found.setdefault((text.message, text.language), text)
    return found


def version(name: str, language: str, number: int) -> MessageText | None:
    return MessageText.objects.filter(message=name, language=language, version=number).first()


def versions(name: str, language: str):
    """Every version of a message's text in one language, newest first."""
    return (
        MessageText.objects.filter(message=name, language=language)
        .select_related("written_by")
        .order_by("-version")
    )


def written(name: str, languages) -> dict[str, tuple[str, str]]:
    """{language: (subject, body)} of the texts an admin wrote for `name` that are the newest in
    those of `languages` that have one (one query). Not cached: sending happens inside the
    transaction of a change, where a cache could be filled with rows another process is replacing."""
    newest_first = MessageText.objects.filter(message=name, language__in=list(languages)).order_by(
        "language", "-version"
    )
    found: dict[str, tuple[str, str] | None] = {}
    for language, subject, body, is_default in newest_first.values_list(
        "language", "subject", "body", "is_default"
    ):
        if language not in found:
            found[language] = None if is_default else (subject, body)
    return {language: text for language, text in found.items() if text is not None}


def _new_version(actor, name: str, language: str, **fields) -> MessageText:
    latest = (
        MessageText.objects.select_for_update()
        .filter(message=name, language=language)
        .order_by("-version")
        .first()
    )
    if (
        latest is not None
        and latest.is_default == fields.get("is_default", False)
        and (latest.is_default or (latest.subject, latest.body) == (fields["subject"], fields["body"]))
    ):
        return latest  # nothing changes: no version, no event
    try:
        with transaction.atomic():
            text = MessageText.objects.create(
                message=name,
                language=language,
                version=(latest.version + 1) if latest else 1,
                written_by=actor,
                **fields,
            )
    except IntegrityError:
        raise ValidationError(
            _("Someone saved this message at the same moment; reload it and try again.")
        ) from None
    audit.record(
        actor=actor,
        verb="message.text_reset" if text.is_default else "message.text_changed",
        obj=text,
        from_state=f"v{latest.version}" if latest else "default",
        to_state="default" if text.is_default else f"v{text.version}",
        data={"message": name, "language": language},
    )
    return text


def save_text(*, actor, name: str, language: str, subject: str, body: str) -> MessageText:
    """Write a new version of a message's subject and body in `language`; a ValidationError names
    each problem (an unknown placeholder by its name) and saves nothing."""
    message = _check(actor, name, language)
    subject, body = subject.strip(), _tidy(body)
    found = problems(message, subject, body)
    if found:
        raise ValidationError(found)
    with transaction.atomic():
        return _new_version(actor, name, language, subject=subject, body=body)


def reset_text(*, actor, name: str, language: str) -> MessageText | None:
    """Send the program's default text again in `language` (a version that says so); None when
    no admin ever wrote one."""
    _check(actor, name, language)
    with transaction.atomic():
        if not MessageText.objects.filter(message=name, language=language).exists():
            return None
        return _new_version(actor, name, language, subject="", body="", is_default=True)
