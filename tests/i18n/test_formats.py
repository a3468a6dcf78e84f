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
