"""Each app's rows are reached only through its api.py functions (issue 18): besides the import
contract (`lint-imports`: apps import each other's api only), no app's api.py exposes a model class
(it offers functions, constants, exceptions and enums), and no app runs a query on another app's
model through the classes an api might name (`program.Cycle.objects…`)."""

import ast
import importlib
import re
from pathlib import Path

from django.db import models

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


def test_no_api_exposes_a_model():
    """A model on an app's api.py (public, in its `__all__`, or under a private alias such as
    `_Membership`) would let the other apps query its rows, name it as a signal's sender or catch its
    DoesNotExist: they ask the api's functions, its exceptions (`program.CycleNotFound`) and its
    `connect_*` functions instead. The functions that query the rows live in the app's modules."""
    found = []
    for path in sorted(ROOT.glob("*/api.py")):
        name = f"distinguished.{path.parent.name}.api"
        module = importlib.import_module(name)
        for attribute in sorted(set(vars(module)) | set(getattr(module, "__all__", ()))):
            value = getattr(module, attribute, None)
            if isinstance(value, type) and issubclass(value, models.Model):
                found.append(f"{name}.{attribute}")
    assert found == [], "api.py exposes functions, not models:\n" + "\n".join(found)


def test_api_modules_only_import():
    """An app's api.py is its public face and nothing else (decision 0020): it imports the names
    the other apps, pages, the REST API, commands and tests call by name (no star import) and lists
    them in `__all__`; the functions and classes live in modules of the app named for one idea."""
    found = []
    for path in sorted(ROOT.glob("*/api.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name}")
            elif isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
                source = "." * node.level + (node.module or "")
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: from {source} import *")
    assert found == [], (
        "api.py imports by name and defines nothing; move these to a module of their app:\n"
        + "\n".join(found)
    )
