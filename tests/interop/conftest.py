"""The independent verifier: Digital Bazaar's JavaScript Verifiable Credentials stack, installed from
the npm registry by `make verifier` (tools/verify-credential, versions pinned by its lock file), run
by Node against a live server of ours. Skipped, saying why, where Node or the packages are missing;
CI installs both, so there nothing is skipped."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import skip_or_fail

VERIFIER = Path(__file__).resolve().parents[2] / "tools" / "verify-credential"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/interop/" in str(item.fspath):
            item.add_marker(pytest.mark.interop)


@pytest.fixture(scope="session")
def node():
    """The path of `node`, with the verifier's packages installed."""
    found = shutil.which("node")
    if found is None:
        skip_or_fail(
            "Node.js is not installed (apt-get install nodejs npm), so the independent verifier cannot run"
        )
    if not (VERIFIER / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        skip_or_fail(
            f"the independent verifier's packages are not installed: run `make verifier` ({VERIFIER})"
        )
    return found


@pytest.fixture
def digital_bazaar(node, live_server):
    """Runs verify.mjs on inputs (credential URLs or files); returns its reports, one per input."""

    def run(*inputs) -> list[dict]:
        completed = subprocess.run(
            [node, str(VERIFIER / "verify.mjs"), "--origin", live_server.url, "--json", *map(str, inputs)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert completed.returncode in (0, 1), completed.stderr
        reports = json.loads(completed.stdout)
        assert (completed.returncode == 0) == all(report["valid"] for report in reports)
        return reports

    return run
