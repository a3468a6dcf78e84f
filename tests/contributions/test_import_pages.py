"""The imports page (program admins): CSV upload, starting GitHub and forum runs, and the live status
panel that htmx polls while a run is going."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from distinguished.contributions import importers, tasks
from distinguished.contributions.models import Contribution, ImportRun

from ..factories import ContributorFactory, ImportRunFactory

pytestmark = pytest.mark.django_db

PAGE = "/contributions/imports/"
PAST = str(dt.date.today() - dt.timedelta(days=5))
HEADER = "contributor,kind,date,title,url,quantity,major"


def status_url(run_id) -> str:
    return f"/contributions/imports/{run_id}/status/"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def csv_upload(*rows, header=HEADER):
    content = ("\n".join([header, *rows]) + "\n").encode()
    return SimpleUploadedFile("contributions.csv", content, content_type="text/csv")


def test_the_page_is_for_program_admins(client, member):
    assert client.get(PAGE).status_code == 302
    client.force_login(member)
    assert client.get(PAGE).status_code == 403
    assert client.get(status_url(1)).status_code == 403


def test_admins_see_the_page_in_the_navigation_with_the_eager_notice(admin_client, settings):
    settings.CELERY_BROKER_URL = ""
    response = admin_client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/contributions/imports/"' in html
    assert "CELERY_BROKER_URL" in html
    assert "<script>" not in html.split("</head>", 1)[1]
    assert "style=" not in html


def test_uploading_a_csv_shows_the_result(admin_client):
    ContributorFactory(email="ada@example.org", github="ada")
    upload = csv_upload(
        f"ada@example.org,talk,{PAST},A talk,https://example.org/t,,",
        f"ada,tweet,{PAST},A tweet,,,",
        f"ada,mentorship,{PAST},Mentoring,,-1,",
    )
    response = admin_client.post(PAGE, {"action": "csv", "file": upload})
    run = ImportRun.objects.get(source="csv")
    # The upload leads to the page that follows its run (which, without a broker, is done already).
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?run={run.pk}"
    html = admin_client.get(response["Location"]).content.decode()
    assert "Created <strong>1</strong>, skipped <strong>0</strong>, errors <strong>2</strong>" in html
    assert "(3 of 3 rows)" in html
    assert '<td class="num">3</td>' in html and '<td class="num">4</td>' in html
    assert "Unknown kind" in html
    assert Contribution.objects.filter(source="csv").count() == 1
    assert run.status == "done"


def test_an_unreadable_upload_is_refused_and_writes_nothing(admin_client):
    response = admin_client.post(PAGE, {"action": "csv", "file": csv_upload(header="a,b,c")})
    assert response.status_code == 400
    assert HEADER in response.content.decode()
    assert not ImportRun.objects.exists()


def test_starting_a_github_import_queues_a_run_and_sends_the_task(admin_client, admin_user, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.import_github, "delay", lambda *args, **kwargs: sent.append(args))
    response = admin_client.post(PAGE, {"action": "github", "org": "openedx", "since": "2024-01-01"})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.source, run.params, run.started_by_id) == (
        "github",
        {"org": "openedx", "since": "2024-01-01"},
        admin_user.pk,
    )
    assert sent == [(run.pk,)]
    page = admin_client.get(PAGE).content.decode()
    assert f'hx-get="{status_url(run.pk)}"' in page
    assert 'hx-trigger="every 2s"' in page


def test_starting_a_forum_import_sends_its_task(admin_client, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.import_forum, "delay", lambda *args, **kwargs: sent.append(args))
    response = admin_client.post(PAGE, {"action": "forum", "url": "https://discuss.example.org", "since": ""})
    assert response.status_code == 302
    run = ImportRun.objects.get(source="forum")
    assert sent == [(run.pk,)]


def test_a_bad_organization_is_shown_and_nothing_queued(admin_client, monkeypatch):
    monkeypatch.setattr(tasks.import_github, "delay", lambda *args, **kwargs: pytest.fail("sent"))
    response = admin_client.post(PAGE, {"action": "github", "org": "not a name!", "since": ""})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_an_eager_github_import_runs_in_the_request(admin_client, github):
    github.add_repo("edx-platform")
    ContributorFactory(github="alice")
    github.add_pull("edx-platform", "alice", "2025-03-01", title="Fix it")
    response = admin_client.post(PAGE, {"action": "github", "org": "openedx", "since": ""}, follow=True)
    assert response.status_code == 200
    run = ImportRun.objects.get()
    assert run.status == "done"
    assert Contribution.objects.filter(source="github").count() == 1
    assert 'hx-trigger="every 2s"' not in response.content.decode()


def running_run(**fields) -> ImportRun:
    return ImportRunFactory(
        source="github",
        params={"org": "openedx", "since": None},
        status="running",
        started=timezone.now() - dt.timedelta(seconds=30),
        total=10,
        processed=4,
        created_count=7,
        skipped_count=2,
        error_count=1,
        messages=["Login “ghost” is unknown to GitHub."],
        **fields,
    )


def test_the_status_partial_shows_the_counts_and_keeps_polling_while_running(admin_client):
    run = running_run()
    response = admin_client.get(status_url(run.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Created <strong>7</strong>, skipped <strong>2</strong>, errors <strong>1</strong>" in html
    assert "40.0 %" in html and "(4 of 10)" in html
    assert "s left" in html
    assert "ghost" in html
    assert 'hx-trigger="every 2s"' in html


def test_the_status_partial_stops_polling_when_the_run_is_finished(admin_client):
    run = running_run()
    ImportRun.objects.filter(pk=run.pk).update(status="done", processed=10, finished=timezone.now())
    html = admin_client.get(status_url(run.pk)).content.decode()
    assert "hx-trigger" not in html and "hx-get" not in html
    assert "100.0 %" in html


def test_the_status_partial_of_an_unknown_run_is_404(admin_client):
    assert admin_client.get(status_url(999999)).status_code == 404


def test_the_status_partial_makes_a_flat_number_of_queries(admin_client):
    small = running_run()
    big = running_run()
    ImportRun.objects.filter(pk=big.pk).update(
        messages=[f"Problem {i}" for i in range(50)], total=5000, processed=2500, error_count=50
    )
    admin_client.get(status_url(small.pk))  # warm up the session
    with CaptureQueriesContext(connection) as first:
        assert admin_client.get(status_url(small.pk)).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert admin_client.get(status_url(big.pk)).status_code == 200
    assert len(first) == len(second) <= 6


def test_the_page_lists_runs_with_a_panel_only_for_active_ones(admin_client):
    active = running_run()
    done = ImportRunFactory(source="forum", status="done", created_count=3)
    html = admin_client.get(PAGE).content.decode()
    assert f'id="import-status-{active.pk}"' in html
    assert f'id="import-status-{done.pk}"' not in html
    assert "Created 3" in html
    assert importers.run_status(active.pk)["status"] == "running"


def test_every_field_on_the_imports_page_has_its_own_id(admin_client):
    html = admin_client.get(PAGE).content.decode()
    ids = re.findall(r'<input[^>]* id="([^"]+)"', html)
    assert ids and len(ids) == len(set(ids))
    assert 'for="id_github_since"' in html and 'for="id_forum_since"' in html
