"""`distinguished import-forum`: replies of known contributors on a Discourse forum, against a local
server speaking Discourse's user-actions API (see fake_servers.py), through the real httpx client."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from distinguished.audit import api as audit
from distinguished.contributions import importers, tasks
from distinguished.contributions.models import Contribution, ImportRun
from tests.factories import ContributorFactory


@pytest.fixture
def people(db):
    return {
        "alice": ContributorFactory(name="Alice", forum="Alice_F", github=""),
        "bob": ContributorFactory(name="Bob", forum="bob", github=""),
        # No forum username: never asked about.
        "carl": ContributorFactory(name="Carl", forum="", github="carl"),
    }


def run_forum(fake_time, *, url=None, since=None, **kwargs) -> ImportRun:
    run = importers.queue_forum_import(url=url, since=since)
    importers.run_import(run.pk, sleep=fake_time.sleep, clock=fake_time.clock, **kwargs)
    run.refresh_from_db()
    return run


def asked(discourse) -> list[tuple[str, str]]:
    return [
        (args["username"], args["offset"])
        for path, args, _ in discourse.requests
        if path == "/user_actions.json"
    ]


def test_replies_of_known_contributors_are_imported_page_by_page(people, discourse, fake_time):
    days = [f"2024-01-0{day}" for day in range(1, 8)]
    for day in days:
        discourse.add_reply("Alice_F", day)
    answer = discourse.add_reply(
        "bob", "2024-02-01", title="How do I enable the new discussions MFE?", post_number=4
    )
    discourse.add_reply("mallory", "2024-02-02")  # not a known contributor

    run = run_forum(fake_time)

    assert run.status == ImportRun.Status.DONE
    assert (run.created_count, run.skipped_count, run.error_count) == (8, 0, 0)
    assert (run.processed, run.total) == (2, 2)
    # Seven replies, three a page: offsets 0, 3, 6, then the empty page at 7.
    assert asked(discourse) == [
        ("alice_f", "0"),
        ("alice_f", "3"),
        ("alice_f", "6"),
        ("alice_f", "7"),
        ("bob", "0"),
        ("bob", "1"),
    ]
    assert all(args["filter"] == "5" for _, args, _ in discourse.requests)

    contribution = Contribution.objects.get(contributor=people["bob"])
    assert contribution.kind == "forum_answer" and contribution.source == "forum"
    assert contribution.title == "How do I enable the new discussions MFE?"
    assert contribution.date == dt.date(2024, 2, 1)
    assert contribution.external_id == f"forum:{answer['post_id']}"
    assert contribution.url == f"{discourse.url}/t/{answer['slug']}/{answer['topic_id']}/4"
    assert sorted(
        Contribution.objects.filter(contributor=people["alice"]).values_list("date", flat=True)
    ) == [dt.date.fromisoformat(day) for day in days]
    assert [event.verb for event in audit.events_for(run).order_by("id")] == [
        "import.started",
        "import.finished",
    ]


def test_what_is_not_a_public_reply_of_that_person_is_skipped(people, discourse, fake_time):
    kept = discourse.add_reply("bob", "2024-03-01")
    discourse.add_reply("bob", "2024-03-02", author="mallory")  # another poster's post
    discourse.add_reply("bob", "2024-03-03", category_id=None)  # a private message
    discourse.add_reply("bob", "2024-03-04", deleted=True)
    discourse.add_reply("bob", "2024-03-05", hidden=True)
    discourse.add_user("Alice_F")

    run = run_forum(fake_time)

    assert (run.created_count, run.skipped_count) == (1, 4)
    assert list(Contribution.objects.values_list("external_id", flat=True)) == [f"forum:{kept['post_id']}"]
    assert {username for username, _ in asked(discourse)} == {"alice_f", "bob"}


def test_a_429_waits_for_retry_after_then_goes_on(people, discourse, fake_time):
    for day in ("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"):
        discourse.add_reply("Alice_F", day)
    discourse.add_user("bob")
    discourse.script(
        "/user_actions.json",
        429,
        nth=1,
        headers={"Retry-After": "5"},
        body={
            "errors": [
                "You’ve performed this action too many times. Please wait 5 seconds before trying again."
            ],
            "error_type": "rate_limit",
            "extras": {"wait_seconds": 5, "time_left": "5 seconds"},
        },
    )

    run = run_forum(fake_time)

    assert fake_time.sleeps == [5]
    assert (run.status, run.created_count) == ("done", 4)
    assert asked(discourse).count(("alice_f", "3")) == 2


def test_a_429_without_retry_after_uses_the_wait_in_the_body(people, discourse, fake_time):
    discourse.add_reply("bob", "2024-01-01")
    discourse.add_user("Alice_F")
    discourse.script(
        "/user_actions.json",
        429,
        body={"errors": ["Slow down."], "error_type": "rate_limit", "extras": {"wait_seconds": 12}},
    )

    run = run_forum(fake_time)

    assert fake_time.sleeps == [12]
    assert run.created_count == 1


def test_a_server_error_fails_the_run_and_a_rerun_completes_without_duplicates(people, discourse, fake_time):
    for day in ("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"):
        discourse.add_reply("Alice_F", day)
    for day in ("2024-02-01", "2024-02-02"):
        discourse.add_reply("bob", day)
    discourse.script("/user_actions.json", 500, query="bob", body={"errors": ["Internal Server Error"]})

    with pytest.raises(importers.ImportFailed, match="The forum answered 500 Internal Server Error"):
        run_forum(fake_time)
    failed = ImportRun.objects.get()
    assert (failed.status, failed.created_count, failed.cursor) == ("failed", 4, {"next": "bob"})
    assert Contribution.objects.count() == 4
    assert audit.events_for(failed).filter(verb="import.failed").exists()

    again = run_forum(fake_time)
    assert (again.status, again.resumed_from, again.created_count) == ("done", failed, 2)
    assert Contribution.objects.count() == 6

    # Starting over instead of resuming imports nothing twice.
    third = run_forum(fake_time, resume=False)
    assert (third.created_count, third.skipped_count) == (0, 6)
    assert Contribution.objects.count() == 6
    assert Contribution.objects.values("external_id").distinct().count() == 6


def test_since_stops_paging_at_older_replies(people, discourse, fake_time):
    for day in (
        "2024-03-01",
        "2024-02-01",
        "2024-01-15",
        "2023-12-31",
        "2023-11-01",
        "2023-10-01",
        "2023-09-01",
    ):
        discourse.add_reply("Alice_F", day)
    discourse.add_user("bob")

    run = run_forum(fake_time, since="2024-01-01")

    assert run.created_count == 3
    assert sorted(Contribution.objects.values_list("date", flat=True)) == [
        dt.date(2024, 1, 15),
        dt.date(2024, 2, 1),
        dt.date(2024, 3, 1),
    ]
    # The second page reached 2023: no third page.
    assert asked(discourse) == [("alice_f", "0"), ("alice_f", "3"), ("bob", "0")]


def test_an_unknown_forum_user_is_an_error_of_that_user_only(people, discourse, fake_time):
    discourse.add_reply("bob", "2024-01-01")  # Alice_F is not on the forum

    run = run_forum(fake_time)

    assert (run.status, run.created_count, run.error_count) == ("done", 1, 1)
    assert "The forum has no user “alice_f”" in run.last_error


def test_api_key_headers_are_sent_when_configured(people, discourse, fake_time, settings):
    settings.DISCOURSE_API_KEY = "discourse-key"
    settings.DISCOURSE_API_USERNAME = "importer"
    discourse.add_reply("bob", "2024-01-01")
    discourse.add_user("Alice_F")

    run_forum(fake_time)

    sent = {(headers.get("Api-Key"), headers.get("Api-Username")) for _, _, headers in discourse.requests}
    assert sent == {("discourse-key", "importer")}


def test_without_a_key_no_key_headers_are_sent(people, discourse, fake_time):
    discourse.add_reply("bob", "2024-01-01")
    discourse.add_user("Alice_F")
    run_forum(fake_time)
    assert not [headers for _, _, headers in discourse.requests if "Api-Key" in headers]


def test_a_server_that_repeats_its_page_does_not_loop(people, discourse, fake_time, monkeypatch):
    discourse.add_reply("bob", "2024-01-01")
    discourse.add_user("Alice_F")
    original = discourse.route

    def ignore_offset(request):
        request.args = request.args.copy()
        request.args["offset"] = "0"
        return original(request)

    monkeypatch.setattr(discourse, "route", ignore_offset)

    run = run_forum(fake_time)

    assert (run.status, run.created_count, run.error_count) == ("done", 1, 1)
    assert "same page again" in run.last_error


def test_command_with_url_shows_progress_and_a_summary(people, discourse, settings):
    settings.DISCOURSE_URL = "https://forum.invalid"
    discourse.add_reply("Alice_F", "2024-01-01")
    discourse.add_reply("bob", "2024-01-02")
    out, err = StringIO(), StringIO()

    call_command("import_forum", "--url", discourse.url, stdout=out, stderr=err)

    run = ImportRun.objects.get()
    assert run.params == {"url": discourse.url, "since": None}
    assert out.getvalue().strip() == (
        f"Discourse forum import #{run.pk} done: 2 of 2 usernames, 2 created, 0 skipped, 0 errors, 4 requests."
    )
    assert "2/2" in err.getvalue()
    assert Contribution.objects.first().url.startswith(discourse.url + "/t/")


def test_command_failure_and_resume(people, discourse):
    discourse.add_reply("Alice_F", "2024-01-01")
    discourse.add_reply("bob", "2024-01-02")
    discourse.script("/user_actions.json", 503, query="bob", body={"errors": ["Down for maintenance"]})

    with pytest.raises(
        CommandError, match=r"failed: The forum answered 503 Service Unavailable .*Down for maintenance"
    ):
        call_command("import_forum", "--no-progress", stdout=StringIO(), stderr=StringIO())

    out = StringIO()
    call_command("import_forum", "--no-progress", stdout=out, stderr=StringIO())
    first = ImportRun.objects.order_by("id").first()
    assert f"done (resumed #{first.pk}): 2 of 2 usernames, 1 created" in out.getvalue()
    assert Contribution.objects.count() == 2


def test_command_refuses_a_bad_address(people):
    with pytest.raises(CommandError, match="not the http"):
        call_command("import_forum", "--url", "discuss.openedx.org", stdout=StringIO())


def test_the_celery_task_imports(people, discourse):
    discourse.add_reply("bob", "2024-01-01")
    discourse.add_user("Alice_F")

    status = tasks.import_forum.delay().get()

    assert status["status"] == "done" and status["created"] == 1 and status["percent"] == 100.0
    assert ImportRun.objects.get().params["url"] == discourse.url


def test_the_command_can_queue_the_celery_task(people, discourse):
    discourse.add_reply("bob", "2024-01-01")
    discourse.add_user("Alice_F")
    out = StringIO()

    call_command("import_forum", "--queue", stdout=out)

    run = ImportRun.objects.get()
    assert f"{run} queued" in out.getvalue()
    # Eager in the tests: the task has already run.
    assert importers.run_status(run.pk)["status"] == "done"
    assert Contribution.objects.count() == 1
