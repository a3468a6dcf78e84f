"""A Tutor project in a temporary root, driven as an operator would (the `tutor` command of this
virtualenv), and what Tutor makes of it. Shared by the plugin's tests (conftest.py has the fixtures)."""

# ruff: noqa: S603  (the subprocesses are tutor, the shells and python, with arguments made here)
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPOSITORY = Path(__file__).resolve().parents[2]
TUTOR = str(Path(sys.executable).with_name("tutor"))
SERVICES = ("distinguished", "distinguished-worker", "distinguished-beat")


def tutor(root: Path, *args: str) -> str:
    result = subprocess.run(
        [TUTOR, "--root", str(root), *args],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(root), "TUTOR_PLUGINS_ROOT": str(root / "plugins")},
        check=False,
    )
    assert result.returncode == 0, f"tutor {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def saved_root(root: Path, **settings) -> Path:
    """A new project with the plugin enabled and these settings (as `tutor plugins enable` and
    `tutor config save --set` would leave config.yml), saved by one `tutor config save`."""
    (root / "config.yml").write_text(yaml.safe_dump({"PLUGINS": ["distinguished"], **settings}))
    tutor(root, "config", "save")
    return root


def load_yaml(path: Path) -> list[dict]:
    return [document for document in yaml.safe_load_all(path.read_text()) if document]


def env_file(root: Path) -> dict[str, str]:
    values = {}
    for line in (root / "env/plugins/distinguished/apps/distinguished.env").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, separator, value = line.partition("=")
        assert separator and re.fullmatch(r"[A-Z][A-Z0-9_]*", name), f"not NAME=value: {line!r}"
        assert name not in values, f"{name} twice"
        values[name] = value
    return values


def check_shell(script: str, tmp_path: Path, name: str) -> None:
    """Tutor runs each task with `sh -e -c`: it must parse in bash and in a POSIX sh."""
    path = tmp_path / f"{name}.sh"
    path.write_text(script)
    for shell in ("bash", "sh"):
        result = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{shell} -n {name}:\n{result.stderr}\n{script}"


# What Tutor does with a project root before a job or a build, in a process of its own (hooks are global):
# the init tasks rendered as `tutor local do init` runs them (all, and `--limit distinguished`), and
# the build contexts `tutor images build` passes to docker.
INSIDE_TUTOR = """
import json, sys
from tutor import config as tutor_config, env, hooks
from tutor.commands import cli, jobs  # noqa: F401  (core hooks and jobs)
from tutor.commands.images import get_image_build_contexts
hooks.Actions.CORE_READY.do()
hooks.Actions.PROJECT_ROOT_READY.do(sys.argv[1])
config = tutor_config.load(sys.argv[1])
def rendered(tasks):
    return [(service, env.render_str(config, task).strip()) for service, task in tasks]
json.dump({
    "tasks": rendered(hooks.Filters.CLI_DO_INIT_TASKS.iterate()),
    "limited": rendered(hooks.Filters.CLI_DO_INIT_TASKS.iterate_from_context(
        hooks.Contexts.app("distinguished").name)),
    "build_contexts": get_image_build_contexts(config),
    "build_required": hooks.Filters.IMAGES_BUILD_REQUIRED.apply([], "local"),
}, sys.stdout)
"""


def inside_tutor(root: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", INSIDE_TUTOR, str(root)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def missing_tool(reason: str) -> None:
    """Skip a check whose tool is not installed, saying so; in CI (DISTINGUISHED_REQUIRE_SERVICES=1,
    as for the main suite's services) a missing tool fails instead."""
    if os.environ.get("DISTINGUISHED_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (DISTINGUISHED_REQUIRE_SERVICES=1)")
    pytest.skip(reason)
