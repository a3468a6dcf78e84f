"""Issuing: every membership gets a signed OpenBadgeCredential when its term is recorded (an earlier
cohort's, a renewal, the CSV import; the announcement records terms the same way) and a new one on
lifetime grant; every credential is valid against the OB 3.0 JSON schema shipped with the code."""

import datetime as dt
import hashlib
import json
import stat

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from jsonschema import Draft201909Validator

from distinguished.audit.models import AuditEvent
from distinguished.credentials import api, documents, signing
from distinguished.credentials.models import Credential, IssuerKey, StatusList
from distinguished.membership import api as memberships
from distinguished.program import api as program

from ..factories import ContributorFactory, OrganizationFactory, UserFactory
from .conftest import TERM_START, at

SCHEMA = json.loads((api.SCHEMA_DIR / "achievementcredential.schema.json").read_text(encoding="utf-8"))
SITE = "http://testserver"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def assert_schema_valid(document):
    """Valid against 1EdTech's schema, checked by jsonschema itself and by the verifier's reading."""
    errors = sorted(Draft201909Validator(SCHEMA).iter_errors(document), key=str)
    assert errors == [], [error.message for error in errors]
    assert api.schema_errors(document) == []


def test_recorded_term_gets_a_credential_with_the_fields_of_the_issue(membership, person, issuer_key):
    credential = api.latest_credential(membership.pk)
    document = credential.document
    track = program.get_track("engineer")
    issuer = f"{SITE}/credentials/issuer/"
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"] == f"{SITE}/credentials/{credential.uuid}/"
    assert document["name"] == "Distinguished Engineer"
    assert document["validFrom"] == "2025-07-01T00:00:00Z"
    assert document["validUntil"] == "2027-06-30T23:59:59Z"
    assert document["issuer"] == {
        "id": issuer,
        "type": ["Profile"],
        "name": "Open edX Distinguished Contributor Program",
        "url": "https://openedx.org/",
        "description": "The Open edX community's recognition of its Distinguished Contributors, endorsed by Axim Collaborative.",
        "image": {
            "id": f"{SITE}/credentials/issuer/image.svg",
            "type": "Image",
            "caption": "Open edX Distinguished Contributor Program logo",
        },
    }
    subject = document["credentialSubject"]
    assert subject["id"] == f"{SITE}/directory/{person.pk}/"
    assert subject["type"] == ["AchievementSubject"]
    [identifier] = subject["identifier"]
    salt = identifier["salt"]
    assert len(salt) == 32
    expected_hash = hashlib.sha256(("ada.credential@example.org" + salt).encode()).hexdigest()
    assert identifier == {
        "type": "IdentityObject",
        "identityHash": f"sha256${expected_hash}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }
    assert "Ada.Credential" not in json.dumps(document)  # the address itself is never in it
    achievement = subject["achievement"]
    assert achievement["id"] == f"{SITE}/credentials/achievements/engineer/"
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == track.name == "Distinguished Engineer"
    assert achievement["description"] == track.recognizes and track.recognizes
    assert achievement["criteria"]["narrative"] == track.criteria and track.criteria
    assert achievement["image"]["id"] == f"{SITE}/credentials/achievements/engineer/image.svg"
    status = document["credentialStatus"]
    status_list = f"{SITE}/credentials/status/{credential.status_list_id}/"
    assert status == {
        "id": f"{status_list}#{credential.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(credential.status_index),
        "statusListCredential": status_list,
    }
    [proof] = document["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["created"] == "2025-07-10T12:00:00Z"
    assert proof["verificationMethod"] == f"{issuer}#{issuer_key.public_key_multibase}"
    assert credential.key == issuer_key
    assert_schema_valid(document)
    issued = AuditEvent.objects.get(verb="credential.issued")
    assert issued.object_id == str(credential.pk) and issued.to_state == "being signed"
    signed = AuditEvent.objects.get(verb="credential.signed")
    assert signed.object_id == str(credential.pk) and signed.to_state == "signed"


def test_each_salt_is_new_so_two_credentials_of_one_address_do_not_link(
    admin_user, issuer_key, clock, django_capture_on_commit_callbacks
):
    one = ContributorFactory(email="same@example.org")
    other = ContributorFactory(email="SAME@example.org ")
    hashes = set()
    for contributor in (one, other):
        with django_capture_on_commit_callbacks(execute=True):
            membership = memberships.record_term(
                actor=admin_user,
                contributor=contributor,
                track=program.get_track("advocate"),
                start=TERM_START,
            )
        [identifier] = api.latest_credential(membership.pk).document["credentialSubject"]["identifier"]
        assert identifier["identityHash"] == documents.identity_hash("same@example.org", identifier["salt"])
        hashes.add(identifier["identityHash"])
    assert len(hashes) == 2


def test_every_kind_of_issued_credential_is_valid_against_the_ob3_schema(
    admin_user, issuer_key, django_capture_on_commit_callbacks
):
    track = program.get_track("engineer")
    person = ContributorFactory()
    organization = OrganizationFactory(email="")
    with at(dt.datetime(2022, 7, 5, tzinfo=dt.UTC)), django_capture_on_commit_callbacks(execute=True):
        first = memberships.record_term(
            actor=admin_user, contributor=person, track=track, start=dt.date(2022, 7, 1)
        )
        partner = memberships.record_term(
            actor=admin_user,
            contributor=organization,
            track=program.get_track("partner"),
            start=dt.date(2022, 7, 1),
        )
    with at(dt.datetime(2024, 7, 5, tzinfo=dt.UTC)), django_capture_on_commit_callbacks(execute=True):
        renewal = memberships.record_term(
            actor=admin_user, contributor=person, track=track, start=dt.date(2024, 7, 1), previous=first
        )
        imported = memberships.import_terms_csv(
            actor=admin_user,
            file=f"contributor,track,start,renews\n{person.email},advocate,2024-01-01,\n".encode(),
        )
    with at(dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)), django_capture_on_commit_callbacks(execute=True):
        memberships.grant_lifetime(actor=admin_user, membership=memberships.get_membership(renewal.pk))
    credentials = list(Credential.objects.order_by("id"))
    assert [c.membership_id for c in credentials] == [
        first.pk,
        partner.pk,
        renewal.pk,
        imported["memberships"][0],
        renewal.pk,
    ]
    assert all(c.signed for c in credentials)
    for credential in credentials:
        assert_schema_valid(credential.document)
    # No e-mail address, no identifier (the schema allows a subject without one).
    assert "identifier" not in credentials[1].document["credentialSubject"]


def test_lifetime_grant_issues_a_new_credential_without_validUntil(
    admin_user, person, issuer_key, django_capture_on_commit_callbacks
):
    track = program.get_track("engineer")
    with at(dt.datetime(2022, 7, 5, tzinfo=dt.UTC)), django_capture_on_commit_callbacks(execute=True):
        first = memberships.record_term(
            actor=admin_user, contributor=person, track=track, start=dt.date(2022, 7, 1)
        )
    with at(dt.datetime(2024, 7, 5, tzinfo=dt.UTC)), django_capture_on_commit_callbacks(execute=True):
        second = memberships.record_term(
            actor=admin_user, contributor=person, track=track, start=dt.date(2024, 7, 1), previous=first
        )
    term_credential = api.latest_credential(second.pk)
    assert term_credential.document["validUntil"] == "2026-06-30T23:59:59Z"
    with at(dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)), django_capture_on_commit_callbacks(execute=True):
        memberships.grant_lifetime(actor=admin_user, membership=memberships.get_membership(second.pk))
    lifetime = api.latest_credential(second.pk)
    assert lifetime.pk != term_credential.pk
    assert lifetime.lifetime and lifetime.valid_until is None
    assert "validUntil" not in lifetime.document
    assert lifetime.document["name"] == "Distinguished Engineer (lifetime)"
    assert "for life" in lifetime.document["description"]
    assert_schema_valid(lifetime.document)
    term_credential.refresh_from_db()
    assert term_credential.superseded_by == lifetime
    assert api.membership_credential(second.pk) == lifetime
    # Decades later, the lifetime credential is still valid; the term's has expired.
    with at(dt.datetime(2045, 1, 1, tzinfo=dt.UTC)):
        assert api.verify(lifetime.document).status == "valid"
        assert api.verify(term_credential.document).status == "expired"


