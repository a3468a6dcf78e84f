"""Labels, never codes, on every page: the main pages, rendered with data in many states, never show
a code of the program's choices (nomination states, contribution kinds, tracks, panel groups,
membership statuses, conflict sources, recommendations, review statuses, import statuses…) as text
where it differs from its label. Codes may stay in addresses, attributes and <code> blocks."""

import datetime as dt
import html
import importlib
import pkgutil
import re

import pytest
from django.db import models
from django.utils import timezone

import distinguished
from distinguished.contributions.models import ImportRun
from distinguished.membership import api as membership
from distinguished.nominations import api as nominations
from distinguished.nominations.enums import State
from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.program.models import ContributionKind, KeyArea, KeyResult, PanelGroup, Track
from distinguished.review import api as review
from distinguished.review.models import Assignment

from ..factories import (
    AssignmentFactory,
    ContributionFactory,
    ContributorFactory,
    CycleFactory,
    DraftNominationFactory,
    EvidenceFactory,
    ImportRunFactory,
    OrganizationFactory,
    ReviewFactory,
    UserFactory,
    VoteFactory,
)

# --- What a code is --------------------------------------------------------------------------------


def _choices_classes():
    for info in pkgutil.walk_packages(distinguished.__path__, "distinguished."):
        if any(
            part in info.name for part in ("migrations", "management", "settings", "wsgi", "manage", "celery")
        ):
            continue
        importlib.import_module(info.name)

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return [cls for cls in below(models.TextChoices) if cls.__module__.startswith("distinguished.")]


def code_labels() -> dict[str, set[str]]:
    """{code: its labels}, from every TextChoices of the project, the program definition (tracks,
    panel groups, contribution kinds, key results and areas) and the membership statuses."""
    pairs = [(value, str(label)) for cls in _choices_classes() for value, label in cls.choices]
    pairs += list(Track.objects.values_list("code", "name"))
    pairs += list(PanelGroup.objects.values_list("code", "name"))
    pairs += list(ContributionKind.objects.values_list("code", "label"))
    pairs += list(KeyResult.objects.values_list("code", "label"))
    pairs += list(KeyArea.objects.values_list("code", "label"))
    pairs += list(membership.STATUS_LABELS.items())
    found: dict[str, set[str]] = {}
    for code, label in pairs:
        found.setdefault(code, set()).add(label)
    return found


def telling_codes() -> set[str]:
    """The codes that tell a code from a word: those whose every label differs from them (case
    aside). `draft` is also the label Draft, so a “draft” on a page may be the word; `in_review` is
    never a word."""
    return {
        code
        for code, labels in code_labels().items()
        if code and all(code.lower() != label.lower() for label in labels)
    }


# --- What a page shows -----------------------------------------------------------------------------

