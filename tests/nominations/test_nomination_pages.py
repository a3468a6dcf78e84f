"""The nomination pages through the Django test client: what each role sees, the screening queue,
My nominations, Markdown rendered safely, and bad input through the page forms giving field
messages while changing nothing."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.nominations import api
from distinguished.nominations.models import Endorsement, EndorsementRequest, Evidence, Nomination
from distinguished.people.models import Contributor
from distinguished.program import api as program
from distinguished.web.templatetags.markdown import markdown

from ..factories import (
    ContributorFactory,
    CycleFactory,
    EndorsementRequestFactory,
    OrganizationFactory,
    UserFactory,
    endorse_as_invited,
)

STATEMENT = "Nia **rebuilt** the outline.\n\n<script>alert('x')</script> <img src=x onerror=alert(1)>"
EVIDENCE = {
    "kind": "pull_request",
    "date": "2025-01-10",
    "title": "Course outline MFE",
    "url": "https://github.com/openedx/frontend-app-course-authoring/pull/1",
}
VISIBLE = "Nia reviewed every pull request I sent."
HIDDEN = "Only for the panel: Nia carried the release."


# --- a nomination seen by everyone ---------------------------------------------------------


class World:
    """A submitted peer nomination with evidence, one endorsement the nominee may read and one for
    the panel only, and every role around it."""

    def __init__(self):
        self.cycle = CycleFactory(name="2027 cohort")
        self.nominator = UserFactory(username="nora", contributor=ContributorFactory(name="Nora"))
        self.nominee = ContributorFactory(name="Nia Nominee", email="nia@example.org")
        self.nominee_user = UserFactory(username="nia", email="nia@example.org", contributor=self.nominee)
        self.endorser = UserFactory(username="erin", name="Erin Endorser", contributor=ContributorFactory())
        self.quiet = UserFactory(username="quinn", name="Quinn Quiet", contributor=ContributorFactory())
        self.stranger = UserFactory(username="sam", contributor=ContributorFactory())
        self.invitee = UserFactory(username="ivy", email="ivy@example.org", contributor=ContributorFactory())
        self.panelist = UserFactory(username="pat", roles=["panelist"])
        self.chair = UserFactory(username="cora", roles=["chair", "panelist"])
        self.admin = UserFactory(username="ada", roles=["admin"])
        nomination = api.nominate(
            actor=self.nominator,
            cycle=self.cycle,
            track=program.get_track("engineer"),
            nominee=self.nominee,
            statement=STATEMENT,
            evidence=[EVIDENCE],
        )
        api.answer_consent(actor=self.nominee_user, nomination=nomination, consent=True, list_publicly=True)
        endorse_as_invited(
            actor=self.endorser, nomination=nomination, relationship="Reviewer", statement=VISIBLE
        )
        endorse_as_invited(
            actor=self.quiet,
            nomination=nomination,
            relationship="Release manager",
            statement=HIDDEN,
            visible_to_nominee=False,
        )
        api.submit_nomination(actor=self.nominator, nomination=api.get_nomination(nomination.pk))
        self.nomination = api.get_nomination(nomination.pk)
        self.url = reverse("nominations:nomination", args=[nomination.pk])

    def invitation(self, email="ivy@example.org"):
        """The link e-mailed to `email`, whom the nominator asked to endorse."""
        if not EndorsementRequest.objects.filter(nomination=self.nomination, email=email).exists():
            EndorsementRequestFactory(nomination=self.nomination, email=email)
        return f"{self.url}?token={api.invitation_token(self.nomination, 'endorse', email)}"


@pytest.fixture
def world(db):
    return World()


def page(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def html_of(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_nomination_page_sends_anonymous_to_sign_in(client, world):
    response = client.get(world.url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('web:sign-in')}?next={world.url}"


@pytest.mark.django_db
def test_nomination_page_is_404_for_an_unrelated_member(client, world):
    assert page(client, world.stranger, world.url).status_code == 404
    assert page(client, world.invitee, world.url).status_code == 404


@pytest.mark.django_db
def test_nomination_page_unknown_id_is_404(client, world):
    assert page(client, world.admin, reverse("nominations:nomination", args=[999_999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["nominator", "nominee_user"])
def test_nomination_page_for_nominator_and_nominee_hides_panel_only_endorsements(client, world, who):
    response = page(client, getattr(world, who), world.url)
    assert response.status_code == 200
    html = html_of(response)
    assert "Where this nomination stands" in html
    assert "<strong>rebuilt</strong>" in html
    assert EVIDENCE["url"] in html and EVIDENCE["title"] in html
    assert "Erin Endorser" in html and "Quinn Quiet" in html
    assert VISIBLE in html
    assert HIDDEN not in html
    assert "The endorser shared this statement with the panel only." in html
    assert "Passed:" not in html and "Failed:" not in html
    assert "nomination.submitted" in html  # they follow the history
    assert 'aria-label="Screening decision"' not in html
    assert response.context["can_endorse"] is False
    assert response.context["can_withdraw"] is True
    assert "Withdraw nomination" in html


@pytest.mark.django_db
def test_nomination_page_for_an_endorser_shows_the_count_not_the_statements(client, world):
    response = page(client, world.endorser, world.url)
    assert response.status_code == 200
    html = html_of(response)
    assert "<strong>rebuilt</strong>" in html and EVIDENCE["title"] in html
    assert "2 endorsements so far." in html
    assert "You endorsed this nomination on" in html
    assert VISIBLE not in html and HIDDEN not in html
    assert "Quinn Quiet" not in html
    assert "Where this nomination stands" not in html
    assert "Withdraw nomination" not in html
    assert response.context["can_endorse"] is False


@pytest.mark.django_db
def test_nomination_page_for_a_member_who_followed_the_invitation(client, world):
    client.force_login(world.invitee)
    response = client.get(world.invitation())
    assert response.status_code == 200
    html = html_of(response)
    assert "<strong>rebuilt</strong>" in html and EVIDENCE["title"] in html
    assert "Endorse Nia Nominee" in html
    assert response.context["can_endorse"] is True
    assert VISIBLE not in html and HIDDEN not in html
    assert "Erin Endorser" not in html
    assert "Where this nomination stands" not in html
    assert "Passed:" not in html
    # The invitation is remembered for this browser: the page and the endorse form keep working.
    assert client.get(world.url).status_code == 200
    response = client.post(
        reverse("nominations:endorse", args=[world.nomination.pk]),
        {"relationship": "Co-maintainer", "statement": "Yes, with pleasure.", "visible_to_nominee": "on"},
    )
    assert response.status_code == 302
    assert Endorsement.objects.filter(nomination=world.nomination, endorser=world.invitee).exists()
    html = html_of(client.get(world.url))
    assert "You endorsed this nomination on" in html
    assert "3 endorsements so far." in html


@pytest.mark.django_db
def test_nomination_page_for_an_anonymous_visitor_with_an_invitation_offers_sign_in(client, world):
    response = client.get(world.invitation())
    assert response.status_code == 200
    html = html_of(response)
    assert "<strong>rebuilt</strong>" in html
    assert "Sign in to endorse" in html
    assert 'action="' + reverse("nominations:endorse", args=[world.nomination.pk]) not in html
    assert VISIBLE not in html and HIDDEN not in html


@pytest.mark.django_db
def test_nomination_page_refuses_tokens_for_another_purpose_or_nomination(client, world):
    other = api.nominate(
        actor=world.nominator,
        cycle=world.cycle,
        track=program.get_track("engineer"),
        nominee=ContributorFactory(email="other@example.org"),
    )
    bad = [
        api.invitation_token(world.nomination, "consent", "nia@example.org"),
        api.invitation_token(other, "endorse", "ivy@example.org"),
        "garbage",
    ]
    for token in bad:
        assert page(client, world.invitee, f"{world.url}?token={token}").status_code == 404
        assert page(client, None, f"{world.url}?token={token}").status_code == 302
    response = client.post(
        reverse("nominations:endorse", args=[world.nomination.pk]),
        {"relationship": "Friend", "statement": "Yes."},
    )
    assert response.status_code == 302  # anonymous: to sign in
    client.force_login(world.invitee)
    response = client.post(
        reverse("nominations:endorse", args=[world.nomination.pk]),
        {"relationship": "Friend", "statement": "Yes."},
    )
    assert response.status_code == 404
    assert Endorsement.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["chair", "admin"])
def test_nomination_page_for_the_panel_shows_every_endorsement_statement(client, world, who):
    response = page(client, getattr(world, who), world.url)
    assert response.status_code == 200
    html = html_of(response)
    assert "<strong>rebuilt</strong>" in html and EVIDENCE["title"] in html
    assert VISIBLE in html and HIDDEN in html
    assert "The endorser shared this statement with the panel only." not in html
    assert "Withdraw nomination" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["chair", "admin"])
def test_nomination_page_for_screeners_shows_eligibility_checks_and_history(client, world, who):
    response = page(client, getattr(world, who), world.url)
    html = html_of(response)
    for label in api.RULES.values():
        assert re.search(rf"(Passed|Failed): {re.escape(label)}\.", html), label
    assert "Evidence and recorded contributions span" in html
    assert "nomination.created" in html and "nomination.submitted" in html and "nomination.endorsed" in html
    assert 'aria-label="Screening decision"' in html


@pytest.mark.django_db
def test_nomination_page_for_a_panelist_has_no_screening_form(client, world):
    # A panelist reads the nominations assigned to them or in deliberation, not this one.
    response = page(client, world.panelist, world.url)
    assert response.status_code == 404
    assert 'aria-label="Screening decision"' not in html_of(response)


@pytest.mark.django_db
def test_nomination_page_of_a_withdrawn_nomination_still_opens_for_its_parties(client, world):
    api.withdraw(actor=world.nominator, nomination=world.nomination, reason="Next year")
    for user in (world.nominator, world.nominee_user, world.endorser, world.chair):
        response = page(client, user, world.url)
        assert response.status_code == 200
        assert "Withdrawn" in html_of(response)
        assert response.context["can_withdraw"] is False
        assert response.context["can_endorse"] is False
    assert page(client, world.stranger, world.url).status_code == 404


# --- Markdown rendered safely ----------------------------------------------------------------


TAG_WITH_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.django_db
def test_nomination_page_renders_html_in_the_statement_as_text(client, world):
    html = html_of(page(client, world.nominator, world.url))
    statement = html.split('id="statement-title"')[1].split("</section>")[0]
    assert "<script" not in statement
    assert "<img" not in statement
    assert not TAG_WITH_HANDLER.search(statement)
    assert "&lt;script&gt;" in statement and "onerror=alert(1)&gt;" in statement
    assert world.nomination.statement == STATEMENT


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="https://x" onclick="alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "![x](javascript:alert(1))",
        '<svg onload="alert(1)">',
        "<iframe src=https://evil.example></iframe>",
        '[x](https://example.org "t" onmouseover="alert(1)")',
    ],
)
def test_markdown_filter_never_outputs_scripts_or_event_handlers(text):
    html = str(markdown(text))
    assert "<script" not in html.lower()
    assert "<img" not in html.lower() and "<svg" not in html.lower() and "<iframe" not in html.lower()
    assert not TAG_WITH_HANDLER.search(html)
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', html)).lower()


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("[site](https://openedx.org)", "https://openedx.org"),
        ("[site](http://openedx.org)", "http://openedx.org"),
        ("[mail](mailto:nia@example.org)", "mailto:nia@example.org"),
    ],
)
def test_markdown_filter_keeps_http_https_and_mailto_links(text, href):
    html = str(markdown(text))
    assert f'href="{href}"' in html
    assert 'rel="nofollow noopener"' in html


@pytest.mark.parametrize(
    "text",
    [
        "[f](ftp://files.example.org/x)",
        "[d](data:text/html,hi)",
        "[v](vbscript:msgbox)",
        "[f](file:///etc/passwd)",
    ],
)
def test_markdown_filter_drops_other_link_schemes(text):
    html = str(markdown(text))
    assert not re.search(r'href="(?!https?:|mailto:)', html), html


def test_markdown_filter_turns_page_headings_into_level_three():
    html = str(markdown("# One\n\n## Two"))
    assert "<h1>" not in html and "<h2>" not in html
    assert html.count("<h3>") == 2


# --- the screening queue page ----------------------------------------------------------------


@pytest.mark.django_db
def test_screening_queue_page_only_for_chair_and_admin(client, world):
    url = reverse("nominations:screening", args=[world.cycle.slug])
    response = page(client, None, url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:sign-in"))
    for user in (world.nominator, world.nominee_user, world.endorser, world.panelist):
        assert page(client, user, url).status_code == 403
    for user in (world.chair, world.admin):
        response = page(client, user, url)
        assert response.status_code == 200
        assert "Nia Nominee" in html_of(response)
    assert page(client, world.chair, reverse("nominations:screening", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_screening_queue_page_filters_by_track_and_failed_check(client, world):
    org_nomination = api.nominate(
        actor=world.nominator,
        cycle=world.cycle,
        track=program.get_track("engineer"),
        nominee=OrganizationFactory(name="Acme Org", email="acme@example.org"),
        statement="An organization on the engineer track.",
        evidence=[EVIDENCE],
    )
    Nomination.objects.filter(pk=org_nomination.pk).update(
        state="submitted", submitted=timezone.now(), nominee_consent=True
    )
    url = reverse("nominations:screening", args=[world.cycle.slug])
    client.force_login(world.chair)

    def nominees(query):
        rows = client.get(url + query).context["rows"]
        return sorted(str(nomination.nominee) for nomination, _ in rows)

    assert nominees("") == ["Acme Org", "Nia Nominee"]
    assert nominees("?failed=subject") == ["Acme Org"]
    assert nominees("?track=engineer&failed=subject") == ["Acme Org"]
    assert nominees("?track=partner") == []
    assert nominees("?failed=endorsements") == ["Acme Org"]
    html = html_of(client.get(url + "?track=partner"))
    assert "No nomination to screen matches the filters." in html
    html = html_of(client.get(url + "?failed=subject"))
    assert "Distinguished Engineer recognizes individuals; the nominee is an organization." in html


# --- My nominations ------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_nominations_lists_made_of_me_and_endorsed(client, world):
    own = api.nominate(
        actor=world.endorser,
        cycle=world.cycle,
        track=program.get_track("advocate"),
        nominee=world.endorser.contributor,
        list_publicly=True,
    )

    def sections(user):
        context = page(client, user, reverse("nominations:mine")).context
        return {key: [n.pk for n in context[key]] for key in ("made", "of_me", "endorsed")}

    assert sections(world.nominator) == {"made": [world.nomination.pk], "of_me": [], "endorsed": []}
    assert sections(world.nominee_user) == {"made": [], "of_me": [world.nomination.pk], "endorsed": []}
    assert sections(world.endorser) == {
        "made": [own.pk],
        "of_me": [own.pk],
        "endorsed": [world.nomination.pk],
    }
    assert sections(world.stranger) == {"made": [], "of_me": [], "endorsed": []}
    html = html_of(page(client, world.stranger, reverse("nominations:mine")))
    assert "You have not nominated anyone yet." in html
    assert "Nia Nominee" not in html
    response = page(client, None, reverse("nominations:mine"))
    assert response.status_code == 302


# --- page forms: bad input gives field messages and changes nothing ---------------------------------


def errors_of(response, form="form") -> dict:
    return response.context[form].errors


def snapshot():
    return (
        Nomination.objects.count(),
        Contributor.objects.count(),
        Evidence.objects.count(),
        Endorsement.objects.count(),
        EndorsementRequest.objects.count(),
        AuditEvent.objects.count(),
        list(Nomination.objects.order_by("pk").values_list("state", "statement", "nominee_statement")),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"who": "new", "new_name": "", "new_email": ""}, "new_name", "Give the nominee's name."),
        ({"who": "new", "new_name": "Newt", "new_email": ""}, "new_email", "Give the nominee's e-mail"),
        (
            {"who": "new", "new_name": "Newt", "new_email": "not-mail"},
            "new_email",
            "Enter a valid email address.",
        ),
        ({"who": "existing", "nominee": ""}, "nominee", "Choose the nominee."),
        ({"who": "existing", "nominee": "999999"}, "nominee", "Select a valid choice."),
        ({"who": "self", "track": "astronaut"}, "track", "Select a valid choice."),
        ({"who": "self", "statement": "x" * 20_001}, "statement", "at most 20000 characters"),
        ({"who": "sideways"}, "who", "Select a valid choice."),
    ],
)
def test_nominate_page_bad_input_gives_field_messages(client, world, data, field, message):
    client.force_login(world.stranger)
    before = snapshot()
    response = client.post(
        reverse("nominations:new"), {"cycle": world.cycle.slug, "track": "engineer", **data}
    )
    assert response.status_code == 400
    assert any(message in error for error in errors_of(response)[field]), errors_of(response)
    assert snapshot() == before


@pytest.mark.django_db
def test_nominate_page_duplicate_points_at_the_existing_nomination(client, world):
    client.force_login(world.stranger)
    before = snapshot()
    response = client.post(
        reverse("nominations:new"),
        {"cycle": world.cycle.slug, "track": "engineer", "who": "existing", "nominee": str(world.nominee.pk)},
    )
    [error] = errors_of(response)["nominee"]
    assert "Nia Nominee is already nominated for Distinguished Engineer in 2027 cohort." in error
    # The stranger may not see that nomination: no link to it, only whom to ask.
    assert world.url not in error and "Ask its nominator to invite you" in error
    assert f'href="{world.url}"' not in html_of(response)
    assert snapshot() == before
    client.force_login(world.endorser)  # invited: may see it, so gets the link
    response = client.post(
        reverse("nominations:new"),
        {"cycle": world.cycle.slug, "track": "engineer", "who": "existing", "nominee": str(world.nominee.pk)},
    )
    [error] = errors_of(response)["nominee"]
    assert world.url in error
    assert f'<a href="{world.url}">Open the existing nomination</a>' in html_of(response)
    assert snapshot() == before


@pytest.mark.django_db
def test_nominate_page_new_nominee_whose_e_mail_is_known_names_the_e_mail_field(client, world):
    client.force_login(world.stranger)
    before = snapshot()
    response = client.post(
        reverse("nominations:new"),
        {
            "cycle": world.cycle.slug,
            "track": "engineer",
            "who": "new",
            "new_name": "Nia Again",
            "new_email": "NIA@example.org",
        },
    )
    assert errors_of(response)["new_email"] == ["A contributor with this e-mail already exists."]
    assert snapshot() == before


@pytest.mark.django_db
def test_nominate_page_new_nominee_that_is_a_duplicate_is_not_left_behind(client, world):
    """Registering the new nominee and nominating them are one transaction."""
    client.force_login(world.stranger)
    before = snapshot()
    response = client.post(
        reverse("nominations:new"),
        {
            "cycle": world.cycle.slug,
            "track": "engineer",
            "who": "new",
            "new_name": "Newt",
            "new_email": "newt@example.org",
            "statement": "x" * 20_001,
        },
    )
    assert "statement" in errors_of(response)
    assert snapshot() == before


@pytest.mark.django_db
def test_nominate_page_self_without_a_profile_names_the_choice(client, world):
    client.force_login(UserFactory())
    before = snapshot()
    response = client.post(
        reverse("nominations:new"), {"cycle": world.cycle.slug, "track": "engineer", "who": "self"}
    )
    assert errors_of(response)["who"] == ["Create your contributor profile first (My profile)."]
    assert snapshot() == before


@pytest.mark.django_db
def test_nominate_page_when_the_window_is_closed_says_so_and_saves_nothing(client, world):
    closed = CycleFactory(
        name="Old cohort", nominations_open=dt.date(2025, 3, 1), nominations_close=dt.date(2025, 4, 15)
    )
    client.force_login(world.stranger)
    before = snapshot()
    url = reverse("nominations:new")
    response = client.post(url, {"cycle": closed.slug, "track": "engineer", "who": "self"})
    assert "Nominations for Old cohort closed on 15 April 2025." in html_of(response)
    assert snapshot() == before
    assert client.get(url + "?cycle=no-such-cycle").status_code == 404


@pytest.mark.django_db
def test_nominate_page_makes_a_peer_nomination_of_someone_new(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.stranger)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("nominations:new"),
            {
                "cycle": world.cycle.slug,
                "track": "engineer",
                "who": "new",
                "new_name": "Newt Newcomer",
                "new_email": "newt@example.org",
                "statement": "Newt fixed the importer.",
            },
        )
    nomination = Nomination.objects.get(nominee__name="Newt Newcomer")
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:nomination", args=[nomination.pk])
    assert [m.to for m in mailoutbox] == [["newt@example.org"]]


@pytest.mark.django_db
def test_edit_page_bad_input_and_closed_window_change_nothing(client, world):
    url = reverse("nominations:edit", args=[world.nomination.pk])
    client.force_login(world.nominator)
    before = snapshot()
    response = client.post(url, {"statement": "x" * 20_001})
    assert "at most 20000 characters" in errors_of(response)["statement"][0]
    assert snapshot() == before
    program.override_phase(actor=world.admin, cycle=world.cycle, phase="screening", reason="Test")
    before = snapshot()
    response = client.post(url, {"statement": "Too late."})
    closed = f"Nominations for 2027 cohort closed on {program.human(world.cycle.nominations_close)}."
    assert response.status_code == 400
    assert any(closed in error for error in errors_of(response).get("__all__", [])), errors_of(response)
    assert snapshot() == before


@pytest.mark.django_db
def test_edit_page_saves_and_audits_while_open(client, world):
    url = reverse("nominations:edit", args=[world.nomination.pk])
    client.force_login(world.nominee_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "nominee_statement" in response.context["form"].fields
    assert client.post(url, {"nominee_statement": "In my words."}).status_code == 302
    world.nomination.refresh_from_db()
    assert world.nomination.nominee_statement == "In my words."
    assert AuditEvent.objects.filter(verb="nomination.edited", actor_id=world.nominee_user.pk).count() == 1
    for user in (world.stranger, world.endorser, world.chair):
        client.force_login(user)
        refused = 404 if user is world.stranger else 403  # a stranger may not even see it
        assert client.get(url).status_code == refused
        assert client.post(url, {"statement": "Hijack"}).status_code == refused
    world.nomination.refresh_from_db()
    assert world.nomination.statement == STATEMENT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"url": "javascript:alert(1)"}, "url", "Enter a valid URL."),
        ({"url": "ftp://files.example.org/x"}, "url", "Give an http:// or https:// link."),
        ({"date": "2025-02-30"}, "date", "Enter a valid date."),
        # Two days ahead: still in the future when the suite runs across midnight after import.
        ({"date": str(dt.date.today() + dt.timedelta(days=2))}, "date", "That date is in the future"),
        ({"kind": "bribe"}, "kind", "Select a valid choice."),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_evidence_form_bad_input_gives_field_messages(client, world, change, field, message):
    client.force_login(world.nominator)
    before = snapshot()
    response = client.post(
        reverse("nominations:evidence-add", args=[world.nomination.pk]), {**EVIDENCE, **change}
    )
    assert response.status_code == 400
    errors = errors_of(response, "evidence_form")
    assert any(message in error for error in errors[field]), errors
    assert snapshot() == before


@pytest.mark.django_db
def test_evidence_form_refused_to_others(client, world):
    before = snapshot()
    for user in (world.stranger, world.endorser):
        client.force_login(user)
        response = client.post(reverse("nominations:evidence-add", args=[world.nomination.pk]), EVIDENCE)
        assert response.status_code == (404 if user is world.stranger else 403)
        item = world.nomination.evidence.get()
        response = client.post(reverse("nominations:evidence-remove", args=[world.nomination.pk, item.pk]))
        assert response.status_code == (404 if user is world.stranger else 403)
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["nominations:evidence-add", "nominations:evidence-remove"])
def test_evidence_forms_never_redirect_off_the_site(client, world, view):
    client.force_login(world.nominator)
    if view == "nominations:evidence-add":
        url, data = reverse(view, args=[world.nomination.pk]), {**EVIDENCE, "title": "Another"}
    else:
        url, data = reverse(view, args=[world.nomination.pk, world.nomination.evidence.get().pk]), {}
    for target in ("https://evil.example/phish", "//evil.example/phish", "javascript:alert(1)"):
        response = client.post(url, {**data, "next": target})
        assert response.status_code == 302
        assert response["Location"] == world.url
        if view == "nominations:evidence-remove":
            break
    response = client.post(
        reverse("nominations:evidence-add", args=[world.nomination.pk]),
        {**EVIDENCE, "title": "Local", "next": reverse("nominations:edit", args=[world.nomination.pk])},
    )
    assert response["Location"] == reverse("nominations:edit", args=[world.nomination.pk])


@pytest.mark.django_db
def test_screening_form_never_redirects_off_the_site(client, world):
    program.override_phase(actor=world.admin, cycle=world.cycle, phase="screening", reason="Test")
    client.force_login(world.chair)
    response = client.post(
        reverse("nominations:screen", args=[world.nomination.pk]),
        {"decision": "eligible", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == world.url
    world.nomination.refresh_from_db()
    assert world.nomination.state == "eligible"


@pytest.mark.django_db
def test_endorse_form_bad_input_gives_field_messages(client, world):
    client.force_login(world.invitee)
    client.get(world.invitation())
    url = reverse("nominations:endorse", args=[world.nomination.pk])
    before = snapshot()
    response = client.post(url, {"relationship": "", "statement": ""})
    assert response.status_code == 400
    errors = errors_of(response, "endorse_form")
    assert set(errors) == {"relationship", "statement"}
    response = client.post(url, {"relationship": "r" * 201, "statement": "s" * 5001})
    assert set(errors_of(response, "endorse_form")) == {"relationship", "statement"}
    assert snapshot() == before
    client.force_login(world.endorser)
    response = client.post(url, {"relationship": "Again", "statement": "Again."})
    assert response.status_code == 400
    assert errors_of(response, "endorse_form")["__all__"] == ["You have already endorsed this nomination."]
    client.force_login(world.nominator)
    assert client.post(url, {"relationship": "Me", "statement": "Me."}).status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
def test_endorse_form_without_a_profile_says_to_create_one(client, world):
    user = UserFactory(email="ivy2@example.org")
    client.force_login(user)
    client.get(world.invitation("ivy2@example.org"))
    before = snapshot()
    response = client.post(
        reverse("nominations:endorse", args=[world.nomination.pk]),
        {"relationship": "Friend", "statement": "Yes."},
    )
    assert response.status_code == 400
    assert "Create your contributor profile first" in errors_of(response, "endorse_form")["__all__"][0]
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("emails", "message"),
    [
        ("", "This field is required."),
        ("not-mail", "“not-mail” is not an e-mail address."),
        ("\n".join(f"p{i}@example.org" for i in range(11)), "Ask at most 10 people at a time."),
        ("nia@example.org", "The nominator and the nominee cannot endorse their own nomination."),
    ],
)
def test_request_endorsements_form_bad_input_gives_field_messages(client, world, emails, message, mailoutbox):
    client.force_login(world.nominator)
    before = snapshot()
    response = client.post(reverse("nominations:request", args=[world.nomination.pk]), {"emails": emails})
    assert response.status_code == 400
    assert message in errors_of(response, "request_form")["emails"]
    assert snapshot() == before
    assert mailoutbox == []


@pytest.mark.django_db
def test_request_endorsements_form_refused_to_others(client, world):
    before = snapshot()
    for user in (world.endorser, world.stranger):
        client.force_login(user)
        response = client.post(
            reverse("nominations:request", args=[world.nomination.pk]), {"emails": "x@example.org"}
        )
        assert response.status_code == (404 if user is world.stranger else 403)
    assert snapshot() == before


@pytest.mark.django_db
def test_screening_form_bad_input_gives_field_messages(client, world):
    url = reverse("nominations:screen", args=[world.nomination.pk])
    client.force_login(world.chair)
    before = snapshot()
    response = client.post(url, {"decision": "eligible"})
    assert response.status_code == 400
    assert "in the nominations open phase" in errors_of(response, "screening_form")["__all__"][0]
    program.override_phase(actor=world.admin, cycle=world.cycle, phase="screening", reason="Test")
    before = snapshot()
    response = client.post(url, {"decision": "ineligible", "reason": " "})
    assert response.status_code == 400
    assert errors_of(response, "screening_form")["reason"] == [
        "Say why the nomination is ineligible; the nominee reads it."
    ]
    response = client.post(url, {"decision": "maybe"})
    assert "decision" in errors_of(response, "screening_form")
    assert snapshot() == before
    client.force_login(world.panelist)  # not assigned: the nomination is hidden from them
    assert client.post(url, {"decision": "eligible"}).status_code == 404
    client.force_login(world.nominator)
    assert client.post(url, {"decision": "eligible"}).status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
def test_submit_and_withdraw_buttons_report_unmet_rules_and_refuse_others(client, world):
    draft = api.nominate(
        actor=world.nominator,
        cycle=world.cycle,
        track=program.get_track("engineer"),
        nominee=ContributorFactory(name="Dee Draft", email="dee@example.org"),
    )
    client.force_login(world.nominator)
    before = snapshot()
    response = client.post(reverse("nominations:submit", args=[draft.pk]), follow=True)
    html = html_of(response)
    assert "Dee Draft has not accepted the nomination yet." in html
    assert "Write the statement" in html
    assert "Add at least one piece of evidence with a link." in html
    assert snapshot() == before
    for user in (world.stranger, world.endorser):  # neither may see that draft
        client.force_login(user)
        assert client.post(reverse("nominations:submit", args=[draft.pk])).status_code == 404
        assert client.post(reverse("nominations:withdraw", args=[draft.pk])).status_code == 404
    client.force_login(world.nominator)
    api.withdraw(actor=world.nominator, nomination=draft)
    before = snapshot()
    response = client.post(reverse("nominations:withdraw", args=[draft.pk]), follow=True)
    assert "This nomination is withdrawn; it cannot be withdrawn now." in html_of(response)
    assert snapshot() == before


# --- consent page --------------------------------------------------------------------------


@pytest.fixture
def pending(db):
    cycle = CycleFactory(name="2027 cohort")
    nominator = UserFactory(username="nora", contributor=ContributorFactory(name="Nora"))
    nominee = ContributorFactory(name="Nia Nominee", email="nia@example.org")
    nomination = api.nominate(
        actor=nominator,
        cycle=cycle,
        track=program.get_track("engineer"),
        nominee=nominee,
        statement=STATEMENT,
    )
    token = api.invitation_token(nomination, "consent", nominee.email)
    url = reverse("nominations:consent", args=[nomination.pk])
    return nomination, url, token


@pytest.mark.django_db
def test_consent_page_by_token_without_an_account_accepts(client, pending):
    nomination, url, token = pending
    response = client.get(f"{url}?token={token}")
    assert response.status_code == 200
    html = html_of(response)
    assert "<strong>rebuilt</strong>" in html and "<script" not in html.split('class="prose"')[1][:400]
    response = client.post(
        url, {"token": token, "answer": "accept", "addition": "Honoured.", "list_publicly": "no"}
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.nominee_consent, nomination.nominee_statement) == (True, "Honoured.")
    assert nomination.list_publicly is False
    html = html_of(client.get(f"{url}?token={token}"))
    assert "You already accepted this nomination." in html


@pytest.mark.django_db
def test_consent_page_refuses_anyone_without_the_token(client, pending):
    nomination, url, _ = pending
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:sign-in"))
    client.force_login(UserFactory(contributor=ContributorFactory()))
    # A member who may not see the draft learns nothing of it; its nominator is told it is not theirs.
    assert client.get(url).status_code == 404
    other_token = api.invitation_token(nomination, "endorse", "nia@example.org")
    assert client.get(f"{url}?token={other_token}").status_code == 404
    assert client.post(url, {"token": other_token, "answer": "decline"}).status_code == 404
    client.force_login(nomination.nominator)
    assert client.get(url).status_code == 403
    nomination.refresh_from_db()
    assert nomination.nominee_consent is None


@pytest.mark.django_db
def test_consent_page_bad_input_changes_nothing(client, pending):
    nomination, url, token = pending
    before = snapshot()
    response = client.post(url, {"token": token, "answer": "accept", "addition": "a" * 20_001})
    assert "addition" in errors_of(response)
    assert snapshot() == before
    # A post without a choice (a form sent by Enter or a script) neither accepts nor declines.
    response = client.post(url, {"token": token, "addition": "Hmm"})
    assert response.status_code == 400
    assert errors_of(response)["__all__"] == ["Choose whether you accept or decline the nomination."]
    nomination.refresh_from_db()
    assert (nomination.nominee_consent, nomination.state) == (None, "draft")
    assert snapshot() == before


@pytest.mark.django_db
def test_consent_page_decline_withdraws(client, pending):
    nomination, url, token = pending
    response = client.post(url, {"token": token, "answer": "decline"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.nominee_consent, nomination.state) == (False, "withdrawn")
    assert api.get_nomination(nomination.pk).live is None


@pytest.mark.django_db
def test_invitation_link_binds_to_the_first_account_that_opens_it(client, world):
    link = world.invitation()
    client.force_login(world.invitee)
    assert client.get(link).status_code == 200
    assert EndorsementRequest.objects.get(email="ivy@example.org").accepted_by == world.invitee
    # The same link forwarded to another member opens nothing for them.
    client.force_login(world.stranger)
    response = client.get(link, follow=True)
    assert response.status_code == 404
    assert not world.stranger.has_perm("nominations.view_nomination", api.get_nomination(world.nomination.pk))


@pytest.mark.django_db
def test_a_withdrawn_nomination_is_a_404_to_outsiders_and_says_so_to_its_parties(client, world):
    api.withdraw(actor=world.nominator, nomination=api.get_nomination(world.nomination.pk))
    for user in (world.stranger, world.panelist):
        client.force_login(user)
        response = client.get(world.url)
        assert response.status_code == 404
        assert "withdrawn" not in html_of(response).lower()
        response = client.post(
            reverse("nominations:endorse", args=[world.nomination.pk]),
            {"relationship": "Friend", "statement": "Yes."},
        )
        assert response.status_code == 404
    client.force_login(world.nominee_user)
    assert client.get(world.url).status_code == 200


@pytest.mark.django_db
def test_a_draft_is_hidden_from_the_chair_and_panelists_until_it_is_submitted(client, world):
    draft = api.nominate(
        actor=world.nominator,
        cycle=world.cycle,
        track=program.get_track("engineer"),
        nominee=ContributorFactory(email="dee@example.org"),
        statement="A private draft.",
    )
    url = reverse("nominations:nomination", args=[draft.pk])
    for user, status in (
        (world.chair, 404),
        (world.panelist, 404),
        (world.stranger, 404),
        (world.admin, 200),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        assert ("A private draft." in html_of(response)) is (status == 200)
