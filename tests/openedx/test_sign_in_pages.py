"""The sign-in page with and without Open edX, and with local passwords off; the account lookup
shared by the Open edX sign-in and the JWTs."""

import pytest
from django.test import Client

from distinguished.audit.models import AuditEvent
from distinguished.people import api
from distinguished.people.models import User

from ..conftest import PASSWORD
from ..factories import ContributorFactory, UserFactory

pytestmark = pytest.mark.django_db
LMS = "https://lms.example.org"


@pytest.fixture
def open_edx(settings):
    settings.SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT = "http://lms:8000"
    settings.SOCIAL_AUTH_EDX_OAUTH2_PUBLIC_URL_ROOT = LMS
    settings.SOCIAL_AUTH_EDX_OAUTH2_KEY = "key"
    settings.SOCIAL_AUTH_EDX_OAUTH2_SECRET = "secret"


def test_without_an_lms_the_page_has_passwords_only_and_the_open_edx_addresses_are_404(client):
    html = client.get("/accounts/sign-in/").content.decode()
    assert "Sign in with Open edX" not in html
    assert 'name="password"' in html
    assert client.post("/accounts/login/edx-oauth2/").status_code == 404
    assert client.get("/accounts/complete/edx-oauth2/?code=x&state=y").status_code == 404


def test_with_an_lms_the_button_posts_to_it_and_the_policy_lets_the_form_go_there(client, open_edx):
    response = client.get("/accounts/sign-in/?next=/people/me/")
    html = response.content.decode()
    assert "Sign in with Open edX" in html and 'name="password"' in html
    assert f"form-action 'self' {LMS}" in response.headers["Content-Security-Policy"]
    begin = client.post("/accounts/login/edx-oauth2/", {"next": "/people/me/"})
    assert begin.status_code == 302
    assert begin["Location"].startswith(f"{LMS}/oauth2/authorize?client_id=key&")
    assert "&redirect_uri=http://testserver/accounts/complete/edx-oauth2/&" in begin["Location"]
    # Another backend name is no address here.
    assert client.post("/accounts/login/github/").status_code == 404


def test_the_button_is_a_post_with_the_csrf_token(open_edx):
    """A page elsewhere cannot start a sign-in in someone's browser (login CSRF)."""
    client = Client(enforce_csrf_checks=True)
    assert client.get("/accounts/login/edx-oauth2/").status_code == 405
    assert client.post("/accounts/login/edx-oauth2/").status_code == 403


def test_with_local_passwords_off_no_password_signs_in_and_no_account_is_opened(client, settings, open_edx):
    settings.LOCAL_PASSWORDS = False
    user = UserFactory(username="ana")
    html = client.get("/accounts/sign-in/").content.decode()
    assert (
        "Sign in with Open edX" in html and 'name="password"' not in html and "Create an account" not in html
    )
    response = client.post("/accounts/sign-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 405
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/sign-up/").status_code == 404


def test_the_lookup_of_a_linked_account_is_one_query(django_assert_num_queries):
    account = api.LmsAccount(username="alice_lms", email="alice@example.org", email_verified=True)
    user, created = api.account_for_lms_user(account)
    assert created
    with django_assert_num_queries(1):
        assert api.account_for_lms_user(account) == (user, False)


def test_an_email_two_accounts_share_links_neither(settings):
    UserFactory(username="a1", email="same@example.org", email_verified=True)
    UserFactory(username="a2", email="same@example.org", email_verified=True)
    account = api.LmsAccount(
        username="same_lms", email="same@example.org", email_verified=True, name="S" * 300
    )
    user, created = api.account_for_lms_user(account)
    assert created and user.username == "same_lms" and len(user.name) == 200
    assert AuditEvent.objects.filter(verb="user.signed_up_with_openedx").count() == 1


def test_a_sign_ups_unproven_address_is_never_linked(client):
    """Anyone can sign up here with someone else's address: the LMS account whose verified address
    it is gets an account of its own, and the squatter's password opens nothing of it."""
    squatter = api.sign_up(username="mallory", email="victim@example.org", password=PASSWORD)
    assert not squatter.email_verified
    user, created = api.account_for_lms_user(api.LmsAccount("victim_lms", "victim@example.org", True))
    assert created and user != squatter and user.email_verified
    assert not squatter.social_auth.exists()


def test_an_address_proven_here_links_made_by_an_admin_or_claimed(admin_user):
    made = api.create_user(actor=admin_user, username="made", email="made@example.org", password=PASSWORD)
    assert made.email_verified
    assert api.account_for_lms_user(api.LmsAccount("made_lms", "made@example.org", True)) == (made, False)
    signed_up = api.sign_up(username="claims", email="claims@example.org", password=PASSWORD)
    api.claim_profile(user=signed_up, contributor=ContributorFactory(email="Claims@example.org"))
    signed_up.refresh_from_db()
    assert signed_up.email_verified
    assert api.account_for_lms_user(api.LmsAccount("claims_lms", "claims@example.org", True)) == (
        signed_up,
        False,
    )


def test_someone_disabled_here_does_not_come_back_as_someone_new():
    disabled = UserFactory(username="alice", email="alice@example.org", is_active=False)
    user, created = api.account_for_lms_user(api.LmsAccount("alice_lms", "alice@example.org", True))
    assert (user, created) == (disabled, False)  # the callers refuse an inactive account
    assert not User.objects.filter(social_auth__uid="alice_lms").exists()
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1


def test_an_account_already_linked_to_another_lms_account_is_not_linked_again():
    first = api.account_for_lms_user(api.LmsAccount("one_lms", "shared@example.org", True))[0]
    UserFactory(username="local", email="other@example.org")
    second, created = api.account_for_lms_user(api.LmsAccount("two_lms", "shared@example.org", True))
    assert created and second != first
    assert User.objects.filter(email__iexact="shared@example.org").count() == 2


def test_the_checks_name_a_key_set_that_does_not_parse_and_a_site_nobody_can_enter(settings):
    from django.core.checks import run_checks

    def ids():
        return sorted(message.id for message in run_checks() if message.id.startswith("people."))

    assert ids() == []
    settings.JWT_AUTH = {**settings.JWT_AUTH, "JWT_PUBLIC_SIGNING_JWK_SET": '{"keys": [{"kty": "nope"}]}'}
    settings.LOCAL_PASSWORDS = False
    assert ids() == ["people.E001", "people.E002", "people.W001"]
