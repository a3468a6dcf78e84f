"""Words a page hands its scripts come translated: the name tables.js gives a table that scrolls
sideways (read from the page's <body>) is in the reader's language."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_the_table_words_tables_js_reads_are_in_the_readers_language(client, language):
    page = client.get("/program/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    with translation.override(language):
        table = translation.gettext("Table")
        scrolls = translation.gettext("%(name)s (scrolls sideways)") % {"name": "{name}"}
    assert table != "Table" and "{name}" in scrolls and "scrolls sideways" not in scrolls
    assert f'data-table-name="{table}"' in page
    assert f'data-scrolls-sideways="{scrolls}"' in page
