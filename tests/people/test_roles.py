"""Accounts and roles (people.api): validation, audit of every role change, e-mail to the person."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from distinguished.audit.models import AuditEvent
from distinguished.people import api
from distinguished.people.models import User, UserRole

from ..factories import ContributorFactory, UserFactory, UserRoleFactory


@pytest.mark.django_db
def test_create_user_with_roles_is_audited_and_welcomed(admin_user, django_capture_on_commit_callbacks):
    contributor = ContributorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        user = api.create_user(
            actor=admin_user,
            username="jdoe",
            email="jdoe@example.org",
            password="a-long-passphrase",
            name="Jane Doe",
            roles=["panelist", "chair"],
            contributor=contributor,
        )
    assert api.roles_of(user) == {"panelist", "chair"}
    assert user.contributor == contributor
    verbs = list(AuditEvent.objects.filter(object_id=str(user.pk)).values_list("verb", "to_state"))
    assert ("user.created", "") in verbs
    assert {("role.granted", "chair"), ("role.granted", "panelist")} <= set(verbs)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jdoe@example.org"]
    assert "Username: jdoe" in mail.outbox[0].body
    assert "Your roles: Panel chair, Panelist" in mail.outbox[0].body
    assert f"{admin_user.display_name} opened it for you." in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"roles": ["wizard"]}, "roles"),
        ({"username": "ADMIN-USER"}, "username"),
        ({"password": "123"}, "password"),
        ({"email": "not-an-email"}, "email"),
    ],
)
def test_create_user_refuses_bad_input_and_stores_nothing(admin_user, changes, field):
    fields = {"username": "new", "email": "new@example.org", "password": "a-long-passphrase", **changes}
    before = User.objects.count(), UserRole.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        api.create_user(actor=admin_user, **fields)
    assert field in info.value.message_dict
    assert (User.objects.count(), UserRole.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_only_admins_create_accounts_and_change_roles(member, chair):
    for actor in (member, chair):
        with pytest.raises(PermissionDenied):
            api.create_user(actor=actor, username="x", email="x@example.org", password="a-long-passphrase")
        with pytest.raises(PermissionDenied):
            api.set_roles(actor=actor, user=member, roles=["admin"])
    assert api.roles_of(member) == frozenset()


@pytest.mark.django_db
def test_set_roles_grants_and_revokes_each_audited_and_mailed(admin_user, django_capture_on_commit_callbacks):
    user = UserFactory(roles=["panelist"])
    with django_capture_on_commit_callbacks(execute=True):
        roles = api.set_roles(actor=admin_user, user=user, roles=["chair", "approver"])
    assert roles == ["approver", "chair"]
    assert set(UserRole.objects.filter(user=user).values_list("role", flat=True)) == {"approver", "chair"}
    events = set(
        AuditEvent.objects.filter(object_id=str(user.pk)).values_list("verb", "from_state", "to_state")
    )
    assert events == {
        ("role.granted", "", "approver"),
        ("role.granted", "", "chair"),
        ("role.revoked", "panelist", ""),
    }
    body = mail.outbox[0].body
    assert "Now granted: Approver (Axim), Panel chair" in body
    assert "No longer held: Panelist" in body
    assert "Your roles now: Approver (Axim), Panel chair" in body


@pytest.mark.django_db
def test_the_mails_leave_out_what_does_not_apply(django_capture_on_commit_callbacks):
    """Signing up welcomes without roles or an opener; losing every role leaves a community member."""
    with django_capture_on_commit_callbacks(execute=True):
        user = api.sign_up(username="self", email="self@example.org", password="a-long-passphrase")
    [welcome] = mail.outbox
    assert "Welcome to the Open edX Distinguished Contributor Program: your account is open." in welcome.body
    assert "Username: self" in welcome.body
    assert "opened it for you" not in welcome.body
    assert "Your roles" not in welcome.body
    admin = UserFactory(roles=["admin"])
    UserRoleFactory(user=user, role="panelist")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api.set_roles(actor=admin, user=user, roles=[])
    [changed] = mail.outbox
    assert "Now granted" not in changed.body
    assert "No longer held: Panelist" in changed.body
    assert "Your roles now: community member" in changed.body


@pytest.mark.django_db
def test_set_roles_with_an_unknown_role_changes_nothing(admin_user):
    user = UserFactory(roles=["panelist"])
    with pytest.raises(ValidationError):
        api.set_roles(actor=admin_user, user=user, roles=["chair", "emperor"])
    assert list(UserRole.objects.filter(user=user).values_list("role", flat=True)) == ["panelist"]


@pytest.mark.django_db
def test_setting_the_same_roles_again_records_and_sends_nothing(
    admin_user, django_capture_on_commit_callbacks
):
    user = UserFactory(roles=["panelist"])
    with django_capture_on_commit_callbacks(execute=True):
        api.set_roles(actor=admin_user, user=user, roles=["panelist"])
    assert not AuditEvent.objects.filter(verb__startswith="role.").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_superuser_is_admin_without_a_role_row(superuser):
    assert api.is_program_admin(superuser)
    assert api.roles_of(superuser) == {"admin"}


@pytest.mark.django_db
def test_members_create_their_own_person_profile_once(member):
    user = UserFactory()
    profile = api.create_contributor(actor=user, kind="person", name="Me Myself", email="me@example.org")
    user.refresh_from_db()
    assert user.contributor == profile
    with pytest.raises(PermissionDenied):
        api.create_contributor(actor=user, kind="person", name="Second me")
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        api.create_contributor(actor=other, kind="organization", name="My org", size_tier="smaller")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "organization", "name": "Org"}, "size_tier"),
        ({"kind": "person", "name": "P", "employees": 4}, "employees"),
        ({"kind": "person", "name": "P", "size_tier": "larger"}, "size_tier"),
        ({"kind": "organization", "name": "O", "size_tier": "larger", "employees": 0}, "employees"),
        ({"kind": "person", "name": "P", "email": "TAKEN@example.org"}, "email"),
        ({"kind": "person", "name": "P", "github": "Taken-Login"}, "github"),
        ({"kind": "person", "name": ""}, "name"),
        ({"kind": "robot", "name": "R"}, "kind"),
    ],
)
def test_contributor_rules(admin_user, fields, field):
    ContributorFactory(email="taken@example.org", github="taken-login")
    with pytest.raises(ValidationError) as info:
        api.create_contributor(actor=admin_user, **fields)
    assert field in info.value.message_dict


@pytest.mark.django_db
def test_a_member_edits_only_their_own_profile(member):
    other = ContributorFactory()
    api.update_contributor(actor=member, contributor=member.contributor, country="KE")
    member.contributor.refresh_from_db()
    assert member.contributor.country == "KE"
    with pytest.raises(PermissionDenied):
        api.update_contributor(actor=member, contributor=other, name="Hacked")
