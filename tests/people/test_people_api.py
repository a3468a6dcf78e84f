"""The people API through real requests: tokens, accounts with roles, contributor profiles.
Bad input is a 400 naming the field and what to do, and stores nothing."""

import pytest
from django.core import mail
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from distinguished.audit.models import AuditEvent
from distinguished.people.models import Contributor, User, UserRole

from ..conftest import PASSWORD
from ..factories import ContributorFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_USER = {
    "username": "jdoe",
    "email": "jdoe@example.org",
    "password": "a-long-passphrase",
    "name": "Jane Doe",
    "roles": ["panelist", "chair"],
}


def stored() -> tuple:
    return (
        User.objects.count(),
        UserRole.objects.count(),
        Contributor.objects.count(),
        Token.objects.count(),
        AuditEvent.objects.count(),
    )


# --- tokens ----------------------------------------------------------------------------------


def test_a_token_from_username_and_password_authenticates_later_requests(admin_user):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "admin-user", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert Token.objects.get(user=admin_user).key == key

    assert APIClient().get("/api/v1/audit/").status_code == 401
    client = APIClient(headers={"Authorization": f"Token {key}"})
    assert client.get("/api/v1/audit/").status_code == 200


def test_asking_twice_gives_the_same_token(member):
    body = {"username": "member-user", "password": PASSWORD}
    first = APIClient().post("/api/v1/auth/token/", body, format="json").json()["token"]
    second = APIClient().post("/api/v1/auth/token/", body, format="json").json()["token"]
    assert first == second


def test_a_token_shows_a_member_their_own_private_profile(member):
    key = (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "member-user", "password": PASSWORD}, format="json")
        .json()["token"]
    )
    client = APIClient(headers={"Authorization": f"Token {key}"})
    data = client.get(f"/api/v1/contributors/{member.contributor_id}/").json()
    assert data["email"] == member.contributor.email


def test_a_made_up_token_is_refused(admin_user):
    client = APIClient(headers={"Authorization": "Token not-a-real-token"})
    response = client.get("/api/v1/program/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"username": "member-user", "password": "wrong-password"}, id="wrong-password"),
        pytest.param({"username": "nobody", "password": PASSWORD}, id="unknown-user"),
    ],
)
def test_token_with_bad_credentials_is_401_and_issues_nothing(member, body):
    before = stored()
    response = APIClient().post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Token")
    assert "username and password do not match" in response.json()["detail"]
    assert stored() == before


def test_an_inactive_account_gets_no_token(db):
    UserFactory(username="gone", is_active=False)
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "gone", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 401
    assert not Token.objects.exists()


@pytest.mark.parametrize(("body", "field"), [({"username": "member-user"}, "password"), ({}, "username")])
def test_token_without_a_field_is_400_naming_it(member, body, field):
    response = APIClient().post("/api/v1/auth/token/", body, format="json")
    assert response.status_code == 400
    assert response.json()[field] == ["This field is required."]


# --- accounts --------------------------------------------------------------------------------


