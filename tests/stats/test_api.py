"""GET /api/v1/program/stats/: API.md's names, who may call it, and a field-level 400 for each bad
parameter."""

import pytest
import time_machine

from ..factories import UserFactory
from .conftest import TODAY

pytestmark = pytest.mark.django_db

URL = "/api/v1/program/stats/"


@pytest.fixture
def today():
    with time_machine.travel(TODAY.isoformat() + " 12:00", tick=False):
        yield


def test_the_answer_carries_api_mds_names(known, today, client_for):
    body = client_for(UserFactory(roles=["admin"])).get(URL, {"cycle": "2026"}).json()
    assert set(body) >= {
        "active_members",
        "active_by_track",
        "active_by_tier",
        "lifetime_members",
        "retention",
        "cycles",
        "objectives",
    }
    assert body["active_members"] == 6
    assert body["active_by_tier"] == {"larger": 1, "smaller": 1}
    assert set(body["retention"]) == {"ended", "renewed", "rate"}
    cycle = body["cycles"][0]
    assert (cycle["cycle"], cycle["new_members"]) == ("2026", 0)
    assert set(cycle["funnel"]) >= {
        "draft",
        "submitted",
        "eligible",
        "ineligible",
        "selected",
        "declined",
        "deferred",
        "withdrawn",
    }
    assert {row["code"] for row in body["objectives"]} == {
        "active_members",
        "retention",
        "community_initiatives",
    }
    assert set(body["objectives"][0]) >= {"code", "name", "target", "actual", "met"}
    assert body["period"] == {
        "since": "2026-04-01",
        "until": "2027-03-31",
        "as_of": "2026-06-30",
        "cycle": "2026",
        "targets_cycle": "2026",
    }


@pytest.mark.parametrize("roles", [["admin"], ["chair", "panelist"], ["approver"]])
def test_admins_chairs_and_the_approver_read_it(known, today, client_for, roles):
    assert client_for(UserFactory(roles=roles)).get(URL).status_code == 200


@pytest.mark.parametrize("roles", [[], ["panelist"]])
def test_members_and_panelists_may_not(known, client_for, roles):
    response = client_for(UserFactory(roles=roles)).get(URL)
    assert response.status_code == 403
    assert "admins, panel chairs and the Axim approver" in response.json()["detail"]


def test_anonymous_callers_are_asked_to_authenticate(client_for):
    assert client_for(None).get(URL).status_code in (401, 403)


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"cycle": "nope"}, "cycle", "No cycle “nope”"),
        ({"since": "2026-13-01"}, "since", "not a date"),
        ({"until": "yesterday"}, "until", "not a date"),
        ({"since": "2026-06-01", "until": "2026-05-01"}, "since", "after it ends"),
        ({"until": "0001-01-01"}, "until", "Give a date from 1900-01-01"),
        ({"since": "9999-12-31"}, "since", "Give a date from 1900-01-01"),
    ],
)
def test_bad_parameters_are_a_400_on_their_field(known, client_for, params, field, words):
    response = client_for(UserFactory(roles=["admin"])).get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert words in body[field][0]


def test_every_bad_parameter_is_named_at_once(db, client_for):
    response = client_for(UserFactory(roles=["admin"])).get(URL, {"cycle": "x", "since": "x", "until": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"cycle", "since", "until"}


def test_the_schema_documents_the_operation(client_for):
    schema = client_for(None).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/program/stats/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"cycle", "since", "until"}
    assert set(operation["responses"]) >= {"200", "400"}
    component = schema["components"]["schemas"]["ProgramStats"]
    assert {"active_members", "active_by_track", "retention", "cycles", "objectives"} <= set(
        component["properties"]
    )


@pytest.mark.parametrize(
    ("roles", "shown"), [(["admin"], True), (["chair", "panelist"], False), (["approver"], False)]
)
def test_the_screening_reasons_are_for_program_admins_only(known, today, client_for, client, roles, shown):
    """A screener's reason is written about one nominee: the chair (who may be in conflict with
    that nomination) and the approver read how many were ineligible, not why."""
    user = UserFactory(roles=roles)
    (cycle,) = [
        c for c in client_for(user).get(URL, {"cycle": "2026"}).json()["cycles"] if c["cycle"] == "2026"
    ]
    assert cycle["funnel"]["ineligible"] == 3
    assert cycle["ineligible_reasons_shown"] is shown
    assert bool(cycle["ineligible_reasons"]) is shown
    client.force_login(user)
    html = client.get("/program/dashboard/", {"cycle": "2026"}).content.decode()
    assert ("Outside the window" in html) is shown
    assert ("shown to program admins only" in html) is not shown
