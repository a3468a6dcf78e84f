"""`distinguished import-github`: merged pull requests of known contributors, against a local server
speaking GitHub's REST API (see fake_servers.py), through the importer's real httpx client."""

import datetime as dt
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from distinguished.audit import api as audit
from distinguished.contributions import importers, tasks
from distinguished.contributions.importers.github import GitHubImporter
from distinguished.contributions.models import Contribution, ImportRun
from tests.factories import ContributorFactory


def real_now() -> int:
    """The fake clock starts at the real time of the test itself (not of the module's import, which
    may be minutes earlier in a long suite), so that run_status (real clock) sees the waits as ahead."""
    return int(time.time())


@pytest.fixture
def people(db):
    return {
        "alice": ContributorFactory(name="Alice", github="Alice", forum=""),
        "bob": ContributorFactory(name="Bob", github="bob", forum=""),
        "carol": ContributorFactory(name="Carol", github="carol", forum=""),
        # No GitHub login: never searched.
        "dora": ContributorFactory(name="Dora", github="", forum="dora"),
    }


@pytest.fixture
def org(github):
    """Three public repositories (two pages of the listing) and a private one."""
    github.add_repo("edx-platform")
    github.add_repo("frontend-app-learning")
    github.add_repo("xblock")
    github.add_repo("secret-plans", private=True)
    return github


def run_github(fake_time, *, org="openedx", since=None, actor=None, **kwargs) -> ImportRun:
    run = importers.queue_github_import(org=org, since=since, actor=actor)
    importers.run_import(run.pk, sleep=fake_time.sleep, clock=fake_time.clock, **kwargs)
    run.refresh_from_db()
    return run


def searched_authors(github) -> list[str]:
    return [
        next(term.split(":", 1)[1] for term in args["q"].split() if term.startswith("author:"))
        for path, args, _ in github.requests
        if path == "/search/issues"
    ]


def test_merged_pull_requests_of_known_contributors_are_imported_over_several_pages(people, org, fake_time):
    for day in ("2024-01-10", "2024-02-11", "2024-03-12", "2024-04-13", "2024-05-14"):
        org.add_pull("edx-platform", "Alice", day)
    org.add_pull("xblock", "bob", "2023-07-01", title="Fix the XBlock runtime")
    org.add_pull("edx-platform", "mallory", "2024-01-01")  # not a known contributor
    org.add_pull("edx-platform", "bob", None)  # closed without merging: never matched by is:merged

    run = run_github(fake_time)

    assert run.status == ImportRun.Status.DONE
    assert (run.created_count, run.skipped_count, run.error_count) == (6, 0, 0)
    assert (run.processed, run.total) == (3, 3)
    # Every known login, lower-cased, in order; nobody else.
    assert sorted(set(searched_authors(org))) == ["alice", "bob", "carol"]
    # Alice's five pull requests come in three pages of two; the repository listing in two.
    assert searched_authors(org).count("alice") == 3
    assert org.paths("/orgs/openedx/repos") == ["/orgs/openedx/repos"] * 2
    assert all(args["type"] == "public" for path, args, _ in org.requests if path.startswith("/orgs/"))

    contributions = Contribution.objects.order_by("date")
    assert contributions.count() == 6
    assert set(contributions.values_list("kind", "source", "verified").distinct()) == {
        ("pull_request", "github", True)
    }
    assert contributions.filter(contributor=people["alice"]).count() == 5
    fix = Contribution.objects.get(contributor=people["bob"])
    pull = next(pull for pull in org.pulls if pull["title"] == "Fix the XBlock runtime")
    assert fix.title == "Fix the XBlock runtime"
    assert fix.date == dt.date(2023, 7, 1)
    assert fix.url == f"https://github.com/openedx/xblock/pull/{pull['number']}"
    assert fix.external_id == f"github:openedx/xblock#{pull['number']}"
    assert not fix.major

    verbs = [event.verb for event in audit.events_for(run).order_by("id")]
    assert verbs == ["import.started", "import.finished"]
    assert audit.events_for(run).get(verb="import.finished").data["created"] == 6


