"""Schemathesis against a live server (issue 11): every operation of `/api/schema/`, as anonymous,
member and admin, at least 50 examples each, with the stateful phase on the links Schemathesis
infers; no answer may be a 5xx, and every answer must match the schema documented for its code.

The server is gunicorn with the production settings (DEBUG off) on a free 127.0.0.1 port, over a
fresh SQLite database holding the demo data and a signing key, as `make run` sets it up. The
anonymous run comes first: the member's and the admin's change the data it would read."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.api_fuzz

PROJECT_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "open-edx-demo"
MAX_EXAMPLES = int(os.environ.get("DISTINGUISHED_API_FUZZ_EXAMPLES", "50"))
# A fixed seed makes a CI failure reproducible; set another to explore further.
SEED = os.environ.get("DISTINGUISHED_API_FUZZ_SEED", "20251101")
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
SERVER_START_SECONDS = 60
RUN_SECONDS = 8 * 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, server log): gunicorn serving a fresh database with the demo data."""
    folder = tmp_path_factory.mktemp("api-fuzz")
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "EMAIL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="distinguished.settings.production",
        SECRET_KEY="api-fuzz-only-" + "x" * 40,
        DISTINGUISHED_VAR_DIR=str(folder),
        DATABASE_URL=f"sqlite:///{folder}/api-fuzz.sqlite3",
        SITE_URL=f"http://127.0.0.1:{port}",
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL="dummymail://",
        LOG_LEVEL="ERROR",
        PYTHONUNBUFFERED="1",
    )
    manage = [sys.executable, "-m", "distinguished.manage"]
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["generate-issuer-key"],
        ["demo-data", "--force"],
        ["collectstatic", "--no-input", "-v0"],
    ):
        subprocess.run(
            manage + command, cwd=PROJECT_DIR, env=env, check=True, capture_output=True, timeout=300
        )
    log = folder / "server.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "distinguished.wsgi", "--bind", f"127.0.0.1:{port}",
                "--workers", "2", "--timeout", "60", "--no-control-socket",
                # The app answers every address itself (gunicorn's 4 KB request line is an HTML 414).
                "--limit-request-line", "0",
            ],
            cwd=PROJECT_DIR, env=env, stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not answers(f"{base}/api/schema/"):
            assert process.poll() is None, f"gunicorn stopped:\n{log.read_text()}"
            assert time.monotonic() < deadline, (
                f"gunicorn did not answer in {SERVER_START_SECONDS}s:\n{log.read_text()}"
            )
            time.sleep(0.5)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def token(base: str, username: str) -> str:
    request = urllib.request.Request(
        f"{base}/api/v1/auth/token/",
        data=json.dumps({"username": username, "password": DEMO_PASSWORD}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["token"]


def fuzzing_config(base: str, folder: Path) -> Path:
    """A schemathesis.toml that draws most path identifiers from the demo data (cycle slugs, small
    ids), so that the examples reach the rules behind an operation instead of its 404."""
    with urllib.request.urlopen(f"{base}/api/v1/cycles/", timeout=10) as response:
        slugs = [cycle["slug"] for cycle in json.load(response)["results"]]
    bindings = "\n".join(
        f'"path.{name}" = {{ dictionary = "{"cycles" if name == "slug" else "ids"}", probability = 0.8 }}'
        for name in ("slug", "id", "seat_id", "waiver_id", "evidence_id", "assignment_id")
    )
    config = folder / "schemathesis.toml"
    config.write_text(
        f"[dictionaries.cycles]\nvalues = {json.dumps(slugs)}\n"
        f"[dictionaries.ids]\nvalues = {list(range(1, 13))}\n"
        f"[parameters]\n{bindings}\n"
    )
    return config


@pytest.mark.parametrize("role", ["anonymous", "member", "admin"])
def test_every_operation_answers_as_its_schema_says(server, role, tmp_path):
    base, log = server
    command = [
        str(BIN / "schemathesis"), "--config-file", str(fuzzing_config(base, tmp_path)), "run",
        f"{base}/api/schema/", "--checks", CHECKS, "--max-examples", str(MAX_EXAMPLES), "--seed", SEED,
        "--workers", "2", "--request-timeout", "30",
    ]  # fmt: skip
    if role != "anonymous":
        command += ["--header", f"Authorization: Token {token(base, role)}"]
    started = time.monotonic()
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=RUN_SECONDS, stdin=subprocess.DEVNULL
    )
    output = result.stdout + result.stderr
    (tmp_path / "schemathesis.log").write_text(output)
    summary = output[output.rfind("SUMMARY") :] if "SUMMARY" in output else output[-3000:]
    print(f"\n--- schemathesis as {role}: {time.monotonic() - started:.0f}s\n{summary}")
    assert result.returncode == 0, f"schemathesis as {role} found failures:\n{output[-30000:]}"
    server_errors = [line for line in log.read_text().splitlines() if "Traceback" in line or "ERROR" in line]
    assert server_errors == [], log.read_text()[-10000:]
