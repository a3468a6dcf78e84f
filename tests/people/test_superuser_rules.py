"""A Django superuser is a program admin in the rules, and no more: `User.has_perm` asks the
program's rules for every permission they name, so a fact such as "the decision is announced"
stays a fact for a superuser too. Django's own model permissions keep their superuser shortcut.

Found by Schemathesis as the demo's `admin` (a superuser): reading a withdrawn nomination the
admin had nominated was a 500, because "may read the decision" was True for a superuser whatever
the nomination's state."""

import pytest

from ..factories import DraftNominationFactory, UserFactory


@pytest.fixture
def own_draft(superuser):
    return DraftNominationFactory(nominator=superuser)


@pytest.mark.django_db
def test_program_rules_decide_for_a_superuser(superuser, own_draft):
    # A fact: no decision was announced on a draft.
    assert not superuser.has_perm("nominations.read_decision", own_draft)
    # A rule of the program: nobody endorses their own nomination, a superuser included.
    assert not superuser.has_perm("nominations.may_endorse", own_draft)
    # What an admin may do, a superuser may do.
    assert superuser.has_perm("nominations.view_nomination", own_draft)
    assert superuser.has_perm("people.manage_users")


@pytest.mark.django_db
def test_django_model_permissions_keep_the_superuser_shortcut(superuser):
    assert superuser.has_perm("people.change_user")
    assert not UserFactory().has_perm("people.change_user")


@pytest.mark.django_db
def test_an_inactive_superuser_has_no_program_permission(superuser):
    superuser.is_active = False
    assert not superuser.has_perm("people.manage_users")


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "withdrawn"])
def test_a_superuser_reads_and_withdraws_their_own_nomination(client_for, superuser, own_draft, state):
    client = client_for(superuser)
    if state == "withdrawn":
        response = client.post(
            f"/api/v1/nominations/{own_draft.pk}/withdraw/", {"reason": "Changed my mind."}
        )
        assert response.status_code == 200, response.content
        assert response.json()["state"] == "withdrawn"
    for path in ("", "endorsements/"):
        response = client.get(f"/api/v1/nominations/{own_draft.pk}/{path}")
        assert response.status_code == 200, response.content
    assert response.json() is not None
    detail = client.get(f"/api/v1/nominations/{own_draft.pk}/").json()
    assert (detail["state"], detail["decision"]) == (state, None)


@pytest.mark.django_db
def test_the_admin_site_still_opens_for_a_superuser(client, superuser):
    client.force_login(superuser)
    assert client.get("/django-admin/people/user/").status_code == 200
