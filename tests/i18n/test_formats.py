"""Dates are written the way each language writes them (issue 17): English as the program writes
them, day first; French, Spanish and Arabic by Django's formats for them."""

import datetime as dt

import pytest
from django.utils import translation

from distinguished.program import api as program
from tests.factories import CycleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "15 April 2027"),
        ("fr", "15 avril 2027"),
        ("es", "15 de abril de 2027"),
        ("ar", "15 إبريل، 2027"),
    ],
)
def test_a_cycle_page_writes_its_dates_in_the_readers_language(client, language, written):
    cycle = CycleFactory(
        slug="dated", nominations_open=dt.date(2027, 4, 1), nominations_close=dt.date(2027, 4, 15)
    )
    page = client.get(f"/cycles/{cycle.slug}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert written in page
    with translation.override(language):
        assert program.human(dt.date(2027, 4, 15)) == written


def test_a_progress_bars_value_stays_a_number_in_every_language():
    """`<progress value>` is read by the browser, not by people: 42.5 in French too, never 42,5."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    run = SimpleNamespace(
        id=7,
        status="running",
        percent=42.5,
        total=0,
        processed=0,
        source="csv",
        eta_seconds=None,
        waiting_until=None,
    )
    with translation.override("fr"):
        html = render_to_string(
            "contributions/_import_status.html", {"run": run, "active": ("queued", "running")}
        )
    assert 'value="42.5"' in html
    assert "42,5 %" in html  # what people read is in French


def test_an_import_task_writes_its_stored_texts_in_the_sites_language():
    """A page that runs an import eagerly runs it in English, as a worker would: its messages and
    audit reason are stored, not the starting admin's language."""
    from django.utils.translation import gettext

    from distinguished.contributions import tasks

    with translation.override("fr"):
        assert gettext("Language") != "Language"
        assert tasks.in_site_language(lambda: gettext("Language"))() == "Language"
        assert translation.get_language() == "fr"
