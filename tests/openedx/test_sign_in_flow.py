"""The Open edX sign-in through the Django test client and the running stand-in LMS (an HTTP client
plays the browser on the LMS's side): where the person lands, and a linked account that is disabled
here."""

import html
import re
from urllib.parse import urlsplit

import httpx
import pytest

from distinguished.people.models import User

from ..factories import UserFactory
from ..standin_lms.fixtures import CLIENT_ID, CLIENT_SECRET, PASSWORD

HIDDEN = re.compile(r'<input type="hidden" name="(\w+)"(?: value="([^"]*)")?')


@pytest.fixture
def open_edx(settings, standin_lms):
    settings.SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT = standin_lms.url
    settings.SOCIAL_AUTH_EDX_OAUTH2_PUBLIC_URL_ROOT = standin_lms.url
    settings.SOCIAL_AUTH_EDX_OAUTH2_KEY = CLIENT_ID
    settings.SOCIAL_AUTH_EDX_OAUTH2_SECRET = CLIENT_SECRET
    return standin_lms


def through_the_lms(client, standin, username: str, next_url: str = ""):
    """Press the button, sign in to the LMS and allow; this site's answer to the LMS's redirect."""
    authorize = client.post("/accounts/login/edx-oauth2/", {"next": next_url} if next_url else {})["Location"]
    with httpx.Client(base_url=standin.url, follow_redirects=False, timeout=10) as lms:
        sign_in_page = lms.get(lms.get(authorize).headers["Location"])
        csrf = lms.cookies["lms_csrftoken"]
        lms.post(
            str(sign_in_page.url),
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf},
            headers={"Referer": str(sign_in_page.url)},
        )
        form = {name: html.unescape(value or "") for name, value in HIDDEN.findall(lms.get(authorize).text)}
        back = lms.post(authorize, data={**form, "allow": "Authorize"}, headers={"Referer": authorize})
    assert back.status_code == 302, back.text
    location = urlsplit(back.headers["Location"])
    return client.get(f"{location.path}?{location.query}")


@pytest.mark.django_db(transaction=True)
def test_the_person_lands_where_they_were_going(client, open_edx):
    response = through_the_lms(client, open_edx, "alice_lms", next_url="/people/me/")
    assert (response.status_code, response["Location"]) == (302, "/people/me/")
    assert int(client.session["_auth_user_id"]) == User.objects.get(social_auth__uid="alice_lms").pk


@pytest.mark.django_db(transaction=True)
def test_an_account_disabled_here_is_a_page_and_no_session(client, open_edx):
    # Someone disabled here, never linked: refused, not given a new account of the same address.
    UserFactory(username="alice", email="alice@example.org", is_active=False, email_verified=True)
    response = through_the_lms(client, open_edx, "alice_lms")
    assert response.status_code == 403
    assert "This account is disabled" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(social_auth__uid="alice_lms").exists()
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1
    # Enabled again, then linked, then disabled once more: the same page.
    User.objects.filter(username="alice").update(is_active=True)
    through_the_lms(client, open_edx, "alice_lms")
    User.objects.filter(social_auth__uid="alice_lms").update(is_active=False)
    client.logout()
    response = through_the_lms(client, open_edx, "alice_lms")
    assert response.status_code == 403
    assert "This account is disabled" in response.content.decode()
    assert "_auth_user_id" not in client.session
