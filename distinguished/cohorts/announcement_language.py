"""The language an announcement's public text is written in: chosen by the admin who announces
the cohort (the site's default unless they choose), and changeable afterwards by a program admin.
The announcement's page, its JSON and its feed entry are written in it; the page around the text
follows its reader's language as every page does."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.people import api as people

from .models import Announcement


def announcement_language(code: str) -> str:
    """`code` checked (a ValidationError on `language` names those offered); "" is the site's default."""
    return people.check_language(code) if code else settings.LANGUAGE_CODE


def choose_announcement_language(*, actor, announcement: Announcement, language: str) -> Announcement:
    """Write the announcement's public text in `language` from now on (program admins); audited
    `announcement.language_chosen`. Choosing the language it has changes nothing."""
    if not actor.has_perm("cohorts.run_announcement"):
        raise PermissionDenied(_("Only program admins choose the language of an announcement."))
    code = announcement_language(language)
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if locked.language != code:
            previous, locked.language = locked.language, code
            locked.save(update_fields=["language"])
            audit.record(
                actor=actor,
                verb="announcement.language_chosen",
                obj=locked.cycle,
                from_state=previous,
                to_state=code,
            )
    announcement.language = code
    return announcement
