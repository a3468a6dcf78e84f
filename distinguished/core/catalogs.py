"""What a translation catalog must hold to be shipped (issue 17): every entry translated, none fuzzy,
and each translation with exactly the placeholders of its English (`%(name)s`, `%s`, `{name}`,
`{{ name }}`) and its HTML tags; a placeholder lost or misspelt would print wrong or fail when the
text is used, a tag changed would break the page or its links.
Read by tests/i18n/test_catalogs.py and by `python -m distinguished.core.catalogs FILE.po`."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

PLACEHOLDER = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|%[sdif]|\{\{ *[\w.]+ *\}\}|\{[A-Za-z_][A-Za-z0-9_]*\}"
)
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def placeholders(text: str) -> Counter:
    """The placeholders and the HTML tags of `text`: a translation keeps both as they are."""
    return Counter(PLACEHOLDER.findall(text.replace("%%", ""))) + Counter(TAG.findall(text))


def _plural_problems(entry, where: str, catalog) -> list[str]:
    """What is wrong with a plural entry's translations: a form missing, or a placeholder in a form
    that neither English form has (reported once per entry)."""
    forms = [text for _, text in sorted(entry.msgstr_plural.items())]
    expected = int(re.search(r"nplurals=(\d+)", catalog.metadata.get("Plural-Forms", "nplurals=2")).group(1))
    if len(forms) != expected or not all(forms):
        return [f"missing plural forms ({sum(1 for f in forms if f)} of {expected}): {where}"]
    english = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
    for form in forms:
        # A form may leave out the count (Arabic's "one", "two"), never add or rename one.
        if set(placeholders(form)) - set(english):
            return [f"placeholders differ: {where} -> {form[:70]!r}"]
    return []


def _singular_problems(entry, where: str) -> list[str]:
    """What is wrong with a singular entry's translation: missing, or not the English placeholders."""
    if not entry.msgstr:
        return [f"missing: {where}"]
    if placeholders(entry.msgstr) != placeholders(entry.msgid):
        return [f"placeholders differ: {where} -> {entry.msgstr[:70]!r}"]
    return []


def problems(path: Path | str) -> list[str]:
    """Each thing wrong with the catalog at `path`, in words (empty: it may ship)."""
    import polib

    catalog = polib.pofile(str(path))
    found = []
    for entry in catalog:
        if entry.obsolete:
            continue
        where = f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid[:70]!r}"
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {where}")
        if entry.msgid_plural:
            found += _plural_problems(entry, where, catalog)
        else:
            found += _singular_problems(entry, where)
    return found


if __name__ == "__main__":
    paths = sys.argv[1:] or sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))
    total = 0
    for path in paths:
        listed = problems(path)
        total += len(listed)
        for problem in listed:
            print(f"{path}: {problem}")
        print(f"{path}: {len(listed)} problems")
    sys.exit(1 if total else 0)
