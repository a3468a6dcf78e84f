"""What the steps of a cycle's approval and announcement share: the cycle's row lock, AlreadyDone
for a step that happens once per cycle, the refusal once the cohort is announced (also when a racing
request announced it meanwhile), and the links to the cycle's pages in the e-mails."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from distinguished.core.errors import TransitionError
from distinguished.program import api as program

from .models import Announcement


class AlreadyDone(TransitionError):
    """A step that happens once per cycle was done already (the REST API answers 409)."""


def _lock(cycle):
    return program.lock_cycle(cycle.pk)


def _refuse_if_announced(cycle) -> None:
    announced = Announcement.objects.select_related("cycle").filter(cycle=cycle).first()
    if announced is not None:
        raise _already_announced(announced)


@contextmanager
def _announcing_once(cycle):
    """The transaction of an announcement, under the cycle's row lock (yielded): AlreadyDone when
    the cycle is announced already — also when a racing request announced it meanwhile."""
    try:
        with transaction.atomic():
            locked = _lock(cycle)
            _refuse_if_announced(cycle)
            yield locked
    except IntegrityError:
        again = Announcement.objects.select_related("cycle").filter(cycle=cycle).first()
        if again is None:
            raise
        raise _already_announced(again) from None


def _already_announced(announced: Announcement) -> AlreadyDone:
    return AlreadyDone(
        _("%(cycle)s was announced on %(date)s; announcing again would create nothing.")
        % {"cycle": announced.cycle, "date": program.human(announced.date)}
    )


def _link(name: str, cycle) -> str:
    return reverse(name, args=[cycle.slug])
