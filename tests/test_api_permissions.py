"""Who may call what under /api/v1/: anonymous callers, members, panel staff, program admins and
superusers (who are always program admins), on every endpoint, through real requests."""

import datetime as dt

import pytest
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.people.models import Contributor, User, UserRole
from distinguished.program.models import Cycle, CycleTarget

from .conftest import PASSWORD
from .factories import ContributorFactory, CycleFactory, OrganizationFactory

ROLES = ["anonymous", "member", "panelist", "chair", "approver", "admin_user", "superuser"]
ADMINS = {"admin_user", "superuser"}
PUBLIC_FIELDS = {"id", "kind", "name", "organization", "country", "website", "github", "forum"}
PRIVATE_FIELDS = {"email", "slack", "size_tier", "employees", "bio"}


def admin_only(ok: int) -> dict[str, int]:
    """Anonymous: 401 (authenticate first); signed-in non-admins: 403; admins: `ok`."""
    return {role: ok if role in ADMINS else 401 if role == "anonymous" else 403 for role in ROLES}


def anyone(ok: int = 200) -> dict[str, int]:
    return dict.fromkeys(ROLES, ok)


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


# (id, method, path, body, expected status by role). Paths and bodies may name the objects
# made by the `world` fixture: {cycle} is a cycle slug, {other} a contributor who is nobody's user.
ENDPOINTS = [
    ("token", "post", "auth/token/", {"username": "member-user", "password": PASSWORD}, anyone(200)),
    (
        "create-user",
        "post",
        "users/",
        {"username": "newbie", "email": "newbie@example.org", "password": "a-long-passphrase", "roles": []},
        admin_only(201),
    ),
    # Anyone signed in may list; a non-admin sees only their own profile (tested below).
    ("list-contributors", "get", "contributors/", None, {**anyone(200), "anonymous": 401}),
    (
        "create-organization",
        "post",
        "contributors/",
        {"kind": "organization", "name": "Acme Learning", "size_tier": "larger", "employees": 40},
        admin_only(201),
    ),
    ("get-contributor", "get", "contributors/{other}/", None, anyone(200)),
    ("patch-contributor", "patch", "contributors/{other}/", {"bio": "Edited."}, admin_only(200)),
    ("program", "get", "program/", None, anyone(200)),
    ("list-cycles", "get", "cycles/", None, anyone(200)),
    ("create-cycle", "post", "cycles/", cycle_body(), admin_only(201)),
    ("get-cycle", "get", "cycles/{cycle}/", None, anyone(200)),
    ("patch-cycle", "patch", "cycles/{cycle}/", {"name": "Renamed cohort"}, admin_only(200)),
    ("get-targets", "get", "cycles/{cycle}/targets/", None, anyone(200)),
    ("patch-targets", "patch", "cycles/{cycle}/targets/", {"engineer.major_prs": 8}, admin_only(200)),
    (
        "override-phase",
        "post",
        "cycles/{cycle}/phase/",
        {"phase": "review", "reason": "Screening finished early."},
        admin_only(200),
    ),
    ("audit", "get", "audit/", None, admin_only(200)),
]


@pytest.fixture
def world(member):
    """The objects the paths name; `member` (member-user) is the account the token case signs in."""
    return {"cycle": CycleFactory(slug="matrix").slug, "other": ContributorFactory(name="Someone Else").pk}


def user_of(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


@pytest.fixture
def call(request, client_for, world):
    """call(role, method, path, body) → the response of that request made as that role."""

    def make(role, method, path, body=None):
        client = client_for(user_of(request, role))
        return getattr(client, method)(f"/api/v1/{path.format(**world)}", body, format="json")

    return make


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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in ENDPOINTS],
)
def test_every_endpoint_answers_each_role_as_the_contract_says(
    request, call, role, method, path, body, expected
):
    user_of(request, role)  # the caller's account exists before the snapshot
    before = stored()
    response = call(role, method, path, body)
    assert response.status_code == expected[role], response.content
    if response.status_code == 401:
        assert response.headers["WWW-Authenticate"].startswith("Token")
    if response.status_code in (401, 403):
        assert "detail" in response.json()
        assert stored() == before, "a refused request changed something"
    elif method != "get" and path != "auth/token/":
        assert stored() != before, "an allowed write stored nothing"


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("anonymous", "cycles/nope/"),
        ("anonymous", "cycles/nope/targets/"),
        ("admin_user", "cycles/nope/"),
        ("admin_user", "cycles/nope/targets/"),
        ("anonymous", "contributors/999999/"),
        ("admin_user", "contributors/999999/"),
    ],
)
def test_unknown_objects_are_404(call, role, path):
    assert call(role, "get", path).status_code == 404


@pytest.mark.parametrize("role", ["admin_user", "superuser"])
def test_admins_post_a_phase_override_for_an_unknown_cycle_get_404(call, role):
    assert call(role, "post", "cycles/nope/phase/", {"phase": "review", "reason": "x"}).status_code == 404


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
