"""The catalogs ship whole (issue 17): every entry translated, none fuzzy, every placeholder and tag
as in the English (distinguished.core.catalogs); each .mo built from its .po as it is; and every
string the code marks is in them (`make messages` was run after the last change)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from distinguished.core.catalogs import LOCALE_DIR, problems

from ..conftest import skip_or_fail

LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PACKAGE = LOCALE_DIR.parent


def catalog(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def keys(entries) -> set:
    return {(entry.msgctxt, entry.msgid) for entry in entries if entry.msgid and not entry.obsolete}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_is_complete_and_keeps_every_placeholder(language):
    found = problems(catalog(language))
    assert not found, f"{catalog(language)}:\n" + "\n".join(found[:40])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_the_catalog_as_it_is(language):
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.pofile(str(catalog(language)))
        if e.msgid
    }
    built = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(catalog(language).with_suffix(".mo")))
        if e.msgid
    }
    assert built == source, "run `make compilemessages`"


def test_the_checks_find_what_is_wrong(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "Hello %(name)s"\nmsgstr "Bonjour %(nom)s"\n\n'
        'msgid "Untranslated"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Fuzzy"\nmsgstr "Flou"\n\n'
        'msgid "<a href=\\"%(url)s\\">Open</a>"\nmsgstr "Ouvrir"\n\n'
        'msgid "%(count)s review"\nmsgid_plural "%(count)s reviews"\nmsgstr[0] "%(count)s évaluation"\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    found = "\n".join(problems(path))
    assert "placeholders differ: 'Hello %(name)s'" in found
    assert "missing: 'Untranslated'" in found
    assert "fuzzy: 'Fuzzy'" in found
    assert "placeholders differ: '<a href" in found
    assert "missing plural forms (1 of 2)" in found


def test_every_marked_string_is_in_the_catalogs(tmp_path):
    """`makemessages` over a copy of the code finds no message the shipped French catalog lacks."""
    if not shutil.which("xgettext"):
        skip_or_fail("GNU gettext (xgettext) is not installed: apt install gettext")
    copy = tmp_path / "distinguished"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    # The project's command, not `python -m django`: the package's celery.py would shadow Celery's
    # from the working directory. The copy is imported (PYTHONPATH), so its own LOCALE_PATHS are written.
    command = Path(sys.executable).parent / "distinguished"
    subprocess.run(
        [str(command), "makemessages", "-l", "fr", "--ignore=locale", "--ignore=migrations", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "distinguished.settings.test",
            "PYTHONPATH": str(tmp_path),
        },
        timeout=300,
    )
    extracted = keys(polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")))
    shipped = keys(polib.pofile(str(catalog("fr"))))
    missing = sorted(extracted - shipped, key=str)
    assert not missing, (
        f"{len(missing)} marked strings are not in the catalogs: run `make messages`: {missing[:10]}"
    )
