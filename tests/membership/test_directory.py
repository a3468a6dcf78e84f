"""The public directory: `/directory/`, `/directory/<contributor id>/` and `GET /api/v1/directory/`.

Statuses are computed in SQL there; they must agree with `membership.api.status_of` on every day,
across term boundaries and 29 February. Only contributors who agreed to be listed ever appear, never
a revoked membership, and the pages cost the same number of queries at any size."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from distinguished.audit.models import AuditEvent
from distinguished.contributions.models import Contribution
from distinguished.membership import api, listing, standing
from distinguished.membership.models import Membership
from distinguished.people import api as people_api
from distinguished.people import search as people_search
from distinguished.people.models import Contributor
from distinguished.program import api as program
from distinguished.program.models import Cycle

from ..factories import (
    AuditEventFactory,
    ContributionFactory,
    ContributorFactory,
    CycleFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

TODAY = dt.date(2026, 1, 15)
ITEM_FIELDS = {"membership", "contributor", "track", "cycle", "start", "end", "status", "since"}


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


def term(
    contributor, track_code, start, *, years=2, cycle=None, previous=None, lifetime=False, revoked_on=None
):
    start = dt.date.fromisoformat(start) if isinstance(start, str) else start
    return MembershipFactory(
        contributor=contributor,
        track=program.get_track(track_code),
        cycle=cycle,
        start=start,
        end=None if lifetime and years is None else api.term_end(start, years),
        previous=previous,
        lifetime=lifetime,
        revoked_on=revoked_on,
    )


@pytest.fixture
def cohort_2025(db):
    return Cycle.objects.get(slug="2025")


@pytest.fixture
def people(db, cohort_2025):
    """One member in each status on 15 January 2026, plus people who must never be shown."""
    acme = OrganizationFactory(name="Acme Learning", country="FR", listed_publicly=True)
    later = CycleFactory(slug="2026", name="2026 cohort")
    found = {
        "active": ContributorFactory(
            name="Ada Active", country="FR", organization=acme, listed_publicly=True
        ),
        "expiring": ContributorFactory(name="Eve Expiring", country="DE", listed_publicly=True),
        "expired": ContributorFactory(name="Xavier Expired", country="FR", listed_publicly=True),
        "renewed": ContributorFactory(name="Rene Renewed", country="US", listed_publicly=True),
        "lifetime": ContributorFactory(name="Lina Lifetime", country="US", listed_publicly=True),
        "revoked": ContributorFactory(name="Ron Revoked", country="FR", listed_publicly=True),
        "unlisted": ContributorFactory(name="Una Unlisted", country="FR", listed_publicly=False),
        "never": ContributorFactory(name="Nora Nevermember", country="FR", listed_publicly=True),
        "acme": acme,
    }
    found["m_active"] = term(found["active"], "engineer", "2025-07-01", cycle=cohort_2025)
    found["m_expiring"] = term(found["expiring"], "advocate", "2024-03-01", cycle=later)  # ends 2026-02-28
    found["m_expired"] = term(
        found["expired"], "engineer", "2023-07-01", cycle=cohort_2025
    )  # ended 2025-06-30
    first = term(found["renewed"], "innovator", "2023-07-01", cycle=cohort_2025)
    found["m_renewed_first"] = first
    found["m_renewed_second"] = term(found["renewed"], "innovator", "2025-07-01", previous=first)
    found["m_lifetime"] = term(found["lifetime"], "advocate", "2021-07-01", lifetime=True, cycle=later)
    found["m_revoked"] = term(found["revoked"], "engineer", "2025-07-01", revoked_on=dt.date(2025, 9, 1))
    found["m_unlisted"] = term(found["unlisted"], "engineer", "2025-07-01", cycle=cohort_2025)
    found["m_acme"] = term(acme, "partner", "2025-07-01", cycle=cohort_2025)
    return found


def names(response) -> list[str]:
    return [item["contributor"]["name"] for item in response.json()["results"]]


# --- The stored status and its filters agree with status_of -----------------------------------------


def test_stored_status_and_filters_agree_with_status_of_on_every_day_across_boundaries_and_29_february(
    db, cohort_2025
):
    someone = ContributorFactory(listed_publicly=True)
    other = ContributorFactory(listed_publicly=True)
    memberships = [
        term(someone, "engineer", "2025-07-01"),  # ends 2027-06-30
        term(someone, "advocate", "2024-02-29"),  # from 29 February: ends 2026-02-28
        term(other, "engineer", "2026-03-01"),  # ends on 29 February 2028
        term(other, "advocate", "2019-07-01", lifetime=True),
        term(other, "innovator", "2025-07-01", revoked_on=dt.date(2026, 1, 1)),
        MembershipFactory(
            contributor=other, track=program.get_track("partner"), start=dt.date(2024, 1, 1), end=None
        ),
    ]
    first = term(someone, "innovator", "2022-03-01")
    memberships += [first, term(someone, "innovator", "2024-03-01", previous=first)]
    days = set()
    for center in ["2026-02-28", "2026-03-01", "2027-06-30", "2028-02-29", "2025-11-30", "2027-12-02"]:
        day = dt.date.fromisoformat(center)
        days |= {day + dt.timedelta(days=offset) for offset in range(-3, 4)}
    # The renewal windows open 90 days before the last day (2025-12-01, 2027-04-02, 2027-12-02) and 30.
    days |= {
        dt.date(2025, 12, 1),
        dt.date(2027, 4, 1),
        dt.date(2027, 4, 2),
        dt.date(2028, 1, 30),
        dt.date(2028, 1, 31),
    }
    seen = set()
    ids = [m.pk for m in memberships]
    statuses = ["active", "expiring", "expired", "renewed", "lifetime", "revoked"]
    for window in (90, 30):
        # Forwards and back: the night follows a date moved back too.
        for day in [*sorted(days), *sorted(days, reverse=True)]:
            expected = {
                m.pk: api.status_of(m, day, renewal_window_days=window)
                for m in Membership.objects.filter(pk__in=ids)
            }
            # Filters and the words of a row: right before the night stores anything…
            for status in statuses:
                found = Membership.objects.filter(
                    api.statuses_q([status], today=day, renewal_window_days=window), pk__in=ids
                )
                assert {m.pk for m in found} == {pk for pk, s in expected.items() if s == status}, (
                    status,
                    day,
                )
            shown = api.as_of(Membership.objects.filter(pk__in=ids), today=day, renewal_window_days=window)
            assert {m.pk: m.status for m in shown} == expected, (day, window)
            # …and what the night stores.
            standing.move_on(Membership, day, window)
            assert dict(Membership.objects.filter(pk__in=ids).values_list("pk", "status")) == expected
            seen |= set(expected.values())
    assert seen == set(statuses)
    # Any two neighbouring statuses filter together as one range.
    day = dt.date(2027, 4, 2)
    for pair in (
        ["expired", "expiring"],
        ["expiring", "active"],
        ["expired", "active"],
        ["active", "lifetime"],
    ):
        found = Membership.objects.filter(api.statuses_q(pair, today=day, renewal_window_days=90), pk__in=ids)
        assert {m.pk for m in found} == {
            m.pk for m in Membership.objects.filter(pk__in=ids) if api.status_of(m, day) in pair
        }


def test_restamp_recomputes_what_the_events_stored(db, cohort_2025):
    someone = ContributorFactory(listed_publicly=True)
    first = term(someone, "engineer", "2019-07-01", cycle=cohort_2025)
    second = term(someone, "engineer", "2021-07-01", previous=first)
    third = term(someone, "engineer", "2023-07-01", previous=second, lifetime=True)
    other = term(ContributorFactory(), "advocate", "2024-07-01", revoked_on=dt.date(2025, 1, 1))
    stored = list(Membership.objects.values_list("pk", "status", "since", "cohort_cycle_id").order_by("pk"))
    assert stored == [
        (first.pk, "renewed", dt.date(2019, 7, 1), cohort_2025.pk),
        (second.pk, "renewed", dt.date(2019, 7, 1), cohort_2025.pk),
        (third.pk, "lifetime", dt.date(2019, 7, 1), cohort_2025.pk),
        (other.pk, "revoked", dt.date(2024, 7, 1), None),
    ]
    Membership.objects.update(status="active", since=None, cohort_cycle=None)
    assert standing.restamp(Membership, timezone_today(), 90) == 4
    assert (
        list(Membership.objects.values_list("pk", "status", "since", "cohort_cycle_id").order_by("pk"))
        == stored
    )
    assert standing.restamp(Membership, timezone_today(), 90) == 0


def test_a_term_from_29_february_is_expiring_on_its_last_day_and_expired_the_day_after(db):
    member = ContributorFactory(listed_publicly=True)
    leap = term(member, "engineer", "2024-02-29")
    assert leap.end == dt.date(2026, 2, 28)

    def status(day):
        (shown,) = api.as_of([leap], today=dt.date.fromisoformat(day), renewal_window_days=90)
        filtered = Membership.objects.filter(
            api.statuses_q([shown.status], today=dt.date.fromisoformat(day), renewal_window_days=90)
        )
        assert filtered.filter(pk=leap.pk).exists()
        return shown.status

    assert status("2025-11-30") == "active"
    assert status("2025-12-01") == "expiring"
    assert status("2026-02-28") == "expiring"
    assert status("2026-03-01") == "expired"


# --- Which memberships show ---------------------------------------------------------------------------


def test_the_directory_lists_current_members_by_default(client, people, frozen):
    response = client.get("/api/v1/directory/")
    assert response.status_code == 200
    assert names(response) == ["Acme Learning", "Ada Active", "Eve Expiring", "Lina Lifetime", "Rene Renewed"]
    statuses = {item["contributor"]["name"]: item["status"] for item in response.json()["results"]}
    assert statuses == {
        "Acme Learning": "active",
        "Ada Active": "active",
        "Eve Expiring": "expiring",
        "Lina Lifetime": "lifetime",
        "Rene Renewed": "active",
    }


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("active", ["Acme Learning", "Ada Active", "Rene Renewed"]),
        ("expiring", ["Eve Expiring"]),
        ("lifetime", ["Lina Lifetime"]),
        ("renewed", ["Rene Renewed"]),
        ("expired", ["Xavier Expired"]),
        (
            "all",
            [
                "Acme Learning",
                "Ada Active",
                "Eve Expiring",
                "Lina Lifetime",
                "Rene Renewed",
                "Rene Renewed",
                "Xavier Expired",
            ],
        ),
    ],
)
def test_the_status_filter(client, people, frozen, status, expected):
    response = client.get("/api/v1/directory/", {"status": status})
    assert response.status_code == 200
    assert names(response) == expected
    if status not in ("all",):
        assert {item["status"] for item in response.json()["results"]} == {status}


def test_a_renewal_keeps_the_cohort_of_the_term_it_renews(client, people, frozen):
    response = client.get("/api/v1/directory/", {"status": "all", "q": "Rene"})
    assert [(item["status"], item["cycle"]) for item in response.json()["results"]] == [
        ("active", "2025"),
        ("renewed", "2025"),
    ]


def test_unlisted_and_revoked_never_appear(client, people, frozen):
    for params in [{}, {"status": "all"}, {"q": "Una"}, {"q": "Ron"}, {"country": "FR", "status": "all"}]:
        api_names = names(client.get("/api/v1/directory/", params))
        page = client.get("/directory/", params).content.decode()
        for hidden in ("Una Unlisted", "Ron Revoked", "Nora Nevermember"):
            assert hidden not in api_names
            assert hidden not in page
    assert client.get(reverse("membership:profile", args=[people["unlisted"].pk])).status_code == 404


def test_a_member_who_stops_being_listed_disappears(client, people, frozen):
    ada = people["active"]
    people_api.update_contributor(actor=UserFactory(contributor=ada), contributor=ada, listed_publicly=False)
    assert "Ada Active" not in names(client.get("/api/v1/directory/"))
    assert client.get(reverse("membership:profile", args=[ada.pk])).status_code == 404


def test_the_directory_follows_a_members_name_country_and_listing(client, people, frozen):
    """Each term keeps a copy of its contributor's listing (membership.listing): every save of the
    contributor, in the admin or through people.api, moves it; so does the nominee's answer."""
    ada = people["active"]
    people_api.update_contributor(
        actor=UserFactory(contributor=ada), contributor=ada, name="Zoe Active", country="PT"
    )
    assert names(client.get("/api/v1/directory/", {"country": "PT"})) == ["Zoe Active"]
    assert names(client.get("/api/v1/directory/"))[-1] == "Zoe Active"  # sorted by the new name
    admin = UserFactory(roles=["admin"])
    people_api.apply_listing_answer(
        actor=admin, contributor=ada, listed=False, answered=None, reason="answer"
    )
    assert "Zoe Active" not in names(client.get("/api/v1/directory/"))
    assert list(
        Membership.objects.filter(contributor=ada).values_list("listed", "sort_name", "country").distinct()
    ) == [(False, "Zoe Active", "PT")]
    # Rows loaded in bulk are copied by relist, as the migration and the benchmarks do.
    Membership.objects.update(listed=False, sort_name="", country="")
    listing.relist(Membership, Contributor)
    assert "Acme Learning" in names(client.get("/api/v1/directory/"))


