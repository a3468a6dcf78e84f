"""CSV imports as background runs (issue 11, item 7): the size limit (413, nothing written), the 202 with
the run and its progress address, the finished run's result, the periodic check that fails a run whose
worker died, and resuming it without importing a row twice."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from distinguished import celery_app
from distinguished.audit import api as audit
from distinguished.audit.models import AuditEvent
from distinguished.contributions import api, csv_import, tasks
from distinguished.contributions.csv_import import CsvImport
from distinguished.contributions.csv_runs import read_file, store_file
from distinguished.contributions.models import Contribution, ImportFile, ImportFileChunk, ImportRun

from ..factories import ContributorFactory, ImportRunFactory

pytestmark = pytest.mark.django_db

HEADER = "contributor,kind,date,title,url,quantity,major"
PAST = str(dt.date.today() - dt.timedelta(days=3))
URL = "/api/v1/contributions/import/"
PAGE = "/contributions/imports/"
MB = 1024 * 1024


@pytest.fixture
def ada(db):
    return ContributorFactory(email="ada@example.org", github="ada-l")


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def upload(content: bytes, name="contributions.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def talks(count: int, start: int = 0) -> list[str]:
    return [f"ada-l,talk,{PAST},Talk {i},,," for i in range(start, start + count)]


def twelve_rows() -> bytes:
    """Rows 2-13: ten distinct talks, one refused row (row 8) and one repeat of row 2 (row 13)."""
    rows = [*talks(6), "ada-l,tweet,2024-01-01,Not a kind,,,", *talks(4, start=6), *talks(1)]
    return csv_bytes(*rows)


def nothing_written():
    return not (
        ImportRun.objects.exists()
        or ImportFile.objects.exists()
        or Contribution.objects.exists()
        or AuditEvent.objects.filter(verb__startswith="import.").exists()
    )


class WorkerKilled(BaseException):
    """Stands for the worker's process dying: no `except Exception` of the import sees it."""


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(csv_import, "BATCH_SIZE", 3)


@pytest.fixture
def no_broker_yet(monkeypatch):
    """The task is sent to a broker (here: nowhere), so the run stays queued until run_csv_import."""
    sent = []
    monkeypatch.setattr(tasks.import_csv, "delay", lambda *args: sent.append(args))
    return sent


def kill_the_worker_at_write(monkeypatch, number: int, action=None):
    """The `number`-th batch write inside its transaction: rows inserted, not committed; then the
    worker dies (or `action` runs, e.g. another process marks the run failed)."""
    original = CsvImport._write
    calls = []

    def write(self, pending):
        result = original(self, pending)
        calls.append(1)
        if len(calls) == number:
            if action is None:
                raise WorkerKilled
            action()
        return result

    monkeypatch.setattr(CsvImport, "_write", write)


# --- The size limit ------------------------------------------------------------------------------


def test_an_upload_over_the_limit_is_a_413_in_the_api_and_writes_nothing(
    client_for, admin_user, ada, settings
):
    settings.IMPORT_MAX_BYTES = 200
    content = csv_bytes(*talks(10))
    assert len(content) > 200
    response = client_for(admin_user).post(URL, {"file": upload(content)}, format="multipart")
    assert response.status_code == 413
    assert list(response.json()) == ["detail"]
    assert response.json()["detail"].startswith(
        f"The file has {len(content)} bytes; an import may have up to 200 bytes."
    )
    assert nothing_written()


def test_a_file_of_exactly_the_limit_is_accepted(client_for, admin_user, ada, settings):
    content = csv_bytes(*talks(2))
    settings.IMPORT_MAX_BYTES = len(content)
    response = client_for(admin_user).post(URL, {"file": upload(content)}, format="multipart")
    assert response.status_code == 202
    assert response.json()["created"] == 2