def test_admin_creates_an_account_with_roles_audited_and_welcomed(
    client_for, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post("/api/v1/users/", NEW_USER, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["username"], data["email"], data["name"]) == ("jdoe", "jdoe@example.org", "Jane Doe")
    assert data["roles"] == ["chair", "panelist"]
    assert "password" not in data
    user = User.objects.get(pk=data["id"])
    assert user.check_password("a-long-passphrase")
    assert sorted(UserRole.objects.filter(user=user).values_list("role", flat=True)) == ["chair", "panelist"]

    events = AuditEvent.objects.filter(object_type="people.user", object_id=str(user.pk))
    assert set(events.values_list("verb", "to_state", "actor_name")) == {
        ("user.created", "", "admin-user"),
        ("role.granted", "chair", "admin-user"),
        ("role.granted", "panelist", "admin-user"),
    }
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jdoe@example.org"]
    assert "Username: jdoe" in mail.outbox[0].body

    token = APIClient().post(
        "/api/v1/auth/token/", {"username": "jdoe", "password": "a-long-passphrase"}, format="json"
    )
    assert token.status_code == 200


def test_admin_links_a_new_account_to_a_contributor(client_for, admin_user):
    contributor = ContributorFactory()
    response = client_for(admin_user).post(
        "/api/v1/users/", {**NEW_USER, "roles": [], "contributor": contributor.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["contributor"] == contributor.pk
    assert response.json()["roles"] == []
    assert User.objects.get(username="jdoe").contributor == contributor


@pytest.mark.parametrize(
    ("changes", "field", "hint"),
    [
        pytest.param({"roles": ["wizard"]}, "roles", "Unknown role “wizard”", id="unknown-role"),
        pytest.param({"roles": "admin"}, "roles", "list", id="roles-not-a-list"),
        pytest.param({"username": "admin-user"}, "username", "is taken", id="duplicate-username"),
        pytest.param({"username": "ADMIN-User"}, "username", "is taken", id="duplicate-username-other-case"),
        pytest.param({"username": ""}, "username", "blank", id="blank-username"),
        pytest.param({"password": "123"}, "password", "too short", id="short-password"),
        pytest.param({"password": "password123"}, "password", "too common", id="common-password"),
        pytest.param({"password": "jdoe@example.org"}, "password", "too similar", id="password-like-email"),
        pytest.param({"email": "not-an-email"}, "email", "valid email", id="bad-email"),
        pytest.param({"email": ""}, "email", "blank", id="blank-email"),
        pytest.param({"contributor": 999999}, "contributor", "does not exist", id="unknown-contributor"),
    ],
)
def test_create_user_refuses_bad_input_and_stores_nothing(
    client_for, admin_user, django_capture_on_commit_callbacks, changes, field, hint
):
    before = stored()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post("/api/v1/users/", {**NEW_USER, **changes}, format="json")
    assert response.status_code == 400, response.content
    messages = response.json()[field]
    assert any(hint in message for message in messages), messages
    assert stored() == before
    assert mail.outbox == []


def test_create_user_refuses_a_contributor_who_already_has_an_account(client_for, admin_user, member):
    before = stored()
    response = client_for(admin_user).post(
        "/api/v1/users/", {**NEW_USER, "contributor": member.contributor_id}, format="json"
    )
    assert response.status_code == 400
    assert "already linked" in " ".join(response.json()["contributor"])
    assert stored() == before


def test_create_user_reports_every_bad_field_at_once(client_for, admin_user):
    response = client_for(admin_user).post(
        "/api/v1/users/", {**NEW_USER, "username": "Admin-User", "password": "123"}, format="json"
    )
    assert response.status_code == 400
    assert {"username", "password"} <= set(response.json())


# --- contributors ----------------------------------------------------------------------------


def test_admin_creates_an_organization_and_a_person_affiliated_with_it(client_for, admin_user):
    client = client_for(admin_user)
    org = client.post(
        "/api/v1/contributors/",
        {"kind": "organization", "name": "Acme Learning", "size_tier": "smaller", "employees": 12},
        format="json",
    )
    assert org.status_code == 201, org.content
    assert (org.json()["size_tier"], org.json()["employees"]) == ("smaller", 12)
    person = client.post(
        "/api/v1/contributors/",
        {"kind": "person", "name": "Ada", "email": "ada@example.org", "organization": org.json()["id"]},
        format="json",
    )
    assert person.status_code == 201, person.content
    assert person.json()["organization"] == org.json()["id"]
    assert AuditEvent.objects.filter(verb="contributor.created").count() == 2


@pytest.fixture
def existing(db):
    return ContributorFactory(email="taken@example.org", github="TakenLogin", forum="taken-forum")


@pytest.mark.parametrize(
    ("body", "field", "hint"),
    [
        pytest.param(
            {"kind": "organization", "name": "Acme", "employees": 10},
            "size_tier",
            "larger or a smaller partner",
            id="organization-without-size-tier",
        ),
        pytest.param(
            {"kind": "person", "name": "Ada", "employees": 3},
            "employees",
            "Only organizations have employees",
            id="person-with-employees",
        ),
        pytest.param(
            {"kind": "person", "name": "Ada", "size_tier": "larger"},
            "size_tier",
            "Only organizations have a size tier",
            id="person-with-size-tier",
        ),
        pytest.param(
            {"kind": "organization", "name": "Acme", "size_tier": "smaller", "employees": 0},
            "employees",
            "at least one employee",
            id="organization-without-employees",
        ),
        pytest.param({"kind": "robot", "name": "R2"}, "kind", "valid choice", id="unknown-kind"),
        pytest.param({"kind": "person", "name": ""}, "name", "blank", id="no-name"),
        pytest.param(
            {"kind": "person", "name": "Ada", "email": "not-an-email"}, "email", "valid email", id="bad-email"
        ),
        pytest.param(
            {"kind": "person", "name": "Ada", "email": "TAKEN@Example.org"},
            "email",
            "e-mail already exists",
            id="duplicate-email-other-case",
        ),
        pytest.param(
            {"kind": "person", "name": "Ada", "email": "taken@example.org"},
            "email",
            "e-mail already exists",
            id="duplicate-email",
        ),
        pytest.param(
            {"kind": "person", "name": "Ada", "github": "takenlogin"},
            "github",
            "GitHub login already exists",
            id="duplicate-github-other-case",
        ),
        pytest.param(
            {"kind": "person", "name": "Ada", "forum": "TAKEN-FORUM"},
            "forum",
            "forum username already exists",
            id="duplicate-forum-other-case",
        ),
        pytest.param(
            {"kind": "person", "name": "Ada", "organization": "{person}"},
            "organization",
            "is a person, not an organization",
            id="affiliated-with-a-person",
        ),
    ],
)
def test_create_contributor_refuses_bad_input_and_stores_nothing(
    client_for, admin_user, existing, body, field, hint
):
    body = {key: existing.pk if value == "{person}" else value for key, value in body.items()}
    before = stored()
    response = client_for(admin_user).post("/api/v1/contributors/", body, format="json")
    assert response.status_code == 400, response.content
    messages = response.json()[field]
    assert any(hint in message for message in messages), messages
    assert stored() == before


def test_duplicate_github_login_is_refused_case_insensitively_and_stores_nothing(
    client_for, admin_user, existing
):
    """Whatever the key of the message, the duplicate is a 400 that names the GitHub login."""
    before = stored()
    response = client_for(admin_user).post(
        "/api/v1/contributors/", {"kind": "person", "name": "Ada", "github": "TAKENLOGIN"}, format="json"
    )
    assert response.status_code == 400
    assert "GitHub login already exists" in str(response.json())
    assert stored() == before


def test_a_duplicate_email_and_github_login_are_each_reported_under_their_own_field(
    client_for, admin_user, existing
):
    body = {"kind": "person", "name": "Ada", "email": "taken@example.org", "github": "takenlogin"}
    response = client_for(admin_user).post("/api/v1/contributors/", body, format="json")
    assert response.status_code == 400
    assert response.json()["email"] == ["A contributor with this e-mail already exists."]
    assert response.json()["github"] == ["A contributor with this GitHub login already exists."]


def test_a_member_creating_their_profile_with_a_taken_email_is_refused_and_stays_unlinked(
    client_for, panelist, existing
):
    before = stored()
    response = client_for(panelist).post(
        "/api/v1/contributors/",
        {"kind": "person", "name": "Pat", "email": "Taken@example.org"},
        format="json",
    )
    assert response.status_code == 400
    assert "email" in response.json()
    assert stored() == before
    panelist.refresh_from_db()
    assert panelist.contributor is None


def test_patching_a_profile_with_bad_input_changes_nothing(client_for, admin_user, existing):
    org = OrganizationFactory(size_tier="larger", employees=100)
    before = stored(), list(Contributor.objects.values())
    response = client_for(admin_user).patch(
        f"/api/v1/contributors/{org.pk}/", {"size_tier": "", "name": "Renamed"}, format="json"
    )
    assert response.status_code == 400
    assert "size_tier" in response.json()
    assert (stored(), list(Contributor.objects.values())) == before


def test_patching_a_profile_is_audited_with_what_changed(client_for, admin_user, existing):
    response = client_for(admin_user).patch(
        f"/api/v1/contributors/{existing.pk}/", {"bio": "Core committer."}, format="json"
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(verb="contributor.updated", object_id=str(existing.pk))
    assert event.data == {"changed": {"bio": "Core committer."}}
    assert event.actor_name == "admin-user"


@pytest.mark.parametrize("body", [{"kind": "robot"}, {"email": "not-an-email"}, {"bio": "Hijacked."}])
def test_a_member_patching_someone_elses_profile_is_403_whatever_the_body(client_for, member, existing, body):
    before = list(Contributor.objects.values())
    response = client_for(member).patch(f"/api/v1/contributors/{existing.pk}/", body, format="json")
    assert response.status_code == 403, response.content
    assert "your own profile" in response.json()["detail"]
    assert list(Contributor.objects.values()) == before