def test_unknown_authors_private_repositories_and_other_organizations_are_skipped(people, org, fake_time):
    mine = org.add_pull("edx-platform", "alice", "2024-03-01")
    stranger = org.add_pull("edx-platform", "mallory", "2024-03-02")
    stranger["shown_for"] = "alice"  # a search hit that is not Alice's after all
    org.add_pull("secret-plans", "alice", "2024-03-03")  # private repository: its title stays private
    org.add_pull("elsewhere/other-repo", "alice", "2024-03-04")  # not the organization's

    run = run_github(fake_time)

    assert (run.created_count, run.skipped_count) == (1, 3)
    assert list(Contribution.objects.values_list("external_id", flat=True)) == [
        f"github:openedx/edx-platform#{mine['number']}"
    ]
    assert "mallory" not in searched_authors(org)


def test_major_by_size_or_by_label(people, org, fake_time, settings):
    settings.GITHUB_MAJOR_LABELS = ["major", "architecture"]
    big = org.add_pull("edx-platform", "alice", "2024-01-01", additions=400, deletions=100)
    almost = org.add_pull("edx-platform", "alice", "2024-01-02", additions=400, deletions=99)
    labelled = org.add_pull(
        "xblock", "alice", "2024-01-03", labels=["Architecture"], additions=1, deletions=1
    )
    other_label = org.add_pull("xblock", "alice", "2024-01-04", labels=["bug"])

    run_github(fake_time)

    major = dict(Contribution.objects.values_list("external_id", "major"))
    assert major == {
        f"github:openedx/edx-platform#{big['number']}": True,
        f"github:openedx/edx-platform#{almost['number']}": False,
        f"github:openedx/xblock#{labelled['number']}": True,
        f"github:openedx/xblock#{other_label['number']}": False,
    }
    # The size is fetched only where the labels do not already decide.
    assert f"/repos/openedx/xblock/pulls/{labelled['number']}" not in org.paths()
    assert f"/repos/openedx/edx-platform/pulls/{big['number']}" in org.paths()


