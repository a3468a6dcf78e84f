"""Which cycle a nomination goes to while several take nominations at once (issue 13): the form
asks among the open cycles by name (one open cycle: no question), a cycle's Nominate button
preselects it, and the REST API takes the cycle too. The bad paths (an unknown cycle, a closed
one, no choice while several are open, none open at all) are a 400 on `cycle` that stores nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.nominations.models import Nomination
from distinguished.people.models import Contributor
from distinguished.program import api as program

from ..factories import ContributorFactory, CycleFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/nominations/"


def day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def stored() -> tuple:
    return (
        sorted(Nomination.objects.values_list("cycle__slug", "nominee_id")),
        Contributor.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def early(db):
    """Open since three weeks, closing in nine days."""
    return CycleFactory(slug="2027", name="2027 cohort", nominations_open=day(-21))


@pytest.fixture
def late(db):
    """Open since two days, closing in 28: it overlaps the early one."""
    return CycleFactory(slug="2028", name="2028 cohort", nominations_open=day(-2))


@pytest.fixture
def closed(db):
    return CycleFactory(slug="2026", name="2026 cohort", nominations_open=day(-90))


@pytest.fixture
def nominator(db):
    return UserFactory(username="nora", contributor=ContributorFactory(name="Nora Nominator"))


@pytest.fixture
def nia(db):
    return ContributorFactory(name="Nia Nominee")


def peer(nia, **fields) -> dict:
    return {"track": "engineer", "who": "existing", "nominee": str(nia.pk), "statement": "Nia.", **fields}


@pytest.fixture
def signed_in(client, nominator):
    client.force_login(nominator)
    return client


# --- the page ------------------------------------------------------------------------------------


def test_the_form_asks_which_open_cycle_by_name(signed_in, early, late, closed):
    response = signed_in.get(reverse("nominations:new"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.asks_cycle
    html = response.content.decode()
    assert "<legend>Which cycle is this nomination for?</legend>" in html
    # By name, none chosen yet; the closed cycle is not offered.
    assert '<input type="radio" name="cycle" value="2027" id="id_cycle_0">\n 2027 cohort</label>' in html
    assert '<input type="radio" name="cycle" value="2028" id="id_cycle_1">\n 2028 cohort</label>' in html
    assert 'value="2026"' not in html
    assert "<h1>Nominate</h1>" in html


def test_a_cycles_nominate_button_preselects_it(client, signed_in, early, late):
    cycle_page = client.get(reverse("program:cycle", args=["2028"])).content.decode()
    assert 'href="/nominations/new/?cycle=2028"' in cycle_page
    html = signed_in.get(reverse("nominations:new") + "?cycle=2028").content.decode()
    assert '<input type="radio" name="cycle" value="2028" id="id_cycle_1" checked>' in html
    assert '<input type="radio" name="cycle" value="2027" id="id_cycle_0">' in html


def test_the_chosen_cycle_gets_the_nomination(signed_in, early, late, nia):
    response = signed_in.post(reverse("nominations:new"), peer(nia, cycle="2028"))
    assert response.status_code == 302
    assert Nomination.objects.get(nominee=nia).cycle == late


def test_no_choice_while_several_are_open_is_a_400_naming_them(signed_in, early, late, nia):
    before = stored()
    response = signed_in.post(reverse("nominations:new"), peer(nia))
    assert response.status_code == 400
    assert response.context["form"].errors["cycle"] == [
        "Several cycles are open for nominations: 2027 cohort (2027), 2028 cohort (2028). "
        "Say which one this nomination is for."
    ]
    assert stored() == before


def test_an_unknown_cycle_is_a_400_on_the_choice(signed_in, early, late, nia):
    before = stored()
    response = signed_in.post(reverse("nominations:new"), peer(nia, cycle="2099"))
    assert response.status_code == 400
    assert response.context["form"].errors["cycle"] == [
        "No cycle “2099”. Open now: 2027 cohort (2027), 2028 cohort (2028)."
    ]
    assert stored() == before


def test_a_closed_cycle_is_a_400_saying_when_it_closed(signed_in, early, late, closed, nia):
    before = stored()
    response = signed_in.post(reverse("nominations:new"), peer(nia, cycle="2026"))
    assert response.status_code == 400
    assert response.context["form"].errors["cycle"] == [
        f"Nominations for 2026 cohort closed on {program.human(closed.nominations_close)}."
    ]
    assert stored() == before


def test_a_link_to_a_closed_cycle_says_so_and_offers_the_open_ones(signed_in, early, late, closed):
    response = signed_in.get(reverse("nominations:new") + "?cycle=2026")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Nominations for 2026 cohort closed on {program.human(closed.nominations_close)}." in html
    assert response.context["form"].asks_cycle and 'value="2027"' in html and 'value="2028"' in html


def test_an_unknown_cycle_in_a_link_is_a_404(signed_in, early):
    assert signed_in.get(reverse("nominations:new") + "?cycle=2099").status_code == 404


def test_with_one_open_cycle_nothing_is_asked(signed_in, early, closed, nia):
    response = signed_in.get(reverse("nominations:new"))
    html = response.content.decode()
    assert not response.context["form"].asks_cycle
    assert "Which cycle" not in html and "<h1>Nominate for the 2027 cohort</h1>" in html
    assert '<input type="hidden" name="cycle" value="2027"' in html
    # Sent without a cycle, the nomination goes to the open one.
    data = peer(nia)
    assert signed_in.post(reverse("nominations:new"), data).status_code == 302
    assert Nomination.objects.get(nominee=nia).cycle == early


def test_a_stale_form_for_a_cycle_now_closed_is_refused_then_offers_the_open_one(
    signed_in, early, closed, nia
):
    before = stored()
    response = signed_in.post(reverse("nominations:new"), peer(nia, cycle="2026"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nominations for 2026 cohort closed on" in html  # at the top: the cycle is not asked
    assert '<input type="hidden" name="cycle" value="2027"' in html
    assert stored() == before


def test_with_no_open_cycle_the_page_says_when_the_next_one_opens(signed_in, closed, nia):
    CycleFactory(slug="2029", name="2029 cohort", nominations_open=day(40))
    response = signed_in.get(reverse("nominations:new"))
    html = response.content.decode()
    assert (
        f"No cycle is open for nominations now; nominations for 2029 cohort open on {program.human(day(40))}."
        in html
    )
    assert '<form method="post" novalidate>' not in html
    before = stored()
    response = signed_in.post(reverse("nominations:new"), peer(nia, cycle="2026"))
    assert "No cycle is open for nominations now" in response.content.decode()
    assert stored() == before


def test_my_nominations_narrows_to_one_cycle(signed_in, nominator, early, late, nia):
    for cycle in (early, late):
        assert signed_in.post(reverse("nominations:new"), peer(nia, cycle=cycle.slug)).status_code == 302
    response = signed_in.get(reverse("nominations:mine") + "?cycle=2028")
    assert [n.cycle.slug for n in response.context["made"]] == ["2028"]
    assert len(signed_in.get(reverse("nominations:mine")).context["made"]) == 2
    assert signed_in.get(reverse("nominations:mine") + "?cycle=2099").status_code == 404


# --- the REST API --------------------------------------------------------------------------------


@pytest.fixture
def api(client_for, nominator):
    return client_for(nominator)


def body(nia, **fields) -> dict:
    return {"track": "engineer", "nominee": nia.pk, **fields}


def test_the_api_takes_the_cycle_named(api, early, late, nia):
    response = api.post(URL, body(nia, cycle="2028"), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["cycle"] == "2028"


@pytest.mark.parametrize("missing", [{}, {"cycle": None}, {"cycle": ""}])
def test_the_api_refuses_no_cycle_while_several_are_open_naming_them(api, early, late, nia, missing):
    before = stored()
    response = api.post(URL, body(nia, **missing), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "cycle": [
            "Several cycles are open for nominations: 2027 cohort (2027), 2028 cohort (2028). "
            "Say which one this nomination is for."
        ]
    }
    assert stored() == before


def test_the_api_takes_the_only_open_cycle_when_none_is_named(api, early, closed, nia):
    response = api.post(URL, body(nia), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["cycle"] == "2027"


def test_the_api_refuses_an_unknown_or_a_closed_cycle_with_several_open(api, early, late, closed, nia):
    before = stored()
    response = api.post(URL, body(nia, cycle="2099"), format="json")
    assert (response.status_code, list(response.json())) == (400, ["cycle"])
    response = api.post(URL, body(nia, cycle="2026"), format="json")
    assert response.status_code == 400
    assert response.json()["cycle"] == [
        f"Nominations for 2026 cohort closed on {program.human(closed.nominations_close)}."
    ]
    assert stored() == before


def test_the_api_with_no_cycle_open_says_when_the_next_opens(api, closed, nia):
    CycleFactory(slug="2029", name="2029 cohort", nominations_open=day(40))
    before = stored()
    response = api.post(URL, body(nia), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "cycle": [
            "No cycle is open for nominations now; nominations for 2029 cohort open on "
            f"{program.human(day(40))}."
        ]
    }
    assert stored() == before


def test_the_api_registers_no_new_nominee_when_the_cycle_is_refused(api, early, late):
    before = stored()
    response = api.post(
        URL,
        {"track": "engineer", "nominee_new": {"kind": "person", "name": "Newt", "email": "newt@example.org"}},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["cycle"]
    assert stored() == before