def test_an_upload_over_the_limit_on_the_page_shows_the_form_with_a_413(client, admin_user, ada, settings):
    settings.IMPORT_MAX_BYTES = 200
    client.force_login(admin_user)
    response = client.post(PAGE, {"action": "csv", "file": upload(csv_bytes(*talks(10)))})
    assert response.status_code == 413
    html = response.content.decode()
    assert 'name="file"' in html and "errorlist" in html
    assert "an import may have up to" in html
    assert nothing_written()


def test_the_page_names_the_limit_in_megabytes(client, admin_user, settings):
    settings.IMPORT_MAX_BYTES = 20 * MB
    client.force_login(admin_user)
    assert "Up to 20 MB per file." in client.get(PAGE).content.decode()
    settings.IMPORT_MAX_BYTES = 5 * MB // 2
    assert "Up to 2.5 MB per file." in client.get(PAGE).content.decode()


def test_a_19_mb_upload_is_not_refused_by_djangos_own_limits(client_for, admin_user):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE and DATA_UPLOAD_MAX_MEMORY_SIZE, under IMPORT_MAX_BYTES: the
    # file reaches the import, which names its wrong header (a valid file this size would take a while).
    content = b"who,what\n" + b"x" * (19 * MB)
    response = client_for(admin_user).post(URL, {"file": upload(content)}, format="multipart")
    assert response.status_code == 400, response.content[:300]
    assert HEADER in response.json()["file"][0]
    assert nothing_written()


# --- 202, progress and the finished run -----------------------------------------------------------


def test_the_api_answers_202_with_the_run_then_the_progress_address_follows_it(
    client_for, admin_user, ada, no_broker_yet
):
    api_client = client_for(admin_user)
    response = api_client.post(URL, {"file": upload(twelve_rows(), "talks.csv")}, format="multipart")
    assert response.status_code == 202
    queued = response.json()
    run = ImportRun.objects.get()
    assert no_broker_yet == [(run.pk,)]
    assert (queued["id"], queued["run"], queued["status"], queued["file"]) == (
        run.pk,
        run.pk,
        "queued",
        "talks.csv",
    )
    assert (queued["total"], queued["processed"], queued["created"], queued["errors"]) == (12, 0, 0, [])
    assert queued["progress"] == f"http://testserver/api/v1/contributions/import/{run.pk}/"
    assert response["Location"] == queued["progress"]
    assert queued["page"].endswith(f"/contributions/imports/?run={run.pk}")
    assert api_client.get(queued["progress"]).json()["status"] == "queued"

    api.run_csv_import(run.pk)  # what the worker does

    done = api_client.get(queued["progress"]).json()
    assert (done["status"], done["processed"], done["total"], done["percent"]) == ("done", 12, 12, 100.0)
    # The contract of the import's answer, now in the finished run's body.
    assert (done["created"], done["skipped"], done["errors_total"]) == (10, 1, 1)
    assert done["errors"] == [{"row": 8, "error": done["errors"][0]["error"]}]
    assert "Unknown kind" in done["errors"][0]["error"]
    assert Contribution.objects.filter(source="csv").count() == 10
    verbs = [event.verb for event in reversed(audit.events_for(run))]
    assert verbs == ["import.queued", "import.started", "import.finished"]
    # Its file is no longer needed once it is done.
    assert not ImportFile.objects.exists() and not ImportFileChunk.objects.exists()


def test_the_page_follows_a_running_import_with_htmx(client, admin_user, ada, no_broker_yet):
    client.force_login(admin_user)
    response = client.post(PAGE, {"action": "csv", "file": upload(twelve_rows())})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?run={run.pk}"
    html = client.get(response["Location"]).content.decode()
    assert f'hx-get="/contributions/imports/{run.pk}/status/"' in html
    assert "(0 of 12 rows)" in html
    assert html.count(f'id="import-status-{run.pk}"') == 1
    api.run_csv_import(run.pk)
    panel = client.get(f"/contributions/imports/{run.pk}/status/").content.decode()
    assert "hx-trigger" not in panel
    assert "(12 of 12 rows)" in panel and '<td class="num">8</td>' in panel


