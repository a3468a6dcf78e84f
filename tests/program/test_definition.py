"""The program definition file: the shipped one carries every seed fact; a bad one fails
naming the file, the path inside it and what is wrong, and changes nothing."""

import copy
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from distinguished.audit.models import AuditEvent
from distinguished.program import api
from distinguished.program.definition import DefinitionError, read_definition
from distinguished.program.models import Cycle, KeyResult, PanelGroup, Program, Track

SHIPPED = Path(settings.PROGRAM_DEFINITION_FILE)


@pytest.fixture
def shipped_data():
    return yaml.safe_load(SHIPPED.read_text())


def write(tmp_path, data, name="bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False) if not isinstance(data, str) else data)
    return path


def test_shipped_definition_has_the_four_tracks_with_their_subjects():
    definition = read_definition(SHIPPED)
    subjects = {track.code: track.subject for track in definition.tracks}
    assert subjects == {"engineer": "person", "advocate": "person", "innovator": "person", "partner": "any"}
    assert definition.track("engineer").name == "Distinguished Engineer"
    assert "Core Platform Development" in [a.label for a in definition.track("engineer").key_areas]


def test_shipped_definition_has_the_key_results_of_the_architecture():
    definition = read_definition(SHIPPED)
    codes = {track.code: [kr.code for kr in track.key_results] for track in definition.tracks}
    assert codes == {
        "engineer": [
            "major_prs",
            "technical_writing",
            "mentees",
            "performance_gain",
            "forum_answers_per_week",
        ],
        "advocate": [
            "talks",
            "engagement_growth",
            "learning_materials",
            "adopters_supported",
            "trainings",
            "certifications",
            "bizdev_discussions",
        ],
        "innovator": ["plugins", "use_cases", "integrations"],
        "partner": [
            "major_enhancements",
            "funding",
            "employee_share",
            "feature_updates",
            "working_groups",
            "sponsorships",
        ],
    }


def test_shipped_definition_has_partner_equity_groups():
    partner = read_definition(SHIPPED).track("partner")
    groups = {g.code: (g.logic, g.tier, g.key_results) for g in partner.key_result_groups}
    assert groups["larger_contribution"] == ("any", "larger", ["major_enhancements", "funding"])
    assert groups["smaller_contribution"] == ("any", "smaller", ["employee_share", "feature_updates"])
    assert groups["participation"] == ("all", None, ["working_groups", "sponsorships"])
    funding = next(kr for kr in partner.key_results if kr.code == "funding")
    assert funding.kinds == ["funding", "in_kind_support"]
    assert funding.aggregate == "sum"


def test_shipped_definition_has_the_panel_terms_and_first_cycle():
    definition = read_definition(SHIPPED)
    seats = {g.code: (g.min_seats, g.max_seats) for g in definition.panel_groups}
    assert seats == {
        "toc": (1, 2),
        "axim": (2, 3),
        "core_contributors": (2, 3),
        "partners": (2, 3),
        "community_leaders": (2, 3),
        "bizdev": (1, 2),
    }
    assert definition.membership.term_years == 2
    assert definition.membership.lifetime_after_years == 4
    first = definition.cycles[0]
    assert (first.slug, str(first.announcement_date), first.announcement_event) == (
        "2025",
        "2025-07-01",
        "Open edX Conference, Paris",
    )
    kinds = {kind.code for kind in definition.contribution_kinds}
    assert {"pull_request", "funding", "in_kind_support", "employee_participation", "sponsorship"} <= kinds
    assert len(kinds) == 24


@pytest.mark.django_db
def test_migrate_loaded_the_shipped_program():
    program = Program.objects.get(slug="openedx")
    assert program.term_years == 2
    assert Track.objects.filter(program=program).count() == 4
    assert PanelGroup.objects.filter(program=program).count() == 6
    assert KeyResult.objects.filter(track__program=program).count() == 21
    cycle = Cycle.objects.get(slug="2025")
    assert cycle.targets.count() == 21
    assert str(cycle.announcement_date) == "2025-07-01"


@pytest.mark.django_db
def test_loading_the_same_file_again_changes_nothing():
    before = AuditEvent.objects.count()
    api.load_program_file()
    assert AuditEvent.objects.count() == before
    assert Cycle.objects.filter(slug="2025").count() == 1


@pytest.mark.django_db
def test_loading_a_changed_file_updates_by_code_and_is_audited(tmp_path, shipped_data):
    data = copy.deepcopy(shipped_data)
    data["program"]["version"] = "2026.1"
    data["tracks"][0]["key_results"][0]["label"] = "Major PRs merged"
    api.load_program_file(write(tmp_path, data, "changed.yaml"))
    assert KeyResult.objects.get(track__code="engineer", code="major_prs").label == "Major PRs merged"
    event = AuditEvent.objects.filter(verb="program.loaded").first()
    assert (event.from_state, event.to_state) == ("2025.3", "2026.1")


@pytest.mark.django_db
def test_a_track_colour_is_data_its_badge_and_the_api_show(tmp_path, shipped_data, client):
    assert {t.code: t.colour for t in Track.objects.all()} == {
        "engineer": "#0b5cad",
        "advocate": "#9b2c6f",
        "innovator": "#1f7a4d",
        "partner": "#a35200",
    }
    data = copy.deepcopy(shipped_data)
    data["tracks"][0]["colour"] = "#123456"
    del data["tracks"][1]["colour"]  # a track without one is drawn in the default
    api.load_program_file(write(tmp_path, data, "colours.yaml"))
    assert 'fill="#123456"' in client.get("/credentials/achievements/engineer/image.svg").content.decode()
    assert 'fill="#3d3d9e"' in client.get("/credentials/achievements/advocate/image.svg").content.decode()
    tracks = {t["code"]: t["colour"] for t in client.get("/api/v1/program/").json()["tracks"]}
    assert (tracks["engineer"], tracks["advocate"]) == ("#123456", "#3d3d9e")


@pytest.mark.django_db
def test_load_program_command_loads_another_file(tmp_path, shipped_data):
    data = copy.deepcopy(shipped_data)
    data["cycles"].append(
        {
            "slug": "2026",
            "name": "2026 cohort",
            "nominations_open": "2026-01-05",
            "nominations_close": "2026-02-15",
            "screening_due": "2026-03-01",
            "review_due": "2026-03-22",
            "deliberation_due": "2026-04-05",
            "approval_due": "2026-04-15",
            "announcement_date": "2026-05-01",
        }
    )
    call_command("load_program", str(write(tmp_path, data, "more.yaml")))
    assert Cycle.objects.get(slug="2026").targets.count() == 21


def mutate(shipped_data, change):
    data = copy.deepcopy(shipped_data)
    change(data)
    return data


BAD_FILES = {
    # kind of mistake: (change, path inside the file, words of the message)
    "missing section": (lambda d: d.pop("membership"), "membership", "Field required"),
    "unknown key": (lambda d: d["program"].update(colour="blue"), "program.colour", "Extra inputs"),
    "wrong type": (
        lambda d: d["membership"].update(term_years="two"),
        "membership.term_years",
        "valid integer",
    ),
    "negative target": (
        lambda d: d["tracks"][0]["key_results"][0].update(target=-1),
        "tracks[0].key_results[0].target",
        "greater than or equal to 0",
    ),
    "unknown aggregate": (
        lambda d: d["tracks"][0]["key_results"][0].update(aggregate="median"),
        "tracks[0].key_results[0].aggregate",
        "'count'",
    ),
    "bad code": (lambda d: d["tracks"][1].update(code="Advocate!"), "tracks[1].code", "pattern"),
    "not a colour": (lambda d: d["tracks"][0].update(colour="blue"), "tracks[0].colour", "write it #rrggbb"),
    "colour too light for white text": (
        lambda d: d["tracks"][2].update(colour="#ffcc00"),
        "tracks[2].colour",
        "white on #ffcc00 has a contrast of 1.5:1, under 4.5:1",
    ),
    "duplicate track": (lambda d: d["tracks"][1].update(code="engineer"), "", "used twice"),
    "duplicate key area": (
        lambda d: d["tracks"][0]["key_areas"][1].update(code="core_platform"),
        "tracks[0]",
        "used twice",
    ),
    "unknown kind": (
        lambda d: d["tracks"][0]["key_results"][0].update(kinds=["tweet"]),
        "",
        "unknown contribution kind “tweet”",
    ),
    "group names unknown key result": (
        lambda d: d["tracks"][3]["key_result_groups"][0]["key_results"].append("nope"),
        "tracks[3]",
        "unknown key result “nope”",
    ),
    "seat range upside down": (
        lambda d: d["panel_groups"][0].update(min_seats=3, max_seats=1),
        "panel_groups[0]",
        "more than max_seats",
    ),
    "dates out of order": (
        lambda d: d["cycles"][0].update(nominations_close="2025-03-01"),
        "cycles[0]",
        "must come after nominations open",
    ),
    "lifetime shorter than a term": (
        lambda d: d["membership"].update(lifetime_after_years=1),
        "membership",
        "cannot be shorter than one term",
    ),
    "tier on an individual track": (
        lambda d: d["tracks"][0]["key_results"][0].update(tier="larger"),
        "tracks[0]",
        "track recognizes individuals",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("mistake", BAD_FILES)
def test_a_bad_file_names_file_path_and_problem_and_changes_nothing(tmp_path, shipped_data, mistake):
    change, path, words = BAD_FILES[mistake]
    bad = write(tmp_path, mutate(shipped_data, change))
    before = (Program.objects.get().definition, AuditEvent.objects.count(), KeyResult.objects.count())
    with pytest.raises(DefinitionError) as info:
        api.load_program_file(bad)
    message = str(info.value)
    assert str(bad) in message
    assert any(p.startswith(path) and words in m for p, m in info.value.problems), message
    after = (Program.objects.get().definition, AuditEvent.objects.count(), KeyResult.objects.count())
    assert after == before


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("tracks: [unclosed", "line 1"),
        ("- just\n- a list\n", "mapping"),
        ("", "mapping"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, text, words):
    with pytest.raises(DefinitionError) as info:
        read_definition(write(tmp_path, text))
    assert words in str(info.value)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(DefinitionError, match="cannot be read"):
        read_definition(tmp_path / "nowhere.yaml")


@pytest.mark.django_db
def test_load_program_command_reports_a_bad_file(tmp_path, shipped_data):
    bad = write(tmp_path, mutate(shipped_data, lambda d: d["membership"].update(term_years=0)))
    with pytest.raises(CommandError, match=r"membership\.term_years"):
        call_command("load_program", str(bad))
