"""The REST API's people and admin writes: what a contributor's profile shows to whom, who edits
and creates profiles, and that a superuser is a program admin whose writes store what they say.
Who may call what, for every role and endpoint, is the permission matrix
(tests/test_permission_matrix.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.people.models import Contributor, User, UserRole
from distinguished.program.models import Cycle, CycleTarget

from .factories import ContributorFactory, CycleFactory, OrganizationFactory

PUBLIC_FIELDS = {"id", "kind", "name", "organization", "country", "website", "github", "forum"}
PRIVATE_FIELDS = {"email", "slack", "size_tier", "employees", "bio"}
# The matrix rolls every request back: here an admin's write (a superuser's too) stores something.
ADMINS = ["admin_user", "superuser"]


def cycle_body(slug: str = "next") -> dict:
    start = timezone.localdate() + dt.timedelta(days=30)
    days = [0, 30, 44, 65, 79, 89, 103]
    fields = [
        "nominations_open",
        "nominations_close",
        "screening_due",
        "review_due",
        "deliberation_due",
        "approval_due",
        "announcement_date",
    ]
    body = {field: (start + dt.timedelta(days=n)).isoformat() for field, n in zip(fields, days, strict=True)}
    return {"slug": slug, "name": "Next cohort", **body, "announcement_event": "Open edX Conference"}


# (id, method, path, body, status). Paths may name the objects made by the `world` fixture:
# {cycle} is a cycle slug, {other} a contributor who is nobody's user.
ADMIN_WRITES = [
    (
        "create-user",
        "post",
        "users/",
        {"username": "newbie", "email": "newbie@example.org", "password": "a-long-passphrase", "roles": []},
        201,
    ),
    (
        "create-organization",
        "post",
        "contributors/",
        {"kind": "organization", "name": "Acme Learning", "size_tier": "larger", "employees": 40},
        201,
    ),
    ("patch-contributor", "patch", "contributors/{other}/", {"bio": "Edited."}, 200),
    ("create-cycle", "post", "cycles/", cycle_body(), 201),
    ("patch-cycle", "patch", "cycles/{cycle}/", {"name": "Renamed cohort"}, 200),
    ("patch-targets", "patch", "cycles/{cycle}/targets/", {"engineer.major_prs": 8}, 200),
    (
        "override-phase",
        "post",
        "cycles/{cycle}/phase/",
        {"phase": "review", "reason": "Screening finished early."},
        200,
    ),
]


@pytest.fixture
def world(db):
    """The objects the paths name."""
    return {"cycle": CycleFactory(slug="writes").slug, "other": ContributorFactory(name="Someone Else").pk}


def stored() -> tuple:
    return (
        Cycle.objects.count(),
        sorted(CycleTarget.objects.values_list("cycle_id", "key_result_id", "target")),
        sorted(Cycle.objects.values_list("slug", "name", "phase_override")),
        User.objects.count(),
        UserRole.objects.count(),
        Contributor.objects.count(),
        sorted(Contributor.objects.values_list("pk", "bio")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("role", ADMINS)
@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [pytest.param(*case[1:], id=case[0]) for case in ADMIN_WRITES],
)
def test_an_admin_write_stores_what_it_says(request, client_for, world, role, method, path, body, status):
    client = client_for(request.getfixturevalue(role))
    before = stored()
    response = getattr(client, method)(f"/api/v1/{path.format(**world)}", body, format="json")
    assert response.status_code == status, response.content
    assert stored() != before, "an allowed write stored nothing"


# --- contributors: public and private fields ----------------------------------------------


@pytest.fixture
def profile(db):
    return ContributorFactory(
        name="Private Person", email="private@example.org", slack="@private", bio="Likes tea."
    )


@pytest.mark.parametrize("role", ["anonymous", "member", "panelist", "chair", "approver"])
def test_others_see_only_public_fields_of_a_contributor(client_for, request, profile, role):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    response = client_for(user).get(f"/api/v1/contributors/{profile.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == PUBLIC_FIELDS
    assert not PRIVATE_FIELDS & set(data)
    assert data["name"] == "Private Person"
    assert "private@example.org" not in response.content.decode()


@pytest.mark.parametrize("role", ["admin_user", "superuser"])
def test_admins_see_private_fields_of_a_contributor(client_for, request, profile, role):
    response = client_for(request.getfixturevalue(role)).get(f"/api/v1/contributors/{profile.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= PRIVATE_FIELDS
    assert (data["email"], data["slack"], data["bio"]) == ("private@example.org", "@private", "Likes tea.")


def test_a_person_sees_their_own_private_fields(client_for, member):
    response = client_for(member).get(f"/api/v1/contributors/{member.contributor_id}/")
    assert response.status_code == 200
    assert set(response.json()) >= PRIVATE_FIELDS
    assert response.json()["email"] == member.contributor.email


def test_an_organization_shows_size_and_employees_only_to_admins(client_for, admin_user):
    org = OrganizationFactory(size_tier="larger", employees=250)
    public = client_for(None).get(f"/api/v1/contributors/{org.pk}/").json()
    assert "size_tier" not in public
    assert "employees" not in public
    private = client_for(admin_user).get(f"/api/v1/contributors/{org.pk}/").json()
    assert (private["size_tier"], private["employees"]) == ("larger", 250)


def test_a_member_edits_their_own_profile_but_nobody_elses(client_for, member, profile):
    client = client_for(member)
    response = client.patch(f"/api/v1/contributors/{member.contributor_id}/", {"bio": "Mine."}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["bio"] == "Mine."
    response = client.patch(f"/api/v1/contributors/{profile.pk}/", {"bio": "Yours."}, format="json")
    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.bio == "Likes tea."


def test_a_member_cannot_turn_their_profile_into_an_organization(client_for, member):
    response = client_for(member).patch(
        f"/api/v1/contributors/{member.contributor_id}/",
        {"kind": "organization", "size_tier": "smaller", "employees": 3},
        format="json",
    )
    assert response.status_code == 403
    member.contributor.refresh_from_db()
    assert member.contributor.kind == "person"


# --- contributors: who may list and create ------------------------------------------------


def test_a_member_lists_only_their_own_profile(client_for, member, profile):
    response = client_for(member).get("/api/v1/contributors/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [member.contributor_id]


def test_a_signed_in_user_without_a_profile_lists_nothing(client_for, panelist, profile):
    response = client_for(panelist).get("/api/v1/contributors/")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize("role", ["admin_user", "superuser"])
def test_admins_list_every_contributor(client_for, request, member, profile, role):
    response = client_for(request.getfixturevalue(role)).get("/api/v1/contributors/")
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert {member.contributor_id, profile.pk} <= ids


PERSON = {"kind": "person", "name": "New Person", "email": "new.person@example.org", "github": "newperson"}


def test_a_user_without_a_profile_creates_their_own_once_and_it_is_linked(client_for, panelist):
    client = client_for(panelist)
    response = client.post("/api/v1/contributors/", PERSON, format="json")
    assert response.status_code == 201, response.content
    created = Contributor.objects.get(pk=response.json()["id"])
    panelist.refresh_from_db()
    assert panelist.contributor == created
    assert AuditEvent.objects.filter(verb="contributor.created", object_id=str(created.pk)).exists()
    count = Contributor.objects.count()
    again = client.post("/api/v1/contributors/", {**PERSON, "email": "", "github": "other"}, format="json")
    assert again.status_code == 403
    assert "already" in again.json()["detail"]
    assert Contributor.objects.count() == count


def test_a_member_with_a_profile_cannot_create_a_second_one(client_for, member):
    before = Contributor.objects.count(), AuditEvent.objects.count()
    response = client_for(member).post("/api/v1/contributors/", PERSON, format="json")
    assert response.status_code == 403
    assert (Contributor.objects.count(), AuditEvent.objects.count()) == before
    member.refresh_from_db()
    assert member.contributor.name == "Member Person"


def test_a_member_cannot_create_an_organization(client_for, panelist):
    before = Contributor.objects.count(), AuditEvent.objects.count()
    response = client_for(panelist).post(
        "/api/v1/contributors/",
        {"kind": "organization", "name": "My Company", "size_tier": "smaller", "employees": 5},
        format="json",
    )
    assert response.status_code == 403
    assert "admin" in response.json()["detail"]
    assert (Contributor.objects.count(), AuditEvent.objects.count()) == before
    panelist.refresh_from_db()
    assert panelist.contributor is None


@pytest.mark.parametrize("role", ["admin_user", "superuser"])
def test_an_admin_creates_a_person_without_linking_it_to_themself(client_for, request, role):
    admin = request.getfixturevalue(role)
    response = client_for(admin).post("/api/v1/contributors/", PERSON, format="json")
    assert response.status_code == 201, response.content
    admin.refresh_from_db()
    assert admin.contributor is None
    assert response.json()["email"] == PERSON["email"]


def test_superuser_is_a_program_admin_even_without_the_admin_role(superuser):
    assert not UserRole.objects.filter(user=superuser).exists()
