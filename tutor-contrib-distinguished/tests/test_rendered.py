"""The Tutor plugin's configuration and rendered files: `tutor plugins enable distinguished` and
`tutor config save` with the pinned Tutor in new roots, then the environment file, the docker-compose
files of `tutor local` and `tutor dev`, the Kubernetes manifests and the Caddyfile, parsed and checked.
No Docker: nothing is built or started. Run by `.ci/tutor-plugin`; `make test` does not collect it."""

# ruff: noqa: S603  (the subprocesses are tutor and kubectl, with arguments made here)
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml
from tutor_project import REPOSITORY, SERVICES, env_file, load_yaml, missing_tool, saved_root, tutor

pytest.importorskip("tutor", reason="Tutor is not installed: run .ci/tutor-plugin")

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + BASE58.index(char)
    return number.to_bytes((number.bit_length() + 7) // 8, "big")


# --- Configuration ----------------------------------------------------------------------------------


def test_the_secrets_are_made_once_and_kept(root, config):
    for name in (
        "SECRET_KEY",
        "MYSQL_PASSWORD",
        "OAUTH2_SECRET",
        "OAUTH2_SECRET_DEV",
        "CREDENTIALS_ISSUER_KEY",
    ):
        assert len(config[f"DISTINGUISHED_{name}"]) >= 24, name
    tutor(root, "config", "save")
    again = yaml.safe_load((root / "config.yml").read_text())
    assert {k: v for k, v in again.items() if k.startswith("DISTINGUISHED_")} == {
        k: v for k, v in config.items() if k.startswith("DISTINGUISHED_")
    }


def test_another_install_gets_other_secrets(tmp_path, config):
    other = yaml.safe_load((saved_root(tmp_path) / "config.yml").read_text())
    for name in ("SECRET_KEY", "MYSQL_PASSWORD", "OAUTH2_SECRET", "CREDENTIALS_ISSUER_KEY"):
        assert other[f"DISTINGUISHED_{name}"] != config[f"DISTINGUISHED_{name}"], name


def test_the_issuer_key_is_an_ed25519_secret_key_multibase(config):
    key = config["DISTINGUISHED_CREDENTIALS_ISSUER_KEY"]
    assert key.startswith("z")
    raw = b58decode(key[1:])
    assert raw[:2] == b"\x80\x26" and len(raw) == 34


def test_defaults(root):
    assert (
        tutor(root, "config", "printvalue", "DISTINGUISHED_HOST").strip() == "distinguished.local.openedx.io"
    )
    assert tutor(root, "config", "printvalue", "DISTINGUISHED_MYSQL_DATABASE").strip() == "distinguished"


# --- The environment every container gets -----------------------------------------------------------


def test_the_environment_file(root, config):
    values = env_file(root)
    assert values["DJANGO_SETTINGS_MODULE"] == "distinguished.settings.production"
    assert values["SECRET_KEY"] == config["DISTINGUISHED_SECRET_KEY"]
    assert values["CREDENTIALS_ISSUER_KEY"] == config["DISTINGUISHED_CREDENTIALS_ISSUER_KEY"]
    assert values["DATABASE_URL"] == (
        f"mysql://distinguished:{config['DISTINGUISHED_MYSQL_PASSWORD']}@mysql:3306/distinguished"
    )
    assert values["SITE_URL"] == "http://distinguished.local.openedx.io"
    assert values["ALLOWED_HOSTS"].split(",") == ["distinguished.local.openedx.io", "distinguished"]
    assert values["CELERY_BROKER_URL"] == "redis://redis:6379/4"
    assert values["CACHE_URL"] == "redis://redis:6379/5"
    assert values["EMAIL_URL"] == "smtp://smtp:8025"
    assert values["SOCIAL_AUTH_EDX_OAUTH2_KEY"] == "distinguished-sso"
    assert values["SOCIAL_AUTH_EDX_OAUTH2_SECRET"] == config["DISTINGUISHED_OAUTH2_SECRET"]
    assert values["SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT"] == "http://lms:8000"
    assert values["SOCIAL_AUTH_EDX_OAUTH2_PUBLIC_URL_ROOT"] == "http://local.openedx.io"
    assert values["JWT_ISSUER"] == "http://local.openedx.io/oauth2"
    assert values["LOCAL_PASSWORDS"] == "True"
    (jwk,) = json.loads(values["JWT_PUBLIC_SIGNING_JWK_SET"])["keys"]
    assert jwk["kty"] == "RSA" and jwk["e"] == "AQAB" and len(jwk["n"]) > 300
    assert "d" not in jwk, "the LMS's private key stays in the LMS"


def test_every_variable_is_one_the_settings_read(root):
    """A name that drifts from distinguished/settings (or that nobody reads) fails here."""
    settings = "\n".join(path.read_text() for path in (REPOSITORY / "distinguished/settings").glob("*.py"))
    read = set(re.findall(r"env\.\w+\(\s*\"([A-Z0-9_]+)\"", settings))
    read |= {"DJANGO_SETTINGS_MODULE", "GUNICORN_WORKERS"}  # Django itself; the image's CMD
    assert set(env_file(root)) - read == set()


def test_https_and_secrets_with_odd_characters(tmp_path):
    root = saved_root(
        tmp_path,
        ENABLE_HTTPS=True,
        SMTP_USE_TLS=True,
        SMTP_USERNAME="mailer",
        SMTP_PASSWORD="p@ss/w#rd",
        DISTINGUISHED_MYSQL_PASSWORD="a:b@c",
        DISTINGUISHED_EXTRA_ENV={"IMPORT_MAX_BYTES": 1000},
    )
    values = env_file(root)
    assert values["SITE_URL"] == "https://distinguished.local.openedx.io"
    assert values["EMAIL_URL"] == "smtp+tls://mailer:p%40ss/w%23rd@smtp:8025"
    assert values["DATABASE_URL"].startswith("mysql://distinguished:a%3Ab%40c@mysql:3306/")
    assert values["IMPORT_MAX_BYTES"] == "1000"


# --- docker compose: tutor local and tutor dev --------------------------------------------------------


def test_local_services(root):
    (compose,) = load_yaml(root / "env/local/docker-compose.yml")
    services = compose["services"]
    for name in SERVICES:
        service = services[name]
        assert service["image"] == "docker.io/distinguished:22.0.0"
        env_path = (root / "env/local" / service["env_file"]).resolve()
        assert env_path == (root / "env/plugins/distinguished/apps/distinguished.env").resolve()
    assert "command" not in services["distinguished"]  # the image's gunicorn
    assert services["distinguished-worker"]["command"][:4] == ["celery", "--app", "distinguished", "worker"]
    assert services["distinguished-beat"]["command"][:4] == ["celery", "--app", "distinguished", "beat"]
    assert {"mysql", "redis", "lms"} <= set(services["distinguished"]["depends_on"])
    assert "../../data/distinguished:/mounts/distinguished:z" in services["permissions"]["volumes"]
    setowners = (root / "env/apps/permissions/setowners.sh").read_text()
    assert "setowner 1000 /mounts/distinguished" in setowners


def test_local_jobs_and_caddy_alias(root):
    (jobs,) = load_yaml(root / "env/local/docker-compose.jobs.yml")
    job = jobs["services"]["distinguished-job"]
    assert job["env_file"] == "../plugins/distinguished/apps/distinguished.env"
    assert "../../data/distinguished:/openedx/data:z" in job["volumes"]
    (prod,) = load_yaml(root / "env/local/docker-compose.prod.yml")
    assert "distinguished.local.openedx.io" in prod["services"]["caddy"]["networks"]["default"]["aliases"]


def test_dev_services(root):
    (dev,) = load_yaml(root / "env/dev/docker-compose.yml")
    app = dev["services"]["distinguished"]
    assert app["command"] == "distinguished runserver 0.0.0.0:8190"
    assert app["ports"] == ["127.0.0.1:8190:8190"]
    assert app["environment"]["SOCIAL_AUTH_EDX_OAUTH2_KEY"] == "distinguished-sso-dev"
    assert dev["services"]["distinguished-worker"]["environment"] == app["environment"]
    (dev_jobs,) = load_yaml(root / "env/dev/docker-compose.jobs.yml")
    assert dev_jobs["services"]["distinguished-job"]["environment"]["DJANGO_SETTINGS_MODULE"] == (
        "distinguished.settings.dev"
    )


def test_a_mounted_checkout_runs_in_dev(tmp_path):
    root = saved_root(tmp_path)
    checkout = tmp_path / "src" / "distinguished"
    checkout.mkdir(parents=True)
    tutor(root, "mounts", "add", str(checkout))
    (dev,) = load_yaml(root / "env/dev/docker-compose.yml")
    for name in SERVICES:
        assert f"{checkout}:/openedx/distinguished" in dev["services"][name]["volumes"], name


# --- Kubernetes ---------------------------------------------------------------------------------------


def test_kubernetes(root):
    by_kind: dict[tuple[str, str], dict] = {}
    for name in ("deployments", "services", "jobs"):
        for document in load_yaml(root / f"env/k8s/{name}.yml"):
            by_kind[(document["kind"], document["metadata"]["name"])] = document
    for name in SERVICES:
        deployment = by_kind[("Deployment", name)]
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        assert container["image"] == "docker.io/distinguished:22.0.0"
        assert container["envFrom"] == [{"configMapRef": {"name": "distinguished-env"}}]
        assert deployment["spec"]["selector"]["matchLabels"] == {"app.kubernetes.io/name": name}
    assert by_kind[("Deployment", "distinguished-beat")]["spec"]["replicas"] == 1
    service = by_kind[("Service", "distinguished")]
    assert service["spec"]["ports"][0]["port"] == 8000
    assert service["spec"]["selector"] == {"app.kubernetes.io/name": "distinguished"}
    job = by_kind[("Job", "distinguished-job")]
    assert job["spec"]["template"]["spec"]["containers"][0]["envFrom"][0]["configMapRef"]["name"] == (
        "distinguished-env"
    )
    (kustomization,) = load_yaml(root / "env/kustomization.yml")
    (generator,) = [g for g in kustomization["configMapGenerator"] if g["name"] == "distinguished-env"]
    for path in generator["envs"]:
        assert (root / "env" / path).is_file(), path


def test_kustomize_builds_it(root):
    """What `tutor k8s start` applies: `kubectl kustomize` of the whole environment (kubectl is on these
    machines, through the Google Cloud CLI); the ConfigMap holds the environment file, and every
    container of distinguished reads it under its hashed name."""
    kubectl = shutil.which("kubectl")
    if not kubectl:
        missing_tool("kubectl is not installed: the kustomization is checked only as YAML above")
    result = subprocess.run(
        [kubectl, "kustomize", str(root / "env")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    documents = [d for d in yaml.safe_load_all(result.stdout) if d]
    (config_map,) = [
        d
        for d in documents
        if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("distinguished-env")
    ]
    assert config_map["data"] == env_file(root)
    ours = [
        d
        for d in documents
        if d["kind"] in ("Deployment", "Job") and "distinguished" in d["metadata"]["name"]
    ]
    assert sorted(d["metadata"]["name"] for d in ours) == sorted([*SERVICES, "distinguished-job"])
    for document in ours:
        (container,) = document["spec"]["template"]["spec"]["containers"]
        assert container["envFrom"] == [{"configMapRef": {"name": config_map["metadata"]["name"]}}]
        assert document["metadata"]["namespace"] == "openedx"


# --- Caddy ----------------------------------------------------------------------------------------------


def test_caddy_route(root):
    caddyfile = (root / "env/apps/caddy/Caddyfile").read_text()
    block = re.search(
        r"^distinguished\.local\.openedx\.io\{\$default_site_port\} \{\n(.*?)^\}", caddyfile, re.M | re.S
    )
    assert block, caddyfile
    assert 'import proxy "distinguished:8000"' in block.group(1)
    assert caddyfile.count("{") == caddyfile.count("}")


def handlers(node) -> list[dict]:
    """Every handler in a piece of Caddy's JSON configuration, subroutes included."""
    if isinstance(node, dict):
        found = [node] if "handler" in node else []
        return found + [h for value in node.values() for h in handlers(value)]
    if isinstance(node, list):
        return [h for item in node for h in handlers(item)]
    return []


def test_caddy_reads_the_route(root):
    """Caddy's own parser (`caddy adapt`, Debian's caddy, which .ci/run installs): the Caddyfile with the
    route is valid, and the route sends distinguished's host to distinguished:8000, taking a request
    as large as the app does (REQUEST_MAX_BYTES, 32 MiB)."""
    caddy = shutil.which("caddy")
    if not caddy:
        missing_tool(
            "caddy is not installed (apt-get install caddy): the Caddyfile is checked only as text above"
        )
    result = subprocess.run(
        [caddy, "adapt", "--adapter", "caddyfile", "--config", str(root / "env/apps/caddy/Caddyfile")],
        capture_output=True,
        text=True,
        env={"default_site_port": ":80", "PATH": "/usr/bin:/bin", "HOME": str(root)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    servers = json.loads(result.stdout)["apps"]["http"]["servers"].values()
    routes = [
        r
        for s in servers
        for r in s["routes"]
        if r.get("match") == [{"host": ["distinguished.local.openedx.io"]}]
    ]
    assert len(routes) == 1
    found = {h["handler"]: h for h in handlers(routes[0]["handle"])}
    assert found["reverse_proxy"]["upstreams"] == [{"dial": "distinguished:8000"}]
    assert found["request_body"]["max_size"] == 32 * 1024 * 1024
