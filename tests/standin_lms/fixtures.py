"""Pytest fixtures around the stand-in LMS: its signing key (for the JWT tests, no server needed) and
the running stand-in (a subprocess on a local port, its own settings and SQLite file) for the sign-in
tests. Import them into a test package's conftest."""

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from . import tokens

PROJECT_DIR = Path(__file__).resolve().parents[2]
CLIENT_ID = "distinguished-sso-key"
CLIENT_SECRET = "distinguished-sso-secret-for-tests-only"
PASSWORD = "lms-password-for-tests"
# The stand-in's people: a verified account, and one whose e-mail is not verified yet.
USERS = [
    {"username": "alice_lms", "email": "alice@example.org", "first_name": "Alice", "last_name": "Lovelace"},
    {"username": "ursula_lms", "email": "ursula@example.org", "first_name": "Ursula", "is_active": False},
    # Staff and superuser on the LMS: none of it carries over.
    {
        "username": "boss_lms",
        "email": "boss@example.org",
        "first_name": "Boss",
        "is_staff": True,
        "is_superuser": True,
    },
]


@dataclass
class SigningKey:
    key: rsa.RSAPrivateKey
    path: Path

    @property
    def jwk_set(self) -> str:
        return tokens.public_jwk_set(self.key)


def _new_key(path: Path) -> SigningKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return SigningKey(key, path)


@pytest.fixture(scope="session")
def standin_key(tmp_path_factory) -> SigningKey:
    return _new_key(tmp_path_factory.mktemp("standin-lms") / "jwt-key.pem")


@pytest.fixture(scope="session")
def other_key(tmp_path_factory) -> SigningKey:
    """A key the LMS never published."""
    return _new_key(tmp_path_factory.mktemp("other-issuer") / "jwt-key.pem")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class StandinLms:
    url: str
    key: SigningKey

    @property
    def issuer(self) -> str:
        return f"{self.url}/oauth2"


@pytest.fixture(scope="session")
def standin_lms(live_server, standin_key, tmp_path_factory):
    """The stand-in LMS, running, with an OAuth2 application whose redirect URIs are the live
    server's /accounts/complete/edx-oauth2/ and the Django test client's."""
    port = free_port()
    seed = {
        "users": [{**user, "password": PASSWORD} for user in USERS],
        "applications": [
            {
                "name": "distinguished",
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                # The browser's (the live server) and the Django test client's.
                "redirect_uris": [
                    f"{live_server.url}/accounts/complete/edx-oauth2/",
                    "http://testserver/accounts/complete/edx-oauth2/",
                ],
            }
        ],
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.standin_lms.settings",
        "STANDIN_LMS_DB": str(tmp_path_factory.mktemp("standin-lms-db") / "lms.sqlite3"),
        "STANDIN_LMS_PORT": str(port),
        "STANDIN_LMS_KEY_FILE": str(standin_key.path),
        "STANDIN_LMS_SEED": json.dumps(seed),
    }
    env.pop("DATABASE_URL", None)
    log = (tmp_path_factory.getbasetemp() / "standin-lms.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.standin_lms"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the stand-in LMS stopped (see {log.name})")
            try:
                if httpx.get(f"{url}/oauth2/jwks.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the stand-in LMS did not start in 30 s (see {log.name})")
            time.sleep(0.1)
        yield StandinLms(url=url, key=standin_key)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
