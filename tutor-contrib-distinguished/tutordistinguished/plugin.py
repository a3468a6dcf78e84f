"""The Tutor plugin: distinguished beside an Open edX platform, in `tutor local`, `tutor dev` and `tutor k8s`.

What it declares: its settings (DISTINGUISHED_*), the image, the services (patches/), the init tasks
(templates/distinguished/tasks/), the public host, the `do` jobs that run the importers and the backup,
and the template filter that makes the credential issuer's key once, as Tutor config.
"""

from __future__ import annotations

import os
import secrets
import shlex
import typing as t
from glob import glob

import click
import importlib_resources
from tutor import hooks
from tutor.hooks import priorities

from .__about__ import __version__

PACKAGE = importlib_resources.files("tutordistinguished")
TEMPLATES = PACKAGE / "templates"

# --- Configuration ---------------------------------------------------------------------------------
# Every name gets the DISTINGUISHED_ prefix. "unique" values are made once by `tutor config save` and
# kept in config.yml: back that file up with the database (docs/tutor.md).

DEFAULTS: dict[str, t.Any] = {
    "VERSION": __version__,
    "HOST": "distinguished.{{ LMS_HOST }}",
    "DOCKER_IMAGE": "{{ DOCKER_REGISTRY }}distinguished:{{ DISTINGUISHED_VERSION }}",
    # Where the image takes the code from: a git repository and a branch or tag, unless a checkout
    # is mounted at build time (`tutor mounts add /path/to/distinguished`).
    "REPOSITORY": "",
    "REPOSITORY_VERSION": "main",
    # More Python packages in the image (pip requirement specifiers).
    "EXTRA_PIP_REQUIREMENTS": [],
    "MYSQL_DATABASE": "distinguished",
    "MYSQL_USERNAME": "distinguished",
    # Redis databases of the Tutor Redis: Open edX uses 0 (Celery) and 1 (cache).
    "CELERY_REDIS_DB": 4,
    "CACHE_REDIS_DB": 5,
    "GUNICORN_WORKERS": 2,
    "CELERY_CONCURRENCY": 2,
    "DEV_PORT": 8190,
    # Sign-in with the LMS (OAuth2 authorization code): the client the init task creates in the LMS.
    "OAUTH2_KEY": "distinguished-sso",
    "OAUTH2_KEY_DEV": "distinguished-sso-dev",
    # Sign-in with a local password beside "Sign in with Open edX" (LOCAL_PASSWORDS): on, so that the
    # first admin can sign in; turn it off once everyone signs in through the LMS.
    "LOCAL_PASSWORDS": True,
    # Public LMS address (the browser is sent there) and the one the app calls from inside.
    "LMS_URL": "{% if ENABLE_HTTPS %}https{% else %}http{% endif %}://{{ LMS_HOST }}",
    "LMS_INTERNAL_URL": "http://lms:8000",
    "TIME_ZONE": "UTC",
    "DEFAULT_FROM_EMAIL": "Distinguished Contributor Program <{{ CONTACT_EMAIL }}>",
    "GITHUB_TOKEN": "",
    "DISCOURSE_URL": "https://discuss.openedx.org",
    "SLACK_WORKSPACE_URL": "https://openedx.slack.com",
    # Any other setting of README "Configuration", as NAME: value.
    "EXTRA_ENV": {},
}

UNIQUE: dict[str, str] = {
    "SECRET_KEY": "{{ 50|random_string }}",
    "MYSQL_PASSWORD": "{{ 24|random_string }}",
    "OAUTH2_SECRET": "{{ 32|random_string }}",
    "OAUTH2_SECRET_DEV": "{{ 32|random_string }}",
    # The Ed25519 key that signs the Open Badges credentials: made here, passed to the containers as
    # CREDENTIALS_ISSUER_KEY, never written into an image.
    "CREDENTIALS_ISSUER_KEY": "{{ 32|distinguished_issuer_key }}",
}

hooks.Filters.CONFIG_DEFAULTS.add_items([(f"DISTINGUISHED_{key}", value) for key, value in DEFAULTS.items()])
hooks.Filters.CONFIG_UNIQUE.add_items([(f"DISTINGUISHED_{key}", value) for key, value in UNIQUE.items()])

