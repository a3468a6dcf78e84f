"""Verifying: a changed field → tampered, a wrong key → tampered, an ended term → expired, a revoked
membership → revoked (its status-list bit flips), rotation keeps old credentials valid, and junk
gets a 400 (never a 500) from the api, the REST endpoint and the page. Verifying changes nothing."""

import contextlib
import copy
import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from distinguished.audit.models import AuditEvent
from distinguished.credentials import api, bitstring, signing
from distinguished.credentials.models import Credential, IssuerKey
from distinguished.membership import api as memberships
from distinguished.program import api as program

from ..factories import ContributorFactory
from .conftest import TERM_START

SITE = "http://testserver"
VERIFY = "/api/v1/credentials/verify/"
PAGE = "/credentials/verify/"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def post_json(client, body):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(VERIFY, data=data, content_type="application/json")


def resigned(document, private, method):
    """The document signed again, as an impostor with their own key would."""
    unsigned = signing.unsecured(document)
    proof = signing.create_proof(unsigned, private, method, dt.datetime(2025, 7, 10, tzinfo=dt.UTC))
    return {**unsigned, "proof": [proof]}


def state():
    return (
        AuditEvent.objects.count(),
        Credential.objects.count(),
        list(Credential.objects.values_list("revoked", flat=True)),
    )


# --- valid -------------------------------------------------------------------------------------------


def test_issued_credential_is_valid_through_the_api_the_endpoint_and_the_page(document, client):
    before = state()
    answer = api.verify(document)
    assert answer.valid and answer.status == "valid" and answer.errors == []
    response = post_json(client, document)
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True and body["status"] == "valid" and body["errors"] == []
    assert body["credential"]["name"] == "Distinguished Engineer"
    assert body["credential"]["valid_until"] == "2027-06-30T23:59:59Z"
    page = client.post(PAGE, {"credential": json.dumps(document)})
    assert page.status_code == 200
    assert b'data-status="valid"' in page.content and b"Valid: the program issued" in page.content
    assert state() == before  # verifying writes nothing


def test_wrapped_credential_and_form_upload_are_read_too(document, client):
    wrapped = post_json(client, {"credential": document})
    assert wrapped.json()["status"] == "valid"
    upload = SimpleUploadedFile("credential.json", json.dumps(document).encode(), "application/json")
    uploaded = client.post(VERIFY, {"file": upload})
    assert uploaded.status_code == 200 and uploaded.json()["status"] == "valid"
    pasted = client.post(VERIFY, {"credential": json.dumps(document)})
    assert pasted.status_code == 200 and pasted.json()["status"] == "valid"


def test_a_signed_in_user_verifies_without_a_csrf_token(document, client, member):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(member)
    response = csrf_client.post(VERIFY, data=json.dumps(document), content_type="application/json")
    assert response.status_code == 200 and response.json()["valid"] is True


# --- tampered ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("name",), "Distinguished Engineer (gold)"),
        (("validUntil",), "2099-06-30T23:59:59Z"),
        (("credentialSubject", "id"), f"{SITE}/directory/999/"),
        (("credentialSubject", "achievement", "name"), "Distinguished Innovator"),
        (("credentialSubject", "identifier", 0, "identityHash"), "sha256$" + "0" * 64),
        (("credentialStatus", "statusListIndex"), "1"),
        (("issuer", "name"), "Someone Else"),
        (("proof", 0, "created"), "2025-07-11T12:00:00Z"),
    ],
)
def test_a_changed_field_is_tampered(document, client, path, value):
    changed = copy.deepcopy(document)
    target = changed
    for part in path[:-1]:
        target = target[part]
    assert target[path[-1]] != value
    target[path[-1]] = value
    answer = api.verify(changed)
    assert answer.status == "tampered" and not answer.valid
    assert answer.errors[0] == (
        "The signature does not match the content: the credential was changed after it was signed."
    )
    response = post_json(client, changed)
    assert response.status_code == 200
    assert response.json()["status"] == "tampered" and response.json()["valid"] is False


def test_an_added_term_the_contexts_do_not_define_is_tampered(document):
    changed = {**document, "grade": "A+"}
    answer = api.verify(changed)
    assert answer.status == "tampered"
    assert "terms or relative identifiers its JSON-LD contexts do not define" in answer.errors[0]
    assert "grade" in answer.errors[0]