def test_a_403_rate_limit_waits_until_the_reset_time_then_goes_on(people, org, fake_time):
    for day in ("2024-01-01", "2024-01-02", "2024-01-03"):
        org.add_pull("edx-platform", "alice", day)
    org.add_pull("edx-platform", "bob", "2024-01-04")
    fake_time.now = now = real_now()
    org.script(
        "/search/issues",
        403,
        nth=1,  # Alice's second page
        headers={
            "X-RateLimit-Limit": "30",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": str(now + 42),
            "X-RateLimit-Used": "30",
            "X-RateLimit-Resource": "search",
        },
        body={
            "message": "API rate limit exceeded for user ID 1.",
            "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        },
    )
    seen_while_waiting = []

    def sleep(seconds):
        seen_while_waiting.append(importers.run_status(run.pk)["waiting_until"])
        fake_time.sleep(seconds)

    run = importers.queue_github_import(org="openedx")
    importers.run_import(run.pk, sleep=sleep, clock=fake_time.clock)
    run.refresh_from_db()

    # Until the reset second has passed on GitHub's clock: 42 s, and one more.
    assert fake_time.sleeps == [43]
    assert seen_while_waiting == [dt.datetime.fromtimestamp(now + 43, tz=dt.UTC).isoformat()]
    assert run.status == ImportRun.Status.DONE
    assert run.created_count == 4
    assert run.waiting_until is None
    # The refused page was asked again.
    assert searched_authors(org).count("alice") == 3


def test_a_429_with_retry_after_waits_that_long(people, org, fake_time):
    org.add_pull("edx-platform", "alice", "2024-01-01")
    org.add_pull("edx-platform", "bob", "2024-01-02")
    org.script(
        "/repos/openedx/edx-platform/pulls/",
        429,
        headers={"Retry-After": "7"},
        body={
            "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
        },
    )

    run = run_github(fake_time)

    assert fake_time.sleeps == [7]
    assert (run.status, run.created_count) == ("done", 2)


def test_a_used_up_search_budget_waits_before_the_next_search_only(people, org, fake_time):
    fake_time.now = now = real_now()
    org.add_pull("edx-platform", "alice", "2024-01-01")
    org.add_pull("edx-platform", "bob", "2024-01-02")
    org.extra_headers["/search/"] = {
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(now + 30),
        "X-RateLimit-Resource": "search",
    }

    run = run_github(fake_time)

    # Alice's search spent the budget: her pull request's size (core budget) is fetched at once,
    # Bob's search waits for the reset; after it, the budget is fresh again.
    assert fake_time.sleeps == [31]
    assert (run.status, run.created_count) == ("done", 2)
    assert len(org.paths("/search/issues")) == 3


def test_a_server_error_fails_the_run_keeps_what_was_imported_and_a_rerun_resumes(people, org, fake_time):
    alice = [org.add_pull("edx-platform", "alice", f"2024-01-0{day}") for day in (1, 2, 3)]
    org.add_pull("xblock", "bob", "2024-02-01")
    org.add_pull("xblock", "carol", "2024-03-01")
    org.script("/search/issues", 502, query="author:bob", body={"message": "Server Error"})

    run = importers.queue_github_import(org="openedx")
    with pytest.raises(importers.ImportFailed, match="GitHub answered 502"):
        importers.run_import(run.pk, sleep=fake_time.sleep, clock=fake_time.clock)
    run.refresh_from_db()

    assert run.status == ImportRun.Status.FAILED
    assert "GitHub answered 502 Bad Gateway to GET /search/issues: Server Error" in run.last_error
    assert run.cursor == {"next": "bob"}
    assert (run.processed, run.total, run.created_count) == (1, 3, 3)
    assert Contribution.objects.count() == 3
    failed = audit.events_for(run).get(verb="import.failed")
    assert failed.to_state == "failed" and "502" in failed.reason
    status = importers.run_status(run.pk)
    assert status["status"] == "failed" and status["last_error"] == run.last_error and status["created"] == 3

    # Again: GitHub answers this time; the run starts at Bob.
    before = len(org.requests)
    again = run_github(fake_time)
    assert again.status == ImportRun.Status.DONE
    assert again.resumed_from == run
    assert (again.processed_before, again.processed, again.created_count) == (1, 3, 2)
    assert "alice" not in [
        term for _, args, _ in org.requests[before:] if "q" in args for term in args["q"].split()
    ]
    assert Contribution.objects.count() == 5
    assert (
        Contribution.objects.filter(external_id=f"github:openedx/edx-platform#{alice[0]['number']}").count()
        == 1
    )

    # A later full run finds everything there: nothing created, no size asked again.
    before = len(org.requests)
    third = run_github(fake_time)
    assert third.resumed_from is None
    assert (third.created_count, third.skipped_count) == (0, 5)
    assert not [path for path, _, _ in org.requests[before:] if "/pulls/" in path]
    assert Contribution.objects.count() == 5


def test_a_server_error_in_the_middle_of_a_page_keeps_the_earlier_rows(people, org, fake_time):
    pulls = [org.add_pull("edx-platform", "alice", f"2024-01-0{day}") for day in (1, 2, 3)]
    org.script("/repos/openedx/edx-platform/pulls/", 500, nth=1)

    with pytest.raises(importers.ImportFailed, match="500 Internal Server Error"):
        run_github(fake_time)
    assert list(Contribution.objects.values_list("external_id", flat=True)) == [
        f"github:openedx/edx-platform#{pulls[0]['number']}"
    ]

    again = run_github(fake_time)
    assert (again.status, again.created_count, again.skipped_count) == ("done", 2, 1)
    assert Contribution.objects.count() == 3


def test_since_is_asked_of_github_and_checked_again(people, org, fake_time):
    org.add_pull("edx-platform", "alice", "2023-12-31")
    new = org.add_pull("edx-platform", "alice", "2024-01-01")
    out = StringIO()

    call_command("import_github", "--org", "openedx", "--since", "2024-01-01", "--no-progress", stdout=out)

    queries = [args["q"] for path, args, _ in org.requests if path == "/search/issues"]
    assert queries and all("merged:>=2024-01-01" in query for query in queries)
    assert list(Contribution.objects.values_list("external_id", flat=True)) == [
        f"github:openedx/edx-platform#{new['number']}"
    ]
    assert ImportRun.objects.get().params == {"org": "openedx", "since": "2024-01-01"}

    # A server that ignores the qualifier still gets nothing older imported.
    Contribution.objects.all().delete()
    org.ignore_since = True
    run = run_github(fake_time, since="2024-01-01")
    assert (run.created_count, run.skipped_count) == (1, 1)


def test_more_results_than_search_returns_are_fetched_by_date_ranges(people, org, fake_time, monkeypatch):
    monkeypatch.setattr(GitHubImporter, "SEARCH_CAP", 2)
    days = ("2015-03-01", "2018-06-01", "2021-09-01", "2023-01-01", "2024-05-01")
    for day in days:
        org.add_pull("edx-platform", "alice", day)

    run = run_github(fake_time)

    assert (run.created_count, run.error_count) == (5, 0)
    assert Contribution.objects.count() == 5
    ranged = [args["q"] for path, args, _ in org.requests if path == "/search/issues" and ".." in args["q"]]
    assert ranged and all("author:alice" in query for query in ranged)


def test_an_unknown_login_is_an_error_of_that_login_only(people, org, fake_time):
    org.add_pull("edx-platform", "alice", "2024-01-01")
    org.add_pull("edx-platform", "carol", "2024-01-01")
    org.script(
        "/search/issues",
        422,
        query="author:bob",
        body={
            "message": "Validation Failed",
            "errors": [
                {
                    "message": "The listed users cannot be searched either because the users do not exist "
                    "or you do not have permission to view the users.",
                    "resource": "Search",
                    "field": "q",
                    "code": "invalid",
                }
            ],
        },
    )

    run = run_github(fake_time)

    assert (run.status, run.created_count, run.error_count) == ("done", 2, 1)
    assert "“bob”" in run.last_error and "Validation Failed" in run.last_error
    assert importers.run_status(run.pk)["messages"] == [run.last_error]


def test_the_token_is_sent_as_a_bearer_token(people, org, fake_time, settings):
    settings.GITHUB_TOKEN = "ghp_test_token"
    org.add_pull("edx-platform", "alice", "2024-01-01")

    run_github(fake_time)

    assert {headers.get("Authorization") for _, _, headers in org.requests} == {"Bearer ghp_test_token"}
    assert {headers.get("X-Github-Api-Version") for _, _, headers in org.requests} == {"2022-11-28"}


def test_an_unknown_organization_fails_clearly(people, org, fake_time):
    with pytest.raises(importers.ImportFailed, match="GitHub has no organization “nobody”"):
        run_github(fake_time, org="nobody")
    assert ImportRun.objects.get().status == "failed"


def test_a_refused_token_fails_the_run(people, org, fake_time):
    org.script("/orgs/", 401, body={"message": "Bad credentials"})
    with pytest.raises(importers.ImportFailed, match=r"401 Unauthorized.*Bad credentials.*GITHUB_TOKEN"):
        run_github(fake_time)


def test_pagination_links_to_another_server_are_not_followed(people, org, fake_time):
    org.script(
        "/orgs/openedx/repos",
        200,
        headers={"Link": '<https://elsewhere.example/orgs/openedx/repos?page=2>; rel="next"'},
        body=[],
    )
    with pytest.raises(importers.ImportFailed, match="link to another server"):
        run_github(fake_time)
    assert not [headers for path, _, headers in org.requests if "elsewhere" in headers.get("Host", "")]


def test_run_status_reports_percent_and_time_left_while_running(people, org, fake_time):
    org.add_pull("edx-platform", "alice", "2024-01-01")
    snapshots = []

    run = run_github(fake_time, on_progress=lambda run: snapshots.append(importers.run_status(run.pk)))

    assert [snapshot["percent"] for snapshot in snapshots] == [0.0, 33.3, 66.7, 100.0]
    assert snapshots[0]["eta_seconds"] is None
    assert all(isinstance(snapshot["eta_seconds"], int) for snapshot in snapshots[1:])
    assert snapshots[-1]["eta_seconds"] == 0
    final = importers.run_status(run.pk)
    assert final["status"] == "done" and final["finished_ok"] and final["percent"] == 100.0
    assert final["eta_seconds"] is None and final["created"] == 1 and final["requests"] == 6
    assert final["finished"] and final["elapsed_seconds"] >= 0


def test_command_shows_progress_and_a_summary(people, org):
    org.add_pull("edx-platform", "alice", "2024-01-01")
    org.add_pull("edx-platform", "bob", "2024-01-02")
    out, err = StringIO(), StringIO()

    call_command("import_github", "--org", "openedx", stdout=out, stderr=err)

    run = ImportRun.objects.get()
    assert out.getvalue().strip() == (
        f"GitHub import #{run.pk} done: 3 of 3 logins, 2 created, 0 skipped, 0 errors, 7 requests."
    )
    assert "3/3" in err.getvalue() and f"GitHub import #{run.pk}" in err.getvalue()


def test_command_failure_says_what_happened_and_what_to_do(people, org):
    org.add_pull("edx-platform", "alice", "2024-01-01")
    org.script("/search/issues", 503, query="author:bob", body={"message": "Service Unavailable"})

    with pytest.raises(CommandError) as error:
        call_command(
            "import_github", "--org", "openedx", "--no-progress", stdout=StringIO(), stderr=StringIO()
        )

    message = str(error.value)
    assert "GitHub import #" in message and "failed: GitHub answered 503 Service Unavailable" in message
    assert "1 of 3 logins, 1 created" in message
    assert "run the command again to resume" in message
    assert Contribution.objects.count() == 1


def test_command_refuses_a_bad_date(people, org):
    with pytest.raises(CommandError, match="“last week” is not a date; use YYYY-MM-DD"):
        call_command("import_github", "--since", "last week", stdout=StringIO())
    assert not ImportRun.objects.exists()


def test_the_console_script_name_maps_to_the_command(monkeypatch, people, org):
    from django.db import connections

    from distinguished import manage

    org.add_pull("edx-platform", "alice", "2024-01-01")
    monkeypatch.setattr("sys.argv", ["distinguished", "import-github", "--org", "openedx", "--no-progress"])
    # A command run from argv closes the database connections when it ends; the test's own
    # connection (and its transaction) must outlive it on PostgreSQL and MariaDB.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    manage.main()
    assert Contribution.objects.count() == 1


def test_the_celery_task_runs_a_queued_run(people, org, admin_user):
    org.add_pull("edx-platform", "alice", "2024-01-01")
    run = importers.queue_github_import(org="openedx", since="2023-01-01", actor=admin_user)
    assert importers.run_status(run.pk)["status"] == "queued"

    status = tasks.import_github.delay(run.pk).get()

    assert status["id"] == run.pk and status["status"] == "done" and status["created"] == 1
    contribution = Contribution.objects.get()
    assert contribution.recorded_by == admin_user
    assert {event.actor_id for event in audit.events_for(run)} == {admin_user.pk}


def test_the_celery_task_starts_a_run_and_reports_a_failure_without_raising(people, org):
    org.add_pull("edx-platform", "alice", "2024-01-01")
    org.script("/search/issues", 500, query="author:bob")

    status = tasks.import_github.delay(org="openedx").get()

    assert status["status"] == "failed" and "500" in status["last_error"] and status["created"] == 1
    assert tasks.import_github.delay(org="openedx").get()["status"] == "done"
    assert Contribution.objects.count() == 1


def test_the_task_is_registered_under_its_name():
    from distinguished.celery import app

    assert "contributions.tasks.import_github" in app.tasks
    assert "contributions.tasks.import_forum" in app.tasks
