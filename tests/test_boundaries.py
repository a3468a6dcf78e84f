"""Each app's rows are reached only through its api.py functions (issue 18): besides the import
contract (`lint-imports`: apps import each other's api only), no app runs a query on another app's
model through the classes its api happens to name (`program.Cycle.objects…`)."""

import re
from pathlib import Path

import distinguished

APPS = [
    "audit",
    "cohorts",
    "contributions",
    "credentials",
    "membership",
    "nominations",
    "notifications",
    "people",
    "program",
    "review",
    "stats",
]
ROOT = Path(distinguished.__file__).parent
# `program.Cycle.objects`, `nominations.Nomination.objects`: another app's api module, by the name
# the apps import it as (`from distinguished.program import api as program`), then a model.
QUERY = re.compile(r"\b(" + "|".join(APPS) + r")\.[A-Z]\w*\.objects\b")


def test_no_app_queries_another_apps_model():
    found = []
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        own = path.relative_to(ROOT).parts[0]
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in QUERY.finditer(line):
                if match.group(1) != own:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == [], "query another app's rows through its api.py functions:\n" + "\n".join(found)
