"""Several cycles at once (issue 13): a cycle whose nomination window overlaps another's is allowed
and the admin is told which (page and API); two cycles never share a slug or a name (a 400 on the
field, page and API, creating and editing), and the database holds it too."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.program import api
from distinguished.program.models import Cycle, CycleTarget

from ..factories import CycleFactory

pytestmark = pytest.mark.django_db


def day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def dates(opens: int) -> dict:
    """A timeline whose nominations open `opens` days from today and close 30 days later."""
    offsets = {
        "nominations_open": 0,
        "nominations_close": 30,
        "screening_due": 45,
        "review_due": 60,
        "deliberation_due": 75,
        "approval_due": 85,
        "announcement_date": 100,
    }
    return {field: day(opens + n) for field, n in offsets.items()}


def body(slug: str, name: str, opens: int) -> dict:
    return {"slug": slug, "name": name, **{k: v.isoformat() for k, v in dates(opens).items()}}


def stored() -> tuple:
    return (
        sorted(Cycle.objects.values_list()),
        CycleTarget.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def admin(client_for, admin_user):
    return client_for(admin_user)


@pytest.fixture
def spring(db):
    """Nominations opened a week ago and close in 23 days."""
    return CycleFactory(slug="spring", name="Spring cohort", nominations_open=day(-7))


# --- overlapping nomination windows: allowed, and said -------------------------------------------


def test_open_cycles_lists_every_cycle_taking_nominations_today(admin_user, spring):
    CycleFactory(slug="autumn", name="Autumn cohort", nominations_open=day(-2))
    CycleFactory(slug="later", name="Later cohort", nominations_open=day(10))
    held = CycleFactory(slug="held", name="Held cohort", nominations_open=day(-3))
    api.override_phase(actor=admin_user, cycle=held, phase="screening", reason="Closed early.")
    assert [c.slug for c in api.open_cycles()] == ["spring", "autumn"]
    assert api.next_opening().slug == "later"


def test_the_api_creates_an_overlapping_cycle_and_warns_naming_the_other(admin, spring):
    response = admin.post("/api/v1/cycles/", body("autumn", "Autumn cohort", 10), format="json")
    assert response.status_code == 201, response.content
    (warning,) = response.json()["warnings"]
    assert "Spring cohort" in warning and "Autumn cohort" in warning
    assert api.human(spring.nominations_open) in warning and api.human(day(40)) in warning
    assert Cycle.objects.filter(slug="autumn").exists()


def test_the_api_warns_of_nothing_when_the_windows_do_not_meet(admin, spring):
    response = admin.post("/api/v1/cycles/", body("autumn", "Autumn cohort", 24), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["warnings"] == []


def test_windows_sharing_one_day_overlap(admin_user, spring):
    autumn = api.create_cycle(actor=admin_user, slug="autumn", name="Autumn cohort", **dates(23))
    assert autumn.nominations_open == spring.nominations_close
    assert api.overlapping_cycles(autumn) == [spring]
    assert [c.slug for c in api.overlapping_cycles(spring)] == ["autumn"]


def test_moving_a_window_onto_another_warns_in_the_patch_answer(admin, spring):
    CycleFactory(slug="autumn", name="Autumn cohort", nominations_open=day(60))
    response = admin.patch("/api/v1/cycles/autumn/", {"nominations_open": day(20).isoformat()}, format="json")
    assert response.status_code == 200, response.content
    assert len(response.json()["warnings"]) == 1 and "Spring cohort" in response.json()["warnings"][0]


def test_the_page_warns_after_creating_an_overlapping_cycle(client, admin_user, spring):
    client.force_login(admin_user)
    response = client.post(
        reverse("program:cycle-new"),
        {**body("autumn", "Autumn cohort", 10), "min_endorsements": "", "sustained_months": ""},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("program:cycle", args=["autumn"])
    html = response.content.decode()
    assert 'class="alert alert-warning"' in html
    assert "overlaps that of Spring cohort" in html


def test_the_page_warns_after_editing_dates_onto_another_window(client, admin_user, spring):
    autumn = CycleFactory(slug="autumn", name="Autumn cohort", nominations_open=day(60))
    client.force_login(admin_user)
    url = reverse("program:cycle-edit", args=[autumn.slug])
    form = client.get(url).context["form"]
    data = {name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields}
    response = client.post(url, {**data, **body("autumn", "Autumn cohort", 5)}, follow=True)
    assert "overlaps that of Spring cohort" in response.content.decode()


# --- no two cycles with one slug or one name ------------------------------------------------------


def test_the_api_refuses_a_taken_name_on_its_field_ignoring_case(admin, spring):
    before = stored()
    response = admin.post("/api/v1/cycles/", body("autumn", "SPRING cohort", 60), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "name": ["The cycle “spring” is already named “Spring cohort”; choose another name."]
    }
    assert stored() == before


def test_the_api_refuses_a_taken_slug_on_its_field(admin, spring):
    before = stored()
    response = admin.post("/api/v1/cycles/", body("spring", "Another cohort", 60), format="json")
    assert response.status_code == 400
    assert response.json() == {"slug": ["A cycle “spring” already exists."]}
    assert stored() == before


def test_renaming_a_cycle_to_a_taken_name_is_a_400_and_changes_nothing(admin, spring):
    CycleFactory(slug="autumn", name="Autumn cohort")
    before = stored()
    response = admin.patch("/api/v1/cycles/autumn/", {"name": "Spring cohort"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert stored() == before
    # Its own name, in other capitals, is no clash.
    response = admin.patch("/api/v1/cycles/autumn/", {"name": "AUTUMN cohort"}, format="json")
    assert response.status_code == 200


def test_the_page_refuses_a_taken_name_and_a_taken_slug_on_their_fields(client, admin_user, spring):
    client.force_login(admin_user)
    before = stored()
    response = client.post(reverse("program:cycle-new"), body("spring", "Spring cohort", 60))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["slug"] == ["A cycle “spring” already exists."]
    assert errors["name"] == ["The cycle “spring” is already named “Spring cohort”; choose another name."]
    assert stored() == before


def test_the_edit_page_refuses_a_taken_name(client, admin_user, spring):
    autumn = CycleFactory(slug="autumn", name="Autumn cohort")
    client.force_login(admin_user)
    url = reverse("program:cycle-edit", args=[autumn.slug])
    form = client.get(url).context["form"]
    data = {name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields}
    before = stored()
    response = client.post(url, {**data, "name": "Spring cohort"})
    assert response.status_code == 400
    assert "already named" in response.context["form"].errors["name"][0]
    assert stored() == before


def test_the_database_refuses_a_second_cycle_of_the_same_name(spring):
    with pytest.raises(IntegrityError), transaction.atomic():
        CycleFactory(slug="other", name="Spring cohort")


def test_a_name_taken_between_the_check_and_the_save_is_named_on_its_field(admin_user, monkeypatch):
    """Two admins at once: the check passed for both, the constraint refuses the second."""
    from distinguished.program import cycle_editing

    real_clean = cycle_editing._clean_cycle
    calls = []

    def clean_once_then_race(cycle, *, creating):
        calls.append(cycle.slug)
        if len(calls) == 1:
            real_clean(cycle, creating=creating)
            CycleFactory(slug="racer", name="Race cohort")
            return
        real_clean(cycle, creating=creating)

    monkeypatch.setattr(cycle_editing, "_clean_cycle", clean_once_then_race)
    with pytest.raises(ValidationError) as caught:
        api.create_cycle(actor=admin_user, slug="mine", name="Race cohort", **dates(200))
    assert list(caught.value.message_dict) == ["name"]
    assert not Cycle.objects.filter(slug="mine").exists()
