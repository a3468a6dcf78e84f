"""JWTs the LMS issued, on the REST API (`Authorization: JWT <token>`): a token signed with the LMS's
published key, for the configured issuer and audience, signs the request in as the person, found the
way the Open edX sign-in finds them; anything else is a 401 that changes nothing."""

import time
from dataclasses import dataclass

import jwt
import pytest
from rest_framework.test import APIClient

from distinguished.audit.models import AuditEvent
from distinguished.people.models import User

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/assignments/"


@dataclass
class LmsPerson:
    """Someone as the LMS knows them (what its JWT says)."""

    username: str
    email: str
    is_active: bool = True
    pk: int = 7
    first_name: str = "Alice"
    last_name: str = "Lovelace"
    is_staff: bool = False
    is_superuser: bool = False

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


ALICE = LmsPerson("alice_lms", "alice@example.org")


def call(token: str, url: str = URL, method: str = "get"):
    return getattr(APIClient(), method)(url, HTTP_AUTHORIZATION=f"JWT {token}")


def stored():
    return User.objects.count(), AuditEvent.objects.count()


def test_a_token_signed_by_the_lms_signs_in_its_person_created_on_first_arrival(lms_jwt):
    response = call(lms_jwt(ALICE))
    assert response.status_code == 200, response.content
    user = User.objects.get(social_auth__provider="edx-oauth2", social_auth__uid="alice_lms")
    assert (user.username, user.email, user.name, user.has_usable_password()) == (
        "alice_lms",
        "alice@example.org",
        "Alice Lovelace",
        False,
    )
    assert AuditEvent.objects.filter(verb="user.signed_up_with_openedx", object_id=str(user.pk)).count() == 1
    # The next call finds the same account, and creates nothing.
    before = stored()
    assert call(lms_jwt(ALICE)).status_code == 200
    assert stored() == before


def test_a_verified_email_links_the_existing_account_and_roles_stay_this_apps(lms_jwt):
    local = UserFactory(username="alice", email="Alice@Example.org", email_verified=True, roles=["panelist"])
    boss = LmsPerson("alice_lms", "alice@example.org", is_staff=True, is_superuser=True)
    assert call(lms_jwt(boss)).status_code == 200
    local.refresh_from_db()
    assert local.social_auth.get().uid == "alice_lms"
    assert (local.is_staff, local.is_superuser, list(local.roles.values_list("role", flat=True))) == (
        False,
        False,
        ["panelist"],
    )
    assert AuditEvent.objects.filter(verb="user.linked_to_openedx", object_id=str(local.pk)).count() == 1
    # The LMS's administrator claim makes no program admin: creating an account is refused.
    assert call(lms_jwt(boss), "/api/v1/users/", "post").status_code == 403


def test_an_unverified_email_never_links_and_a_first_arrival_is_refused(lms_jwt):
    UserFactory(username="alice", email="alice@example.org")
    before = stored()
    response = call(lms_jwt(ALICE, email_verified=False))
    assert response.status_code == 401
    assert "not verified" in response.json()["detail"]
    assert stored() == before


def test_a_local_account_with_the_same_username_is_not_taken_over(lms_jwt):
    someone_else = UserFactory(username="alice_lms", email="other@example.org")
    assert call(lms_jwt(ALICE)).status_code == 200
    created = User.objects.get(social_auth__uid="alice_lms")
    assert created != someone_else
    assert created.username == "alice_lms-2"


@pytest.mark.parametrize(
    "what",
    [
        "expired",
        "wrong audience",
        "wrong issuer",
        "alg none",
        "another key",
        "HS256 with the public key",
        "garbled",
    ],
)
def test_a_token_that_does_not_check_out_is_401_and_changes_nothing(lms_jwt, other_key, standin_key, what):
    now = int(time.time())
    token = {
        "expired": lambda: lms_jwt(ALICE, exp=now - 60, iat=now - 3660),
        "wrong audience": lambda: lms_jwt(ALICE, aud="another-service"),
        "wrong issuer": lambda: lms_jwt(ALICE, iss="http://evil.test/oauth2"),
        "alg none": lambda: jwt.encode(
            {**jwt.decode(lms_jwt(ALICE), options={"verify_signature": False})}, None, "none"
        ),
        "another key": lambda: lms_jwt(ALICE, key=other_key),
        "HS256 with the public key": lambda: _hs256_with_public_key(lms_jwt(ALICE), standin_key),
        "garbled": lambda: lms_jwt(ALICE)[:-5] + "AAAAA",
    }[what]()
    before = stored()
    response = call(token)
    assert response.status_code == 401, (what, response.content)
    assert response.headers["Content-Type"].startswith("application/json")
    assert stored() == before


def _hs256_with_public_key(token, standin_key):
    """The classic confusion attack: HMAC with the public key's PEM as the secret."""
    import base64
    import hashlib
    import hmac
    import json

    from cryptography.hazmat.primitives import serialization

    pem = standin_key.key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    claims = jwt.decode(token, options={"verify_signature": False})

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = (
        b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode())
    )
    return signing_input + "." + b64(hmac.new(pem, signing_input.encode(), hashlib.sha256).digest())


def test_without_the_lms_keys_no_jwt_is_looked_at(lms_jwt, settings):
    token = lms_jwt(ALICE)
    settings.JWT_AUTH = {**settings.JWT_AUTH, "JWT_PUBLIC_SIGNING_JWK_SET": ""}
    before = stored()
    assert call(token).status_code == 401
    assert stored() == before


def test_a_restricted_applications_token_is_refused(lms_jwt):
    assert call(lms_jwt(ALICE, is_restricted=True)).status_code == 401
    assert not User.objects.filter(social_auth__uid="alice_lms").exists()


def test_a_disabled_account_is_refused(lms_jwt):
    call(lms_jwt(ALICE))
    User.objects.filter(social_auth__uid="alice_lms").update(is_active=False)
    assert call(lms_jwt(ALICE)).status_code == 401


def test_the_answer_is_in_the_language_the_person_saved(lms_jwt):
    """The JWT is read when the view runs, after the middleware that applies a saved language."""
    assert call(lms_jwt(ALICE)).status_code == 200
    User.objects.filter(username="alice_lms").update(language="es")
    response = APIClient().post(
        "/api/v1/nominations/", {}, format="json", HTTP_AUTHORIZATION=f"JWT {lms_jwt(ALICE)}"
    )
    assert response.status_code == 400
    assert response.headers["Content-Language"] == "es"
    assert "Este campo es requerido." in response.content.decode()
