"""Every JSON-LD document the issuer serves expands with no dropped term.

A JSON-LD verifier (Digital Bazaar's, behind the VC Playground and the Learner Credential Wallet)
expands documents in "safe mode": a term that its contexts do not define makes verification fail.
Our own verifier reads the Profile as plain JSON, so only this test sees what such a verifier sees:
each document is fetched as a verifier fetches it, expanded with the contexts shipped in
`credentials/contexts/`, and every property and type must become an absolute IRI."""

import datetime as dt
import re

import pytest

from distinguished.credentials import api, documents, signing
from distinguished.membership import api as memberships
from distinguished.program import api as program

from ..factories import ContributorFactory
from .conftest import TERM_START

SITE = "https://distinguished.example.org"
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
SECURITY = "https://w3id.org/security#"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def terms_not_absolute(node, where="") -> list[str]:
    """Every key and type of an expanded document that is neither a keyword nor an absolute IRI:
    written apart from `signing.expand`, so that the test does not trust the code it checks."""
    found = []
    if isinstance(node, list):
        for item in node:
            found += terms_not_absolute(item, where)
    elif isinstance(node, dict):
        if "@value" in node:
            return found
        for key, value in node.items():
            if not key.startswith("@") and not ABSOLUTE_IRI.match(key):
                found.append(f"{where}/{key}")
            if key == "@type":
                types = value if isinstance(value, list) else [value]
                found += [f"{where}/@type={t}" for t in types if not ABSOLUTE_IRI.match(t)]
            else:
                found += terms_not_absolute(value, f"{where}/{key}")
    return found


def expanded(client, path: str) -> list:
    response = client.get(path, HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200, (path, response.status_code)
    document = response.json()
    result = signing.expand(document)  # raises Unsafe, naming the dropped terms
    assert result, f"{path} expands to nothing"
    assert terms_not_absolute(result) == [], path
    return result


def properties(node) -> set[str]:
    found = set()
    if isinstance(node, list):
        for item in node:
            found |= properties(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            found |= properties(value)
    return found


@pytest.fixture
def issued(admin_user, issuer_key, clock, django_capture_on_commit_callbacks):
    """A term credential, a lifetime one (after a key rotation), and a revoked one."""
    engineer, advocate = program.get_track("engineer"), program.get_track("advocate")
    with django_capture_on_commit_callbacks(execute=True):
        term = memberships.record_term(
            actor=admin_user, contributor=ContributorFactory(), track=engineer, start=TERM_START
        )
    api.generate_issuer_key(rotate=True)
    veteran = ContributorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = memberships.record_term(
            actor=admin_user, contributor=veteran, track=advocate, start=dt.date(2021, 7, 1)
        )
        renewal = memberships.record_term(
            actor=admin_user, contributor=veteran, track=advocate, start=dt.date(2023, 7, 1), previous=first
        )
        lifetime = memberships.grant_lifetime(actor=admin_user, membership=renewal)
        revoked = memberships.record_term(
            actor=admin_user, contributor=ContributorFactory(), track=engineer, start=TERM_START
        )
    memberships.revoke(actor=admin_user, membership=revoked, reason="Asked to leave")
    return [api.latest_credential(m.pk) for m in (term, lifetime, revoked)]


def test_every_credential_expands_with_every_term_defined(client, issued):
    for credential in issued:
        for path in (
            f"/credentials/{credential.uuid}/",
            f"/credentials/{credential.uuid}/download/",
            f"/api/v1/memberships/{credential.membership_id}/credential/",
        ):
            result = expanded(client, path)
            assert "https://www.w3.org/2018/credentials#credentialSubject" in properties(result)
            # The proof is a graph of its own: its terms expand too.
            assert SECURITY + "proof" in properties(result)
            assert SECURITY + "verificationMethod" in properties(result)


def test_the_issuer_profile_defines_its_keys_for_a_json_ld_verifier(client, issued):
    result = expanded(client, "/credentials/issuer/")
    found = properties(result)
    # What a verifier reads to know the key may sign credentials (the issue: both were dropped).
    assert SECURITY + "verificationMethod" in found
    assert SECURITY + "assertionMethod" in found
    assert SECURITY + "publicKeyMultibase" in found
    assert SECURITY + "controller" in found
    (profile,) = result
    assertion = [entry["@id"] for entry in profile[SECURITY + "assertionMethod"]]
    assert len(assertion) == 2  # both keys, before and after the rotation
    assert all(method.startswith(documents.issuer_id() + "#z") for method in assertion)


def test_the_status_lists_expand_before_and_after_a_revocation(client, issued):
    lists = {credential.status_list_id for credential in issued}
    for status_list_id in lists:
        result = expanded(client, f"/credentials/status/{status_list_id}/")
        assert "https://www.w3.org/ns/credentials/status#encodedList" in properties(result)


def test_every_achievement_expands(client, db):
    tracks = list(program.tracks_of(program.program_settings()))
    assert len(tracks) == 4
    for track in tracks:
        result = expanded(client, f"/credentials/achievements/{track.code}/")
        assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#Criteria" in properties(result)


def test_a_profile_without_the_controlled_identifiers_context_is_refused(client, issued):
    """The test fails on the defect the issue found: with VC 2.0, OB 3.0.3 and Multikey v1 alone,
    `verificationMethod` and `assertionMethod` do not expand."""
    profile = client.get("/credentials/issuer/").json()
    profile["@context"] = [signing.VC_V2, signing.OB_V3, signing.MULTIKEY_V1]
    with pytest.raises(signing.Unsafe) as refused:
        signing.expand(profile)
    assert "assertionMethod" in refused.value.terms
    assert "verificationMethod" in refused.value.terms


def test_the_profile_context_keeps_multikey_before_controlled_identifiers():
    assert documents.PROFILE_CONTEXT == [
        signing.VC_V2,
        signing.OB_V3,
        "https://w3id.org/security/multikey/v1",
        "https://www.w3.org/ns/cid/v1",
    ]
