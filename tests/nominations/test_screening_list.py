"""The screening list finds nominations by words and decides in the list: `?q=` over the nominee,
the track and the nominator (page and GET /api/v1/nominations/?q=), and Eligible / Ineligible on
each row through nominations.api.screen, back to the list with the search kept."""

import pytest
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.nominations import api
from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api as review

from ..factories import ContributorFactory, CycleFactory, DraftNominationFactory, UserFactory

LIST = "/cycles/2027/screening/"


class World:
    def __init__(self, admin):
        self.admin = admin
        self.cycle = CycleFactory(slug="2027", name="2027 cohort")
        self.chair = UserFactory(username="cora", name="Cora Chair", roles=["chair", "panelist"])
        self.nora = UserFactory(username="nora", name="Nora Nominator")
        self.omar = UserFactory(username="omar", name="Omar Other")
        self.items = {}
        for name, track, nominator in (
            ("Ana Aranda", "engineer", self.nora),
            ("Bo Berg", "advocate", self.nora),
            ("Cy Castro", "engineer", self.omar),
            ("Ana Bell", "innovator", self.omar),
        ):
            self.items[name] = DraftNominationFactory(
                cycle=self.cycle,
                track=program.get_track(track),
                nominee=ContributorFactory(name=name),
                nominator=nominator,
                state="submitted",
                submitted=timezone.now(),
            )
        program.override_phase(actor=admin, cycle=self.cycle, phase="screening", reason="Test: screening.")
        self.cycle = program.get_cycle("2027")

    def state(self, name):
        return Nomination.objects.get(pk=self.items[name].pk).state


@pytest.fixture
def world(db, admin_user):
    return World(admin_user)


def listed(client, query=""):
    response = client.get(LIST + query)
    assert response.status_code == 200
    return sorted(str(n.nominee) for n, _ in response.context["rows"])


# --- Search ---------------------------------------------------------------------------------------


def test_search_by_nominee_name_track_and_nominator(client, world):
    client.force_login(world.chair)
    assert listed(client) == ["Ana Aranda", "Ana Bell", "Bo Berg", "Cy Castro"]
    assert listed(client, "?q=ana") == ["Ana Aranda", "Ana Bell"]
    assert listed(client, "?q=ANA+bell") == ["Ana Bell"]  # every word must match
    assert listed(client, "?q=Advocate") == ["Bo Berg"]  # the track's name
    assert listed(client, "?q=engineer") == ["Ana Aranda", "Cy Castro"]  # its code too
    assert listed(client, "?q=Nora") == ["Ana Aranda", "Bo Berg"]  # the nominator's name
    assert listed(client, "?q=omar") == ["Ana Bell", "Cy Castro"]  # and username
    assert listed(client, "?q=ana&track=innovator") == ["Ana Bell"]
    assert listed(client, "?q=nobody") == []


def test_the_search_is_kept_in_the_form_and_an_empty_result_says_so(client, world):
    client.force_login(world.chair)
    body = client.get(LIST + "?q=nobody&track=engineer").content.decode()
    assert 'name="q" value="nobody"' in body
    assert "No nomination to screen matches the filters." in body
    assert "Show every nomination" in body


def test_a_long_or_odd_search_is_no_error(client, world):
    client.force_login(world.chair)
    assert listed(client, "?q=" + "x" * 5000) == []
    assert listed(client, "?q=%25%27%22%3C") == []
    assert listed(client, "?q=++") == ["Ana Aranda", "Ana Bell", "Bo Berg", "Cy Castro"]


def test_the_search_runs_in_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.chair)
    client.get(LIST + "?q=ana")
    with CaptureQueriesContext(connection) as few:
        client.get(LIST + "?q=ana")
    for i in range(5):
        DraftNominationFactory(
            cycle=world.cycle,
            nominee=ContributorFactory(name=f"Ana {i}"),
            state="submitted",
            submitted=timezone.now(),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(LIST + "?q=ana").context["rows"]) == 7


# --- Deciding in the list --------------------------------------------------------------------------


def decide_url(world, name):
    return f"/cycles/2027/screening/{world.items[name].pk}/decide/"