# --- Filters and search -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"track": "engineer"}, ["Ada Active"]),
        ({"track": "engineer", "status": "all"}, ["Ada Active", "Xavier Expired"]),
        ({"track": "partner"}, ["Acme Learning"]),
        ({"cycle": "2025"}, ["Acme Learning", "Ada Active", "Rene Renewed"]),
        ({"cycle": "2026"}, ["Eve Expiring", "Lina Lifetime"]),
        ({"country": "fr"}, ["Acme Learning", "Ada Active"]),
        ({"country": "US", "status": "lifetime"}, ["Lina Lifetime"]),
        ({"q": "ada"}, ["Ada Active"]),
        ({"q": "acme"}, ["Acme Learning", "Ada Active"]),  # the organization and its people
        ({"q": "  ada   active "}, ["Ada Active"]),
        ({"q": "ada eve"}, []),
        ({"q": "zzz"}, []),
    ],
)
def test_filters_and_search(client, people, frozen, params, expected):
    response = client.get("/api/v1/directory/", params)
    assert response.status_code == 200
    assert names(response) == expected


def test_search_finds_a_github_login(client, people, frozen):
    people["active"].github = "ada-codes"
    people["active"].save()
    assert names(client.get("/api/v1/directory/", {"q": "ADA-CODES"})) == ["Ada Active"]