HIDDEN_BLOCKS = re.compile(r"<(script|style|code|pre|textarea|template)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


def text_nodes(body: str) -> list[str]:
    """The page's visible text, node by node: tags and their attributes dropped, and the contents of
    <code>, <pre>, <script>, <style>, <textarea> and <template>."""
    body = HIDDEN_BLOCKS.sub(" ", body)
    return [html.unescape(t).strip() for t in TAG.split(body) if t.strip()]


def codes_in(node: str, codes: set[str]) -> set[str]:
    """The codes one text node shows: a snake_case code anywhere in it; any other code when it is
    the whole node (a badge, a cell), or a list of codes (“engineer, advocate”)."""
    found = {
        code for code in codes if "_" in code and re.search(rf"(?<![\w/.-]){re.escape(code)}(?![\w/-])", node)
    }
    parts = [part.strip() for part in re.split(r"[,·]", node)]
    if parts and all(part in codes for part in parts):
        found.update(parts)
    return found


def codes_shown(body: str, codes: set[str]) -> set[str]:
    """The codes a page shows as text."""
    return set().union(*(codes_in(node, codes) for node in text_nodes(body)))


def test_the_detector_finds_codes_as_text_and_leaves_attributes_urls_and_code_blocks():
    codes = {"in_review", "pull_request", "engineer", "toc", "expiring"}
    page = (
        '<a href="/x/?state=in_review" class="state-in_review" data-kind="pull_request">In review</a>'
        "<code>pull_request</code><pre>engineer</pre><td>Distinguished Engineer</td><p>An engineer wrote it.</p>"
    )
    assert codes_shown(page, codes) == set()
    assert codes_shown("<td>in_review</td>", codes) == {"in_review"}
    assert codes_shown("<li>3 pull_request items</li>", codes) == {"pull_request"}
    assert codes_shown("<span class='badge'>expiring</span>", codes) == {"expiring"}
    assert codes_shown("<td>engineer, toc</td>", codes) == {"engineer", "toc"}


# --- A world in many states ------------------------------------------------------------------------

KINDS = ["pull_request", "blog_post", "forum_answer", "training_session", "in_kind_support"]


@pytest.fixture
def world(db, admin_user, settings, tmp_path):
    settings.CREDENTIALS_ISSUER_KEY = ""
    settings.CREDENTIALS_ISSUER_KEY_FILE = tmp_path / "issuer-key.pem"
    today = timezone.localdate()
    org = OrganizationFactory(name="Lumen Labs", size_tier="larger")
    chair = UserFactory(
        username="cora", name="Cora Chair", roles=["chair", "panelist"], contributor=ContributorFactory()
    )
    panelist = UserFactory(
        username="pat",
        name="Pat Panelist",
        roles=["panelist"],
        contributor=ContributorFactory(organization=org),
    )
    reviewer = UserFactory(
        username="rey", name="Rey Reviewer", roles=["panelist"], contributor=ContributorFactory()
    )
    nominator = UserFactory(
        username="nora", name="Nora Nominator", contributor=ContributorFactory(name="Nora")
    )
    member = UserFactory(
        username="mia",
        name="Mia Member",
        contributor=ContributorFactory(name="Mia Member", listed_publicly=True),
    )
    cycle = CycleFactory(slug="2027", name="2027 cohort")
    review.seat_panelist(
        actor=admin_user, cycle=cycle, user=chair, group="toc", chair=True, tracks=["engineer", "advocate"]
    )
    review.seat_panelist(
        actor=admin_user, cycle=cycle, user=panelist, group="core_contributors", tracks=["innovator"]
    )
    review.seat_panelist(
        actor=admin_user, cycle=cycle, user=reviewer, group="community_leaders", tracks=["partner"]
    )
    tracks = ["engineer", "advocate", "innovator", "partner"]
    items = {}
    for i, state in enumerate(State.values):
        if tracks[i % 4] == "partner":
            nominee = OrganizationFactory(name=f"Partner {i}", size_tier=["larger", "smaller"][i % 2])
        else:
            nominee = ContributorFactory(name=f"Nominee {i}")
        item = DraftNominationFactory(
            cycle=cycle,
            track=program.get_track(tracks[i % 4]),
            nominee=nominee,
            nominator=nominator,
            state=state,
            statement="Why.",
            nominee_consent=True,
            submitted=None if state == "draft" else timezone.now(),
            screening_reason="Not enough endorsements." if state == "ineligible" else "",
            decision_rationale="Strong."
            if state in ("selected", "declined", "deferred", "approved", "awarded")
            else "",
            decision_feedback="Well done." if state in ("selected", "approved", "awarded") else "",
        )
        for j, kind in enumerate(KINDS):
            EvidenceFactory(
                nomination=item,
                kind=kind,
                date=today - dt.timedelta(days=30 + j),
                title=f"Evidence {j}",
                url=f"https://example.org/{j}",
                added_by=nominator,
            )
        items[state] = item
    # One nomination moved into review as the app moves it, so its history holds states.
    in_review = items["in_review"]
    Nomination.objects.filter(pk=in_review.pk).update(state="eligible")
    nominations.start_review(actor=admin_user, nomination_ids=[in_review.pk])
    # Reviews in every stage, with every recommendation; conflicts declared and detected.
    for user, recommendation, submitted in ((chair, "strong_yes", True), (reviewer, "strong_no", False)):
        assignment = AssignmentFactory(cycle=cycle, nomination=in_review, panelist=user)
        ReviewFactory(
            assignment=assignment,
            scores={"core_platform": 4},
            recommendation=recommendation,
            submitted=timezone.now() if submitted else None,
        )
    AssignmentFactory(cycle=cycle, nomination=items["eligible"], panelist=reviewer)
    review.declare_conflict(actor=reviewer, cycle=cycle, nomination=items["submitted"], reason="My cousin.")
    for state, vote in (("selected", "select"), ("declined", "decline"), ("deferred", "defer")):
        VoteFactory(nomination=items[state], panelist=chair, vote=vote)
    program.override_phase(actor=admin_user, cycle=cycle, phase="review", reason="Test")
    # Memberships in several statuses, a renewal, contributions of several kinds and sources.
    active = membership.record_term(
        actor=admin_user,
        contributor=member.contributor,
        track=program.get_track("advocate"),
        start=today - dt.timedelta(days=2 * 365 - 30),
    )
    membership.apply_for_renewal(actor=member, membership=active, statement="Still here.")
    membership.record_term(
        actor=admin_user,
        contributor=member.contributor,
        track=program.get_track("engineer"),
        start=today - dt.timedelta(days=3 * 365),
    )
    for j, kind in enumerate(KINDS):
        ContributionFactory(
            contributor=member.contributor,
            kind=kind,
            date=today - dt.timedelta(days=5 + j),
            title=f"Contribution {j}",
            source=["manual", "csv", "nomination", "forum", "github"][j],
            verified=j % 2 == 0,
        )
    for status in ImportRun.Status.values:
        ImportRunFactory(source="csv", status=status, started_by=admin_user)
    return {
        "admin": admin_user,
        "chair": chair,
        "reviewer": reviewer,
        "nominator": nominator,
        "member": member,
        "cycle": cycle,
        "items": items,
        "assignment": Assignment.objects.get(nomination=in_review, panelist=reviewer),
    }


def pages_of(world) -> dict[str, list[str]]:
    """Who opens which pages."""
    slug, items = world["cycle"].slug, world["items"]
    return {
        "admin": [
            "/",
            "/program/",
            "/cycles/",
            f"/cycles/{slug}/",
            f"/cycles/{slug}/panel/",
            f"/cycles/{slug}/panel/reviewers/",
            f"/cycles/{slug}/screening/",
            f"/cycles/{slug}/ranking/",
            f"/cycles/{slug}/deliberation/",
            f"/cycles/{slug}/approval/",
            "/nominations/",
            *[f"/nominations/{item.pk}/" for item in items.values()],
            "/memberships/",
            "/renewals/",
            "/people/",
            "/people/accounts/",
            "/contributions/",
            "/contributions/imports/",
            "/contributions/verify/",
            "/directory/",
            f"/directory/{world['member'].contributor_id}/",
        ],
        "chair": ["/", "/review/", f"/cycles/{slug}/deliberation/", f"/cycles/{slug}/screening/"],
        "reviewer": ["/review/", f"/review/{world['assignment'].pk}/", f"/cycles/{slug}/panel/"],
        "nominator": ["/", "/nominations/", *[f"/nominations/{item.pk}/" for item in items.values()]],
        "member": [
            "/",
            "/memberships/mine/",
            "/contributions/",
            "/contributions/progress/",
            "/people/me/",
            "/nominations/",
        ],
    }


def test_no_main_page_shows_a_code_as_text(client, world):
    codes = telling_codes()
    shown = {}
    for who, paths in pages_of(world).items():
        client.force_login(world[who])
        for path in paths:
            response = client.get(path, follow=True)
            assert response.status_code in (200, 404), (who, path, response.status_code)
            if response.status_code != 200:
                continue
            body = response.content.decode()
            found = codes_shown(body, codes)
            if found:
                # Each code with the text it sits in, to find it in the template.
                shown[f"{who} {path}"] = {
                    code: next(node[:80] for node in text_nodes(body) if code in codes_in(node, codes))
                    for code in sorted(found)
                }
    assert shown == {}


# --- The labels template tags ------------------------------------------------------------------------


def render(source: str, **context) -> str:
    from django.template import Context, Template

    return Template("{% load labels %}" + source).render(Context(context))


@pytest.mark.django_db
def test_label_shows_a_code_by_its_label_and_an_unknown_code_as_it_is():
    assert render('{% label "state" "in_review" %}') == "In review"
    assert render('{% label "kind" "pull_request" %}') == "Pull request"
    assert render('{% label "track" "engineer" %}') == "Distinguished Engineer"
    assert render('{% label "group" "toc" %}') == "Technical Oversight Committee"
    assert render('{% label "membership_status" "expiring" %}') == "Renewal window open"
    assert render('{% label "conflict_source" "declared" %}') == "Declared by the panelist"
    assert render('{% label "state" "nothing_known" %}') == "nothing_known"
    assert render('{% label "state" value %}', value=None) == ""
    assert render('{% label_list "track" tracks %}', tracks=["engineer", "advocate"]) == (
        "Distinguished Engineer, Distinguished Advocate"
    )
    assert render('{% label_list "track" tracks %}', tracks=[]) == ""


def test_an_unknown_kind_of_label_is_a_template_error():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        render('{% label "colour" "red" %}')


@pytest.mark.django_db
def test_labels_read_from_the_program_are_asked_once_per_request(rf, django_assert_num_queries):
    request = rf.get("/")
    source = "{% for k in kinds %}{% label 'kind' k %};{% endfor %}{% for t in tracks %}{% label 'track' t %};{% endfor %}"
    with django_assert_num_queries(3):  # the kinds; the program and its tracks
        out = render(source, request=request, kinds=KINDS * 4, tracks=["engineer", "partner"] * 5)
    assert out.startswith("Pull request;Technical blog post;") and "Distinguished Partner" in out
    with django_assert_num_queries(0):
        render(source, request=request, kinds=KINDS, tracks=["engineer"])


@pytest.mark.django_db
def test_an_audit_value_reads_as_its_objects_pages_name_it():
    from types import SimpleNamespace

    def event(object_type, verb="x"):
        return SimpleNamespace(object_type=object_type, verb=verb)

    source = "{% audit_value event value %}"
    assert render(source, event=event("nominations.nomination"), value="in_review") == "In review"
    assert render(source, event=event("nominations.nomination"), value="endorser") == (
        "The panelist endorsed the nomination"
    )
    assert render(source, event=event("program.cycle"), value="nominations_open") == "Nominations open"
    assert render(source, event=event("program.cycle", "panel.seated"), value="rey:community_leaders") == (
        "rey (Community leaders &amp; Distinguished Contributors)"  # escaped, as on a page
    )
    assert render(source, event=event("membership.membership"), value="expired") == "Term ended"
    # Anything else stays as recorded: a cycle's slug, a username, another object's value.
    assert render(source, event=event("nominations.nomination"), value="2027") == "2027"
    assert render(source, event=event("review.assignment"), value="in_review") == "in_review"
    assert render(source, event=event("program.cycle"), value="") == ""
