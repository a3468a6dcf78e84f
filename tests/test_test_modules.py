"""Tests share steps through fixtures and helpers in a `conftest.py`, or the helper modules of the
tests package (factories, downloads, concurrency …), never by importing another test module: a
test module stands on its own (issue 18)."""

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def _imported(path: Path, source: str) -> list[tuple[int, str]]:
    """(line, dotted name) of each module or name `source` (the text of `path`, a module of the
    tests package) imports, relative imports resolved."""
    package = path.relative_to(TESTS.parent).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def _a_test_module(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "tests" and any(part.startswith("test_") for part in parts[1:])


def test_no_test_module_imports_another_test_module():
    offending = [
        f"{path.relative_to(TESTS.parent)}:{line} imports {name}"
        for path in TESTS.rglob("*.py")
        for line, name in _imported(path, path.read_text())
        if _a_test_module(name)
    ]
    assert not offending, "\n".join(offending)


def test_the_check_sees_relative_and_absolute_imports():
    source = (
        "from .test_panel import grow\n"
        "from ..nominations import test_moves\n"
        "import tests.web.test_pages\n"
        "from ..factories import NominationFactory\n"
        "from .conftest import decided\n"
    )
    names = [name for _, name in _imported(TESTS / "review" / "test_sample.py", source)]
    assert [_a_test_module(name) for name in names] == [True, True, True, False, False]