def test_a_task_delivered_twice_imports_once(admin_user, ada):
    run = api.queue_csv_import(admin_user, twelve_rows())
    api.run_csv_import(run.pk)
    again = api.run_csv_import(run.pk)
    assert (again.status, again.created_count) == ("done", 10)
    assert Contribution.objects.count() == 10
    assert audit.events_for(run).filter(verb="import.started").count() == 1


def test_the_file_is_stored_in_chunks_and_read_back(monkeypatch):
    monkeypatch.setattr(ImportFile, "CHUNK_BYTES", 64)
    content = "".join(f"ada-l,talk,{PAST},Talk {i} {'é' * (i % 7)},,,\n" for i in range(200)).encode()
    stored = store_file(content, "big.csv")
    assert ImportFileChunk.objects.filter(file=stored).count() > 2
    assert read_file(stored.pk) == content
    assert stored.size == len(content)


# --- A worker that dies: the periodic check and resuming ----------------------------------------


def test_a_killed_run_is_found_stale_marked_failed_and_resumed_without_duplicates(
    client_for, admin_user, ada, small_batches, monkeypatch, settings
):
    settings.IMPORT_STALE_SECONDS = 600
    run = api.queue_csv_import(admin_user, twelve_rows(), name="talks.csv")
    kill_the_worker_at_write(monkeypatch, 3)
    with pytest.raises(WorkerKilled):
        api.run_csv_import(run.pk)
    monkeypatch.undo()
    run.refresh_from_db()
    # Two batches of three rows were committed with their progress; the third died before its commit.
    assert (run.status, run.processed, run.cursor, run.created_count) == ("running", 6, {"row": 8}, 6)
    assert Contribution.objects.count() == 6

    assert api.mark_stale_runs() == []  # its heartbeat is fresh
    later = timezone.now() + dt.timedelta(seconds=601)
    assert api.mark_stale_runs(now=later) == [run.pk]
    run.refresh_from_db()
    assert run.status == "failed" and "No progress since" in run.last_error
    failure = audit.events_for(run).get(verb="import.failed")
    assert (failure.actor_id, failure.actor_name, failure.from_state) == (None, "system", "running")
    assert api.mark_stale_runs(now=later) == []

    response = client_for(admin_user).post(f"{URL}{run.pk}/resume/")
    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["resumed_from"], body["total"], body["processed"]) == (
        "done",
        run.pk,
        12,
        12,
    )
    assert (body["created"], body["skipped"], body["errors_total"]) == (10, 1, 1)
    assert [error["row"] for error in body["errors"]] == [8]
    rows = Contribution.objects.filter(source="csv")
    assert rows.count() == 10
    assert rows.values("external_id").distinct().count() == 10
    assert sorted(rows.values_list("title", flat=True)) == sorted(f"Talk {i}" for i in range(10))

    # Once resumed, the failed run has handed its file on: it cannot be resumed twice.
    again = client_for(admin_user).post(f"{URL}{run.pk}/resume/")
    assert again.status_code == 409
    assert f"#{body['id']}" in again.json()["detail"]


def test_a_queued_run_no_worker_took_is_marked_failed_and_can_be_sent_again(
    client_for, admin_user, ada, settings
):
    settings.IMPORT_STALE_SECONDS = 600
    run = api.queue_csv_import(admin_user, twelve_rows(), name="talks.csv")  # its task never sent
    # A busy worker may keep it queued a while: four times the patience of a running run.
    assert api.mark_stale_runs(now=timezone.now() + dt.timedelta(seconds=601)) == []
    later = timezone.now() + dt.timedelta(seconds=4 * 600 + 1)
    assert api.mark_stale_runs(now=later) == [run.pk]
    run.refresh_from_db()
    assert run.status == "failed" and "never started" in run.last_error
    assert Contribution.objects.count() == 0
    response = client_for(admin_user).post(f"{URL}{run.pk}/resume/")
    assert response.status_code == 202
    assert (response.json()["status"], response.json()["created"]) == ("done", 10)