def test_an_unknown_context_is_never_fetched_and_is_tampered(document):
    changed = {**document, "@context": [*document["@context"], "https://evil.example/context.json"]}
    answer = api.verify(changed)
    assert answer.status == "tampered"
    assert "https://evil.example/context.json is not one this service knows" in answer.errors[0]


def test_a_removed_proof_is_tampered_and_the_endpoint_says_it_is_not_signed(document, client):
    unsigned = signing.unsecured(document)
    assert api.verify(unsigned).errors[0] == "The credential carries no proof: it is not signed."
    response = post_json(client, unsigned)
    assert response.status_code == 400
    assert response.json() == {"credential": ["This JSON has no proof: it is not a signed credential."]}


# --- wrong key -----------------------------------------------------------------------------------------


def test_signed_with_a_key_the_issuer_never_had_is_tampered(document, client):
    impostor = signing.generate_private_key()
    method = f"{SITE}/credentials/issuer/#{signing.public_key_multibase(impostor)}"
    forged = resigned({**document, "name": "Distinguished Engineer (forged)"}, impostor, method)
    assert signing.verify_proofs(forged, lambda m: signing.public_key_from_multibase(m.split("#")[1])).ok
    answer = api.verify(forged)
    assert answer.status == "tampered"
    assert "signed with a key this issuer has never used" in answer.errors[0]
    assert post_json(client, forged).json()["status"] == "tampered"


def test_signed_with_another_key_while_naming_ours_is_tampered(document, issuer_key):
    impostor = signing.generate_private_key()
    ours = document["proof"][0]["verificationMethod"]
    assert ours.endswith(issuer_key.public_key_multibase)
    forged = resigned(document, impostor, ours)
    answer = api.verify(forged)
    assert answer.status == "tampered"
    assert answer.errors == [
        "The signature does not match the content: the credential was changed after it was signed."
    ]


def test_a_key_named_under_another_issuer_is_tampered(document):
    impostor = signing.generate_private_key()
    forged = resigned(document, impostor, f"https://issuer.example/#{signing.public_key_multibase(impostor)}")
    assert api.verify(forged).status == "tampered"


def test_another_issuers_credential_is_not_one_we_vouch_for(document):
    other = copy.deepcopy(document)
    other["issuer"]["id"] = "https://issuer.example/profile"
    answer = api.verify(other)
    assert answer.status == "invalid"
    assert "this one names https://issuer.example/profile as its issuer" in answer.errors[0]


# --- expired, not yet valid ----------------------------------------------------------------------------


def test_after_the_term_the_credential_is_expired(document, client, clock):
    clock.move_to(dt.datetime(2027, 6, 30, 23, 59, 0, tzinfo=dt.UTC))
    assert api.verify(document).status == "valid"
    clock.move_to(dt.datetime(2027, 7, 1, 0, 0, 1, tzinfo=dt.UTC))
    answer = api.verify(document)
    assert answer.status == "expired" and not answer.valid
    assert answer.errors == ["It expired on 30 June 2027: the term it recognizes has ended."]
    body = post_json(client, document).json()
    assert body["status"] == "expired" and body["valid"] is False
    page = client.post(PAGE, {"credential": json.dumps(document)})
    assert b'data-status="expired"' in page.content and b"It expired on 30 June 2027" in page.content


def test_before_its_term_a_credential_is_not_valid_yet_and_says_when_it_starts(
    admin_user, person, issuer_key, clock, client, django_capture_on_commit_callbacks
):
    """An early renewal's new term starts later: genuine and unchanged, but not valid yet."""
    with django_capture_on_commit_callbacks(execute=True):
        membership = memberships.record_term(
            actor=admin_user,
            contributor=person,
            track=program.get_track("engineer"),
            start=dt.date(2025, 9, 1),
        )
    document = api.latest_credential(membership.pk).document
    answer = api.verify(document)
    assert (answer.status, answer.valid) == ("not_yet_valid", False)
    assert answer.errors == ["It is not valid before 1 September 2025, when its term starts."]
    body = post_json(client, document).json()
    assert (body["status"], body["valid"]) == ("not_yet_valid", False)
    page = client.post(PAGE, {"credential": json.dumps(document)}).content.decode()
    assert "Not valid yet" in page and "vouch for" not in page
    clock.move_to(dt.datetime(2025, 9, 1, 0, 0, 1, tzinfo=dt.UTC))
    assert api.verify(document).status == "valid"


