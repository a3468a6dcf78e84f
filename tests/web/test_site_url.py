"""SITE_URL is where every link in e-mails and credentials leads: `make run PORT=…` sets it to the
address it serves, and the development server warns once when it answers at another address."""

import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.test import RequestFactory

from distinguished.core.site_url import WarnOfAnotherHost, origin_of

from ..conftest import PASSWORD
from ..factories import UserFactory

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"
EMAIL_TEMPLATES = (
    Path(__file__).resolve().parents[2] / "distinguished/notifications/templates/notifications/email"
)


# --- make run ------------------------------------------------------------------------------------


@pytest.fixture
def fake_make_run(tmp_path):
    """`make run` with a `distinguished` that prints the SITE_URL it was started with, run in an
    empty folder (its own .env) and without installing anything (STAMP empty)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "distinguished"
    fake.write_text('#!/bin/sh\necho "SITE_URL=$SITE_URL $1"\n')
    fake.chmod(0o755)
    work = tmp_path / "work"
    work.mkdir()

    def run(*args, env=None):
        environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | (env or {})
        result = subprocess.run(
            ["make", "-s", "-C", str(work), "-f", str(MAKEFILE), "run", f"BIN={bin_dir}", "STAMP=", *args],
            capture_output=True,
            text=True,
            env=environment,
            check=True,
        )
        served = [line for line in result.stdout.splitlines() if line.endswith(" runserver")]
        return served[0].split()[0].removeprefix("SITE_URL=")

    run.work = work
    return run


def test_make_run_sets_site_url_to_the_port_it_serves(fake_make_run):
    assert fake_make_run("PORT=8101") == "http://127.0.0.1:8101"
    assert fake_make_run("HOST=localhost", "PORT=8102") == "http://localhost:8102"


def test_make_run_keeps_a_site_url_set_elsewhere(fake_make_run):
    assert (
        fake_make_run("PORT=8101", env={"SITE_URL": "https://dcp.example.org"}) == "https://dcp.example.org"
    )
    assert fake_make_run("PORT=8101", "SITE_URL=http://other.example") == "http://other.example"
    (fake_make_run.work / ".env").write_text("SITE_URL=https://from-dotenv.example\n")
    # The Makefile exports nothing, so the server reads .env itself.
    assert fake_make_run("PORT=8101") == ""


# --- the development server's warning ----------------------------------------------------------


def test_origin_of_drops_default_ports_and_case():
    assert origin_of("HTTP://LocalHost:80/x") == "http://localhost"
    assert origin_of("https://dcp.example.org:443") == "https://dcp.example.org"
    assert origin_of("http://127.0.0.1:8101/") == "http://127.0.0.1:8101"
    assert origin_of("http://[::1]:8000") == "http://[::1]:8000"


def _middleware():
    return WarnOfAnotherHost(lambda request: HttpResponse("ok"))


def test_the_warning_is_off_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(MiddlewareNotUsed):
        _middleware()


def test_a_host_site_url_does_not_name_is_warned_of_once(settings, caplog):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["*"]
    middleware = _middleware()
    factory = RequestFactory()
    with caplog.at_level(logging.WARNING, logger="distinguished.site_url"):
        first = factory.get("/", HTTP_HOST="127.0.0.1:8101")
        middleware(first)
        middleware(factory.get("/cycles/", HTTP_HOST="127.0.0.1:8101"))
        named = factory.get("/", HTTP_HOST="127.0.0.1:8000")
        middleware(named)
    warnings = [r.getMessage() for r in caplog.records if r.name == "distinguished.site_url"]
    assert warnings == [
        "This server answers at http://127.0.0.1:8101 but SITE_URL is http://127.0.0.1:8000: links in "
        "e-mails and credentials point to http://127.0.0.1:8000. Set SITE_URL=http://127.0.0.1:8101 "
        "(make run sets it from HOST and PORT)."
    ]
    assert first.site_url_mismatch == {"served": "http://127.0.0.1:8101", "site_url": "http://127.0.0.1:8000"}
    assert not hasattr(named, "site_url_mismatch")
    # Another address is warned of too, once.
    with caplog.at_level(logging.WARNING, logger="distinguished.site_url"):
        middleware(factory.get("/", HTTP_HOST="localhost:8101"))
        middleware(factory.get("/", HTTP_HOST="localhost:8101"))
    assert len([r for r in caplog.records if r.name == "distinguished.site_url"]) == 2


def test_development_settings_install_the_warning():
    from distinguished.settings import dev

    assert "distinguished.core.site_url.WarnOfAnotherHost" in dev.MIDDLEWARE


@pytest.mark.django_db
@pytest.mark.parametrize(("roles", "shown"), [(["admin"], True), (["chair"], False), ([], False)])
def test_an_admin_sees_the_banner_on_a_mismatched_host(client, settings, roles, shown):
    settings.DEBUG = True
    settings.SITE_URL = "http://dcp.example.org"
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "distinguished.core.site_url.WarnOfAnotherHost"]
    user = UserFactory(roles=roles)
    client.login(username=user.username, password=PASSWORD)
    body = client.get("/").content.decode()
    assert ("this page came from http://testserver" in body) is shown
    settings.SITE_URL = "http://testserver"
    assert "this page came from" not in client.get("/").content.decode()


# --- e-mails -----------------------------------------------------------------------------------

LINK = re.compile(r"\{\{\s*(\w*(link|path)\w*)\s*\}\}|(?<![\w}])/(review|program|nominations|cycles)/")


@pytest.mark.parametrize("template", sorted(EMAIL_TEMPLATES.glob("*/*.txt")), ids=lambda p: p.parent.name)
def test_every_link_in_an_email_template_starts_with_site_url(template):
    """A link is `{{ site_url }}` followed by a path: never a host written in the template, nor a
    path without the site before it."""
    text = template.read_text()
    assert not re.search(r"https?://", text), f"{template}: a host written in the template"
    for match in LINK.finditer(text):
        assert text[: match.start()].endswith("{{ site_url }}"), (
            f"{template.parent.name}/{template.name}: “{match.group(0)}” without {{{{ site_url }}}} before it"
        )


@pytest.mark.django_db
def test_an_email_sent_from_a_page_links_to_site_url_not_to_the_host_that_served_it(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from ..factories import DraftNominationFactory

    settings.SITE_URL = "https://dcp.example.test"
    nomination = DraftNominationFactory()
    client.force_login(nomination.nominator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/nominations/{nomination.pk}/endorsement-requests/",
            {"emails": "someone.new@example.org"},
            HTTP_HOST="localhost",
        )
    assert response.status_code == 302
    links = [link for message in mailoutbox for link in re.findall(r"https?://\S+", message.body)]
    assert links and all(link.startswith("https://dcp.example.test/") for link in links), links