def test_a_revoked_membership_gets_no_new_credential(membership, admin_user):
    memberships.revoke(actor=admin_user, membership=membership, reason="Code of conduct.")
    count = Credential.objects.count()
    assert api.issue(membership=memberships.get_membership(membership.pk)) is None
    assert Credential.objects.count() == count


def test_without_a_key_the_credential_waits_and_generate_issuer_key_signs_it(
    db, admin_user, person, key_file, clock, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # its signing task finds no key
        membership = memberships.record_term(
            actor=admin_user, contributor=person, track=program.get_track("engineer"), start=TERM_START
        )
    credential = api.latest_credential(membership.pk)
    assert credential is not None and not credential.signed and credential.key is None
    assert credential.waiting_for_key and api.signing_state(credential) == "waiting_for_key"
    assert AuditEvent.objects.get(verb="credential.issued").to_state == "waiting for the issuer key"
    assert StatusList.objects.get().document is None
    waiting = client.get(f"/api/v1/memberships/{membership.pk}/credential/")
    assert waiting.status_code == 503 and "issuer key" in waiting.json()["detail"]
    assert client.get(f"/credentials/{credential.uuid}/").status_code == 503
    assert client.get(f"/credentials/{credential.uuid}/badge.svg").status_code == 503

    call_command("generate_issuer_key")

    credential.refresh_from_db()
    assert credential.signed and credential.key == IssuerKey.objects.get(active=True)
    assert StatusList.objects.get().document["type"] == [
        "VerifiableCredential",
        "BitstringStatusListCredential",
    ]
    assert api.verify(credential.document).status == "valid"
    assert client.get(f"/api/v1/memberships/{membership.pk}/credential/").json() == credential.document
    assert AuditEvent.objects.filter(verb="credential.signed").count() == 1


def test_generate_issuer_key_keeps_an_existing_key_and_exits_0(db, key_file, capsys):
    call_command("generate_issuer_key")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    pem = key_file.read_bytes()
    first = IssuerKey.objects.get()
    call_command("generate_issuer_key")  # `make run` runs it every time: no error, nothing replaced
    assert key_file.read_bytes() == pem
    assert list(IssuerKey.objects.all()) == [first]
    assert "exists" in capsys.readouterr().out
    assert AuditEvent.objects.filter(verb="credentials.key_generated").count() == 1


def test_generate_issuer_key_rotate_replaces_the_key_and_keeps_the_old_public_key(db, key_file):
    call_command("generate_issuer_key")
    old = IssuerKey.objects.get()
    call_command("generate_issuer_key", "--rotate")
    new = IssuerKey.objects.get(active=True)
    old.refresh_from_db()
    assert new != old and not old.active and old.retired is not None
    assert signing.public_key_multibase(signing.private_key_from_text(key_file.read_text())) == (
        new.public_key_multibase
    )
    assert AuditEvent.objects.filter(verb="credentials.key_rotated").count() == 1


def test_generate_issuer_key_refuses_while_the_key_is_set_in_the_environment(db, key_file, settings):
    settings.CREDENTIALS_ISSUER_KEY = signing.private_key_pem(signing.generate_private_key()).decode()
    with pytest.raises(CommandError, match="CREDENTIALS_ISSUER_KEY is set"):
        call_command("generate_issuer_key")
    assert not key_file.exists()
    assert not IssuerKey.objects.exists()


def test_an_unusable_key_file_is_an_error_that_says_what_to_do(db, key_file, admin_user, person, clock):
    key_file.parent.mkdir(parents=True)
    key_file.write_text("not a key")
    with pytest.raises(CommandError, match="--rotate"):
        call_command("generate_issuer_key")
    # The membership is still recorded; its credential waits for a usable key.
    membership = memberships.record_term(
        actor=admin_user, contributor=person, track=program.get_track("engineer"), start=TERM_START
    )
    assert not api.latest_credential(membership.pk).signed


def test_a_key_from_the_environment_signs_and_is_listed(
    db, key_file, settings, admin_user, person, clock, django_capture_on_commit_callbacks
):
    private = signing.generate_private_key()
    settings.CREDENTIALS_ISSUER_KEY = signing.private_key_pem(private).decode()
    with django_capture_on_commit_callbacks(execute=True):
        membership = memberships.record_term(
            actor=admin_user, contributor=person, track=program.get_track("engineer"), start=TERM_START
        )
    key = IssuerKey.objects.get(active=True)
    assert key.public_key_multibase == signing.public_key_multibase(private)
    assert api.latest_credential(membership.pk).key == key
    assert not key_file.exists()


def test_sign_credentials_command_and_task_sign_what_waited(db, admin_user, person, key_file, clock):
    from distinguished.credentials import tasks

    membership = memberships.record_term(
        actor=admin_user, contributor=person, track=program.get_track("engineer"), start=TERM_START
    )
    with pytest.raises(
        CommandError, match="No issuer key is configured: run `distinguished generate-issuer-key`"
    ):
        call_command("sign_credentials")
    assert "No issuer key is configured" in tasks.sign_pending.delay().get()["error"]
    assert not api.latest_credential(membership.pk).signed
    key_file.parent.mkdir(parents=True)
    key_file.write_bytes(signing.private_key_pem(signing.generate_private_key()))
    assert tasks.sign_pending.delay().get() == {"credentials": 1, "status_lists": 1}
    assert api.verify(api.latest_credential(membership.pk).document).status == "valid"
    assert tasks.sign_pending.delay().get() == {"credentials": 0, "status_lists": 0}
    call_command("sign_credentials")  # nothing left: no error


def test_a_member_known_only_by_their_account_address_is_identified_by_it(
    admin_user, issuer_key, clock, django_capture_on_commit_callbacks
):
    """The contributor record has no e-mail; their account has one: it is the hashed identifier."""
    person = ContributorFactory(name="Account Only", email="", listed_publicly=True)
    UserFactory(email="Account.Only@Example.org", contributor=person)
    with django_capture_on_commit_callbacks(execute=True):
        term = memberships.record_term(
            actor=admin_user,
            contributor=person,
            track=program.get_track("engineer"),
            start=dt.date(2025, 7, 1),
        )
    [identifier] = api.latest_credential(term.pk).document["credentialSubject"]["identifier"]
    assert identifier["identityHash"] == documents.identity_hash(
        "account.only@example.org", identifier["salt"]
    )


def test_the_periodic_run_needs_no_key_when_nothing_waits(db, key_file):
    """Celery beat runs sign_pending every ten minutes: with nothing waiting it neither needs the
    issuer key nor warns about it."""
    from distinguished.credentials import tasks

    assert not key_file.exists()
    assert tasks.sign_pending.delay().get() == {"credentials": 0, "status_lists": 0}
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert tasks.sign_pending.name in entries


def test_the_command_says_the_key_is_missing_even_when_nothing_waits(db, key_file):
    """Tutor's init runs sign-credentials: a missing key must show there, not only in the worker."""
    with pytest.raises(CommandError, match="No issuer key is configured"):
        call_command("sign_credentials")
