"""`contributions.api.contribution_spans`: the first and last contribution date of each contributor
asked for, an organization's with its affiliated people's, in one query whatever their number."""

import datetime as dt

import pytest

from distinguished.contributions import api

from ..factories import ContributionFactory, ContributorFactory, OrganizationFactory

D = dt.date


def contributions(contributor, *days):
    for day in days:
        ContributionFactory(contributor=contributor, date=day)


@pytest.mark.django_db
def test_a_persons_span_is_their_own_contributions():
    org = OrganizationFactory()
    person, colleague, stranger = (
        ContributorFactory(organization=org),
        ContributorFactory(organization=org),
        ContributorFactory(),
    )
    contributions(person, D(2024, 3, 1), D(2025, 6, 30), D(2024, 9, 9))
    contributions(colleague, D(2020, 1, 1))
    contributions(stranger, D(2019, 1, 1))
    assert api.contribution_spans([person.pk]) == {person.pk: (D(2024, 3, 1), D(2025, 6, 30))}


@pytest.mark.django_db
def test_an_organizations_span_takes_in_its_affiliated_peoples():
    org = OrganizationFactory()
    contributions(org, D(2024, 5, 1))
    contributions(ContributorFactory(organization=org), D(2023, 1, 1), D(2024, 2, 1))
    contributions(ContributorFactory(organization=org), D(2026, 1, 1))
    contributions(ContributorFactory(), D(2010, 1, 1))
    assert api.contribution_spans([org.pk]) == {org.pk: (D(2023, 1, 1), D(2026, 1, 1))}


@pytest.mark.django_db
def test_an_organization_with_only_affiliates_contributions_or_only_its_own():
    only_people, only_own = OrganizationFactory(), OrganizationFactory()
    contributions(ContributorFactory(organization=only_people), D(2022, 2, 2))
    contributions(only_own, D(2021, 1, 1), D(2021, 12, 31))
    assert api.contribution_spans([only_people.pk, only_own.pk]) == {
        only_people.pk: (D(2022, 2, 2), D(2022, 2, 2)),
        only_own.pk: (D(2021, 1, 1), D(2021, 12, 31)),
    }


@pytest.mark.django_db
def test_a_person_and_their_organization_asked_together_each_get_their_span():
    org = OrganizationFactory()
    person, colleague = ContributorFactory(organization=org), ContributorFactory(organization=org)
    contributions(person, D(2024, 1, 1), D(2024, 6, 1))
    contributions(colleague, D(2025, 1, 1))
    contributions(org, D(2023, 7, 1))
    assert api.contribution_spans([person.pk, org.pk, colleague.pk]) == {
        person.pk: (D(2024, 1, 1), D(2024, 6, 1)),
        colleague.pk: (D(2025, 1, 1), D(2025, 1, 1)),
        org.pk: (D(2023, 7, 1), D(2025, 1, 1)),
    }


@pytest.mark.django_db
def test_no_contributions_no_span_and_no_ids_no_query(django_assert_num_queries):
    quiet = ContributorFactory()
    assert api.contribution_spans([quiet.pk]) == {}
    with django_assert_num_queries(0):
        assert api.contribution_spans([]) == {}


@pytest.mark.django_db
def test_one_query_for_one_or_many_contributors(django_assert_num_queries):
    orgs = [OrganizationFactory() for _ in range(5)]
    people = [ContributorFactory(organization=orgs[i % 5]) for i in range(20)]
    for index, person in enumerate(people):
        contributions(person, D(2020 + index % 5, 1, 1))
    with django_assert_num_queries(1):
        spans = api.contribution_spans([p.pk for p in people] + [o.pk for o in orgs])
    assert len(spans) == 25
