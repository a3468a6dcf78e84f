"""Cycle rules: the timeline's order, the phase derived from the dates, the audited override,
the current cycle and per-cycle targets (program.api)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from distinguished.audit.models import AuditEvent
from distinguished.program import api
from distinguished.program.enums import Phase
from distinguished.program.models import Cycle, CycleTarget
from distinguished.program.timeline import phase_on, timeline_errors

from ..factories import CycleFactory

DATES = {
    "nominations_open": dt.date(2026, 3, 1),
    "nominations_close": dt.date(2026, 4, 15),
    "screening_due": dt.date(2026, 4, 30),
    "review_due": dt.date(2026, 5, 20),
    "deliberation_due": dt.date(2026, 6, 5),
    "approval_due": dt.date(2026, 6, 15),
    "announcement_date": dt.date(2026, 7, 1),
    "closes_on": dt.date(2026, 7, 31),
}


@pytest.mark.parametrize(
    ("day", "phase"),
    [
        ("2026-02-28", Phase.SETUP),
        ("2026-03-01", Phase.NOMINATIONS_OPEN),
        ("2026-04-15", Phase.NOMINATIONS_OPEN),
        ("2026-04-16", Phase.SCREENING),
        ("2026-04-30", Phase.SCREENING),
        ("2026-05-01", Phase.REVIEW),
        ("2026-05-20", Phase.REVIEW),
        ("2026-05-21", Phase.DELIBERATION),
        ("2026-06-05", Phase.DELIBERATION),
        ("2026-06-06", Phase.APPROVAL),
        ("2026-06-30", Phase.APPROVAL),
        ("2026-07-01", Phase.ANNOUNCED),
        ("2026-07-31", Phase.ANNOUNCED),
        ("2026-08-01", Phase.CLOSED),
    ],
)
def test_phase_follows_the_dates_each_date_being_the_last_day_of_its_phase(day, phase):
    assert phase_on(DATES, dt.date.fromisoformat(day)) == phase


def test_phase_closes_thirty_days_after_the_announcement_by_default():
    dates = {**DATES, "closes_on": None}
    assert phase_on(dates, dt.date(2026, 7, 31)) == Phase.ANNOUNCED
    assert phase_on(dates, dt.date(2026, 8, 1)) == Phase.CLOSED


def test_a_good_timeline_has_no_errors():
    assert timeline_errors(DATES) == {}


@pytest.mark.parametrize(
    "field",
    ["nominations_close", "screening_due", "review_due", "deliberation_due", "approval_due"],
)
def test_each_phase_must_last_at_least_a_day(field):
    fields = list(DATES)
    previous = fields[fields.index(field) - 1]
    errors = timeline_errors({**DATES, field: DATES[previous]})
    assert list(errors) == [field]
    assert "must come after" in errors[field][0]


def test_announcement_may_fall_on_the_last_day_of_approval_but_not_before():
    assert timeline_errors({**DATES, "announcement_date": DATES["approval_due"]}) == {}
    errors = timeline_errors({**DATES, "announcement_date": DATES["approval_due"] - dt.timedelta(days=1)})
    assert errors["announcement_date"] == [
        "Announcement (14 June 2026) must come on or after approval ends (15 June 2026)."
    ]


def test_a_missing_date_is_named():
    errors = timeline_errors({**DATES, "review_due": None})
    assert errors["review_due"] == ["Review ends: give a date."]


@pytest.mark.django_db
def test_create_cycle_starts_targets_at_the_definition_defaults_and_is_audited(admin_user):
    cycle = api.create_cycle(actor=admin_user, slug="2026", name="2026 cohort", **DATES)
    targets = {t.key_result.qualified_code: t.target for t in api.targets_of(cycle)}
    assert len(targets) == 21
    assert targets["engineer.major_prs"] == Decimal("6")
    assert targets["partner.funding"] == Decimal("25000")
    event = AuditEvent.objects.get(verb="cycle.created", object_id=str(cycle.pk))
    assert event.actor == admin_user


@pytest.mark.django_db
def test_create_cycle_refuses_bad_timeline_and_stores_nothing(admin_user):
    before = Cycle.objects.count(), CycleTarget.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        api.create_cycle(
            actor=admin_user, slug="2026", name="2026", **{**DATES, "review_due": DATES["screening_due"]}
        )
    assert "review_due" in info.value.message_dict
    assert (Cycle.objects.count(), CycleTarget.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_create_cycle_refuses_a_taken_slug(admin_user):
    with pytest.raises(ValidationError) as info:
        api.create_cycle(actor=admin_user, slug="2025", name="Again", **DATES)
    assert info.value.message_dict["slug"] == ["A cycle “2025” already exists."]


@pytest.mark.django_db
def test_only_admins_create_cycles(member, panelist, chair):
    for user in (member, panelist, chair):
        with pytest.raises(PermissionDenied):
            api.create_cycle(actor=user, slug="x", name="x", **DATES)


@pytest.mark.django_db
def test_a_superuser_is_a_program_admin(superuser):
    assert api.create_cycle(actor=superuser, slug="2026", name="2026 cohort", **DATES).pk


@pytest.mark.django_db
def test_update_cycle_audits_each_changed_field(admin_user):
    cycle = api.create_cycle(actor=admin_user, slug="2026", name="2026 cohort", **DATES)
    api.update_cycle(actor=admin_user, cycle=cycle, name="2026 cohort (Valencia)")
    event = AuditEvent.objects.get(verb="cycle.updated")
    assert event.data["changed"] == {"name": ["2026 cohort", "2026 cohort (Valencia)"]}


@pytest.mark.django_db
def test_update_cycle_with_a_bad_date_changes_nothing(admin_user):
    cycle = api.create_cycle(actor=admin_user, slug="2026", name="2026 cohort", **DATES)
    with pytest.raises(ValidationError):
        api.update_cycle(actor=admin_user, cycle=cycle, nominations_close=dt.date(2026, 2, 1))
    cycle.refresh_from_db()
    assert cycle.nominations_close == DATES["nominations_close"]
    assert not AuditEvent.objects.filter(verb="cycle.updated").exists()


@pytest.mark.django_db
def test_phase_override_holds_the_phase_and_is_audited_with_reason(admin_user):
    with time_machine.travel(dt.date(2026, 4, 20)):
        cycle = api.create_cycle(actor=admin_user, slug="2026", name="2026 cohort", **DATES)
        assert cycle.phase == Phase.SCREENING
        api.override_phase(
            actor=admin_user, cycle=cycle, phase="nominations_open", reason="Forum outage on the last day."
        )
        cycle = api.get_cycle("2026")
        assert cycle.phase == Phase.NOMINATIONS_OPEN
        event = AuditEvent.objects.get(verb="cycle.phase_overridden")
        assert (event.actor, event.from_state, event.to_state, event.reason) == (
            admin_user,
            "screening",
            "nominations_open",
            "Forum outage on the last day.",
        )
        api.override_phase(actor=admin_user, cycle=cycle, phase="auto", reason="Back to the dates.")
        assert api.get_cycle("2026").phase == Phase.SCREENING
        assert AuditEvent.objects.filter(verb="cycle.phase_override_cleared").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("phase", "reason", "field"),
    [("holiday", "why not", "phase"), ("review", "", "reason"), ("review", "   ", "reason")],
)
def test_phase_override_refuses_unknown_phase_or_missing_reason(admin_user, phase, reason, field):
    cycle = CycleFactory()
    with pytest.raises(ValidationError) as info:
        api.override_phase(actor=admin_user, cycle=cycle, phase=phase, reason=reason)
    assert field in info.value.message_dict
    cycle.refresh_from_db()
    assert cycle.phase_override == ""
    assert not AuditEvent.objects.filter(verb__startswith="cycle.phase").exists()


@pytest.mark.django_db
def test_phase_override_needs_an_admin(chair):
    with pytest.raises(PermissionDenied):
        api.override_phase(actor=chair, cycle=CycleFactory(), phase="review", reason="x")


@pytest.mark.django_db
def test_set_targets_is_all_or_nothing(admin_user):
    cycle = api.create_cycle(actor=admin_user, slug="2026", name="2026 cohort", **DATES)
    with pytest.raises(ValidationError) as info:
        api.set_targets(
            actor=admin_user,
            cycle=cycle,
            targets={"engineer.major_prs": 9, "engineer.nope": 1, "partner.employee_share": 140},
        )
    assert set(info.value.message_dict) == {"engineer.nope", "partner.employee_share"}
    targets = {t.key_result.qualified_code: t.target for t in api.targets_of(cycle)}
    assert targets["engineer.major_prs"] == Decimal("6")


@pytest.mark.django_db
def test_set_targets_audits_from_and_to(admin_user):
    cycle = api.create_cycle(actor=admin_user, slug="2026", name="2026 cohort", **DATES)
    api.set_targets(
        actor=admin_user, cycle=cycle, targets={"engineer.major_prs": "8", "partner.funding": 50000}
    )
    targets = {t.key_result.qualified_code: t.target for t in api.targets_of(cycle)}
    assert targets["engineer.major_prs"] == Decimal("8")
    changes = set(
        AuditEvent.objects.filter(verb="cycle.target_changed").values_list("from_state", "to_state")
    )
    assert changes == {
        ("engineer.major_prs=6", "engineer.major_prs=8"),
        ("partner.funding=25000", "partner.funding=50000"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["many", True, None, "NaN", "Infinity", "1.234", -1])
def test_set_targets_refuses_values_that_are_not_targets(admin_user, value):
    cycle = CycleFactory()
    with pytest.raises(ValidationError) as info:
        api.set_targets(actor=admin_user, cycle=cycle, targets={"engineer.major_prs": value})
    assert "engineer.major_prs" in info.value.message_dict


@pytest.mark.django_db
def test_current_cycle_prefers_the_one_under_way(admin_user):
    with time_machine.travel(dt.date(2026, 3, 10)):
        cycle = api.create_cycle(actor=admin_user, slug="2026", name="2026 cohort", **DATES)
        assert api.current_cycle() == cycle
    with time_machine.travel(dt.date(2026, 2, 10)):
        # The 2025 cycle is closed and 2026 has not opened: the next one to open.
        assert api.current_cycle() == cycle
    with time_machine.travel(dt.date(2027, 2, 10)):
        # Everything closed: the most recent.
        assert api.current_cycle() == cycle


@pytest.mark.django_db
def test_current_cycle_counts_an_override(admin_user):
    with time_machine.travel(dt.date(2026, 1, 10)):
        cycle = api.create_cycle(actor=admin_user, slug="2026", name="2026 cohort", **DATES)
        old = api.get_cycle("2025")
        api.override_phase(
            actor=admin_user, cycle=old, phase="deliberation", reason="Reopened for a late appeal."
        )
        assert api.current_cycle() == old
        assert cycle.phase == Phase.SETUP


@pytest.mark.django_db
def test_describe_dates_marks_the_next_date(admin_user):
    with time_machine.travel(dt.date(2026, 4, 20)):
        cycle = api.create_cycle(actor=admin_user, slug="2026", name="2026 cohort", **DATES)
        steps = api.describe_dates(cycle)
    assert [step["field"] for step in steps if step["next"]] == ["screening_due"]
    assert [step["field"] for step in steps if step["past"]] == ["nominations_open", "nominations_close"]


@pytest.mark.django_db
def test_the_cycle_page_prints_targets_as_people_write_them(client, admin_user, member):
    """A Decimal's normalize() printed 25000 as 2.5E+4 in the table the other roles read."""
    cycle = api.create_cycle(actor=admin_user, slug="2026", name="2026 cohort", **DATES)
    api.set_targets(actor=admin_user, cycle=cycle, targets={"engineer.major_prs": "6.5"})
    client.force_login(member)
    page = client.get(f"/cycles/{cycle.slug}/").content.decode()
    assert "Key-result targets" in page
    assert "E+" not in page
    assert ">25000 " in page
    assert ">6.5 " in page


@pytest.mark.parametrize(
    "value, printed",
    [(Decimal("25000"), "25000"), (Decimal("2.5E+4"), "25000"), (Decimal("6.50"), "6.5"), (80, "80"),
     (0.75, "0.75"), (None, ""), ("n/a", "n/a"), (Decimal("NaN"), "NaN")],
)  # fmt: skip
def test_plain_number(value, printed):
    from distinguished.web.templatetags.numbers import plain_number

    assert plain_number(value) == printed