# --- The issuer key ---------------------------------------------------------------------------------

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PRIV_MULTICODEC = b"\x80\x26"


def base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, remainder = divmod(number, 58)
        digits = BASE58_ALPHABET[remainder] + digits
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + digits


def issuer_key(seed_bytes: int = 32) -> str:
    """A new Ed25519 private key as a Multikey secretKeyMultibase ("z" + base58btc of the multicodec
    ed25519-priv prefix and the 32-byte seed): one line, so it fits an environment variable. Any 32
    random bytes are an Ed25519 seed; distinguished derives the public key from it."""
    if seed_bytes != 32:
        raise ValueError("an Ed25519 seed is 32 bytes")
    return "z" + base58btc(ED25519_PRIV_MULTICODEC + secrets.token_bytes(seed_bytes))


hooks.Filters.ENV_TEMPLATE_FILTERS.add_item(("distinguished_issuer_key", issuer_key))

# --- Templates and patches --------------------------------------------------------------------------

hooks.Filters.ENV_TEMPLATE_ROOTS.add_item(str(TEMPLATES))
# Rendered under env/plugins/: the image's build context and the environment file.
hooks.Filters.ENV_TEMPLATE_TARGETS.add_items(
    [("distinguished/build", "plugins"), ("distinguished/apps", "plugins")]
)

for path in sorted(glob(str(PACKAGE / "patches" / "*"))):
    with open(path, encoding="utf-8") as patch_file:
        hooks.Filters.ENV_PATCHES.add_item((os.path.basename(path), patch_file.read()))

# --- Image ------------------------------------------------------------------------------------------

hooks.Filters.IMAGES_BUILD.add_item(
    (
        "distinguished",
        ("plugins", "distinguished", "build", "distinguished"),
        "{{ DISTINGUISHED_DOCKER_IMAGE }}",
        (),
    )
)
# No registry publishes the image: `tutor local launch` (and `tutor dev launch`) build it.
hooks.Filters.IMAGES_BUILD_REQUIRED.add_item("distinguished")
hooks.Filters.IMAGES_PULL.add_item(("distinguished", "{{ DISTINGUISHED_DOCKER_IMAGE }}"))
hooks.Filters.IMAGES_PUSH.add_item(("distinguished", "{{ DISTINGUISHED_DOCKER_IMAGE }}"))

REPOSITORY_NAME = "distinguished"
SERVICES_WITH_CODE = ("distinguished", "distinguished-worker", "distinguished-beat", "distinguished-job")


@hooks.Filters.IMAGES_BUILD_MOUNTS.add()
def _build_from_checkout(mounts: list[tuple[str, str]], host_path: str) -> list[tuple[str, str]]:
    """`tutor mounts add /path/to/distinguished`: the image is built from that checkout."""
    if os.path.basename(host_path) == REPOSITORY_NAME:
        mounts.append(("distinguished", "distinguished-src"))
    return mounts


@hooks.Filters.COMPOSE_MOUNTS.add()
def _mount_checkout(mounts: list[tuple[str, str]], path_basename: str) -> list[tuple[str, str]]:
    """In `tutor dev`, a mounted checkout is the code that runs (PYTHONPATH puts it first)."""
    if path_basename == REPOSITORY_NAME:
        mounts.extend((service, "/openedx/distinguished") for service in SERVICES_WITH_CODE)
    return mounts


@hooks.Filters.APP_PUBLIC_HOSTS.add()
def _public_hosts(hosts: list[str], context_name: t.Literal["local", "dev"]) -> list[str]:
    if context_name == "dev":
        return [*hosts, "{{ DISTINGUISHED_HOST }}:{{ DISTINGUISHED_DEV_PORT }}"]
    return [*hosts, "{{ DISTINGUISHED_HOST }}"]


# --- Init tasks -------------------------------------------------------------------------------------
# After Tutor's own (LOW priority): the LMS's tables must exist before the OAuth2 client is made.

INIT_TASKS = [("mysql", "init"), ("lms", "init"), ("distinguished", "init")]


def task_template(service: str, name: str) -> str:
    return (TEMPLATES / "distinguished" / "tasks" / service / name).read_text(encoding="utf-8")