def test_a_worker_whose_run_was_marked_failed_stops_and_writes_no_more(
    admin_user, ada, small_batches, monkeypatch
):
    run = api.queue_csv_import(admin_user, twelve_rows())
    original = CsvImport.check
    checked = []

    def check(self, row):
        checked.append(row)
        if len(checked) == 4:
            # Between two batches, another process's periodic check marks the run failed.
            ImportRun.objects.filter(pk=run.pk).update(status="failed", last_error="No progress since …")
        return original(self, row)

    monkeypatch.setattr(CsvImport, "check", check)
    stopped = api.run_csv_import(run.pk)
    monkeypatch.undo()
    assert stopped.status == "failed"
    # The second batch was rolled back: only the first one is there, as the run says.
    assert Contribution.objects.count() == 3
    assert (stopped.processed, stopped.cursor) == (3, {"row": 5})
    resumed = api.run_csv_import(api.resume_csv_import(admin_user, run.pk).pk)
    assert (resumed.status, resumed.created_count, resumed.skipped_count) == ("done", 10, 1)
    assert Contribution.objects.count() == 10


def test_an_unexpected_error_fails_the_run_with_its_cursor_and_it_resumes(
    admin_user, ada, small_batches, monkeypatch
):
    run = api.queue_csv_import(admin_user, twelve_rows())

    def broken():
        raise RuntimeError("disk full")

    kill_the_worker_at_write(monkeypatch, 2, action=broken)
    failed = api.run_csv_import(run.pk)  # recorded, not raised
    monkeypatch.undo()
    assert failed.status == "failed"
    assert "RuntimeError: disk full" in failed.last_error and "before row 5" in failed.last_error
    assert ImportFile.objects.filter(pk=failed.file_id).exists()
    resumed = api.run_csv_import(api.resume_csv_import(admin_user, run.pk).pk)
    assert (resumed.created_count, resumed.error_count) == (10, 1)
    assert Contribution.objects.count() == 10


def test_only_a_failed_run_is_resumed(client_for, admin_user, ada):
    run = api.queue_csv_import(admin_user, twelve_rows())
    response = client_for(admin_user).post(f"{URL}{run.pk}/resume/")
    assert response.status_code == 400
    assert "only a failed import" in str(response.json())
    assert ImportRun.objects.count() == 1


def test_the_stale_check_leaves_live_and_waiting_runs_alone(settings):
    settings.IMPORT_STALE_SECONDS = 600
    now = timezone.now()
    waiting = ImportRunFactory(
        source="github", status="running", waiting_until=now + dt.timedelta(minutes=30)
    )
    queued = ImportRunFactory(source="csv", status="queued")
    dead = ImportRunFactory(source="forum", status="running")
    assert api.mark_stale_runs(now=now + dt.timedelta(seconds=601)) == [dead.pk]
    assert ImportRun.objects.get(pk=waiting.pk).status == "running"
    assert ImportRun.objects.get(pk=queued.pk).status == "queued"


def test_the_command_and_the_beat_schedule_run_the_check(settings, capsys):
    settings.IMPORT_STALE_SECONDS = 0
    run = ImportRunFactory(source="csv", status="running")
    ImportRun.objects.filter(pk=run.pk).update(updated=timezone.now() - dt.timedelta(seconds=5))
    call_command("mark_stale_imports")
    assert f"1 stale import run marked failed: #{run.pk}." in capsys.readouterr().out
    call_command("mark_stale_imports")
    assert "No stale import run." in capsys.readouterr().out
    entry = settings.CELERY_BEAT_SCHEDULE["stale-imports"]
    assert entry["schedule"] <= 15 * 60
    assert entry["task"] in celery_app.tasks