def test_eligible_in_the_list_returns_to_the_list_with_the_search_kept(client, world, mailoutbox):
    client.force_login(world.chair)
    response = client.post(
        decide_url(world, "Ana Aranda"), {"decision": "eligible", "q": "ana", "track": "engineer"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?q=ana&track=engineer#screen-{world.items['Ana Aranda'].pk}"
    assert world.state("Ana Aranda") == "eligible"
    event = AuditEvent.objects.get(verb="nomination.screened", object_id=str(world.items["Ana Aranda"].pk))
    assert (event.actor_id, event.to_state) == (world.chair.pk, "eligible")
    body = client.get(response["Location"]).content.decode()
    assert "Ana Aranda: eligible." in body and 'name="q" value="ana"' in body


def test_ineligible_needs_a_reason_and_the_list_says_so_at_the_row(client, world):
    client.force_login(world.chair)
    response = client.post(
        decide_url(world, "Bo Berg"), {"decision": "ineligible", "reason": "  ", "q": "bo"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Say why the nomination is ineligible; the nominee reads it." in body
    assert "reason:" not in body
    assert 'name="q" value="bo"' in body
    assert [str(n.nominee) for n, _ in response.context["rows"]] == ["Bo Berg"]
    assert world.state("Bo Berg") == "submitted"
    assert not AuditEvent.objects.filter(verb="nomination.screened").exists()


def test_ineligible_with_a_reason_is_recorded_and_told(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decide_url(world, "Bo Berg"), {"decision": "ineligible", "reason": "No outside endorsement."}
        )
    assert response.status_code == 302 and response["Location"].startswith(LIST + "#screen-")
    item = Nomination.objects.get(pk=world.items["Bo Berg"].pk)
    assert (item.state, item.screening_reason) == ("ineligible", "No outside endorsement.")
    assert any("No outside endorsement." in m.body for m in mailoutbox)


def test_a_typed_reason_is_kept_when_the_decision_is_refused(client, world, admin_user):
    program.override_phase(actor=admin_user, cycle=world.cycle, phase="review", reason="Test: too late.")
    client.force_login(world.chair)
    response = client.post(
        decide_url(world, "Cy Castro"), {"decision": "ineligible", "reason": "Too early in the year."}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "screening happens in the screening phase" in body
    assert world.state("Cy Castro") == "submitted"


def test_a_decision_without_a_choice_is_a_400_and_changes_nothing(client, world):
    client.force_login(world.chair)
    for data in ({}, {"decision": "maybe"}):
        assert client.post(decide_url(world, "Ana Bell"), data).status_code == 400
    assert world.state("Ana Bell") == "submitted"


def test_the_list_offers_the_buttons_only_in_the_screening_phase(client, world, admin_user):
    client.force_login(world.chair)
    body = client.get(LIST).content.decode()
    assert body.count('value="eligible">Eligible') == 4 and body.count('value="ineligible">Ineligible') == 4
    program.override_phase(actor=admin_user, cycle=world.cycle, phase="review", reason="Test.")
    body = client.get(LIST).content.decode()
    assert 'value="eligible"' not in body


@pytest.mark.parametrize("who", ["nominator", "panelist", "member"])
def test_only_screeners_decide_in_the_list(client, world, who):
    user = {"nominator": world.nora, "panelist": UserFactory(roles=["panelist"]), "member": UserFactory()}[
        who
    ]
    client.force_login(user)
    assert client.post(decide_url(world, "Ana Aranda"), {"decision": "eligible"}).status_code == 403
    assert world.state("Ana Aranda") == "submitted"
    client.logout()
    response = client.post(decide_url(world, "Ana Aranda"), {"decision": "eligible"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_a_nomination_of_another_cycle_or_unknown_or_hidden_is_404(client, world, admin_user):
    client.force_login(world.chair)
    other = DraftNominationFactory(state="submitted", submitted=timezone.now())
    assert (
        client.post(f"/cycles/2027/screening/{other.pk}/decide/", {"decision": "eligible"}).status_code == 404
    )
    assert client.post("/cycles/2027/screening/999999/decide/", {"decision": "eligible"}).status_code == 404
    assert (
        client.post(f"/cycles/nope/screening/{world.items['Ana Aranda'].pk}/decide/", {}).status_code == 404
    )
    # A chair seated and conflicted with the nomination neither sees nor screens it.
    review.seat_panelist(actor=admin_user, cycle=world.cycle, user=world.chair, group="toc", chair=True)
    review.declare_conflict(
        actor=world.chair, cycle=world.cycle, nomination=world.items["Cy Castro"], reason="Friend."
    )
    chair = type(world.chair).objects.get(pk=world.chair.pk)
    client.force_login(chair)
    assert client.post(decide_url(world, "Cy Castro"), {"decision": "eligible"}).status_code == 404
    assert "Cy Castro" not in client.get(LIST).content.decode()
    assert world.state("Cy Castro") == "submitted"


def test_a_draft_is_not_screened_from_the_list(client, world):
    draft = DraftNominationFactory(cycle=world.cycle)
    client.force_login(world.admin)
    response = client.post(f"/cycles/2027/screening/{draft.pk}/decide/", {"decision": "eligible"})
    assert response.status_code in (400, 404)
    assert Nomination.objects.get(pk=draft.pk).state == "draft"


# --- The API's search -----------------------------------------------------------------------------


def test_the_api_list_takes_q(client_for, world):
    call = client_for(world.chair)

    def ids(query):
        response = call.get("/api/v1/nominations/" + query)
        assert response.status_code == 200, response.content
        return sorted(row["id"] for row in response.json()["results"])

    assert ids("?cycle=2027&q=ana") == sorted([world.items["Ana Aranda"].pk, world.items["Ana Bell"].pk])
    assert ids("?cycle=2027&q=nora") == sorted([world.items["Ana Aranda"].pk, world.items["Bo Berg"].pk])
    assert ids("?cycle=2027&q=advocate") == [world.items["Bo Berg"].pk]
    assert ids("?cycle=2027&q=nobody") == []
    assert call.get("/api/v1/nominations/?q=" + "x" * 201).status_code == 400


def test_the_api_search_finds_only_what_the_caller_may_list(client_for, world):
    # Nora lists her own nominations; a search does not widen that.
    assert sorted(
        r["id"] for r in client_for(world.nora).get("/api/v1/nominations/?q=ana").json()["results"]
    ) == [world.items["Ana Aranda"].pk]
    assert client_for(UserFactory()).get("/api/v1/nominations/?q=ana").json()["results"] == []


def test_the_api_screens_one_nomination_as_the_list_does(client_for, world):
    """The list's decision and the API's are the one screening function."""
    call = client_for(world.chair)
    pk = world.items["Ana Bell"].pk
    refused = call.post(
        f"/api/v1/nominations/{pk}/screening/", {"eligible": False, "reason": ""}, format="json"
    )
    assert refused.status_code == 400 and "reason" in refused.json()
    done = call.post(f"/api/v1/nominations/{pk}/screening/", {"eligible": True}, format="json")
    assert done.status_code == 200 and done.json()["state"] == "eligible"
    assert api.get_nomination(pk).screened_by_id == world.chair.pk
