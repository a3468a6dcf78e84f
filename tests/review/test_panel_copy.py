"""A new cycle's panel copied from an earlier cycle's, then edited: review.api.copy_panel, the
panel page's “Copy the panel of …” buttons and POST /api/v1/cycles/{slug}/panel/copy/."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import translation

from distinguished.audit.models import AuditEvent
from distinguished.review import api
from distinguished.review.models import PanelSeat

from ..factories import CycleFactory, NominationFactory, PanelSeatFactory, UserFactory

GROUPS = {"toc": 1, "axim": 2, "core_contributors": 2, "partners": 2, "community_leaders": 2, "bizdev": 1}


@pytest.fixture
def earlier(db, admin_user):
    """The 2026 cycle with a full, valid panel: the first seat chairs, the second prefers two tracks."""
    cycle = CycleFactory(slug="2026", name="2026 cohort")
    first = True
    for group, count in GROUPS.items():
        for i in range(count):
            user = UserFactory(username=f"{group}-{i}", name=f"{group} {i}")
            api.seat_panelist(
                actor=admin_user,
                cycle=cycle,
                user=user,
                group=group,
                chair=first,
                tracks=["engineer", "advocate"] if group == "axim" and i == 0 else [],
            )
            first = False
    return cycle


@pytest.fixture
def new_cycle(db):
    return CycleFactory(slug="2027", name="2027 cohort")


def seats(cycle):
    return {
        (s.user.username, s.group.code, s.chair, tuple(s.tracks))
        for s in PanelSeat.objects.filter(cycle=cycle).select_related("user", "group")
    }


def test_copying_seats_the_same_people_in_the_same_groups_with_chair_and_tracks(
    admin_user, earlier, new_cycle
):
    copied = api.copy_panel(actor=admin_user, cycle=new_cycle, source=earlier)
    assert seats(new_cycle) == seats(earlier)
    assert len(copied.seated) == 10 and copied.skipped == []
    assert api.panel_status(new_cycle)["valid"] is True
    # The earlier panel is untouched, and the copy is edited like any panel.
    assert len(seats(earlier)) == 10
    api.unseat(actor=admin_user, seat=copied.seated[-1])
    assert len(seats(new_cycle)) == 9


def test_a_copy_is_audited_seat_by_seat_and_as_a_whole(admin_user, earlier, new_cycle):
    api.copy_panel(actor=admin_user, cycle=new_cycle, source=earlier)
    events = AuditEvent.objects.filter(object_type="program.cycle", object_id=str(new_cycle.pk))
    seated = events.filter(verb="panel.seated")
    assert seated.count() == 10
    assert set(seated.values_list("reason", flat=True)) == {"Copied from the 2026 cohort panel"}
    whole = events.get(verb="panel.copied")
    assert whole.actor_id == admin_user.pk and whole.to_state == "10 seats"
    assert whole.data["source"] == "2026" and whole.data["skipped"] == []


def test_a_panel_with_seats_is_refused_unless_asked_to_add(admin_user, earlier, new_cycle):
    someone = UserFactory(username="already-here")
    api.seat_panelist(actor=admin_user, cycle=new_cycle, user=someone, group="toc")
    with pytest.raises(ValidationError) as refused:
        api.copy_panel(actor=admin_user, cycle=new_cycle, source=earlier)
    assert refused.value.message_dict == {
        "add": [
            "The 2027 cohort panel already has 1 seat. Add the 2026 cohort panel's other members to it, "
            "or remove the seats first."
        ]
    }
    assert seats(new_cycle) == {("already-here", "toc", False, ())}
    assert not AuditEvent.objects.filter(verb="panel.copied").exists()


def test_adding_keeps_the_seats_there_and_skips_who_sits_already(admin_user, earlier, new_cycle):
    toc = PanelSeat.objects.get(cycle=earlier, group__code="toc").user
    # Seated here already, in another group and without the chair: stays as seated.
    api.seat_panelist(actor=admin_user, cycle=new_cycle, user=toc, group="bizdev")
    copied = api.copy_panel(actor=admin_user, cycle=new_cycle, source=earlier, add=True)
    assert len(copied.seated) == 9
    assert [(s.user_id, s.reason) for s in copied.skipped] == [
        (toc.pk, "already seated on the 2027 cohort panel")
    ]
    assert PanelSeat.objects.get(cycle=new_cycle, user=toc).group.code == "bizdev"
    assert len(seats(new_cycle)) == 10


def test_a_deactivated_account_is_skipped_and_said_why(admin_user, earlier, new_cycle):
    gone = PanelSeat.objects.get(cycle=earlier, group__code="bizdev").user
    gone.is_active = False
    gone.save()
    copied = api.copy_panel(actor=admin_user, cycle=new_cycle, source=earlier)
    assert [(s.name, s.reason) for s in copied.skipped] == [(gone.display_name, "the account is deactivated")]
    # Worded when read, in the reader's language (the copier's language is not stored).
    with translation.override("fr"):
        assert (
            copied.skipped[0].reason
            == translation.gettext("the account is deactivated")
            != "the account is deactivated"
        )
    assert AuditEvent.objects.get(verb="panel.copied").data["skipped"] == [
        {"user": gone.pk, "reason": "deactivated"}
    ]
    assert not PanelSeat.objects.filter(cycle=new_cycle, user=gone).exists()
    assert api.panel_status(new_cycle)["problems"] == [
        "Business Development Working Group: 0 seats, needs 1–2"
    ]


@pytest.mark.parametrize("roles", [["chair", "panelist"], ["panelist"], ["approver"], []])
def test_only_program_admins_copy_a_panel(earlier, new_cycle, roles):
    with pytest.raises(PermissionDenied):
        api.copy_panel(actor=UserFactory(roles=roles), cycle=new_cycle, source=earlier)
    assert not PanelSeat.objects.filter(cycle=new_cycle).exists()


def test_the_source_must_be_another_cycle_with_seats(admin_user, earlier, new_cycle):
    with pytest.raises(ValidationError) as itself:
        api.copy_panel(actor=admin_user, cycle=earlier, source=earlier, add=True)
    assert itself.value.message_dict == {
        "source": ["Choose an earlier cycle's panel: this is the panel itself."]
    }
    empty = CycleFactory(slug="2025b", name="Empty cohort")
    with pytest.raises(ValidationError) as nothing:
        api.copy_panel(actor=admin_user, cycle=new_cycle, source=empty)
    assert nothing.value.message_dict == {"source": ["The Empty cohort panel has no seats to copy."]}


def test_a_seat_taken_meanwhile_loses_to_the_constraint_and_nothing_is_kept(
    admin_user, earlier, new_cycle, monkeypatch
):
    """Two admins copying at once: the second one's seats collide with the first one's; its whole
    copy is rolled back (a 409 through the API)."""
    original = PanelSeat.objects.bulk_create

    def racing(objs, *args, **kwargs):
        objs = list(objs)
        PanelSeatFactory(cycle=new_cycle, user=objs[0].user, group=objs[0].group)
        return original(objs, *args, **kwargs)

    monkeypatch.setattr(PanelSeat.objects, "bulk_create", racing)
    with pytest.raises(IntegrityError):
        api.copy_panel(actor=admin_user, cycle=new_cycle, source=earlier)
    assert not PanelSeat.objects.filter(cycle=new_cycle).exists()
    assert not AuditEvent.objects.filter(verb="panel.copied").exists()


def test_conflicts_are_still_checked_for_the_copied_seats(admin_user, earlier, new_cycle):
    """A copied panelist who nominated someone in the new cycle is conflicted there, as any seat."""
    api.copy_panel(actor=admin_user, cycle=new_cycle, source=earlier)
    nominator = PanelSeat.objects.get(cycle=new_cycle, group__code="toc").user
    nomination = NominationFactory(cycle=new_cycle, nominator=nominator, state="eligible", statement="x")
    assert (nominator.pk, nomination.pk) in api.conflicted_pairs(new_cycle)


# --- The page ----------------------------------------------------------------------------------------


def test_the_panel_page_offers_each_earlier_panel_to_admins(client, admin_user, earlier, new_cycle):
    client.force_login(admin_user)
    body = client.get("/cycles/2027/panel/").content.decode()
    assert "Copy the panel of 2026 cohort" in body and "10 seats" in body
    response = client.post("/cycles/2027/panel/copy/", {"source": "2026"}, follow=True)
    assert response.redirect_chain == [("/cycles/2027/panel/", 302)]
    body = response.content.decode()
    assert "10 panelists of the 2026 cohort panel seated here; edit or remove any seat below." in body
    # Now the button adds to the seats there.
    assert "Add the panel of 2026 cohort" in body and 'name="add" value="1"' in body
    assert len(seats(new_cycle)) == 10


def test_the_page_says_why_a_copy_was_refused_and_changes_nothing(client, admin_user, earlier, new_cycle):
    api.seat_panelist(actor=admin_user, cycle=new_cycle, user=UserFactory(), group="toc")
    client.force_login(admin_user)
    body = client.post("/cycles/2027/panel/copy/", {"source": "2026"}, follow=True).content.decode()
    assert "already has 1 seat" in body
    body = client.post("/cycles/2027/panel/copy/", {"source": "nope"}, follow=True).content.decode()
    assert "Choose the earlier cycle whose panel to copy." in body
    assert len(seats(new_cycle)) == 1


def test_the_page_tells_who_was_skipped(client, admin_user, earlier, new_cycle):
    gone = PanelSeat.objects.get(cycle=earlier, group__code="bizdev").user
    gone.is_active = False
    gone.save()
    client.force_login(admin_user)
    body = client.post("/cycles/2027/panel/copy/", {"source": "2026"}, follow=True).content.decode()
    assert f"Not copied: {gone.display_name} (the account is deactivated)." in body


def test_a_chair_sees_no_copy_button_and_may_not_post(client, earlier, new_cycle):
    chair = UserFactory(roles=["chair"])
    client.force_login(chair)
    assert "Copy the panel of" not in client.get("/cycles/2027/panel/").content.decode()
    assert client.post("/cycles/2027/panel/copy/", {"source": "2026"}).status_code == 403
    assert not PanelSeat.objects.filter(cycle=new_cycle).exists()


# --- The API -----------------------------------------------------------------------------------------


def test_the_api_copies_and_answers_the_seats_and_the_panel(client_for, admin_user, earlier, new_cycle):
    response = client_for(admin_user).post(
        "/api/v1/cycles/2027/panel/copy/", {"source": "2026"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["source"] == "2026" and len(body["seated"]) == 10 and body["skipped"] == []
    assert body["panel"]["valid"] is True
    assert {s["group"] for s in body["seated"]} == set(GROUPS)


def test_the_api_refuses_bad_input_with_field_errors(client_for, admin_user, earlier, new_cycle):
    call = client_for(admin_user)
    assert call.post("/api/v1/cycles/2027/panel/copy/", {}, format="json").json() == {
        "source": ["This field is required."]
    }
    assert call.post("/api/v1/cycles/2027/panel/copy/", {"source": "nope"}, format="json").json() == {
        "source": ["No cycle “nope”."]
    }
    assert (
        call.post(
            "/api/v1/cycles/2027/panel/copy/", {"source": "2026", "add": "maybe"}, format="json"
        ).status_code
        == 400
    )
    api.seat_panelist(actor=admin_user, cycle=new_cycle, user=UserFactory(), group="toc")
    refused = call.post("/api/v1/cycles/2027/panel/copy/", {"source": "2026"}, format="json")
    assert refused.status_code == 400 and list(refused.json()) == ["add"]
    added = call.post("/api/v1/cycles/2027/panel/copy/", {"source": "2026", "add": True}, format="json")
    assert added.status_code == 201 and len(added.json()["seated"]) == 10
    assert call.post("/api/v1/cycles/nope/panel/copy/", {"source": "2026"}, format="json").status_code == 404


@pytest.mark.parametrize(("roles", "status"), [(None, 401), ([], 403), (["chair"], 403), (["panelist"], 403)])
def test_the_api_is_for_program_admins(client_for, earlier, new_cycle, roles, status):
    user = None if roles is None else UserFactory(roles=roles)
    response = client_for(user).post("/api/v1/cycles/2027/panel/copy/", {"source": "2026"}, format="json")
    assert response.status_code == status
    assert not PanelSeat.objects.filter(cycle=new_cycle).exists()
