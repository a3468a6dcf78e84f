"""`distinguished demo-data` builds a realistic program to click through, and is idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from distinguished.cohorts import api as cohorts
from distinguished.people.models import Contributor, User, UserRole
from distinguished.program import api as program
from distinguished.program.enums import Phase


@pytest.mark.django_db
def test_demo_data_makes_contributors_accounts_for_every_role_and_an_open_cycle(settings, mailoutbox):
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert 35 <= Contributor.objects.count() <= 45
    tiers = set(Contributor.objects.filter(kind="organization").values_list("size_tier", flat=True))
    assert tiers == {"larger", "smaller"}
    assert Contributor.objects.filter(kind="person", organization__isnull=False).exists()
    roles = set(UserRole.objects.values_list("role", flat=True))
    assert {"chair", "panelist", "approver"} <= roles
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="member").contributor is not None
    assert program.current_cycle().phase == Phase.NOMINATIONS_OPEN
    printed = out.getvalue()
    for username in ("admin", "chair", "panelist", "approver", "member"):
        assert f"  {username} " in printed
    assert "open-edx-demo" in printed
    assert mailoutbox == []  # a bulk load e-mails nobody
    # The first cohort (July 2025) is recorded and its announcement published.
    first = cohorts.announcement_of(program.get_cycle("2025"))
    assert first.recorded and len(cohorts.memberships_of(first)) == 9
    # The self-nominee answered the listing question (issue 13); peer nominees answer when accepting.
    from distinguished.nominations.models import Nomination

    assert list(Nomination.objects.filter(self_nomination=True).values_list("list_publicly", flat=True)) == [
        True
    ]
    assert not Nomination.objects.filter(self_nomination=False, list_publicly__isnull=False).exists()


@pytest.mark.django_db
def test_demo_data_is_idempotent(settings):
    settings.DEBUG = True
    call_command("demo_data", "--quiet", stdout=StringIO())
    counts = Contributor.objects.count(), User.objects.count(), program.cycles().count()
    out = StringIO()
    call_command("demo_data", "--quiet", stdout=out)
    assert (Contributor.objects.count(), User.objects.count(), program.cycles().count()) == counts
    assert "0 new records" in out.getvalue()


@pytest.mark.django_db
def test_demo_data_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="well-known passwords"):
        call_command("demo_data", stdout=StringIO())
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_demo_panel_is_valid(settings):
    from distinguished.review import api as review

    settings.DEBUG = True
    call_command("demo_data", "--quiet", stdout=StringIO())
    status = review.panel_status(program.current_cycle())
    assert status["valid"], status["problems"]