def test_a_credential_nested_too_deeply_is_refused_or_answered_never_a_crash(document, client):
    """JSON-LD expansion recurses once per level: a deep object inside a signed credential is a
    400 at the door, and an answer (never a stack overflow) when handed to verify directly."""
    deep = copy.deepcopy(document)
    node = deep["credentialSubject"]["achievement"]["criteria"]
    for _ in range(400):
        node["narrative"] = {"narrative": ""}
        node = node["narrative"]
    response = post_json(client, deep)
    assert response.status_code == 400
    assert "nested more than 32 levels deep" in response.json()["credential"][0]
    answer = api.verify(deep)
    assert answer.status in ("tampered", "invalid") and answer.errors


# --- revoked -------------------------------------------------------------------------------------------


def status_bit(client, document) -> bool:
    entry = document["credentialStatus"]
    published = client.get(entry["statusListCredential"].removeprefix(SITE)).json()
    return bitstring.is_set(
        bitstring.decode(published["credentialSubject"]["encodedList"]), int(entry["statusListIndex"])
    )


def test_revoking_the_membership_flips_its_status_bit_and_the_credential_is_revoked(
    membership, document, client, admin_user, clock
):
    assert status_bit(client, document) is False
    response = client_post_revoke(admin_user, membership)
    assert response.status_code == 200
    assert status_bit(client, document) is True
    answer = api.verify(document)
    assert answer.status == "revoked" and not answer.valid
    assert answer.errors == ["The program revoked this credential on 10 July 2025."]
    body = post_json(client, document).json()
    assert body["status"] == "revoked" and body["valid"] is False
    page = client.post(PAGE, {"credential": json.dumps(document)})
    assert b'data-status="revoked"' in page.content
    event = AuditEvent.objects.get(verb="credential.revoked")
    assert event.reason == "Asked to leave." and event.to_state == "revoked"
    # The published list is signed again, by the issuer, and still verifies.
    published = client.get(document["credentialStatus"]["statusListCredential"].removeprefix(SITE)).json()
    assert signing.verify_proofs(published, lambda m: signing.public_key_from_multibase(m.split("#")[1])).ok


def client_post_revoke(user, membership):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user=user)
    return client.post(
        f"/api/v1/memberships/{membership.pk}/revoke/", {"reason": "Asked to leave."}, format="json"
    )


def test_revocation_wins_over_expiry_and_other_credentials_keep_their_bit(
    membership, document, admin_user, issuer_key, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        other = memberships.record_term(
            actor=admin_user,
            contributor=ContributorFactory(),
            track=program.get_track("advocate"),
            start=TERM_START,
        )
    other_document = api.latest_credential(other.pk).document
    memberships.revoke(actor=admin_user, membership=membership, reason="Code of conduct.")
    clock.move_to(dt.datetime(2028, 1, 1, tzinfo=dt.UTC))
    answer = api.verify(document)
    assert answer.status == "revoked"
    assert answer.errors == [
        "The program revoked this credential on 10 July 2025.",
        "It expired on 30 June 2027: the term it recognizes has ended.",
    ]
    assert api.verify(other_document).status == "expired"


# --- rotation ------------------------------------------------------------------------------------------


def test_rotation_keeps_old_credentials_valid_and_signs_new_ones_with_the_new_key(
    document, admin_user, issuer_key, clock, client, django_capture_on_commit_callbacks
):
    old_method = document["proof"][0]["verificationMethod"]
    new_key, created = api.generate_issuer_key(rotate=True)
    assert created and new_key != issuer_key
    assert api.verify(document).status == "valid"
    assert post_json(client, document).json()["valid"] is True
    with django_capture_on_commit_callbacks(execute=True):
        later = memberships.record_term(
            actor=admin_user,
            contributor=ContributorFactory(),
            track=program.get_track("advocate"),
            start=TERM_START,
        )
    new_document = api.latest_credential(later.pk).document
    new_method = new_document["proof"][0]["verificationMethod"]
    assert new_method.endswith(new_key.public_key_multibase) and new_method != old_method
    assert api.verify(new_document).status == "valid"
    api.generate_issuer_key(rotate=True)
    assert api.verify(document).status == "valid" and api.verify(new_document).status == "valid"
    profile = client.get("/credentials/issuer/").json()
    assert {m["id"] for m in profile["verificationMethod"]} >= {old_method, new_method}
    assert IssuerKey.objects.count() == 3


# --- junk: 400, never 500 ------------------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + ']><svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>'
)

