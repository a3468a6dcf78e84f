"""'Sign in with Open edX' in Chromium against the stand-in LMS (tests/standin_lms, django-oauth-toolkit
on a local port): the whole authorization-code flow, the link by verified e-mail, and every way it can
fail (consent refused, an unverified e-mail, a state that does not match, an LMS that cannot be
reached), each a page that says so, never a 500, never anyone signed in."""

import pytest
from django.contrib.sessions.models import Session

from distinguished.audit.models import AuditEvent
from distinguished.people.models import User

from ..factories import UserFactory
from ..standin_lms.fixtures import CLIENT_ID, CLIENT_SECRET, PASSWORD, free_port, standin_key, standin_lms  # noqa: F401
from .conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_edx(settings, standin_lms):  # noqa: F811
    settings.SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT = standin_lms.url
    settings.SOCIAL_AUTH_EDX_OAUTH2_PUBLIC_URL_ROOT = standin_lms.url
    settings.SOCIAL_AUTH_EDX_OAUTH2_KEY = CLIENT_ID
    settings.SOCIAL_AUTH_EDX_OAUTH2_SECRET = CLIENT_SECRET
    return standin_lms


def signed_in_sessions() -> list[str]:
    return [s.session_key for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]


def through_the_lms(page, lms, username: str, *, allow: bool = True, signed_in_on_lms: bool = False):
    """From this site's sign-in page to the LMS and back; the response of the page the LMS sends
    the browser back to."""
    page.goto("/accounts/sign-in/")
    site = page.url.removesuffix("/accounts/sign-in/")
    page.get_by_role("button", name="Sign in with Open edX").click()
    if not signed_in_on_lms:
        page.wait_for_url(f"{lms.url}/login**")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in to Open edX").click()
    page.wait_for_url(f"{lms.url}/oauth2/authorize**")
    with page.expect_response(lambda response: response.url.startswith(f"{site}/accounts/complete/")) as back:
        page.get_by_role("button", name="Authorize" if allow else "Cancel").click()
    page.wait_for_load_state()
    return back.value


def test_sign_in_with_open_edx_links_a_verified_email_and_keeps_this_sites_roles(
    browser, live_server, open_edx
):
    local = UserFactory(
        username="alice",
        name="Alice Here",
        email="ALICE@example.org",
        email_verified=True,
        roles=["panelist"],
    )
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/sign-in/")
    assert axe_violations(page) == []
    response = through_the_lms(page, open_edx, "alice_lms")
    assert response.status == 302
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.get_by_text("Alice Here").first.is_visible()
    local.refresh_from_db()
    assert local.social_auth.get().uid == "alice_lms"
    assert list(local.roles.values_list("role", flat=True)) == ["panelist"]
    assert AuditEvent.objects.filter(verb="user.linked_to_openedx", object_id=str(local.pk)).exists()

    # The LMS's staff and superuser: a new account here, with no role and no staff rights.
    page.get_by_role("button", name="Sign out").click()
    context.clear_cookies()
    through_the_lms(page, open_edx, "boss_lms")
    page.wait_for_url(f"{live_server.url}/")
    boss = User.objects.get(social_auth__uid="boss_lms")
    assert (boss.username, boss.is_staff, boss.is_superuser, boss.roles.count()) == (
        "boss_lms",
        False,
        False,
        0,
    )
    assert AuditEvent.objects.filter(verb="user.signed_up_with_openedx", object_id=str(boss.pk)).exists()
    context.close()


def test_every_failure_is_a_page_that_says_so_and_signs_no_one_in(browser, live_server, open_edx, settings):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    users_before = User.objects.count()

    # Consent refused on the LMS.
    response = through_the_lms(page, open_edx, "alice_lms", allow=False)
    assert response.status == 400
    assert page.get_by_role("heading", name="Sign-in cancelled").is_visible()
    assert axe_violations(page) == []

    # The answer belongs to no sign-in started in this browser.
    response = page.goto("/accounts/complete/edx-oauth2/?code=stolen&state=forged")
    assert response.status == 400
    assert page.get_by_role("heading", name="This sign-in link has expired").is_visible()

    # The LMS cannot be reached from this site (the browser still reaches its public address).
    settings.SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT = f"http://127.0.0.1:{free_port()}"
    response = through_the_lms(page, open_edx, "alice_lms", signed_in_on_lms=True)
    assert response.status == 502
    assert page.get_by_role("heading", name="Open edX cannot be reached").is_visible()
    settings.SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT = open_edx.url
    assert User.objects.count() == users_before
    assert signed_in_sessions() == []

    # An LMS account whose e-mail is not verified, with an account here of the same e-mail.
    UserFactory(username="ursula", email="ursula@example.org")
    users_before = User.objects.count()
    context.clear_cookies()
    response = through_the_lms(page, open_edx, "ursula_lms")
    assert response.status == 400
    assert page.get_by_role("heading", name="Verify your e-mail on Open edX first").is_visible()
    assert page.get_by_role("link", name="Sign in").first.is_visible()
    assert User.objects.count() == users_before
    assert not User.objects.filter(social_auth__uid="ursula_lms").exists()
    assert signed_in_sessions() == []
    context.close()
