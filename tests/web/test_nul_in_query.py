"""A NUL character in a query string is a 400 on every engine (PostgreSQL cannot compare text
with one: before the check, these filters were a 500 there)."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/directory/?q=a%00b", "/directory/?track=engineer%00", "/cycles/?x%00=1"]
ENDPOINTS = [
    "/api/v1/directory/?q=a%00b",
    "/api/v1/memberships/?track=a%00",
    "/api/v1/renewals/?track=a%00",
    "/api/v1/contributors/?search=%00",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_answers_400_with_the_reason(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize("url", ENDPOINTS)
def test_an_endpoint_answers_400_json(client_for, admin_user, url):
    response = client_for(admin_user).get(url)
    assert response.status_code == 400
    assert response.json() == {"detail": "The address has a NUL character (%00) in its query; remove it."}


def test_the_same_filters_without_nul_still_answer(client, client_for, admin_user):
    assert client.get("/directory/?q=ab").status_code == 200
    assert client_for(admin_user).get("/api/v1/memberships/?track=engineer").status_code == 200


def test_djangos_own_400_reasons_stay_in_the_log_not_on_the_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert (
        "ALLOWED_HOSTS" not in response.content.decode() and "evil.example" not in response.content.decode()
    )
    assert "Bad request" in response.content.decode()
