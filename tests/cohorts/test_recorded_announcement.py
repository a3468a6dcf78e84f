"""The announcement of an earlier cohort, selected before this system: published from the terms an
admin recorded for its cycle, dated the cycle's announcement day, once; nothing created, nobody
e-mailed; refused for a cycle decided here, before its day, or with no recorded term."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max

from distinguished.audit.models import AuditEvent
from distinguished.cohorts import api
from distinguished.cohorts.models import Announcement, Award
from distinguished.membership import api as membership
from distinguished.membership.models import Membership
from distinguished.program import api as program

from ..factories import ContributorFactory
from .conftest import at

pytestmark = pytest.mark.django_db

AFTER = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)  # the first cohort is installed afterwards
FIRST_DAY = dt.date(2025, 7, 1)
RENEWAL_TIME = dt.datetime(2027, 6, 1, 12, 0, tzinfo=dt.UTC)  # the terms' renewals are recorded then
URL = "/api/v1/cycles/2025/announce-recorded/"


def trail() -> int:
    return AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0


def record(admin, name, track="engineer", *, start=FIRST_DAY, listed=True, previous=None):
    contributor = previous.contributor if previous else ContributorFactory(name=name, listed_publicly=listed)
    return membership.record_term(
        actor=admin,
        contributor=contributor,
        track=previous.track if previous else program.get_track(track),
        start=start,
        cycle=program.get_cycle("2025"),
        previous=previous,
    )


@pytest.fixture
def later():
    with at(AFTER) as traveller:
        yield traveller


@pytest.fixture
def recorded(later, admin_user):
    """Three members of the 2025 cohort recorded by hand, one of them unlisted."""
    return {
        "ana": record(admin_user, "Ana Lima"),
        "bo": record(admin_user, "Bo Chen", "advocate"),
        "hidden": record(admin_user, "Hidden Person", "innovator", listed=False),
    }


def publish(admin):
    return api.announce_recorded_cohort(actor=admin, cycle=program.get_cycle("2025"))


def test_publishing_names_the_recorded_cohort_by_track_on_its_own_day(recorded, admin_user, client):
    before_terms, before_mail = Membership.objects.count(), len(mail.outbox)
    announced = publish(admin_user)
    assert (announced.date, announced.recorded) == (FIRST_DAY, True)
    assert {term.pk for term in api.memberships_of(announced)} == {t.pk for t in recorded.values()}
    assert not Award.objects.exists()  # an award is a nomination's; a recorded term has none
    # Nothing else: no membership, no e-mail.
    assert Membership.objects.count() == before_terms and len(mail.outbox) == before_mail
    text = api.announcement_text(announced)
    assert "recognized at the Open edX Conference, Paris, 1 July 2025" in text.markdown
    assert "Ana Lima" in text.markdown and "Bo Chen" in text.markdown
    assert "Hidden Person" not in text.markdown and text.total == 3
    page = client.get("/cycles/2025/announcement/")
    assert page.status_code == 200 and "Ana Lima" in page.content.decode()
    feed = client.get("/announcements.atom").content.decode()
    assert "2025 cohort: 3 new Distinguished Contributors" in feed


def test_publishing_is_audited_once_and_never_twice(recorded, admin_user):
    mark = trail()
    publish(admin_user)
    event = AuditEvent.objects.get(id__gt=mark)
    assert event.verb == "cycle.announced_recorded"
    assert sorted(event.data["memberships"]) == sorted(t.pk for t in recorded.values())
    with pytest.raises(api.AlreadyDone, match="announced on 1 July 2025"):
        publish(admin_user)
    assert Announcement.objects.count() == 1
    assert len(api.memberships_of(api.announcement_of(program.get_cycle("2025")))) == 3
    assert AuditEvent.objects.filter(id__gt=mark).count() == 1


def test_a_term_recorded_afterwards_joins_the_announcement_and_a_renewal_does_not(recorded, admin_user):
    publish(admin_user)
    late = record(admin_user, "Late Entry", "partner")
    with at(RENEWAL_TIME):
        renewal = record(admin_user, "", start=dt.date(2027, 7, 1), previous=recorded["ana"])
    named = {term.pk for term in api.memberships_of(api.announcement_of(program.get_cycle("2025")))}
    assert late.pk in named and renewal.pk not in named
    assert "Late Entry" in api.announcement_text(api.announcement_of(program.get_cycle("2025"))).markdown


def test_a_renewal_term_is_not_part_of_the_cohort(recorded, admin_user):
    with at(RENEWAL_TIME):
        record(admin_user, "", start=dt.date(2027, 7, 1), previous=recorded["bo"])
    assert len(api.memberships_of(publish(admin_user))) == 3


def test_only_admins_publish(recorded, member, approver, chair):
    for who in (member, approver, chair):
        with pytest.raises(PermissionDenied):
            publish(who)
    assert not Announcement.objects.exists()


def test_without_a_recorded_term_it_is_refused_and_says_so(later, admin_user):
    mark = trail()
    with pytest.raises(ValidationError) as refused:
        publish(admin_user)
    assert refused.value.message_dict == {
        "memberships": [
            "No term is recorded for 2025 cohort; record the cohort's terms with this cycle first."
        ]
    }
    assert not Announcement.objects.exists() and trail() == mark


def test_before_the_announcement_day_it_is_refused(admin_user):
    with at(dt.datetime(2025, 6, 20, 12, 0, tzinfo=dt.UTC)), pytest.raises(ValidationError) as refused:
        publish(admin_user)
    assert refused.value.message_dict["cycle"] == [
        "2025 cohort is announced on 1 July 2025; an earlier cohort's announcement is published after its day."
    ]
    assert not Announcement.objects.exists()


def test_a_cycle_decided_here_is_announced_after_sign_off_instead(recorded, admin_user):
    from .conftest import decided

    decided(program.get_cycle("2025"), "Cy Diallo", "selected")
    with pytest.raises(ValidationError) as refused:
        publish(admin_user)
    assert "announced after the approver signs the list off" in refused.value.message_dict["cycle"][0]
    assert not Announcement.objects.exists()


# --- REST -----------------------------------------------------------------------------------------


def test_rest_publishes_and_answers_the_cohort(recorded, admin_user, client_for):
    response = client_for(admin_user).post(URL, format="json")
    assert response.status_code == 201, response.content
    body = response.json()["memberships"]
    assert [(m["contributor"]["name"], m["track"], m["nomination"], m["start"]) for m in body] == [
        ("Ana Lima", "engineer", None, "2025-07-01"),
        ("Bo Chen", "advocate", None, "2025-07-01"),
        ("Hidden Person", "innovator", None, "2025-07-01"),
    ]
    again = client_for(admin_user).post(URL, format="json")
    assert again.status_code == 409 and "announced on 1 July 2025" in again.json()["detail"]
    text = client_for(None).get("/api/v1/cycles/2025/announcement/")
    assert text.status_code == 200 and text.json()["date"] == "2025-07-01"


def test_rest_refusals_change_nothing(later, admin_user, member, client_for):
    assert client_for(None).post(URL, format="json").status_code == 401
    assert client_for(member).post(URL, format="json").status_code == 403
    assert client_for(admin_user).post("/api/v1/cycles/nope/announce-recorded/").status_code == 404
    empty = client_for(admin_user).post(URL, format="json")
    assert empty.status_code == 400 and list(empty.json()) == ["memberships"]
    assert not Announcement.objects.exists()


# --- The page ---------------------------------------------------------------------------------------


def test_the_approval_page_offers_it_to_admins_with_the_recorded_terms(recorded, admin_user, client):
    client.force_login(admin_user)
    page = client.get("/cycles/2025/approval/")
    html = page.content.decode()
    assert "Recorded for this cycle: 3 terms" in html and 'value="announce_recorded"' in html
    done = client.post("/cycles/2025/approval/", {"decision": "announce_recorded"})
    assert done.status_code == 302
    after = client.get(done["Location"]).content.decode()
    assert "An earlier cohort, recognized on 1 July 2025" in after
    assert 'value="announce_recorded"' not in after
    assert Announcement.objects.get().recorded


def test_the_page_refusal_is_a_message_and_a_400(later, admin_user, client):
    client.force_login(admin_user)
    page = client.get("/cycles/2025/approval/")
    assert "No term is recorded for this cycle yet." in page.content.decode()
    refused = client.post("/cycles/2025/approval/", {"decision": "announce_recorded"})
    assert refused.status_code == 400
    assert "No term is recorded for 2025 cohort" in refused.content.decode()
    assert not Announcement.objects.exists()


def test_the_approver_is_not_offered_it(recorded, approver, client):
    client.force_login(approver)
    assert 'value="announce_recorded"' not in client.get("/cycles/2025/approval/").content.decode()


def test_the_cycle_page_leads_staff_to_the_final_list(later, admin_user, approver, member, client):
    link = 'href="/cycles/2025/approval/"'
    for who, sees in ((admin_user, True), (approver, True), (member, False), (None, False)):
        client.logout()
        if who is not None:
            client.force_login(who)
        assert (link in client.get("/cycles/2025/").content.decode()) is sees


def test_a_cycle_with_nominations_still_in_review_is_refused_too(recorded, admin_user):
    """Published by mistake, it would block the real announcement after sign-off for good."""
    from .conftest import decided

    decided(program.get_cycle("2025"), "Ed Park", "in_review")
    with pytest.raises(ValidationError) as refused:
        publish(admin_user)
    assert "announced after the approver signs the list off" in refused.value.message_dict["cycle"][0]
    assert not Announcement.objects.exists()


def test_the_approver_cannot_sign_off_a_cycle_already_announced(recorded, admin_user, approver):
    publish(admin_user)
    with pytest.raises(api.AlreadyDone, match="announced on 1 July 2025"):
        api.sign_off_cycle(actor=approver, cycle=program.get_cycle("2025"))


def test_terms_of_different_days_get_no_shared_term_sentence(later, admin_user):
    record(admin_user, "Ana Lima")
    record(admin_user, "Bo Chen", start=dt.date(2025, 9, 1))
    text = api.announcement_text(publish(admin_user)).markdown
    assert "Their membership runs" not in text
    assert "Ana Lima" in text and "Bo Chen" in text


def test_the_offer_to_publish_is_not_on_a_cycle_before_its_announcement_day(admin_user, client):
    with at(dt.datetime(2025, 6, 20, 12, 0, tzinfo=dt.UTC)):
        client.force_login(admin_user)
        assert "An earlier cohort?" not in client.get("/cycles/2025/approval/").content.decode()


def test_an_announcement_read_another_way_still_names_its_terms(recorded, admin_user):
    publish(admin_user)
    late = record(admin_user, "Late Entry", "partner")
    announced = Announcement.objects.get()  # not through the readers: no terms loaded
    assert late.pk in {term.pk for term in api.memberships_of(announced)}
    assert "Late Entry" in api.announcement_text(Announcement.objects.get()).markdown