JUNK = [
    (b"", "Paste a credential"),
    (b"   ", "This is not JSON"),
    (b"not json at all", "This is not JSON"),
    (b'{"name": "unterminated', "This is not JSON"),
    (b"[1, 2, 3]", "A credential is a JSON object"),
    (b"42", "A credential is a JSON object"),
    (b"null", "A credential is a JSON object"),
    (b'"a string"', "A credential is a JSON object"),
    (b'{"credential": "x"}', "no proof"),
    (b'{"type": ["VerifiableCredential"]}', "no proof"),
    (b"\xff\xfe\x00junk", "This is not text"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b"1" * 5000, "This JSON cannot be read"),
    (b'{"proof": 1, "a": ' + b"1" * 5000 + b"}", "This JSON cannot be read"),
    (b'{"a": "' + b"x" * (300 * 1024) + b'"}', "a credential is a few KB"),
    (b"eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl", "JWT-encoded"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><circle r='1'/></svg>", "no credential baked in"),
    (b"<svg><unclosed></svg>", "not a readable SVG"),
    (
        b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:openbadges='http://openbadges.org'>"
        b"<openbadges:assertion verify='https://x.example/a'/></svg>",
        "Open Badges 2.0 badge",
    ),
    (
        b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:openbadges='https://purl.imsglobal.org/ob/v3p0'>"
        b"<openbadges:credential verify='eyJ.eyJ.c2ln'/></svg>",
        "JWT-encoded",
    ),
    (BILLION_LAUGHS.encode(), "not a readable SVG"),
]


@pytest.mark.parametrize(("body", "message"), JUNK, ids=[f"junk{i}" for i in range(len(JUNK))])
def test_junk_is_a_400_with_a_reason_from_the_api_the_endpoint_and_the_page(db, client, body, message):
    before = state()
    with pytest.raises(ValidationError) as refused:
        api.read_submission(body)
    assert message in str(refused.value)
    for content_type in ("application/json", "image/svg+xml", "text/plain"):
        response = client.post(VERIFY, data=body, content_type=content_type)
        assert response.status_code == 400, response.content[:300]
        assert list(response.json()) == ["credential"] and message in response.json()["credential"][0]
    upload = SimpleUploadedFile("credential.json", body, "application/json")
    page = client.post(PAGE, {"file": upload})
    assert page.status_code == 400
    assert b'class="errorlist' in page.content and b"data-status" not in page.content
    assert state() == before


def test_the_page_and_the_endpoint_want_something_to_verify(db, client):
    empty = client.post(PAGE, {"credential": "  "})
    assert empty.status_code == 400
    assert b"Paste a credential, or upload its .json file or its baked .svg/.png badge." in empty.content
    form = client.post(VERIFY, {})
    assert form.status_code == 400 and "Paste a credential" in form.json()["credential"][0]


def test_a_file_too_large_to_be_a_credential_is_refused_before_it_is_read(db, client):
    big = SimpleUploadedFile("huge.json", b" " * (300 * 1024), "application/json")
    response = client.post(VERIFY, {"file": big})
    assert response.status_code == 400 and "a credential is a few KB" in response.json()["file"][0]
    big.seek(0)
    page = client.post(PAGE, {"file": big})
    assert page.status_code == 400 and b"a credential is a few KB" in page.content


def test_the_verify_endpoint_takes_only_post(db, client):
    assert client.get(VERIFY).status_code == 405


@pytest.mark.parametrize(
    "change",
    [
        {"proof": "signed, trust me"},
        {"proof": []},
        {"proof": [{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}]},
        {"proof": [{"type": "Ed25519Signature2020", "proofValue": "z1"}]},
        {"@context": None},
        {"@context": {"@vocab": "https://evil.example/#"}},
        {"@context": "https://www.w3.org/ns/credentials/v2"},
        {"type": [{"nested": True}]},
        {"issuer": ["a", "b"]},
        {"validFrom": "tomorrow"},
        {"validUntil": "0001-01-01T00:00:00+14:00"},
        {"validUntil": "9999-12-31T23:59:59-14:00"},
        {"credentialStatus": "revoked?"},
        {
            "credentialStatus": {
                "type": "BitstringStatusListEntry",
                "statusListIndex": "²",
                "statusListCredential": f"{SITE}/credentials/status/1/",
            }
        },
        {
            "credentialStatus": {
                "type": "BitstringStatusListEntry",
                "statusListIndex": "999999999",
                "statusListCredential": f"{SITE}/credentials/status/1/",
            }
        },
        {
            "credentialStatus": {
                "type": "BitstringStatusListEntry",
                "statusListIndex": "1",
                "statusListCredential": f"{SITE}/credentials/status/99999999999/",
            }
        },
        {"credentialSubject": None},
        {"id": "relative/id"},
    ],
)
def test_hostile_credentials_get_an_answer_never_an_error(document, client, change):
    hostile = {**copy.deepcopy(document), **change}
    answer = api.verify(hostile)
    assert answer.status in ("tampered", "invalid") and answer.errors
    response = post_json(client, hostile)
    assert response.status_code == 200 and response.json()["valid"] is False


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


@pytest.mark.parametrize("context", ["0", ["https://www.w3.org/ns/credentials/v2", "0"]])
def test_a_context_given_as_a_relative_iri_is_not_valid_json_ld_not_a_crash(document, context):
    changed = {**copy.deepcopy(document), "@context": context}
    answer = api.verify(changed)
    assert not answer.valid
    assert any("JSON-LD" in error or "context" in error for error in answer.errors)


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_change_anywhere_is_caught_and_never_crashes(document, data):
    paths = [p for p in _paths(document) if p]
    path = data.draw(st.sampled_from(paths))
    value = data.draw(JSON_VALUES)
    changed = copy.deepcopy(document)
    target = changed
    for part in path[:-1]:
        target = target[part]
    if target[path[-1]] == value:
        return
    target[path[-1]] = value
    answer = api.verify(changed)
    if answer.valid:
        # Only a change that says the same in RDF (e.g. a one-element list for its element) still verifies.
        assert changed["proof"] == document["proof"]
        assert signing.canonicalize(signing.unsecured(changed)) == signing.canonicalize(
            signing.unsecured(document)
        )
    else:
        assert answer.errors
    with contextlib.suppress(ValidationError):
        assert api.read_submission(json.dumps(changed)) == changed


# --- audit: more hostile bodies for the REST endpoint: a 400 or an answer, never a 500 ---------------


@pytest.mark.parametrize(
    "body",
    [
        {"credential": None},
        {"credential": 5},
        {"credential": True},
        {"credential": ["x"]},
        {"credential": {"credential": {"credential": "x"}}},
        {"file": "not a file"},
        {"proof": None},
        {"@context": ["x" * 10_000], "proof": {"type": "DataIntegrityProof"}},
    ],
)
def test_odd_wrappers_are_a_400_or_an_invalid_answer_never_a_500(db, client, body):
    before = state()
    response = post_json(client, body)
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 200:
        assert response.json()["valid"] is False
    else:
        assert list(response.json()) == ["credential"]
    assert state() == before


@pytest.mark.parametrize("content_type", ["application/xml", "multipart/form-data; boundary=x", "text/csv"])
def test_other_content_types_are_a_400_or_415_never_a_500(db, client, content_type):
    response = client.post(VERIFY, data=b"<x/>--x\r\n", content_type=content_type)
    assert response.status_code in (400, 415), response.content[:300]


def test_a_credential_of_an_unknown_or_out_of_range_membership_is_a_404(db, client):
    for pk in (999999, 10**20):
        assert client.get(f"/api/v1/memberships/{pk}/credential/").status_code == 404
    for path in ("/credentials/status/99999999999999999999/", "/credentials/achievements/wizard/"):
        assert client.get(path).status_code == 404
