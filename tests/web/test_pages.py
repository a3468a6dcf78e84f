"""The pages: who sees what, forms that refuse bad input with field messages and store nothing,
and query counts that do not grow with the data."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from distinguished.audit.models import AuditEvent
from distinguished.people.models import Contributor, User
from distinguished.program.models import Cycle

from ..conftest import PASSWORD
from ..factories import (
    AnnouncementFactory,
    ContributorFactory,
    CycleFactory,
    OrganizationFactory,
    UserFactory,
)

PUBLIC_PAGES = ["/", "/program/", "/cycles/", "/cycles/2025/", "/accounts/sign-in/", "/api/docs/"]
ADMIN_PAGES = [
    "/cycles/new/",
    "/cycles/2025/edit/",
    "/people/",
    "/people/new/",
    "/people/accounts/",
    "/people/accounts/new/",
    "/audit/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_open_to_anyone_with_a_title_and_main_landmark(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>" in html
    if url != "/api/docs/":
        assert '<main id="main"' in html
        assert 'aria-label="Main"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_send_anonymous_to_sign_in_and_refuse_members(client, member, panelist, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
    for user in (member, panelist):
        client.force_login(user)
        assert client.get(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_open_to_admins(client, admin_user, url):
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_unknown_cycle_is_a_404_page(client):
    response = client.get("/cycles/no-such-cycle/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.django_db
def test_sign_in_and_out(client):
    UserFactory(username="sam")
    response = client.post(reverse("web:sign-in"), {"username": "sam", "password": "wrong"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    response = client.post(reverse("web:sign-in"), {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "sam"
    assert client.get(reverse("web:sign-out")).status_code == 405
    client.post(reverse("web:sign-out"))
    assert not client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_home_shows_each_cycle_under_way_with_its_phase_and_dates(client):
    cycle = CycleFactory(name="Spring cohort", announcement_event="Open edX Conference, Valencia")
    html = client.get("/").content.decode()
    assert "Cycles under way" in html and "Spring cohort" in html
    assert f'data-testid="phase-{cycle.slug}">Nominations open<' in html
    assert f"{cycle.nominations_close:%-d %B %Y}" in html
    assert "Open edX Conference, Valencia" in html
    assert f'href="/nominations/new/?cycle={cycle.slug}"' in html
    # The shipped 2025 cycle has closed: it is not under way.
    assert "2025 cohort" not in html


@pytest.mark.django_db
def test_navigation_follows_the_role(client, member, admin_user):
    client.force_login(member)
    html = client.get("/").content.decode()
    assert "My profile" in html and "Audit trail" not in html
    client.force_login(admin_user)
    html = client.get("/").content.decode()
    assert "Audit trail" in html and "People" in html


@pytest.mark.django_db
def test_program_page_explains_tracks_key_results_panel_and_terms(client):
    html = client.get("/program/").content.decode()
    for text in [
        "Distinguished Engineer",
        "Distinguished Advocate",
        "Distinguished Innovator",
        "Distinguished Partner",
        "Major pull requests to core repositories",
        "Technical Oversight Committee",
        "1–2",
        "Business Development Working Group",
        "2 years",
        "Lifetime status can be granted after a sustained 4-year contribution milestone.",
        "Larger partners",
    ]:
        assert text in html, text


@pytest.mark.django_db
def test_program_page_query_count_does_not_grow_with_cycles(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12) as few:
        client.get("/program/")
    for _ in range(5):
        CycleFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/program/")


@pytest.mark.django_db
def test_cycle_form_shows_field_errors_and_stores_nothing(client, admin_user):
    client.force_login(admin_user)
    before = Cycle.objects.count(), AuditEvent.objects.count()
    response = client.post(
        "/cycles/new/",
        {
            "slug": "2025",
            "name": "Again",
            "nominations_open": "2026-03-01",
            "nominations_close": "2026-02-01",
            "screening_due": "2026-04-30",
            "review_due": "2026-05-20",
            "deliberation_due": "2026-06-05",
            "approval_due": "2026-06-15",
            "announcement_date": "2026-07-01",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["slug"] == ["A cycle “2025” already exists."]
    assert "must come after nominations open" in errors["nominations_close"][0]
    assert 'aria-invalid="true"' in response.content.decode()
    assert (Cycle.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.django_db
def test_targets_form_saves_through_htmx_and_reports_errors_in_place(client, admin_user):
    cycle = CycleFactory()
    client.force_login(admin_user)
    url = reverse("program:cycle-targets", args=[cycle.slug])
    every = {f"{t.key_result.track.code}.{t.key_result.code}": str(t.target) for t in cycle.targets.all()}
    response = client.post(url, {**every, "engineer.major_prs": "-2"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "A target cannot be negative." in response.content.decode()
    assert "<html" not in response.content.decode()
    assert cycle.targets.get(key_result__code="major_prs").target == 6
    response = client.post(url, {**every, "engineer.major_prs": "7"}, HTTP_HX_REQUEST="true")
    assert "Targets saved." in response.content.decode()
    assert cycle.targets.get(key_result__code="major_prs").target == 7


@pytest.mark.django_db
def test_phase_form_needs_a_reason(client, admin_user):
    cycle = CycleFactory()
    client.force_login(admin_user)
    response = client.post(
        reverse("program:cycle-phase", args=[cycle.slug]), {"phase": "review", "reason": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post(
        reverse("program:cycle-phase", args=[cycle.slug]), {"phase": "review", "reason": "Early start."}
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.phase_override == "review"


@pytest.mark.django_db
def test_admin_creates_an_account_with_roles_from_the_page(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/people/accounts/new/",
        {
            "username": "newbie",
            "email": "newbie@example.org",
            "password": "a-long-passphrase",
            "roles": ["panelist"],
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="newbie").roles.get().role == "panelist"
    response = client.post(
        "/people/accounts/new/",
        {"username": "NEWBIE", "email": "x@example.org", "password": "a-long-passphrase"},
    )
    assert response.context["form"].errors["username"] == ["The username “NEWBIE” is taken; choose another."]


@pytest.mark.django_db
def test_admin_changes_roles_from_the_accounts_page(client, admin_user):
    user = UserFactory(roles=["panelist"])
    client.force_login(admin_user)
    client.post(reverse("people:user-roles", args=[user.pk]), {"roles": ["chair", "panelist"]})
    assert set(user.roles.values_list("role", flat=True)) == {"chair", "panelist"}


@pytest.mark.django_db
def test_accounts_page_query_count_is_flat(client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    UserFactory(roles=["panelist"])
    with django_assert_max_num_queries(12) as few:
        client.get("/people/accounts/")
    for _ in range(10):
        UserFactory(roles=["panelist", "chair"], contributor=ContributorFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/people/accounts/")


@pytest.mark.django_db
def test_people_page_query_count_is_flat(client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    org = OrganizationFactory()
    with django_assert_max_num_queries(12) as few:
        client.get("/people/")
    for _ in range(10):
        ContributorFactory(organization=org)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/people/")


@pytest.mark.django_db
def test_member_creates_then_edits_their_own_profile(client):
    user = UserFactory(username="newcomer")
    client.force_login(user)
    response = client.get("/people/me/")
    assert b"Create your contributor profile" in response.content
    response = client.post(
        "/people/me/",
        {"name": "New Comer", "email": "newcomer@example.org", "github": "newcomer", "country": "FR"},
    )
    assert response.status_code == 302
    profile = Contributor.objects.get(github="newcomer")
    assert profile.kind == "person"
    user.refresh_from_db()
    assert user.contributor == profile
    response = client.get("/people/me/", follow=True)
    assert b"Edit New Comer" in response.content


@pytest.mark.django_db
def test_member_cannot_edit_someone_else(client, member):
    other = ContributorFactory()
    client.force_login(member)
    assert client.get(reverse("people:contributor-edit", args=[other.pk])).status_code == 403


@pytest.mark.django_db
def test_admin_edits_a_cycle_from_the_page(client, admin_user):
    cycle = CycleFactory()
    client.force_login(admin_user)
    url = reverse("program:cycle-edit", args=[cycle.slug])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else str(v)) for k, v in data.items()}
    response = client.post(url, {**data, "name": "Renamed cohort", "slug": "ignored"})
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.name, cycle.slug) == ("Renamed cohort", cycle.slug)
    response = client.post(url, {**data, "approval_due": data["nominations_open"]})
    assert "must come after deliberation ends" in response.context["form"].errors["approval_due"][0]


@pytest.mark.django_db
def test_admin_adds_an_organization_and_sees_field_errors(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/people/new/", {"kind": "organization", "name": "Acme Learning"})
    assert "larger or a smaller partner" in response.context["form"].errors["size_tier"][0]
    assert not Contributor.objects.filter(name="Acme Learning").exists()
    response = client.post(
        "/people/new/",
        {"kind": "organization", "name": "Acme Learning", "size_tier": "larger", "employees": "300"},
    )
    assert response.status_code == 302
    assert Contributor.objects.get(name="Acme Learning").employees == 300


@pytest.mark.django_db
def test_navigation_marks_only_the_most_specific_item_current(client, admin_user):
    client.force_login(admin_user)
    items = client.get("/contributions/imports/").context["nav_items"]
    assert [item["label"] for item in items if item["current"]] == ["Imports"]


@pytest.mark.django_db
def test_home_links_the_announced_cohorts_the_directory_and_the_feed(client, admin_user):
    from django.utils import timezone

    html = client.get("/").content.decode()
    assert "No cohort has been announced here yet." in html
    cycle = CycleFactory(name="Valencia cohort")
    AnnouncementFactory(
        cycle=cycle, announced_by=admin_user, announced=timezone.now(), date=timezone.localdate()
    )
    html = client.get("/").content.decode()
    assert f'href="/cycles/{cycle.slug}/announcement/">Valencia cohort</a>' in html
    assert 'href="/directory/"' in html and 'href="/announcements.atom"' in html


@pytest.mark.django_db
def test_navigation_gives_each_role_its_part_of_each_cycle(client, panelist, approver, member, admin_user):
    from distinguished.program import api as program
    from distinguished.review import api as review

    cycle = CycleFactory(name="Open cohort")
    deciding = CycleFactory(name="Deciding cohort", nominations_open=dt.date.today() - dt.timedelta(days=80))
    program.override_phase(actor=admin_user, cycle=deciding, phase="approval", reason="Test")
    review.seat_panelist(actor=admin_user, cycle=cycle, user=panelist, group="core_contributors")

    def nav():
        html = client.get("/").content.decode()
        return set(re.findall(r"<(?:a|summary)[^>]*>([^<]+)</(?:a|summary)>", html.split("</nav>")[0]))

    assert {"Directory", "Verify a badge"} <= nav() and not {"Deliberation", "My memberships"} & nav()
    client.force_login(member)
    assert "My memberships" in nav() and not {"Deliberation", "Final list", "Open cohort"} & nav()
    client.force_login(panelist)  # seated in one cycle only
    assert {"Open cohort", "Panel", "Deliberation"} <= nav() and not {"Final list", "Renewals"} & nav()
    assert "Deciding cohort" not in nav()
    client.force_login(approver)  # the final list of the cycle in approval
    assert {"Deciding cohort", "Final list"} <= nav() and not {"Deliberation", "Open cohort"} & nav()


def test_favicon_ico_leads_to_the_shipped_icon_and_nothing_loads_from_outside(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("distinguished/img/favicon.svg")
    docs = client.get("/api/docs/").content.decode()
    assert "googleapis" not in docs and "cdn." not in docs
    assert client.get("/api/redoc/").status_code == 404


@pytest.mark.parametrize("url", ["/people/new/", "/people/accounts/new/", "/cycles/new/"])
def test_an_admin_form_refused_answers_400_and_shows_the_form(client, admin_user, url):
    client.force_login(admin_user)
    response = client.post(url, {})
    assert response.status_code == 400
    assert response.context["form"].errors


def test_a_refused_sign_up_answers_400(client):
    response = client.post("/accounts/sign-up/", {"username": "", "email": "not an address"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"username", "email"}
