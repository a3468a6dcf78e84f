"""Every module of an app has its place in the app's layers contract in .importlinter (issue 18):
a module the contract does not name would be checked by no layer, so a new one fails here, by name,
until it is placed. (`exhaustive = true` makes `lint-imports` refuse it too.) Reads files only."""

import configparser
import re
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[1] / ".importlinter"
PACKAGE = CONFIG.parent / "distinguished"
# Packages of distinguished that are not apps: Django settings and format modules.
NOT_APPS = {"settings", "formats"}
SKIPPED = {"migrations", "templates", "static", "locale", "__pycache__"}


def contracts_by_container() -> dict[str, configparser.SectionProxy]:
    config = configparser.ConfigParser()
    config.read(CONFIG)
    return {
        section["containers"].strip(): section
        for section in (config[name] for name in config.sections())
        if section.get("type") == "layers" and "containers" in section
    }


def named_layers(contract: configparser.SectionProxy) -> set[str]:
    """The modules a layers contract names: `a | b`, `a : b`, an optional `(a)`."""
    return {
        name.strip().strip("()")
        for line in contract["layers"].splitlines()
        for name in re.split(r"[|:]", line)
        if name.strip()
    }


def apps() -> list[str]:
    return sorted(
        path.name
        for path in PACKAGE.iterdir()
        if (path / "__init__.py").exists() and path.name not in NOT_APPS
    )


def children(app: str) -> set[str]:
    """The modules and subpackages of an app (a folder without __init__.py holds data)."""
    found = set()
    for path in (PACKAGE / app).iterdir():
        if path.name in SKIPPED:
            continue
        if path.suffix == ".py" and path.stem != "__init__":
            found.add(path.stem)
        elif path.is_dir() and (path / "__init__.py").exists():
            found.add(path.name)
    return found


def test_every_app_has_its_layers_contract():
    contracts = contracts_by_container()
    missing = [app for app in apps() if f"distinguished.{app}" not in contracts]
    assert missing == [], "apps with no layers contract in .importlinter: " + ", ".join(missing)


def test_every_module_of_an_app_is_named_in_its_layers_contract():
    contracts = contracts_by_container()
    unnamed = []
    for app in apps():
        contract = contracts.get(f"distinguished.{app}")
        named = named_layers(contract) if contract else set()
        unnamed += [f"distinguished.{app}.{module}" for module in sorted(children(app) - named)]
    assert unnamed == [], (
        "place these modules in their app's layers contract in .importlinter:\n" + "\n".join(unnamed)
    )
