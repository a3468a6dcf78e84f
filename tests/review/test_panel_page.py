"""The panel page at any size: a nomination is found by a search (its number or the nominee's name,
a page of matches at most) or named by its number, never picked from a list of every nomination;
assigning by hand and declaring a conflict answer bad input with field errors and change nothing;
the conflicts and voided assignments are read a page at a time; the queries do not grow."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from distinguished.nominations import api as nominations
from distinguished.review import api
from distinguished.review.models import Assignment, Conflict

from ..factories import (
    ConflictFactory,
    ContributorFactory,
    EndorsementFactory,
    NominationFactory,
    OrganizationFactory,
    UserFactory,
)
from .conftest import grow


def panel_url(late):
    return f"/cycles/{late.cycle.slug}/panel/"


def found(html) -> list[str]:
    """The nomination numbers the search lists, in order (each row's forms name its nomination)."""
    section = html[html.index('id="find"') : html.index('id="assign-title"')]
    return list(dict.fromkeys(re.findall(r'name="nomination" value="(\d+)"', section)))


def test_the_search_lists_a_page_of_matches_by_number_and_says_when_more_match(late, client):
    grown = grow(late, 25)
    client.force_login(late.chair)
    response = client.get(panel_url(late), {"q": "grown"})
    html = response.content.decode()
    assert found(html) == [str(n.pk) for n in grown[:20]]
    assert "More nominations match: the first 20 are shown." in html
    for q in (str(grown[24].pk), f"#{grown[24].pk}", "Grown 0024", "grown 24"):
        assert found(client.get(panel_url(late), {"q": q}).content.decode()) == [str(grown[24].pk)], q
    # Nothing asked, nothing listed; a number of no nomination (or past any id) finds nothing, never a 500.
    assert "Nominations matching" not in client.get(panel_url(late)).content.decode()
    for q in ("999999", "9" * 30):
        answer = client.get(panel_url(late), {"q": q})
        assert answer.status_code == 200 and found(answer.content.decode()) == []
    # A digit that is not ASCII is no number: a search of names (MariaDB's collation finds "2" by
    # "²"), never a 500.
    assert client.get(panel_url(late), {"q": "²"}).status_code == 200


def test_the_search_never_lists_what_a_conflict_hides_nor_another_cycles_nominations(late, client, fresh):
    api.declare_conflict(actor=late.co_chair, cycle=late.cycle, nomination=late.ada, reason="Co-author.")
    elsewhere = NominationFactory(nominee=ContributorFactory(name="Ada Elsewhere"), nominator=late.r3)
    client.force_login(fresh(late.co_chair))
    html = client.get(panel_url(late), {"q": "ada"}).content.decode()
    assert found(html) == [] and "No nomination you may act on matches “ada”." in html
    assert found(client.get(panel_url(late), {"q": str(late.ada.pk)}).content.decode()) == []
    assert found(client.get(panel_url(late), {"q": str(elsewhere.pk)}).content.decode()) == []
    client.force_login(fresh(late.chair))
    assert found(client.get(panel_url(late), {"q": "ada"}).content.decode()) == [str(late.ada.pk)]


def test_the_chair_assigns_by_hand_from_a_search_result_and_comes_back_to_it(late, client):
    newcomer = late.seats[7].user
    client.force_login(late.chair)
    html = client.get(panel_url(late), {"q": "ben"}).content.decode()
    assert f'<select id="assign-{late.ben.pk}" name="panelist">' in html
    response = client.post(
        f"{panel_url(late)}?q=ben", {"by_hand": "1", "nomination": str(late.ben.pk), "panelist": newcomer.pk}
    )
    assert response.status_code == 302 and response.url == f"{panel_url(late)}?q=ben"
    assert Assignment.objects.filter(nomination=late.ben, panelist=newcomer, voided__isnull=True).exists()
    page = client.get(response.url).content.decode()
    assert f"{newcomer} now reviews Ben Nominee." in page


@pytest.mark.parametrize(
    ("nomination", "panelist", "field", "message"),
    [
        ("", "seat7", "nomination", "This field is required."),
        (
            "Ben",
            "seat7",
            "nomination",
            "Enter the nomination&#x27;s number, as on its page or in the search.",
        ),
        ("999999", "seat7", "nomination", "No nomination of this cycle has that number."),
        ("9" * 30, "seat7", "nomination", "Ensure this value is less than or equal to"),
        ("other", "seat7", "nomination", "No nomination of this cycle has that number."),
        ("ben", "r1", "panelist", "already reviews this nomination."),
        ("ada", "seat7", "panelist", "has a conflict of interest with this nomination."),
        ("ben", "nobody", "panelist", "Select a valid choice."),
    ],
)
def test_assigning_by_hand_bad_input_is_a_field_error_and_changes_nothing(
    late, client, nomination, panelist, field, message
):
    other = NominationFactory(nominator=late.r3)
    api.declare_conflict(actor=late.seats[7].user, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    numbers = {"ada": late.ada.pk, "ben": late.ben.pk, "other": other.pk}
    panelists = {"seat7": late.seats[7].user.pk, "r1": late.r1.pk}
    data = {
        "by_hand": "1",
        "nomination": str(numbers.get(nomination, nomination)),
        "panelist": str(panelists.get(panelist, 123456789)),
    }
    before = list(Assignment.objects.order_by("pk").values_list("pk", "voided"))
    client.force_login(late.chair)
    response = client.post(panel_url(late), data)
    assert response.status_code == 400
    errors = response.content.decode().split(f'id="by-hand-{field}_errors"')[1].split("</ul>")[0]
    assert message in errors
    assert list(Assignment.objects.order_by("pk").values_list("pk", "voided")) == before


def test_only_the_chair_assigns_by_hand_and_a_hidden_nomination_is_no_nomination(late, client, fresh):
    client.force_login(late.r1)
    data = {"by_hand": "1", "nomination": str(late.ben.pk), "panelist": str(late.seats[7].user.pk)}
    assert client.post(panel_url(late), data).status_code == 403
    api.declare_conflict(actor=late.co_chair, cycle=late.cycle, nomination=late.ben, reason="Co-author.")
    client.force_login(fresh(late.co_chair))
    response = client.post(panel_url(late), data)
    assert response.status_code == 400
    assert "No nomination of this cycle has that number." in response.content.decode()
    assert not Assignment.objects.filter(nomination=late.ben, panelist=late.seats[7].user).exists()


def test_declaring_from_a_search_result_and_bad_numbers_are_field_errors(late, client):
    client.force_login(late.r1)
    html = client.get(panel_url(late), {"q": "ben"}).content.decode()
    assert f'<input id="declare-{late.ben.pk}" type="text" name="reason" required' in html
    response = client.post(
        f"{panel_url(late)}?q=ben", {"conflict": "1", "nomination": str(late.ben.pk), "reason": "Neighbour."}
    )
    assert response.status_code == 302 and response.url == f"{panel_url(late)}?q=ben"
    assert Conflict.objects.filter(panelist=late.r1, nomination=late.ben).exists()
    for number, message in (
        ("ben", "Enter the nomination&#x27;s number"),
        ("-3", "Ensure this value is greater than or equal to 1."),
        ("9" * 30, "Ensure this value is less than or equal to"),
        ("999999", "No nomination of this cycle has that number."),
    ):
        answer = client.post(panel_url(late), {"conflict": "1", "nomination": number, "reason": "x"})
        assert answer.status_code == 400, number
        errors = answer.content.decode().split('id="id_nomination_errors"')[1].split("</ul>")[0]
        assert message in errors, number
    # An empty reason from a search result's row: the form below keeps the number and names the reason.
    answer = client.post(panel_url(late), {"conflict": "1", "nomination": str(late.ada.pk), "reason": ""})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert f'name="nomination" value="{late.ada.pk}"' in page and 'id="id_reason_errors"' in page
    assert Conflict.objects.count() == 1


def test_the_conflicts_are_read_fifty_at_a_time_keeping_the_search(late, client):
    grown, quiet = grow(late, 55), late.seats[7].user  # a panelist who reviews none of them
    for i, n in enumerate(grown):
        ConflictFactory(panelist=quiet, nomination=n, reason=f"Tie {i}.")
    client.force_login(late.chair)
    first = client.get(panel_url(late), {"q": "ada"})
    assert len(first.context["conflicts"].object_list) == 50
    html = first.content.decode()
    assert 'href="?q=ada&amp;conflicts=2#conflicts"' in html and "Page 1 of 2 (55 in all)" in html
    second = client.get(panel_url(late), {"q": "ada", "conflicts": "2"})
    assert [c["reason"] for c in second.context["conflicts"].object_list] == [
        f"Tie {i}." for i in range(50, 55)
    ]
    assert 'href="?q=ada&amp;conflicts=1#conflicts"' in second.content.decode()
    assert client.get(panel_url(late), {"conflicts": "nope"}).status_code == 200


@pytest.mark.parametrize("viewer", ["chair", "r1"])
def test_the_page_costs_the_same_queries_at_any_size(late, client, django_assert_num_queries, viewer):
    user = getattr(late, viewer)
    # A detected conflict and a declared one at both sizes, so that every query runs at both.
    NominationFactory(cycle=late.cycle, nominee=ContributorFactory(name="Cy Nominee"), nominator=late.r2)
    api.declare_conflict(actor=late.r3, cycle=late.cycle, nomination=late.ben, reason="Friend.")
    client.force_login(user)
    client.get(panel_url(late), {"q": "nominee"})
    with CaptureQueriesContext(connection) as small:
        assert client.get(panel_url(late), {"q": "nominee"}).status_code == 200
    reading = len(small.captured_queries)  # before the next request empties Django's query log
    grown, quiet = grow(late, 120), late.seats[7].user
    for n in grown[:60]:
        ConflictFactory(panelist=quiet, nomination=n, reason="Tie.")
    client.get(panel_url(late), {"q": "grown"})
    with django_assert_num_queries(reading):
        response = client.get(panel_url(late), {"q": "grown"})
    assert len(response.context["found"]) == 20


def test_the_conflicts_read_only_what_the_seats_touch_and_find_what_the_whole_cycle_holds(
    late, admin_user, django_assert_num_queries
):
    """conflicts_of reads the nominations the seats (and declared contributors) touch, not the whole
    cycle: the same rows as from every nomination, in as many queries at any size."""
    org, other_org = OrganizationFactory(), OrganizationFactory()
    type(late.r1.contributor).objects.filter(pk=late.r1.contributor_id).update(organization=org)
    late.r1.contributor.refresh_from_db()

    def nominate(nominee, nominator=None):
        return NominationFactory(cycle=late.cycle, nominee=nominee, nominator=nominator or UserFactory())

    nominate(late.r2.contributor)  # the panelist is the nominee
    nominate(ContributorFactory(), nominator=late.r3)  # the nominator
    endorsed = nominate(ContributorFactory())
    EndorsementFactory(nomination=endorsed, endorser=late.chair, relationship="r", statement="s")
    nominate(ContributorFactory(organization=org))  # a colleague of r1
    nominate(org)  # r1's organization itself
    nominate(ContributorFactory(organization=other_org))  # declared: the whole organization
    api.declare_conflict(actor=late.co_chair, cycle=late.cycle, contributor=other_org, reason="Ex-employer.")
    api.declare_conflict(actor=late.r2, cycle=late.cycle, nomination=late.ada, reason="Friend.")

    def rows(items=None):
        return sorted(
            (c["panelist"].pk, c["nomination"].pk, c["source"], c["reason"])
            for c in api.conflicts_of(late.cycle, items=items)
        )

    found = rows()
    assert found == rows(list(nominations.nominations_for_review(late.cycle)))
    assert {source for _, _, source, _ in found} == {
        "nominee",
        "nominator",
        "endorser",
        "organization",
        "declared",
    }
    with CaptureQueriesContext(connection) as small:
        api.conflicts_of(late.cycle)
    grow(late, 40)
    with django_assert_num_queries(len(small.captured_queries)):
        assert rows() == found
