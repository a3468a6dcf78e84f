"""Every page in French, Spanish and Arabic, with no English left over (issue 17): each page of the
site (every GET route of the permission matrix's walk, filled from its world) is read in each
language by an admin, a chair and an anonymous visitor, and its text (text nodes and the attributes
people read) is compared with the English catalog. A text that is an English message the catalog
translates, or a run of three words or more of one, is English left over: a string not marked, not
translated, or shown from outside the catalog."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from distinguished.core.catalogs import PLACEHOLDER, TAG

from ..permission_matrix import fixtures, walker
from ..permission_matrix.table import TABLE
from ..permission_matrix.world import STATES

LOCALE = Path(__file__).resolve().parents[2] / "distinguished" / "locale"
LANGUAGES = ("fr", "es", "ar")
READERS = ("admin", "chair", "anonymous")
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
SKIPPED_TAGS = {"script", "style", "code", "pre"}

matrix = fixtures.matrix  # the world and one client per role, built once for this module


class PageText(HTMLParser):
    """The texts of a page people read, each with its whitespace collapsed."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or (name == "value" and ("type", "submit") in attrs)):
                self._add(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self._add(data)

    def _add(self, text):
        text = " ".join(text.split())
        if text:
            self.texts.append(text)


@cache
def english_of(language: str) -> tuple[frozenset, tuple]:
    """(whole messages, runs of 3+ words) of the English the `language` catalog translates otherwise."""
    whole, runs = set(), set()
    for entry in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po")):
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            if any(" ".join(t.split()) == " ".join(english.split()) for t in translations):
                continue  # the same in both languages ("API", "GitHub")
            pieces = [
                " ".join(p.split()) for p in re.split(f"{PLACEHOLDER.pattern}|{TAG.pattern}|\n", english)
            ]
            if len(pieces) == 1:
                whole.add(pieces[0])
            runs.update(p for p in pieces if len(p.split()) >= 3 and not any(p in t for t in translations))
    return frozenset(whole), tuple(sorted(runs))


def pages():
    for route, entry in walker.url_patterns().items():
        if walker.api_view_methods(entry) is None and not route.startswith(("api/", "static/")):
            yield route


def leftovers(html: str, language: str) -> list[str]:
    whole, runs = english_of(language)
    parser = PageText()
    parser.feed(html)
    found = [text for text in parser.texts if text in whole]
    joined = "\n".join(parser.texts)
    found += [run for run in runs if run in joined]
    return sorted(set(found))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_reads_in_the_language_with_no_english_left(matrix, language):
    world, clients = matrix
    state = STATES[2]  # in review: the cycle's pages all have something to show
    left, read = {}, 0
    for route in pages():
        values = world.values(state, "admin")
        params = TABLE[("GET", route)].params
        path = walker.fill(route, {**values, **{k: values[v] for k, v in params.items() if v in values}})
        for reader in READERS:
            response = clients[reader].get(path, HTTP_ACCEPT_LANGUAGE=language)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            read += 1
            html = response.content.decode()
            if "<html" in html[:200]:  # a whole page, not a fragment HTMX swaps in
                assert f'<html lang="{language}"' in html[:300], f"{path} as {reader} is not in {language}"
            found = leftovers(html, language)
            if found:
                left[f"{path} as {reader}"] = found
    assert read > 60, f"only {read} pages read"
    assert not left, (
        "English left over in "
        + language
        + ":\n"
        + "\n".join(f"{where}: {found[:8]}" for where, found in sorted(left.items()))
    )


def test_the_check_finds_english_left_over():
    """The comparison itself: an English message the catalog translates is found, a translated one
    and a text that is the same in both languages are not."""
    whole, _ = english_of("fr")
    english = "How the program works"
    assert english in whole
    html = f"<main><p>{english}</p><p>Open edX</p><button title='{english}'>x</button></main>"
    assert leftovers(html, "fr") == [english]
