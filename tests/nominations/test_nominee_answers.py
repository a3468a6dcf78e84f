"""What is settled when a nomination is made or accepted: a current member of the track is refused
with the way to renew (function, API, page), and the nominee answers “If selected, list me in the
public directory”, a required yes or no (the self-nominee when nominating, a peer nominee when
accepting; missing or not a yes/no is a 400 on the field and nothing changes)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.membership import api as membership
from distinguished.membership.models import Membership
from distinguished.nominations import api
from distinguished.nominations.models import Nomination
from distinguished.program import api as program

from ..factories import ContributorFactory, CycleFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/nominations/"


@pytest.fixture
def cycle(db):
    return CycleFactory(slug="spring")


@pytest.fixture
def nia(db):
    return ContributorFactory(name="Nia Nominee", email="nia@example.org")


@pytest.fixture
def nia_user(nia):
    return UserFactory(username="nia", email="nia@example.org", contributor=nia)


def term(admin_user, contributor, *, track="engineer", years_ago=1, lifetime=False) -> Membership:
    start = timezone.localdate() - dt.timedelta(days=365 * years_ago)
    made = membership.record_term(
        actor=admin_user, contributor=contributor, track=program.get_track(track), start=start
    )
    if lifetime:
        Membership.objects.filter(pk=made.pk).update(lifetime=True, end=None, status="lifetime")
    return made


def written() -> tuple:
    return (
        sorted(Nomination.objects.values_list("id", "state", "nominee_consent", "list_publicly")),
        AuditEvent.objects.count(),
    )


# --- A current member renews ------------------------------------------------------------------


def test_a_peer_nominating_a_current_member_is_refused_with_the_renewal_path(cycle, member, nia, admin_user):
    term(admin_user, nia)
    before = written()
    with pytest.raises(ValidationError) as caught:
        api.nominate(actor=member, cycle=cycle, track=program.get_track("engineer"), nominee=nia)
    [message] = caught.value.message_dict["nominee"]
    assert "Nia Nominee is already a Distinguished Engineer" in message
    assert "renews the membership instead of being nominated again" in message
    assert "/memberships/mine/" in message
    assert "until" not in message  # the term's dates are the member's to read
    assert written() == before


def test_a_member_nominating_themself_again_reads_their_term_and_when_renewal_opens(
    cycle, nia, nia_user, admin_user
):
    current = term(admin_user, nia)
    with pytest.raises(ValidationError) as caught:
        api.nominate(
            actor=nia_user, cycle=cycle, track=program.get_track("engineer"), nominee=nia, list_publicly=True
        )
    [message] = caught.value.message_dict["nominee"]
    opens = current.end - dt.timedelta(days=89)
    assert f"You are a Distinguished Engineer until {program.human(current.end)}" in message
    assert f"the renewal window opens on {program.human(opens)}" in message
    assert f"/api/v1/memberships/{current.pk}/renewal/" in message


def test_a_lifetime_member_is_told_there_is_nothing_to_renew(cycle, member, nia, admin_user):
    term(admin_user, nia, lifetime=True)
    with pytest.raises(ValidationError) as caught:
        api.nominate(actor=member, cycle=cycle, track=program.get_track("engineer"), nominee=nia)
    assert "lifetime status" in caught.value.message_dict["nominee"][0]


def test_a_member_of_another_track_or_a_past_member_may_be_nominated(cycle, member, nia, admin_user):
    term(admin_user, nia, track="advocate")
    assert api.nominate(actor=member, cycle=cycle, track=program.get_track("engineer"), nominee=nia)
    past = ContributorFactory(email="past@example.org")
    term(admin_user, past, years_ago=3)  # two-year term, ended a year ago
    assert api.nominate(actor=member, cycle=cycle, track=program.get_track("engineer"), nominee=past)


def test_the_api_refuses_a_current_member_with_a_400_on_nominee(cycle, member, nia, admin_user, client_for):
    term(admin_user, nia)
    before = written()
    response = client_for(member).post(
        URL, {"cycle": "spring", "track": "engineer", "nominee": nia.pk}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["nominee"]
    assert "/memberships/mine/" in response.json()["nominee"][0]
    assert written() == before


def test_the_page_refuses_a_current_member_on_the_field_where_they_were_chosen(
    cycle, member, nia, nia_user, admin_user, client
):
    term(admin_user, nia)
    client.force_login(member)
    response = client.post(
        "/nominations/new/",
        {"cycle": "spring", "track": "engineer", "who": "existing", "nominee": str(nia.pk)},
    )
    assert response.status_code == 400
    assert "renews the membership" in " ".join(response.context["form"].errors["nominee"])
    client.force_login(nia_user)
    response = client.post(
        "/nominations/new/", {"cycle": "spring", "track": "engineer", "who": "self", "list_publicly": "yes"}
    )
    assert response.status_code == 400
    assert "You are a Distinguished Engineer until" in " ".join(response.context["form"].errors["who"])
    assert not Nomination.objects.exists()


# --- The listing question -----------------------------------------------------------------------


def test_a_self_nominee_answers_the_listing_question(cycle, nia, nia_user):
    nomination = api.nominate(
        actor=nia_user, cycle=cycle, track=program.get_track("engineer"), nominee=nia, list_publicly=False
    )
    assert nomination.list_publicly is False
    event = AuditEvent.objects.get(verb="nomination.created")
    assert event.data == {"list_publicly": False}


@pytest.mark.parametrize("answer", [None, "yes", 1, "maybe"])
def test_a_self_nomination_without_a_yes_or_no_is_refused_on_the_field(cycle, nia, nia_user, answer):
    before = written()
    with pytest.raises(ValidationError) as caught:
        api.nominate(
            actor=nia_user,
            cycle=cycle,
            track=program.get_track("engineer"),
            nominee=nia,
            list_publicly=answer,
        )
    assert list(caught.value.message_dict) == ["list_publicly"]
    assert "If selected, list me in the public directory" in caught.value.message_dict["list_publicly"][0]
    assert written() == before


def test_a_nominator_cannot_answer_for_a_peer(cycle, member, nia):
    with pytest.raises(ValidationError) as caught:
        api.nominate(
            actor=member, cycle=cycle, track=program.get_track("engineer"), nominee=nia, list_publicly=True
        )
    assert "Only the nominee answers" in caught.value.message_dict["list_publicly"][0]
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "list_publicly"),
        ({"list_publicly": None}, "list_publicly"),
        ({"list_publicly": "maybe"}, "list_publicly"),
        ({"list_publicly": [True]}, "list_publicly"),
    ],
)
def test_the_api_self_nomination_needs_the_answer(cycle, nia, nia_user, client_for, body, field):
    before = written()
    response = client_for(nia_user).post(
        URL, {"cycle": "spring", "track": "engineer", "nominee": nia.pk, **body}, format="json"
    )
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert written() == before


def test_the_api_peer_nomination_with_an_answer_is_a_400(cycle, member, nia, client_for):
    response = client_for(member).post(
        URL,
        {"cycle": "spring", "track": "engineer", "nominee": nia.pk, "list_publicly": False},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["list_publicly"]
    assert not Nomination.objects.exists()


def peer(cycle, member, nia) -> Nomination:
    return api.nominate(actor=member, cycle=cycle, track=program.get_track("engineer"), nominee=nia)


def test_accepting_needs_the_answer_and_declining_does_not(cycle, member, nia, nia_user):
    nomination = peer(cycle, member, nia)
    before = written()
    for answer in (None, "no", 0):
        with pytest.raises(ValidationError) as caught:
            api.answer_consent(actor=nia_user, nomination=nomination, consent=True, list_publicly=answer)
        assert list(caught.value.message_dict) == ["list_publicly"]
        assert written() == before
    api.answer_consent(actor=nia_user, nomination=nomination, consent=True, list_publicly=True)
    nomination.refresh_from_db()
    assert (nomination.nominee_consent, nomination.list_publicly) == (True, True)
    event = AuditEvent.objects.get(verb="nomination.consent_given")
    assert event.data == {"list_publicly": True}
    other = api.nominate(actor=member, cycle=cycle, track=program.get_track("advocate"), nominee=nia)
    token = api.invitation_token(other, "consent", nia.email)
    api.answer_consent(actor=AnonymousUser(), nomination=other, consent=False, token=token)
    other.refresh_from_db()
    assert (other.state, other.list_publicly) == ("withdrawn", None)


def test_the_api_consent_without_the_answer_is_a_400_and_changes_nothing(
    cycle, member, nia, nia_user, client_for
):
    nomination = peer(cycle, member, nia)
    before = written()
    for body in ({"consent": True}, {"consent": True, "list_publicly": "perhaps"}):
        response = client_for(nia_user).post(f"{URL}{nomination.pk}/consent/", body, format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["list_publicly"]
        assert written() == before
    response = client_for(nia_user).post(
        f"{URL}{nomination.pk}/consent/", {"consent": True, "list_publicly": False}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["list_publicly"] is False


def test_only_the_nominee_and_admins_read_the_answer(cycle, member, nia, nia_user, admin_user, client_for):
    nomination = peer(cycle, member, nia)
    api.answer_consent(actor=nia_user, nomination=nomination, consent=True, list_publicly=True)
    read = lambda user: client_for(user).get(f"{URL}{nomination.pk}/").json()["list_publicly"]  # noqa: E731
    assert read(nia_user) is True and read(admin_user) is True
    assert read(member) is None


def test_the_consent_page_asks_the_question_and_refuses_an_acceptance_without_it(
    cycle, member, nia, nia_user, client
):
    nomination = peer(cycle, member, nia)
    client.force_login(nia_user)
    url = f"/nominations/{nomination.pk}/consent/"
    html = client.get(url).content.decode()
    assert "If selected, list me in the public directory" in html
    before = written()
    for data in ({"answer": "accept"}, {"answer": "accept", "list_publicly": "maybe"}):
        response = client.post(url, data)
        assert response.status_code == 400
        assert response.context["form"].errors["list_publicly"]
        assert "list_publicly:" not in response.content.decode()
        assert written() == before
    assert client.post(url, {"answer": "accept", "list_publicly": "yes"}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.list_publicly is True
    # The nominee's page recalls the answer and where to change it; the nominator's does not show it.
    html = client.get(f"/nominations/{nomination.pk}/").content.decode()
    assert "If selected, listed in the public directory: yes" in html and "/people/me/" in html
    client.force_login(member)
    assert 'data-testid="listing-answer"' not in client.get(f"/nominations/{nomination.pk}/").content.decode()


def test_the_nominate_page_asks_a_self_nominee(cycle, nia, nia_user, client):
    client.force_login(nia_user)
    response = client.post("/nominations/new/", {"cycle": "spring", "track": "engineer", "who": "self"})
    assert response.status_code == 400
    assert response.context["form"].errors["list_publicly"]
    assert not Nomination.objects.exists()
    response = client.post(
        "/nominations/new/", {"cycle": "spring", "track": "engineer", "who": "self", "list_publicly": "no"}
    )
    assert response.status_code == 302
    assert Nomination.objects.get().list_publicly is False


def test_the_nominate_page_ignores_the_answer_for_a_peer(cycle, member, nia, client):
    client.force_login(member)
    response = client.post(
        "/nominations/new/",
        {
            "cycle": "spring",
            "track": "engineer",
            "who": "existing",
            "nominee": str(nia.pk),
            "list_publicly": "yes",
        },
    )
    assert response.status_code == 302
    assert Nomination.objects.get().list_publicly is None