def test_the_page_resumes_a_failed_run(client, admin_user, ada, small_batches, monkeypatch):
    run = api.queue_csv_import(admin_user, twelve_rows())
    kill_the_worker_at_write(monkeypatch, 2)
    with pytest.raises(WorkerKilled):
        api.run_csv_import(run.pk)
    monkeypatch.undo()
    api.mark_stale_runs(now=timezone.now() + dt.timedelta(days=1))
    client.force_login(admin_user)
    html = client.get(PAGE).content.decode()
    assert f'name="run" value="{run.pk}"' in html and f"Resume import #{run.pk}" in html
    response = client.post(PAGE, {"action": "resume", "run": run.pk})
    new = ImportRun.objects.get(resumed_from=run)
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?run={new.pk}"
    assert new.status == "done" and Contribution.objects.count() == 10
    refused = client.post(PAGE, {"action": "resume", "run": run.pk})
    assert refused.status_code == 409
    assert f"resumed already as #{new.pk}" in refused.content.decode()


# --- Who may, what is hidden, bad files, queries -------------------------------------------------


def test_only_program_admins_import_follow_and_resume(client_for, client, member, admin_user, ada):
    run = api.queue_csv_import(admin_user, twelve_rows())
    for user, code in ((member, 403), (None, 401)):
        caller = client_for(user)
        assert caller.post(URL, {"file": upload(twelve_rows())}, format="multipart").status_code == code
        assert caller.get(f"{URL}{run.pk}/").status_code == code
        assert caller.post(f"{URL}{run.pk}/resume/").status_code == code
    assert ImportRun.objects.count() == 1
    client.force_login(member)
    assert client.get(f"{PAGE}?run={run.pk}").status_code == 403
    assert client.post(PAGE, {"action": "resume", "run": run.pk}).status_code == 403


def test_unknown_runs_and_other_sources_are_404(client_for, client, admin_user):
    github = ImportRunFactory(source="github", status="done")
    caller = client_for(admin_user)
    for pk in (github.pk, 999999):
        assert caller.get(f"{URL}{pk}/").status_code == 404
        assert caller.post(f"{URL}{pk}/resume/").status_code == 404
    client.force_login(admin_user)
    assert client.get(f"{PAGE}?run=999999").status_code == 404


def test_an_unreadable_file_is_a_400_and_writes_nothing(client_for, client, admin_user):
    response = client_for(admin_user).post(URL, {"file": upload(b"\x00\x01binary")}, format="multipart")
    assert response.status_code == 400 and "not text" in response.json()["file"][0]
    client.force_login(admin_user)
    page = client.post(PAGE, {"action": "csv", "file": upload(b"a,b\n1,2\n")})
    assert page.status_code == 400 and HEADER in page.content.decode()
    assert nothing_written()


def test_the_run_status_endpoint_makes_a_flat_number_of_queries(
    client_for, admin_user, ada, django_assert_num_queries
):
    small = api.queue_csv_import(admin_user, twelve_rows())
    big = api.queue_csv_import(
        admin_user, csv_bytes(*[f"nobody{i}@example.org,talk,{PAST},X,,," for i in range(1500)])
    )
    api.run_csv_import(small.pk)
    api.run_csv_import(big.pk)
    assert ImportRun.objects.get(pk=big.pk).error_count == 1500
    caller = client_for(admin_user)
    caller.get(f"{URL}{small.pk}/")  # the caller's roles, read once and kept on the user
    with django_assert_num_queries(1):
        assert len(caller.get(f"{URL}{small.pk}/").json()["errors"]) == 1
    with django_assert_num_queries(1):
        assert len(caller.get(f"{URL}{big.pk}/").json()["errors"]) == 1000
    with CaptureQueriesContext(connection) as queries:
        caller.get(f"{URL}{big.pk}/")
    assert "contributions_importfilechunk" not in " ".join(q["sql"] for q in queries.captured_queries)
