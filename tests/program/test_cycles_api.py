"""The program API through real requests: the program definition, creating and editing cycles,
their key-result targets and the audited phase override. Bad input is a 400 that names the field
and says what to do, and stores nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.people.models import User, UserRole
from distinguished.program.models import (
    Cycle,
    CycleTarget,
    KeyResult,
    ProgramTarget,
)
from distinguished.program.timeline import TIMELINE

from ..factories import (
    ContributionKindFactory,
    CycleFactory,
    KeyAreaFactory,
    KeyResultFactory,
    KeyResultGroupFactory,
    PanelGroupFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db

FIELDS = [field for field, _ in TIMELINE]  # nominations_open … closes_on, in order
REQUIRED_DATES = FIELDS[:-1]  # closes_on defaults to 30 days after the announcement


def days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


def cycle_body(**changes) -> dict:
    """A cycle whose nominations closed ten days ago: it is in screening today."""
    offsets = [-40, -10, 5, 25, 40, 50, 60]
    body = {
        "slug": "2026",
        "name": "2026 cohort",
        **{field: days(n) for field, n in zip(REQUIRED_DATES, offsets, strict=True)},
        "announcement_event": "Open edX Conference 2026",
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


def stored() -> tuple:
    return (
        sorted(Cycle.objects.values_list()),
        sorted(CycleTarget.objects.values_list("cycle_id", "key_result_id", "target")),
        User.objects.count(),
        UserRole.objects.count(),
        AuditEvent.objects.count(),
    )


def defaults() -> dict[str, float]:
    """Every target at its default: the key results' and the program's own (program.<code>)."""
    return {
        kr.qualified_code: float(kr.default_target)
        for kr in KeyResult.objects.select_related("track").filter(track__program__slug="openedx")
    } | {
        t.qualified_code: float(t.default_target)
        for t in ProgramTarget.objects.filter(program__slug="openedx")
    }


@pytest.fixture
def admin(client_for, admin_user):
    return client_for(admin_user)


@pytest.fixture
def cycle(db):
    """A cycle whose nominations opened a week ago, with every target at its default."""
    return CycleFactory(slug="spring")


# --- the program ---------------------------------------------------------------------------


def test_program_has_the_shape_of_the_contract(client_for):
    response = client_for(None).get("/api/v1/program/")
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "Open edX Distinguished Contributor Program"
    assert (data["term_years"], data["lifetime_after_years"]) == (2, 4)
    assert [track["code"] for track in data["tracks"]] == ["engineer", "advocate", "innovator", "partner"]
    for track in data["tracks"]:
        assert {"code", "name", "subject", "key_areas", "key_results"} <= set(track)
        assert track["subject"] in {"person", "organization", "any"}
        assert track["key_areas"]
        for area in track["key_areas"]:
            assert {"code", "label"} <= set(area)
        assert track["key_results"]
        for kr in track["key_results"]:
            assert {"code", "label", "unit", "period", "target"} <= set(kr)
            assert isinstance(kr["target"], int | float)
            assert kr["period"] in {"year", "week", "none"}
    engineer = data["tracks"][0]
    major_prs = next(kr for kr in engineer["key_results"] if kr["code"] == "major_prs")
    assert (major_prs["unit"], major_prs["period"], major_prs["target"]) == ("PRs", "year", 6)
    assert [group["code"] for group in data["panel_groups"]] == [
        "toc",
        "axim",
        "core_contributors",
        "partners",
        "community_leaders",
        "bizdev",
    ]
    for group in data["panel_groups"]:
        assert {"code", "name", "min_seats", "max_seats"} <= set(group)
        assert 0 <= group["min_seats"] <= group["max_seats"]
    assert "pull_request" in [kind["code"] for kind in data["contribution_kinds"]]


def grow_the_program() -> None:
    """Add a track with areas, key results and groups, a panel group and contribution kinds."""
    for n in range(3):
        track = TrackFactory(code=f"extra{n}", name=f"Extra {n}", position=10 + n)
        group = KeyResultGroupFactory(track=track, code="all", label="All", logic="all")
        for m in range(3):
            KeyAreaFactory(track=track, code=f"area{m}", label=f"Area {m}", position=m)
            KeyResultFactory(
                track=track, group=group, code=f"kr{m}", label=f"KR {m}", default_target=m + 1, position=m
            )
        PanelGroupFactory(code=f"extra{n}", name=f"Extra {n}", min_seats=0, max_seats=2)
        ContributionKindFactory(code=f"extra{n}", label=f"Extra {n}", quantity="none")


def test_program_takes_a_fixed_number_of_queries_whatever_its_size(
    client_for, django_assert_num_queries, django_assert_max_num_queries
):
    client = client_for(None)
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as small:
        assert client.get("/api/v1/program/").status_code == 200
    grow_the_program()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/api/v1/program/")
    assert len(response.json()["tracks"]) == 7


# --- creating a cycle ------------------------------------------------------------------------


def test_admin_creates_a_cycle_with_its_phase_targets_and_audit_event(admin, admin_user):
    response = admin.post("/api/v1/cycles/", cycle_body(), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["slug"], data["name"], data["phase"], data["phase_overridden"]) == (
        "2026",
        "2026 cohort",
        "screening",
        False,
    )
    assert data["announcement_date"] == days(60)
    assert data["closes_on"] == days(90)
    assert data["targets"] == defaults()
    assert data["targets"]["partner.employee_share"] == 20

    cycle = Cycle.objects.get(slug="2026")
    assert CycleTarget.objects.filter(cycle=cycle).count() == KeyResult.objects.count()
    event = AuditEvent.objects.get(verb="cycle.created", object_id=str(cycle.pk))
    assert (event.actor, event.to_state) == (admin_user, "screening")

    assert data.pop("warnings") == []  # no other cycle's nomination window overlaps this one's
    again = admin.get("/api/v1/cycles/2026/").json()
    assert again == data
    listed = admin.get("/api/v1/cycles/").json()
    assert "2026" in [row["slug"] for row in listed["results"]]


def test_a_cycle_may_name_its_own_closing_day(admin):
    response = admin.post("/api/v1/cycles/", cycle_body(closes_on=days(60)), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["closes_on"] == days(60)


@pytest.mark.parametrize("field", FIELDS[1:])
def test_create_cycle_refuses_a_date_out_of_order(admin, field):
    body = cycle_body(closes_on=days(90))
    previous = FIELDS[FIELDS.index(field) - 1]
    body[field] = (dt.date.fromisoformat(body[previous]) - dt.timedelta(days=1)).isoformat()
    before = stored()
    response = admin.post("/api/v1/cycles/", body, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == [field]
    assert "must come" in errors[field][0]
    assert stored() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"nominations_open": "0001-01-01"}, "nominations_open"),
        ({"nominations_open": "1999-12-31"}, "nominations_open"),
        ({"announcement_date": "9999-12-31"}, "announcement_date"),
        ({"closes_on": "9999-12-31"}, "closes_on"),
    ],
)
def test_create_cycle_refuses_dates_outside_2000_to_2100(admin, change, field):
    """Year 1 once made the key-result window's arithmetic fail with a 500 on a nomination's page."""
    before = stored()
    response = admin.post("/api/v1/cycles/", {**cycle_body(), **change}, format="json")
    assert response.status_code == 400, response.content
    assert "give a date from 2000 to 2100" in response.json()[field][0]
    assert stored() == before


@pytest.mark.parametrize("field", ["nominations_close", "screening_due", "review_due", "deliberation_due"])
def test_create_cycle_refuses_a_phase_of_no_days(admin, field):
    body = cycle_body()
    body[field] = body[FIELDS[FIELDS.index(field) - 1]]
    before = stored()
    response = admin.post("/api/v1/cycles/", body, format="json")
    assert response.status_code == 400
    assert "must come after" in response.json()[field][0]
    assert stored() == before


@pytest.mark.parametrize("field", REQUIRED_DATES)
def test_create_cycle_refuses_a_missing_date(admin, field):
    body = cycle_body()
    del body[field]
    before = stored()
    response = admin.post("/api/v1/cycles/", body, format="json")
    assert response.status_code == 400
    assert response.json()[field] == ["This field is required."]
    assert stored() == before


@pytest.mark.parametrize(
    ("changes", "field", "hint"),
    [
        pytest.param({"slug": "2025"}, "slug", "A cycle “2025” already exists", id="duplicate-slug"),
        pytest.param({"slug": "Spring 2026"}, "slug", "lower-case letters", id="slug-with-space"),
        pytest.param({"slug": "SPRING"}, "slug", "lower-case letters", id="slug-upper-case"),
        pytest.param({"slug": "-spring"}, "slug", "lower-case letters", id="slug-leading-hyphen"),
        pytest.param({"slug": "spring_2026"}, "slug", "lower-case letters", id="slug-underscore"),
        pytest.param({"slug": "x" * 41}, "slug", "no more than 40", id="slug-too-long"),
        pytest.param({"slug": ""}, "slug", "blank", id="slug-blank"),
        pytest.param({"name": "   "}, "name", "blank", id="blank-name"),
        pytest.param({"review_due": "2026-13-01"}, "review_due", "wrong format", id="not-a-date"),
        pytest.param({"review_due": ""}, "review_due", "wrong format", id="empty-date"),
    ],
)
def test_create_cycle_refuses_bad_input(admin, changes, field, hint):
    before = stored()
    response = admin.post("/api/v1/cycles/", cycle_body(**changes), format="json")
    assert response.status_code == 400, response.content
    assert any(hint in message for message in response.json()[field]), response.json()
    assert stored() == before


def test_create_cycle_reports_every_bad_field_at_once(admin):
    body = cycle_body(slug="2025", review_due=days(4))
    response = admin.post("/api/v1/cycles/", body, format="json")
    assert response.status_code == 400
    assert {"slug", "review_due"} <= set(response.json())


# --- editing a cycle -------------------------------------------------------------------------


def test_admin_renames_a_cycle_and_moves_a_date_audited(admin, cycle):
    new_close = cycle.nominations_close + dt.timedelta(days=3)
    response = admin.patch(
        "/api/v1/cycles/spring/",
        {"name": "Spring cohort", "nominations_close": new_close.isoformat(), "slug": "renamed"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["name"], response.json()["slug"]) == ("Spring cohort", "spring")
    cycle.refresh_from_db()
    assert (cycle.name, cycle.nominations_close) == ("Spring cohort", new_close)
    event = AuditEvent.objects.get(verb="cycle.updated", object_id=str(cycle.pk))
    assert event.data["changed"]["nominations_close"][1] == new_close.isoformat()


def test_patching_a_cycle_with_dates_out_of_order_changes_nothing(admin, cycle):
    before = stored()
    response = admin.patch(
        "/api/v1/cycles/spring/",
        {"name": "Renamed", "review_due": cycle.screening_due.isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["review_due"]
    assert stored() == before


# --- targets ---------------------------------------------------------------------------------


def test_targets_are_read_by_anyone(client_for, cycle):
    response = client_for(None).get("/api/v1/cycles/spring/targets/")
    assert response.status_code == 200
    assert response.json() == defaults()


def test_admin_sets_targets_and_each_change_is_audited(admin, admin_user, cycle):
    response = admin.patch(
        "/api/v1/cycles/spring/targets/",
        {"engineer.major_prs": 8, "partner.employee_share": "25.5", "engineer.mentees": 2},
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data == {**defaults(), "engineer.major_prs": 8, "partner.employee_share": 25.5}
    events = AuditEvent.objects.filter(verb="cycle.target_changed", object_id=str(cycle.pk))
    assert set(events.values_list("actor_name", "from_state", "to_state")) == {
        ("admin-user", "engineer.major_prs=6", "engineer.major_prs=8"),
        ("admin-user", "partner.employee_share=20", "partner.employee_share=25.5"),
    }
    assert admin.get("/api/v1/cycles/spring/").json()["targets"] == data


def test_targets_of_one_cycle_leave_the_others_alone(admin, cycle):
    other = CycleFactory(slug="autumn")
    assert (
        admin.patch("/api/v1/cycles/spring/targets/", {"engineer.major_prs": 9}, format="json").status_code
        == 200
    )
    assert CycleTarget.objects.get(cycle=other, key_result__code="major_prs").target == 6


@pytest.mark.parametrize(
    ("body", "field", "hint"),
    [
        pytest.param({"engineer.nope": 3}, "engineer.nope", "not a target of this program", id="unknown-key"),
        pytest.param({"major_prs": 3}, "major_prs", "<track>.<key_result>", id="unqualified-key"),
        pytest.param({"engineer.major_prs": "lots"}, "engineer.major_prs", "not a number", id="not-a-number"),
        pytest.param({"engineer.major_prs": None}, "engineer.major_prs", "not a number", id="null"),
        pytest.param({"engineer.major_prs": True}, "engineer.major_prs", "not a number", id="boolean"),
        pytest.param({"engineer.major_prs": [3]}, "engineer.major_prs", "not a number", id="list"),
        pytest.param({"engineer.major_prs": "Infinity"}, "engineer.major_prs", "not a number", id="infinity"),
        pytest.param({"engineer.major_prs": -1}, "engineer.major_prs", "cannot be negative", id="negative"),
        pytest.param({"engineer.major_prs": 1e12}, "engineer.major_prs", "too large", id="too-large"),
        pytest.param(
            {"engineer.major_prs": 1.005}, "engineer.major_prs", "two decimals", id="three-decimals"
        ),
        pytest.param(
            {"partner.employee_share": 100.5}, "partner.employee_share", "at most 100%", id="share-above-100"
        ),
        pytest.param({}, "targets", "<track>.<key_result>", id="empty-body"),
        pytest.param(
            {"engineer.major_prs": 9, "engineer.mentees": -2},
            "engineer.mentees",
            "negative",
            id="one-good-one-bad",
        ),
    ],
)
def test_bad_targets_are_refused_and_none_is_applied(admin, cycle, body, field, hint):
    before = stored()
    response = admin.patch("/api/v1/cycles/spring/targets/", body, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert list(errors) == [field]
    assert hint in errors[field][0]
    assert stored() == before


@pytest.mark.parametrize("body", [[{"engineer.major_prs": 3}], "engineer.major_prs=3", 3])
def test_targets_that_are_not_an_object_are_refused(admin, cycle, body):
    before = stored()
    response = admin.patch("/api/v1/cycles/spring/targets/", body, format="json")
    assert response.status_code == 400
    assert "targets" in response.json()
    assert stored() == before


def test_a_share_of_exactly_100_is_allowed(admin, cycle):
    response = admin.patch("/api/v1/cycles/spring/targets/", {"partner.employee_share": 100}, format="json")
    assert response.status_code == 200
    assert response.json()["partner.employee_share"] == 100


# --- phase override --------------------------------------------------------------------------


def test_admin_overrides_the_phase_audited_and_returns_to_the_dates(admin, admin_user, cycle):
    assert admin.get("/api/v1/cycles/spring/").json()["phase"] == "nominations_open"
    response = admin.post(
        "/api/v1/cycles/spring/phase/",
        {"phase": "review", "reason": "Few nominations; review early."},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["phase"], response.json()["phase_overridden"]) == ("review", True)
    assert admin.get("/api/v1/cycles/spring/").json()["phase"] == "review"
    event = AuditEvent.objects.get(verb="cycle.phase_overridden", object_id=str(cycle.pk))
    assert (event.actor, event.actor_name, event.from_state, event.to_state, event.reason) == (
        admin_user,
        "admin-user",
        "nominations_open",
        "review",
        "Few nominations; review early.",
    )

    response = admin.post(
        "/api/v1/cycles/spring/phase/", {"phase": "auto", "reason": "Back on schedule."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["phase"], response.json()["phase_overridden"]) == ("nominations_open", False)
    cleared = AuditEvent.objects.get(verb="cycle.phase_override_cleared", object_id=str(cycle.pk))
    assert (cleared.from_state, cleared.to_state, cleared.reason) == (
        "review",
        "nominations_open",
        "Back on schedule.",
    )
    cycle.refresh_from_db()
    assert cycle.phase_override == ""


def test_the_audit_endpoint_shows_the_override(admin, cycle):
    admin.post(
        "/api/v1/cycles/spring/phase/", {"phase": "screening", "reason": "Closed early."}, format="json"
    )
    response = admin.get("/api/v1/audit/", {"verb": "cycle.phase_overridden"})
    assert response.status_code == 200
    (event,) = response.json()["results"]
    assert (event["actor"], event["from"], event["to"], event["reason"]) == (
        "admin-user",
        "nominations_open",
        "screening",
        "Closed early.",
    )
    assert event["object"] == {"type": "program.cycle", "id": str(cycle.pk), "repr": cycle.name}


@pytest.mark.parametrize(
    ("body", "field", "hint"),
    [
        pytest.param(
            {"phase": "finished", "reason": "Done."}, "phase", "Unknown phase “finished”", id="unknown"
        ),
        pytest.param({"phase": "review"}, "reason", "Say why", id="no-reason"),
        pytest.param({"phase": "review", "reason": "   "}, "reason", "Say why", id="blank-reason"),
        pytest.param({"phase": "auto"}, "reason", "Say why", id="auto-without-reason"),
        pytest.param({"reason": "Because."}, "phase", "required", id="no-phase"),
    ],
)
def test_bad_phase_overrides_are_refused_and_change_nothing(admin, cycle, body, field, hint):
    before = stored()
    response = admin.post("/api/v1/cycles/spring/phase/", body, format="json")
    assert response.status_code == 400, response.content
    assert hint in response.json()[field][0]
    assert stored() == before
    assert admin.get("/api/v1/cycles/spring/").json()["phase"] == "nominations_open"


def test_an_unknown_phase_and_a_missing_reason_are_reported_together(admin, cycle):
    response = admin.post("/api/v1/cycles/spring/phase/", {"phase": "finished"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"phase", "reason"}


def test_cycle_list_carries_each_cycles_targets_in_a_fixed_number_of_queries(
    client_for, django_assert_max_num_queries
):
    client = client_for(None)
    with django_assert_max_num_queries(7) as few:
        body = client.get("/api/v1/cycles/").json()
    assert body["results"][0]["targets"]["engineer.major_prs"] == 6.0
    for _ in range(5):
        CycleFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/api/v1/cycles/").json()
    # 21 key results and the program's 3 own targets.
    assert all(len(cycle["targets"]) == 24 for cycle in body["results"])