for _service, _name in INIT_TASKS:
    hooks.Filters.CLI_DO_INIT_TASKS.add_item(
        (_service, task_template(_service, _name)), priority=priorities.LOW
    )

# --- `tutor local|dev|k8s do` jobs ------------------------------------------------------------------
# Each runs one `distinguished` command in the distinguished-job container. Files (a Slack export, a
# backup archive) are read from and written to /openedx/data, which is $(tutor config printroot)/data/
# distinguished on the host in `tutor local` and `tutor dev`.

DATA_DIR = "/openedx/data"


def command_line(*words: str) -> str:
    return " ".join(shlex.quote(word) for word in words)


def in_data_dir(file: str) -> str:
    if file.startswith("/"):
        return file
    return f"{DATA_DIR}/{file}"


def _since_and_restart(since: str | None, restart: bool) -> list[str]:
    words = ["--no-progress"]
    if since:
        words += ["--since", since]
    if restart:
        words.append("--restart")
    return words


since_option = click.option(
    "--since", metavar="DATE", help="Only what happened on or after DATE (YYYY-MM-DD)."
)
restart_option = click.option(
    "--restart", is_flag=True, help="Start from the beginning instead of where the last failed run stopped."
)


@click.command(name="distinguished-import-github", help="Import merged pull requests of known contributors.")
@click.option("--org", default="openedx", show_default=True, help="GitHub organization.")
@since_option
@restart_option
def import_github(org: str, since: str | None, restart: bool) -> t.Iterable[tuple[str, str]]:
    yield (
        "distinguished",
        command_line("distinguished", "import-github", "--org", org, *_since_and_restart(since, restart)),
    )


@click.command(name="distinguished-import-forum", help="Import forum replies of known contributors.")
@click.option("--url", help="The forum's address (default: DISTINGUISHED_DISCOURSE_URL).")
@since_option
@restart_option
def import_forum(url: str | None, since: str | None, restart: bool) -> t.Iterable[tuple[str, str]]:
    words = ["distinguished", "import-forum"]
    if url:
        words += ["--url", url]
    yield ("distinguished", command_line(*words, *_since_and_restart(since, restart)))


@click.command(
    name="distinguished-import-slack",
    help=f"Import the answers in a Slack workspace export: EXPORT is a .zip in {DATA_DIR} "
    "($(tutor config printroot)/data/distinguished on the host).",
)
@click.argument("export", required=False)
@click.option(
    "--workspace-url", help="The workspace the links go to (default: DISTINGUISHED_SLACK_WORKSPACE_URL)."
)
@click.option("--resume", metavar="RUN", type=int, help="Go on with a failed Slack import run.")
def import_slack(
    export: str | None, workspace_url: str | None, resume: int | None
) -> t.Iterable[tuple[str, str]]:
    if bool(export) == bool(resume):
        raise click.UsageError("Give either EXPORT or --resume RUN.")
    words = ["distinguished", "import-slack", "--no-progress"]
    if export:
        words.append(in_data_dir(export))
    if resume:
        words += ["--resume", str(resume)]
    if workspace_url:
        words += ["--workspace-url", workspace_url]
    yield ("distinguished", command_line(*words))


@click.command(name="distinguished-mark-stale-imports", help="Mark failed the imports whose worker died.")
def mark_stale_imports() -> t.Iterable[tuple[str, str]]:
    yield ("distinguished", "distinguished mark-stale-imports")


@click.command(
    name="distinguished-export-all",
    help=f"Back up all the data as one archive: FILE in {DATA_DIR} "
    "($(tutor config printroot)/data/distinguished on the host).",
)
@click.argument("file")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def export_all(file: str, force: bool) -> t.Iterable[tuple[str, str]]:
    words = ["distinguished", "export-all", in_data_dir(file)]
    if force:
        words.append("--force")
    yield ("distinguished", command_line(*words))


@click.command(
    name="distinguished-import-all",
    help=f"Restore an export-all archive into the empty database: FILE in {DATA_DIR}.",
)
@click.argument("file")
def import_all(file: str) -> t.Iterable[tuple[str, str]]:
    yield ("distinguished", command_line("distinguished", "import-all", in_data_dir(file)))


hooks.Filters.CLI_DO_COMMANDS.add_items(
    [import_github, import_forum, import_slack, mark_stale_imports, export_all, import_all]
)
