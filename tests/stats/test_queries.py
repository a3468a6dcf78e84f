"""The dashboard, the stats API and the impact page ask the same number of queries at 1,000 members
as at twice that (and so at 100,000: see bench/stats.py), with nominations, reviews and
contributions growing alongside."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from distinguished.membership.models import Membership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/program/dashboard/",
        "/program/dashboard/?since=2020-01-01",
        "/api/v1/program/stats/",
        "/program/impact/",
    ],
)
def test_queries_do_not_grow_with_the_members(client, admin_user, grown, url, django_assert_num_queries):
    client.force_login(admin_user)
    grown(1000)
    assert Membership.objects.filter(revoked_on__isnull=True).count() > 1000
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    grown(1000)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    if url.startswith("/api/"):
        assert response.json()["active_members"] > 1900
