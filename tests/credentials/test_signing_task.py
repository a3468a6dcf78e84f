"""Badges off the request: issuing records the credential unsigned, and the task queued when the
transaction commits signs it (and publishes its status list); until then every page and answer says
"being signed", and the credential page asks for itself again every 2 s."""

import pytest
from django.template import Context, Template

from distinguished.audit.models import AuditEvent
from distinguished.credentials import api, signing, tasks
from distinguished.credentials.models import Credential, StatusList
from distinguished.membership import api as memberships
from distinguished.program import api as program

from ..factories import UserFactory
from .conftest import TERM_START

LINKS = Template('{% include "credentials/membership_links.html" with membership=membership %}')
HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}


def record(admin_user, person):
    return memberships.record_term(
        actor=admin_user, contributor=person, track=program.get_track("engineer"), start=TERM_START
    )


def test_the_credential_is_recorded_unsigned_and_signed_once_the_recording_commits(
    admin_user, person, issuer_key, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        membership = record(admin_user, person)
        credential = api.latest_credential(membership.pk)
        assert not credential.signed and credential.key is None
        assert StatusList.objects.get().document is None
    assert len(callbacks) >= 1
    credential.refresh_from_db()
    assert credential.signed and credential.key == issuer_key
    assert api.verify(credential.document).status == "valid"
    assert StatusList.objects.get(pk=credential.status_list_id).document is not None
    assert AuditEvent.objects.get(verb="credential.issued").to_state == "being signed"
    assert AuditEvent.objects.get(verb="credential.signed").object_id == str(credential.pk)


def test_a_second_run_of_the_task_changes_nothing(credential):
    document = credential.document
    assert tasks.sign_credential.delay(credential.pk).get() == "unchanged"
    assert api.sign_credential(credential.pk) is False
    credential.refresh_from_db()
    assert credential.document == document
    assert AuditEvent.objects.filter(verb="credential.signed").count() == 1
    assert tasks.sign_credential.delay(10**9).get() == "unchanged"  # gone: nothing to sign


def test_without_a_key_the_task_leaves_it_waiting_and_a_later_run_signs_it(
    db, admin_user, person, key_file, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = record(admin_user, person)
    credential = api.latest_credential(membership.pk)
    assert not credential.signed and api.signing_state(credential) == "waiting_for_key"
    assert AuditEvent.objects.get(verb="credential.issued").to_state == "waiting for the issuer key"
    assert tasks.sign_credential.delay(credential.pk).get() == "waiting for the issuer key"
    assert not AuditEvent.objects.filter(verb="credential.signed").exists()
    key_file.parent.mkdir(parents=True)
    key_file.write_bytes(signing.private_key_pem(signing.generate_private_key()))
    assert tasks.sign_credential.delay(credential.pk).get() == "signed"
    credential.refresh_from_db()
    assert api.verify(credential.document).status == "valid"
    assert StatusList.objects.get().document is not None


@pytest.fixture
def being_signed(credential):
    """A credential whose task has not run yet (an issuer key is configured)."""
    Credential.objects.filter(pk=credential.pk).update(document=None, key=None)
    credential.refresh_from_db()
    assert api.signing_state(credential) == "signing"
    return credential


def test_the_credential_page_says_being_signed_and_polls_until_signed(client, being_signed):
    page = client.get(f"/credentials/{being_signed.uuid}/", **HTML)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="being-signed"' in html and "being signed" in html
    assert f'hx-get="/credentials/{being_signed.uuid}/"' in html and 'hx-trigger="every 2s"' in html
    assert "/download/" not in html
    # The polling asks for the body only (htmx sends no text/html Accept): still being signed.
    polled = client.get(f"/credentials/{being_signed.uuid}/", HTTP_HX_REQUEST="true")
    assert polled.status_code == 200 and "<html" not in polled.content.decode()
    assert 'hx-trigger="every 2s"' in polled.content.decode()

    assert tasks.sign_credential.delay(being_signed.pk).get() == "signed"

    polled = client.get(f"/credentials/{being_signed.uuid}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in polled  # signed: the polling stops
    assert 'id="credential-body"' in polled and f"/credentials/{being_signed.uuid}/download/" in polled


@pytest.mark.parametrize("path", ["", "download/", "badge.svg", "badge.png"])
def test_the_json_and_downloads_of_a_credential_being_signed_answer_503_signing(client, being_signed, path):
    response = client.get(f"/credentials/{being_signed.uuid}/{path}")
    assert response.status_code == 503 and response["Retry-After"] == "2"
    body = response.json()
    assert body["status"] == "signing" and "being signed" in body["detail"]


def test_the_api_says_signing_then_answers_the_credential(client, being_signed):
    url = f"/api/v1/memberships/{being_signed.membership_id}/credential/"
    response = client.get(url)
    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert response.json()["status"] == "signing" and "being signed" in response.json()["detail"]
    tasks.sign_credential.delay(being_signed.pk).get()
    being_signed.refresh_from_db()
    assert client.get(url).json() == being_signed.document


def test_my_membership_says_being_signed_and_links_the_page(client, being_signed, person):
    html = LINKS.render(Context({"membership": being_signed.membership}))
    assert "credential being signed" in html and f'href="/credentials/{being_signed.uuid}/"' in html
    assert "download" not in html and "LinkedIn" not in html
    client.force_login(UserFactory(contributor=person))
    page = client.get("/memberships/mine/").content.decode()
    assert 'data-testid="credential-being-signed"' in page
    tasks.sign_credential.delay(being_signed.pk).get()
    page = client.get("/memberships/mine/").content.decode()
    assert "credential being signed" not in page and f"/credentials/{being_signed.uuid}/download/" in page


def test_a_newer_credential_being_signed_leaves_the_signed_one_downloadable(credential, admin_user):
    """A second credential of the membership (lifetime status) not signed yet: the member's links
    keep the signed one's downloads and say the newer one is being signed."""
    membership = credential.membership
    newer = api.issue(membership=membership, actor=admin_user)  # no on-commit run: not signed yet
    assert not newer.signed
    page = LINKS.render(Context({"membership": membership}))
    assert "credential being signed" in page and f"/credentials/{newer.uuid}/" in page
    assert f"/credentials/{credential.uuid}/download/" in page  # the signed one, still there
    Credential.objects.filter(pk=newer.pk).update(waiting_for_key=True)
    assert "credential waiting for the signing key" in LINKS.render(Context({"membership": membership}))