@pytest.mark.parametrize(
    ("params", "field", "fragment"),
    [
        ({"status": "foo"}, "status", "Unknown status “foo”"),
        ({"status": "revoked"}, "status", "not listed publicly"),
        ({"track": "wizard"}, "track", "Unknown track “wizard”"),
        ({"cycle": "1999"}, "cycle", "No announced cohort “1999”"),
        ({"country": "ZZ"}, "country", "Unknown country “ZZ”"),
        ({"q": "x" * 101}, "q", "under 100 characters"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_field(client, people, frozen, params, field, fragment):
    before = list(Membership.objects.order_by("pk").values())
    response = client.get("/api/v1/directory/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert fragment in response.json()[field][0]
    page = client.get("/directory/", params)
    assert page.status_code == 400
    assert fragment in page.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert f'aria-describedby="{field}_errors"' in page.content.decode()
    assert "Ada Active" not in page.content.decode()
    assert list(Membership.objects.order_by("pk").values()) == before


def test_two_bad_filters_name_both_fields(client, people):
    response = client.get("/api/v1/directory/", {"status": "foo", "track": "bar"})
    assert response.status_code == 400
    assert set(response.json()) == {"status", "track"}


def test_clean_filters_reads_a_query_dict(people):
    options = api.directory_options()
    filters = api.clean_directory_filters({"track": "engineer", "cycle": "2025", "country": "fr"}, options)
    assert (filters.track, filters.cycle, filters.country, filters.status) == (
        "engineer",
        "2025",
        "FR",
        "current",
    )
    assert filters.cycle_id == Cycle.objects.get(slug="2025").pk
    assert filters.as_params() == {"track": "engineer", "cycle": "2025", "country": "FR"}
    with pytest.raises(ValidationError):
        api.clean_directory_filters({"status": "nope"}, options)


# --- The API's shape ------------------------------------------------------------------------------------


def test_the_api_items_are_as_the_contract_says_and_anyone_reads_them(
    client, client_for, member, people, frozen
):
    for caller in (client, client_for(member)):
        response = caller.get("/api/v1/directory/", {"track": "engineer"})
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"count", "next", "previous", "results"}
        [item] = body["results"]
        assert set(item) >= ITEM_FIELDS
        assert item == {
            "membership": people["m_active"].pk,
            "contributor": {
                "id": people["active"].pk,
                "name": "Ada Active",
                "kind": "person",
                "country": "FR",
                "organization": "Acme Learning",
                "profile": f"http://testserver/directory/{people['active'].pk}/",
            },
            "track": "engineer",
            "cycle": "2025",
            "start": "2025-07-01",
            "end": "2027-06-30",
            "status": "active",
            "since": "2025-07-01",
        }


def test_the_api_pages_keep_the_filters(client, db, frozen):
    track = program.get_track("engineer")
    Membership.objects.bulk_create(
        MembershipFactory.build(
            contributor=ContributorFactory(name=f"Member {i:03}", listed_publicly=True),
            track=track,
            start=dt.date(2025, 7, 1),
            end=dt.date(2027, 6, 30),
        )
        for i in range(60)
    )
    listing.relist(Membership, Contributor)  # rows made in bulk copy no listing
    first = client.get("/api/v1/directory/", {"track": "engineer", "q": "member"}).json()
    assert first["count"] == 60 and len(first["results"]) == 50
    assert "track=engineer" in first["next"] and "q=member" in first["next"] and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert [item["contributor"]["name"] for item in second["results"]] == [
        f"Member {i:03}" for i in range(50, 60)
    ]


# --- Deep pages: Next and Previous read from the edge of the page -------------------------------------


@pytest.fixture
def many(db, frozen):
    """164 memberships (4 pages) in the directory's order, with names alike and people on two tracks."""
    engineer, advocate = program.get_track("engineer"), program.get_track("advocate")
    rows = []
    for i in range(140):
        contributor = ContributorFactory(name=f"Member {i % 70:03}", listed_publicly=True)
        rows.append(
            MembershipFactory.build(
                contributor=contributor, track=engineer, start=dt.date(2025, 7, 1), end=dt.date(2027, 6, 30)
            )
        )
        if i % 6 == 0:
            rows.append(
                MembershipFactory.build(
                    contributor=contributor,
                    track=advocate,
                    start=dt.date(2025, 7, 1),
                    end=dt.date(2027, 6, 30),
                )
            )
    Membership.objects.bulk_create(rows)
    standing.restamp(Membership, timezone_today(), 90)
    listing.relist(Membership, Contributor)
    return [m.pk for m in api.directory_entries()]


def test_next_and_previous_links_of_the_api_walk_the_same_rows_as_page_numbers(client, many):
    by_number = [
        [item["membership"] for item in client.get("/api/v1/directory/", {"page": n}).json()["results"]]
        for n in (1, 2, 3, 4)
    ]
    assert [pk for page in by_number for pk in page] == many and len(many) == 164
    walked, link, links = [], "/api/v1/directory/", []
    while link:
        answer = client.get(link).json()
        walked.append([item["membership"] for item in answer["results"]])
        links.append(answer)
        link = answer["next"]
    assert walked == by_number
    assert f"after={by_number[0][-1]}" in links[0]["next"] and "page=2" in links[0]["next"]
    # …and back.
    back = client.get(links[-1]["previous"]).json()
    assert f"before={by_number[3][0]}" in links[-1]["previous"] and "page=3" in links[-1]["previous"]
    assert [item["membership"] for item in back["results"]] == by_number[2]
    assert back["count"] == 164


def test_the_page_links_read_the_next_page_from_the_last_row(client, many):
    first = client.get("/directory/").content.decode()
    assert f"page=2&amp;after={many[49]}" in first
    second = client.get("/directory/", {"page": 2, "after": many[49]}).content.decode()
    assert f"page=3&amp;after={many[99]}" in second and f"page=1&amp;before={many[50]}" in second
    assert "page 2 of 4" in second
    assert client.get("/directory/", {"page": 1, "before": many[50]}).content.decode().count(
        'href="/directory/'
    ) == first.count('href="/directory/')


def test_a_deep_page_costs_the_same_by_its_number_or_by_its_neighbour(
    client, many, django_assert_num_queries
):
    # By its number: the count, the page's ids (counted off the terms' index), its rows joined.
    with django_assert_num_queries(6):
        by_number = client.get("/api/v1/directory/", {"page": 4}).json()
    # By its neighbour: the count, the neighbour's place, the rows after it.
    with django_assert_num_queries(6):
        answer = client.get("/api/v1/directory/", {"page": 4, "after": many[149]}).json()
    assert [item["membership"] for item in answer["results"]] == many[150:]
    assert by_number["results"] == answer["results"]


def test_a_neighbour_that_left_the_directory_falls_back_to_the_page_number(client, many, admin_user):
    gone = Membership.objects.get(pk=many[49])
    api.revoke(actor=admin_user, membership=gone, reason="Left")
    answer = client.get("/api/v1/directory/", {"page": 2, "after": gone.pk}).json()
    # A term the directory no longer shows places nothing (its place would tell where an unlisted
    # name sorts): page 2 by its number.
    assert [item["membership"] for item in answer["results"]] == [pk for pk in many if pk != gone.pk][50:100]
    missing = client.get("/api/v1/directory/", {"page": 2, "after": 10**9}).json()
    assert [item["membership"] for item in missing["results"]] == [pk for pk in many if pk != gone.pk][50:100]


@pytest.mark.parametrize("param", ["after", "before"])
def test_a_bad_neighbour_is_a_404_in_the_api_and_the_numbered_page_on_the_page(client, many, param):
    response = client.get("/api/v1/directory/", {"page": 2, param: "abc"})
    assert response.status_code == 404 and response.json() == {"detail": "Invalid page."}
    page = client.get("/directory/", {"page": 2, param: "abc"})
    assert page.status_code == 200 and "page 2 of 4" in page.content.decode()


# --- The pages ------------------------------------------------------------------------------------------


def test_the_directory_page_lists_members_with_links_to_their_profiles(client, people, frozen):
    response = client.get(reverse("membership:directory"))
    assert response.status_code == 200
    html = response.content.decode()
    profile = reverse("membership:profile", args=[people["active"].pk])
    assert f'<a href="{profile}">Ada Active</a>' in html
    assert "Acme Learning" in html and "Engineer" in html
    assert "1 Jul 2025 – 30 Jun 2027" in html
    assert "Renewal window open" in html  # Eve
    assert "Xavier Expired" not in html
    assert '<label for="status">Status</label>' in html
    assert '<option value="FR">France</option>' in html  # countries of listed members only
    assert "Nora" not in html


def test_the_directory_page_filters_and_keeps_the_filters_in_its_page_links(client, db, frozen):
    track = program.get_track("advocate")
    Membership.objects.bulk_create(
        MembershipFactory.build(
            contributor=ContributorFactory(name=f"Advocate {i:03}", listed_publicly=True, country="BR"),
            track=track,
            start=dt.date(2025, 7, 1),
            end=dt.date(2027, 6, 30),
        )
        for i in range(55)
    )
    listing.relist(Membership, Contributor)  # rows made in bulk copy no listing
    response = client.get("/directory/", {"track": "advocate", "country": "BR", "status": "active"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "55 memberships; page 1 of 2" in html
    last = Membership.objects.get(contributor__name="Advocate 049")
    assert f'href="?track=advocate&amp;country=BR&amp;status=active&amp;page=2&amp;after={last.pk}"' in html
    assert '<option value="advocate" selected>' in html
    second = client.get("/directory/", {"track": "advocate", "country": "BR", "status": "active", "page": 2})
    assert "Advocate 054" in second.content.decode() and "Advocate 000" not in second.content.decode()
    assert "No member matches these filters" in client.get("/directory/", {"q": "nobody"}).content.decode()


def test_a_profile_shows_tracks_cohorts_terms_statuses_and_public_contributions(client, people, frozen):
    rene = people["renewed"]
    ContributionFactory(
        contributor=rene,
        kind="pull_request",
        date=dt.date(2025, 12, 1),
        title="Faster grading",
        url="https://github.com/openedx/pr/1",
        verified=True,
    )
    ContributionFactory(
        contributor=rene,
        kind="talk",
        date=dt.date(2025, 10, 1),
        title="A talk in Paris",
        url="https://example.org/talk",
        verified=True,
    )
    ContributionFactory(
        contributor=rene,
        kind="pull_request",
        date=dt.date(2025, 12, 2),
        title="Not verified yet",
        url="https://github.com/openedx/pr/2",
    )
    ContributionFactory(
        contributor=rene,
        kind="funding",
        date=dt.date(2025, 12, 3),
        title="Private funding",
        quantity=50000,
        verified=True,
    )
    response = client.get(reverse("membership:profile", args=[rene.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Rene Renewed</h1>" in html
    assert "Innovator" in html and "2025 cohort" in html
    assert html.count('data-testid="membership-status"') == 2
    assert "1 Jul 2025 – 30 Jun 2027" in html and "1 Jul 2023 – 30 Jun 2025" in html
    assert html.index("Faster grading") < html.index("A talk in Paris")  # newest first
    assert "Technical blog post" not in html and "Talk, webinar or workshop" in html
    assert "Not verified yet" not in html and "Private funding" not in html and "50000" not in html
    assert "United States" in html


def test_a_profile_links_to_the_listed_organization(client, people, frozen):
    html = client.get(reverse("membership:profile", args=[people["active"].pk])).content.decode()
    assert f'href="{reverse("membership:profile", args=[people["acme"].pk])}">Acme Learning</a>' in html
    people["acme"].listed_publicly = False
    people["acme"].save()
    html = client.get(reverse("membership:profile", args=[people["active"].pk])).content.decode()
    assert "Acme Learning" in html  # the name stays: it is a public field of the person
    assert f'href="{reverse("membership:profile", args=[people["acme"].pk])}"' not in html


def test_an_expired_member_keeps_a_profile(client, people, frozen):
    response = client.get(reverse("membership:profile", args=[people["expired"].pk]))
    assert response.status_code == 200
    assert "Term ended" in response.content.decode()


@pytest.mark.parametrize("who", ["unlisted", "never", "revoked"])
def test_a_profile_is_404_for_the_unlisted_the_never_members_and_the_revoked(client, people, who):
    response = client.get(reverse("membership:profile", args=[people[who].pk]))
    assert response.status_code == 404


def test_a_profile_of_an_unknown_contributor_is_404(client, db):
    assert client.get("/directory/999999/").status_code == 404


def test_a_profile_never_shows_a_revoked_term_beside_a_current_one(client, people, frozen):
    ada = people["active"]
    term(ada, "advocate", "2024-07-01", revoked_on=dt.date(2025, 1, 1))
    html = client.get(reverse("membership:profile", args=[ada.pk])).content.decode()
    assert html.count('data-testid="membership-status"') == 1
    assert "Revoked" not in html and "Advocate" not in html


def test_the_profile_leaves_a_place_for_credentials_beside_each_membership(people):
    from django.template.loader import get_template

    assert get_template("membership/profile_credentials.html").render({}).strip() == ""


# --- Queries do not grow with the number of members -------------------------------------------------------


def add_members(count: int, offset: int = 0) -> None:
    tracks = [program.get_track(code) for code in ("engineer", "advocate", "innovator")]
    cycle = Cycle.objects.get(slug="2025")
    organizations = Contributor.objects.bulk_create(
        OrganizationFactory.build(name=f"Org {offset + i}", listed_publicly=True, country="FR")
        for i in range(max(1, count // 10))
    )
    people = Contributor.objects.bulk_create(
        ContributorFactory.build(
            name=f"Member {offset + i:05}",
            organization=organizations[i % len(organizations)],
            country=["FR", "DE", "US", "BR"][i % 4],
            listed_publicly=i % 7 != 3,
        )
        for i in range(count)
    )
    firsts = Membership.objects.bulk_create(
        MembershipFactory.build(
            contributor=person,
            track=tracks[i % 3],
            cycle=cycle,
            start=dt.date(2023, 7, 1),
            end=dt.date(2025, 6, 30),
            lifetime=i % 11 == 0,
        )
        for i, person in enumerate(people)
    )
    Membership.objects.bulk_create(
        MembershipFactory.build(
            contributor=first.contributor,
            track=first.track,
            start=dt.date(2025, 7, 1),
            end=dt.date(2027, 6, 30),
            previous=first,
        )
        for i, first in enumerate(firsts)
        if i % 2 == 0 and not first.lifetime
    )
    # Rows made in bulk: stored status, cohort, first day and listing as the app stamps them.
    standing.restamp(Membership, timezone_today(), 90)
    listing.relist(Membership, Contributor)


@pytest.mark.parametrize(
    "url",
    [
        "/directory/",
        "/directory/?status=all&track=engineer&q=member&country=FR",
        "/directory/?cycle=2025&status=expired",
        "/api/v1/directory/",
        "/api/v1/directory/?status=all&track=engineer&q=member&country=FR",
    ],
)
def test_the_directory_costs_the_same_queries_at_10_and_at_1000_members(
    client, db, frozen, url, django_assert_num_queries
):
    add_members(10)
    # A search word costs two queries: the matching organizations' ids, then the contributors'.
    searched = 2 if "q=" in url else 0
    with django_assert_num_queries((7 if url.startswith("/directory/") else 6) + searched) as small:
        assert client.get(url).status_code == 200
    add_members(990, offset=10)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
        assert response.status_code == 200
    assert b"Member" in response.content


def test_a_word_that_finds_many_contributors_is_searched_through_a_subquery_with_the_same_answer(
    client, db, frozen, monkeypatch
):
    add_members(30)
    params = {"q": "member", "status": "all"}
    as_lists = names(client.get("/api/v1/directory/", params))
    monkeypatch.setattr(people_search, "AT_MOST", 5)
    assert not isinstance(people_search.matching_word("member"), list)
    assert names(client.get("/api/v1/directory/", params)) == as_lists and len(as_lists) >= 30


def test_a_profile_costs_the_same_queries_with_few_or_many_contributions(
    client, db, frozen, django_assert_num_queries
):
    add_members(10)
    member = (
        Membership.objects.filter(contributor__listed_publicly=True, contributor__kind="person")
        .first()
        .contributor
    )
    ContributionFactory(
        contributor=member,
        kind="talk",
        date=dt.date(2025, 1, 1),
        title="One",
        url="https://example.org/1",
        verified=True,
    )
    url = reverse("membership:profile", args=[member.pk])
    with django_assert_num_queries(8) as few:
        assert client.get(url).status_code == 200
    Contribution.objects.bulk_create(
        ContributionFactory.build(
            contributor=member,
            kind="talk",
            date=dt.date(2025, 1, 2),
            title=f"T{i}",
            url=f"https://example.org/{i}",
            verified=True,
        )
        for i in range(300)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('rel="nofollow noopener">T') == 20


def test_a_profile_costs_the_same_queries_at_10_and_at_1000_members(
    client, db, frozen, django_assert_num_queries
):
    add_members(10)
    member = Membership.objects.filter(contributor__listed_publicly=True).order_by("pk").first().contributor
    url = reverse("membership:profile", args=[member.pk])
    with django_assert_num_queries(7) as small:
        assert client.get(url).status_code == 200
    add_members(990, offset=10)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


# --- Only what the member agreed to show ------------------------------------------------------------------


def test_private_fields_never_appear_in_the_directory_the_profile_or_the_api(client, people, frozen):
    ada = people["active"]
    ada.email = "ada.private@example.org"
    ada.slack = "ada-slack-handle"
    ada.bio = "A private note about Ada"
    ada.employees = 4321
    ada.github = "ada-codes"
    ada.save()
    pages = [
        client.get("/directory/").content.decode(),
        client.get("/directory/", {"q": "ada"}).content.decode(),
        client.get(reverse("membership:profile", args=[ada.pk])).content.decode(),
        client.get("/api/v1/directory/", {"q": "ada"}).content.decode(),
    ]
    for text in pages:
        assert "Ada Active" in text
        for private in ("ada.private@example.org", "ada-slack-handle", "A private note", "4321"):
            assert private not in text
    assert 'href="https://github.com/ada-codes"' in pages[2]  # a public field: shown on the profile


# --- Bad page numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["abc", "0", "-1", "9999", ""])
def test_a_bad_page_number_on_the_page_shows_a_page_of_members(client, people, frozen, page):
    response = client.get("/directory/", {"page": page})
    assert response.status_code == 200
    assert "Ada Active" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "9999"])
def test_a_bad_page_number_in_the_api_is_a_404_that_says_so(client, people, frozen, page):
    response = client.get("/api/v1/directory/", {"page": page})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


# --- The cache ------------------------------------------------------------------------------------------
# Outside a transaction (transactional_db: what a request reads is committed), pages are cached until the
# data or the day changes. Inside one (every other test here) nothing is cached.


@pytest.fixture
def cache_on(transactional_db, monkeypatch):
    from distinguished.membership import page_cache

    page_cache.clear_cache()
    monkeypatch.setattr(page_cache, "STAMP_SECONDS", 3600)  # the database part of the stamp: read once
    yield page_cache
    page_cache.clear_cache()


@pytest.mark.parametrize("url", ["/directory/", "/api/v1/directory/"])
def test_a_cached_page_costs_no_query_and_a_revocation_shows_at_once(
    client, cache_on, admin_user, url, django_assert_num_queries
):
    ada = ContributorFactory(name="Ada Active", listed_publicly=True)
    membership = term(ada, "engineer", timezone_today() - dt.timedelta(days=30))
    assert "Ada Active" in client.get(url).content.decode()
    with django_assert_num_queries(0):
        assert "Ada Active" in client.get(url).content.decode()
    api.revoke(actor=admin_user, membership=membership, reason="Code of conduct.")
    assert "Ada Active" not in client.get(url).content.decode()


def test_a_change_recorded_by_another_process_shows_once_the_stamp_is_read_again(
    client, cache_on, monkeypatch
):
    ada = ContributorFactory(name="Ada Active", listed_publicly=True)
    membership = term(ada, "engineer", timezone_today() - dt.timedelta(days=30))
    assert names(client.get("/api/v1/directory/")) == ["Ada Active"]
    # Another process revokes: here, only its rows and its audit event (no save signal in this one).
    Membership.objects.filter(pk=membership.pk).update(revoked_on=timezone_today(), status="revoked")
    AuditEvent.objects.bulk_create(
        [
            AuditEventFactory.build(
                verb="membership.revoked", object_type="membership.membership", object_id=str(membership.pk)
            )
        ]
    )
    assert names(client.get("/api/v1/directory/")) == ["Ada Active"]  # within STAMP_SECONDS
    monkeypatch.setattr(cache_on, "STAMP_SECONDS", 0)
    assert names(client.get("/api/v1/directory/")) == []


def test_a_cached_status_changes_with_the_day(client, cache_on):
    eve = ContributorFactory(name="Eve Expiring", listed_publicly=True)
    term(eve, "advocate", "2024-02-29")  # ends on 28 February 2026
    with time_machine.travel(dt.datetime(2026, 2, 28, 12, 0, tzinfo=dt.UTC), tick=False):
        assert [item["status"] for item in client.get("/api/v1/directory/").json()["results"]] == ["expiring"]
        assert client.get("/api/v1/directory/").json()["results"][0]["status"] == "expiring"
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        assert client.get("/api/v1/directory/").json()["results"] == []
        assert [
            item["status"]
            for item in client.get("/api/v1/directory/", {"status": "expired"}).json()["results"]
        ] == ["expired"]


def test_the_cached_body_is_the_same_for_everyone_but_the_page_around_it_is_not(client, cache_on, admin_user):
    ContributorFactory(name="Ada Active", listed_publicly=True)
    client.get("/directory/")
    client.force_login(admin_user)
    html = client.get("/directory/").content.decode()
    assert "Signed in as" in html and "Audit trail" in html
    client.logout()
    html = client.get("/directory/").content.decode()
    assert "Signed in as" not in html


def test_different_filters_and_pages_are_cached_apart(client, cache_on):
    track = program.get_track("engineer")
    Membership.objects.bulk_create(
        MembershipFactory.build(
            contributor=ContributorFactory(name=f"Member {i:03}", listed_publicly=True),
            track=track,
            start=timezone_today(),
            end=api.term_end(timezone_today(), 2),
        )
        for i in range(55)
    )
    listing.relist(Membership, Contributor)  # rows made in bulk copy no listing
    first = client.get("/directory/").content.decode()
    second = client.get("/directory/", {"page": 2}).content.decode()
    assert "Member 000" in first and "Member 054" not in first
    assert "Member 054" in second and "Member 000" not in second
    assert client.get("/directory/", {"track": "advocate"}).content.decode().count("Member 0") == 0
    assert client.get("/directory/", {"track": "wizard"}).status_code == 400
    assert client.get("/directory/", {"track": "wizard"}).status_code == 400


def test_the_cache_is_off_when_directory_cache_seconds_is_0(
    client, cache_on, settings, django_assert_num_queries
):
    settings.DIRECTORY_CACHE_SECONDS = 0
    ada = ContributorFactory(name="Ada Active", listed_publicly=True)
    term(ada, "engineer", timezone_today())
    for url in ("/directory/", "/api/v1/directory/"):
        with django_assert_num_queries(7 if url == "/directory/" else 6) as first:
            client.get(url)
        with django_assert_num_queries(len(first.captured_queries)):
            assert "Ada Active" in client.get(url).content.decode()


def timezone_today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def test_a_cached_page_for_a_visitor_is_the_page_rendered_afresh_with_their_own_csrf_token(
    client, cache_on, settings
):
    import re

    ContributorFactory(name="Ada Active", listed_publicly=True)
    # The token in the HTMX header and in the footer's language form: the visitor's own in both.
    token = re.compile(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"')
    client.get("/directory/?track=engineer&q=ada")
    cached = client.get("/directory/?track=engineer&q=ada")
    assert (
        "X-CSRFToken" in cached.content.decode()
        and "csrf-token-of-the-visitor" not in cached.content.decode()
    )
    assert cached.cookies["csrftoken"].value  # the visitor gets the cookie the token belongs to
    settings.DIRECTORY_CACHE_SECONDS = 0
    fresh = client.get("/directory/?track=engineer&q=ada")
    assert token.sub("", cached.content.decode()) == token.sub("", fresh.content.decode())
    assert cached.status_code == fresh.status_code == 200
    assert cached["Content-Type"] == fresh["Content-Type"]


def test_a_cached_profile_costs_no_query_and_a_revocation_shows_at_once(
    client, cache_on, admin_user, django_assert_num_queries
):
    ada = ContributorFactory(name="Ada Active", listed_publicly=True)
    membership = term(ada, "engineer", timezone_today() - dt.timedelta(days=30))
    url = f"/directory/{ada.pk}/"
    assert "Distinguished Engineer" in client.get(url).content.decode()
    with django_assert_num_queries(0):
        cached = client.get(url)
    assert "Distinguished Engineer" in cached.content.decode()
    assert "csrf-token-of-the-visitor" not in cached.content.decode()
    bo = ContributorFactory(name="Bo Member", listed_publicly=True)
    term(bo, "advocate", timezone_today() - dt.timedelta(days=30))
    assert "Signed in as" not in client.get(f"/directory/{bo.pk}/").content.decode()
    # A signed-in visitor gets the page rendered for them (their navigation), never the cached one.
    client.force_login(admin_user)
    assert "Signed in as" in client.get(f"/directory/{bo.pk}/").content.decode()
    client.logout()
    api.revoke(actor=admin_user, membership=membership, reason="Code of conduct.")
    assert client.get(url).status_code == 404  # no public membership left: not in the directory


def test_a_profile_not_in_the_directory_is_a_404_that_is_not_cached(client, cache_on):
    from django.core.cache import caches

    store = caches[cache_on.CACHE]._cache  # LocMemCache's entries
    hidden = ContributorFactory(name="Hidden Person", listed_publicly=False)
    term(hidden, "engineer", timezone_today() - dt.timedelta(days=30))
    shown = ContributorFactory(name="Shown Person", listed_publicly=True)
    term(shown, "engineer", timezone_today() - dt.timedelta(days=30))
    client.get("/directory/")  # the stamp and what every page shares, out of the way
    before = len(store)
    assert client.get(f"/directory/{hidden.pk}/").status_code == 404
    assert len(store) == before
    assert client.get(f"/directory/{shown.pk}/").status_code == 200
    assert len(store) == before + 1  # a page found is kept
