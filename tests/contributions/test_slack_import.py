"""The Slack import (issue 13) against exports built in the test (slack_exports.py): threaded
replies to someone else's question become forum answers of the people matched by Slack member ID or
e-mail, once; bots, system messages, one's own thread, edits and deletions do not count; people
not matched are listed; a second import adds nothing; a malformed export is a clear error with
nothing written — through the command, the API and the imports page."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from distinguished.audit.models import AuditEvent
from distinguished.contributions import api, slack_runs, tasks
from distinguished.contributions.models import Contribution, ImportFile, ImportRun

from ..factories import ContributorFactory
from .slack_exports import ADA_REPLY, QUESTION_ALAN, build_zip, slack_export, user, workspace

pytestmark = pytest.mark.django_db

API = "/api/v1/contributions/import/slack/"
PAGE = "/contributions/imports/"


@pytest.fixture
def people():
    """Ada is matched by e-mail (in another case), Grace by the Slack member ID on her profile (her
    e-mail on Slack is not the program's); Alan is not a contributor."""
    return {
        "ada": ContributorFactory(name="Ada Lovelace", email="ADA@example.org"),
        "grace": ContributorFactory(name="Grace Hopper", email="grace@example.org", slack_id="U0GRACE"),
    }


def answers():
    return Contribution.objects.filter(source="slack").order_by("date", "external_id")


def nothing_written():
    return not (
        ImportRun.objects.exists()
        or ImportFile.objects.exists()
        or Contribution.objects.exists()
        or AuditEvent.objects.filter(verb__startswith="import.").exists()
    )


def command(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_slack", str(path), "--no-progress", *args, stdout=out, stderr=err)
    return out.getvalue()


def write(tmp_path, content: bytes, name="export.zip"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


# --- What counts --------------------------------------------------------------------------------


def test_the_command_records_each_threaded_answer_once_and_lists_who_is_not_matched(tmp_path, people):
    out = command(write(tmp_path, workspace()))
    ada, grace = people["ada"], people["grace"]
    rows = list(answers())
    assert [(c.contributor_id, c.date, c.kind, c.verified) for c in rows] == [
        (ada.pk, dt.date(2025, 6, 1), "forum_answer", True),
        (grace.pk, dt.date(2025, 6, 1), "forum_answer", True),
        (ada.pk, dt.date(2025, 6, 2), "forum_answer", True),
        (grace.pk, dt.date(2025, 6, 2), "forum_answer", True),
    ]
    first = rows[0]
    assert first.external_id == f"slack:C0GENERAL:{ADA_REPLY}"
    assert first.title == "Slack answer in #general: How do I run the docs locally?"
    assert first.url == (
        f"https://openedx.slack.com/archives/C0GENERAL/p{ADA_REPLY.replace('.', '')}"
        f"?thread_ts={QUESTION_ALAN}&cid=C0GENERAL"
    )
    assert "6 answers found, 4 imported, 0 already there, 2 by people not matched" in out
    assert "U0ALAN  Alan Turing <alan@example.org>: 1 answers" in out
    assert "U0GHOST  (not in users.json): 1 answers" in out

    run = ImportRun.objects.get()
    status = api.slack_run_status(run)
    assert (status["status"], status["total"], status["processed"], status["percent"]) == (
        "done",
        3,
        3,
        100.0,
    )
    assert (status["answers"], status["created"], status["skipped"]) == (6, 4, 0)
    assert [(p["slack_id"], p["answers"]) for p in status["unmatched"]] == [("U0ALAN", 1), ("U0GHOST", 1)]
    assert {item["reason"]: item["messages"] for item in status["not_counted"]} == {
        "bot": 2,
        "system": 2,
        "not_a_reply": 4,
        "own_thread": 2,
        "edited": 1,
        "deleted": 1,
        "question_not_in_export": 1,
    }
    assert run.summary["ignored_folders"] == ["secret-team"]
    verbs = list(
        AuditEvent.objects.filter(object_type="contributions.importrun", object_id=str(run.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["import.queued", "import.started", "import.finished"]
    assert not ImportFile.objects.exists()  # the export is dropped once imported


def test_a_second_import_adds_nothing(tmp_path, people):
    path = write(tmp_path, workspace())
    command(path)
    out = command(path)
    assert answers().count() == 4
    assert "0 imported, 4 already there" in out
    second = ImportRun.objects.order_by("-pk").first()
    assert (second.created_count, second.skipped_count) == (0, 4)


def test_the_workspaces_email_wins_over_a_slack_id_typed_on_another_profile(tmp_path):
    """A profile's Slack ID is typed by its owner: someone who typed Ada's ID does not take Ada's
    answers when Slack's own users.json names her by an e-mail the program knows."""
    ContributorFactory(name="Claims Ada's ID", email="someone@example.org", slack_id="U0ADA")
    by_email = ContributorFactory(name="Ada by e-mail", email="ada@example.org")
    command(write(tmp_path, workspace()))
    assert set(answers().values_list("contributor_id", flat=True)) == {by_email.pk}


def test_the_slack_id_matches_when_the_workspaces_email_is_nobodys(tmp_path):
    by_id = ContributorFactory(name="By ID", email="someone@example.org", slack_id="U0ADA")
    command(write(tmp_path, workspace()))
    assert set(answers().values_list("contributor_id", flat=True)) == {by_id.pk}


def test_an_export_in_one_top_folder_and_another_workspace_address(tmp_path, people):
    content = slack_export(
        [user("U0ADA", "Ada", "ada@example.org"), user("U0ALAN", "Alan")],
        [("C1", "dev")],
        days={
            ("dev", 0): [
                {
                    "type": "message",
                    "user": "U0ALAN",
                    "text": "Q?",
                    "ts": "1748779300.000100",
                    "thread_ts": "1748779300.000100",
                },
                {
                    "type": "message",
                    "user": "U0ADA",
                    "text": "A",
                    "ts": "1748779310.000110",
                    "thread_ts": "1748779300.000100",
                },
            ]
        },
        prefix="Open edX Slack export Jun 1 2025/",
    )
    command(write(tmp_path, content), "--workspace-url", "https://example.slack.com/")
    assert answers().get().url.startswith("https://example.slack.com/archives/C1/p1748779310000110")


# --- Malformed exports: a clear error, nothing written ------------------------------------------


def zip_with(**files):
    return build_zip({"users.json": [], "channels.json": [], **files})


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("users.json", b"[]")
        archive.writestr("channels.json", b"[]")
        archive.writestr("general/2025-06-01.json", b"[" + b" " * (30 * 1024 * 1024) + b"]")
    return buffer.getvalue()


MALFORMED = {
    "not a zip": (b"users.json,channels.json\n", "not a zip archive"),
    "no users.json": (build_zip({"channels.json": []}), "has no users.json"),
    "no channels.json": (build_zip({"users.json": []}), "has no channels.json"),
    "bad JSON": (build_zip({"users.json": b"[{", "channels.json": []}), "users.json is not valid JSON"),
    "users not a list": (build_zip({"users.json": {"id": "U1"}, "channels.json": []}), "list of members"),
    "channel without a name": (build_zip({"users.json": [], "channels.json": [{"id": "C1"}]}), "“name”"),
    "bad day file": (
        build_zip(
            {"users.json": [], "channels.json": [{"id": "C1", "name": "dev"}], "dev/2025-06-01.json": b"[{]"}
        ),
        "dev/2025-06-01.json is not valid JSON",
    ),
    "day file not a list": (
        build_zip(
            {
                "users.json": [],
                "channels.json": [{"id": "C1", "name": "dev"}],
                "dev/2025-06-01.json": {"a": 1},
            }
        ),
        "should be a list of messages",
    ),
    "path traversal": (zip_with(**{"../../etc/passwd": b"x"}), "names a file outside itself"),
    "absolute name": (
        build_zip({"users.json": [], "channels.json": [], "/tmp/x.json": []}),
        "outside itself",
    ),
    "zip bomb": (bomb(), "looks like a zip bomb"),
    "nested too deeply": (
        build_zip({"users.json": b"[" * 50_000 + b"]" * 50_000, "channels.json": []}),
        "users.json is nested too deeply",
    ),
    "a number too long to read": (
        build_zip({"users.json": b"[" + b"1" * 5000 + b"]", "channels.json": []}),
        "users.json is not valid JSON",
    ),
    "a user that is not an id": (
        build_zip(
            {
                "users.json": [],
                "channels.json": [{"id": "C1", "name": "dev"}],
                "dev/2025-06-01.json": [{"type": "message", "user": {"id": "U1"}, "ts": "1748736000.000100"}],
            }
        ),
        "Message 1 of dev/2025-06-01.json has a “user” that is not text",
    ),
    "a timestamp that is not one": (
        build_zip(
            {
                "users.json": [],
                "channels.json": [{"id": "C1", "name": "dev"}],
                "dev/2025-06-01.json": [{"type": "message", "user": "U1", "ts": "1e20"}],
            }
        ),
        "is not a Slack timestamp",
    ),
}


@pytest.mark.parametrize(("content", "message"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_export_is_a_clear_error_and_writes_nothing(tmp_path, people, content, message):
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        command(write(tmp_path, content))
    assert message in str(error.value)
    assert nothing_written()


def test_an_export_that_unpacks_too_large_is_refused(tmp_path, settings):
    settings.SLACK_EXPORT_MAX_UNPACKED_BYTES = 1000
    with pytest.raises(CommandError, match="would unpack to"):
        command(write(tmp_path, workspace()))
    assert nothing_written()


def test_an_export_over_the_commands_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.SLACK_EXPORT_MAX_BYTES = 100
    with pytest.raises(CommandError, match="SLACK_EXPORT_MAX_BYTES"):
        command(write(tmp_path, workspace()))
    assert nothing_written()


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        command(tmp_path / "nowhere.zip")


# --- The API ------------------------------------------------------------------------------------


def upload(content: bytes, name="export.zip"):
    return SimpleUploadedFile(name, content, content_type="application/zip")


def test_the_api_answers_202_with_the_run_and_its_progress(client_for, admin_user, people):
    client = client_for(admin_user)
    response = client.post(API, {"file": upload(workspace())}, format="multipart")
    assert response.status_code == 202, response.content
    body = response.json()
    assert response["Location"] == body["progress"]
    assert (body["status"], body["created"], body["answers"], body["unmatched_people"]) == ("done", 4, 6, 2)
    followed = client.get(body["progress"]).json()
    assert followed["unmatched"][0] == {
        "slack_id": "U0ALAN",
        "name": "Alan Turing",
        "email": "alan@example.org",
        "answers": 1,
    }
    assert client.post(API, {"file": upload(workspace())}, format="multipart").json()["created"] == 0
    assert answers().count() == 4
    assert client.get(f"{API}999999/").status_code == 404


def test_the_api_refuses_a_malformed_export_with_a_400_naming_the_file(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post(API, {"file": upload(MALFORMED["path traversal"][0])}, format="multipart")
    assert response.status_code == 400
    assert "outside itself" in response.json()["file"][0]
    response = client.post(API, {"file": upload(workspace()), "workspace_url": "ftp://x"}, format="multipart")
    assert response.status_code == 400 and "workspace_url" in response.json()
    assert client.post(API, {}, format="multipart").status_code == 400
    assert nothing_written()


def test_the_api_refuses_a_file_over_the_limit_with_a_413(client_for, admin_user, settings):
    settings.IMPORT_MAX_BYTES = 200
    response = client_for(admin_user).post(API, {"file": upload(workspace())}, format="multipart")
    assert response.status_code == 413
    assert "Export a shorter period" in response.json()["detail"]
    assert nothing_written()


def test_only_program_admins_import(client_for, member, chair):
    for caller in (member, chair):
        assert (
            client_for(caller).post(API, {"file": upload(workspace())}, format="multipart").status_code == 403
        )
    assert client_for(None).post(API, {"file": upload(workspace())}, format="multipart").status_code == 401
    assert nothing_written()


# --- The page -----------------------------------------------------------------------------------


def test_the_imports_page_takes_an_export_and_shows_who_is_not_matched(client, admin_user, people):
    client.force_login(admin_user)
    assert "Upload a Slack export" in client.get(PAGE).text
    response = client.post(PAGE, {"action": "slack", "file": upload(workspace()), "workspace_url": ""})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?run={run.pk}"
    page = client.get(response["Location"]).text
    assert "Alan Turing" in page and "U0GHOST" in page and "alan@example.org" in page
    assert "another copy of an edited message" in page
    assert answers().count() == 4


def test_the_page_shows_a_malformed_export_again_with_the_reason(client, admin_user):
    client.force_login(admin_user)
    response = client.post(PAGE, {"action": "slack", "file": upload(b"not a zip")})
    assert response.status_code == 400
    assert "not a zip archive" in response.text
    assert nothing_written()


# --- Background: resume after a failure ---------------------------------------------------------


class WorkerKilled(BaseException):
    """Stands for the worker's process dying: no `except Exception` of the import sees it."""


def test_a_run_that_failed_midway_resumes_without_recording_anything_twice(
    client_for, admin_user, people, monkeypatch
):
    monkeypatch.setattr(slack_runs, "BATCH_FILES", 1)
    monkeypatch.setattr(tasks.import_slack, "delay", lambda *args: None)  # no broker: runs below
    run = api.queue_slack_import(admin_user, workspace(), name="export.zip")
    real_write = slack_runs._write
    calls = []

    def dies_on_the_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise WorkerKilled
        return real_write(*args, **kwargs)

    monkeypatch.setattr(slack_runs, "_write", dies_on_the_second_batch)
    with pytest.raises(WorkerKilled):
        api.run_slack_import(run.pk)
    monkeypatch.setattr(slack_runs, "_write", real_write)
    run.refresh_from_db()
    assert (run.status, run.processed, run.cursor) == ("running", 1, {"file": 1})
    ImportRun.objects.filter(pk=run.pk).update(updated=run.updated - dt.timedelta(hours=2))
    assert api.mark_stale_runs() == [run.pk]

    response = client_for(admin_user).post(f"{API}{run.pk}/resume/")
    assert response.status_code == 202, response.content
    resumed = ImportRun.objects.get(pk=response.json()["id"])
    api.run_slack_import(resumed.pk)
    resumed.refresh_from_db()
    assert (resumed.status, resumed.processed, resumed.created_count, resumed.resumed_from_id) == (
        "done",
        3,
        4,
        run.pk,
    )
    assert resumed.summary["unmatched_people"] == 2
    assert answers().count() == 4
    again = client_for(admin_user).post(f"{API}{run.pk}/resume/")
    assert again.status_code == 409
    assert client_for(admin_user).post(f"{API}{resumed.pk}/resume/").status_code == 400


def test_the_command_queues_for_a_worker_and_resumes_a_failed_run(tmp_path, people, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.import_slack, "delay", lambda *args: sent.append(args))
    out = command(write(tmp_path, workspace()), "--queue")
    run = ImportRun.objects.get()
    assert sent == [(run.pk,)] and run.status == "queued"
    assert f"/api/v1/contributions/import/slack/{run.pk}/" in out

    # Its worker died before it started: the periodic check fails it, the command goes on with it.
    ImportRun.objects.filter(pk=run.pk).update(updated=run.updated - dt.timedelta(days=1))
    assert api.mark_stale_runs() == [run.pk]
    out = io.StringIO()
    call_command("import_slack", "--resume", str(run.pk), "--no-progress", stdout=out, stderr=io.StringIO())
    assert "4 imported" in out.getvalue()
    assert ImportRun.objects.get(resumed_from=run).status == "done"
    with pytest.raises(CommandError, match="resumed already"):
        call_command("import_slack", "--resume", str(run.pk), "--no-progress")
    with pytest.raises(CommandError, match="no Slack import run #999999"):
        call_command("import_slack", "--resume", "999999", "--no-progress")
    with pytest.raises(CommandError, match="not both"):
        call_command("import_slack")
