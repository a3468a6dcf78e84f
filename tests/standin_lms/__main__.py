"""Run the stand-in LMS: `python -m tests.standin_lms` with STANDIN_LMS_DB (an SQLite file),
STANDIN_LMS_PORT, STANDIN_LMS_KEY_FILE (its RSA private key, PEM) and STANDIN_LMS_SEED (JSON: its
users and its OAuth2 application) in the environment. Migrates, seeds, then serves until killed."""

import json
import os

import django
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer, run


def seed(data: dict) -> None:
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import get_application_model

    User = get_user_model()
    for person in data.get("users", []):
        user = User(
            username=person["username"],
            email=person["email"],
            first_name=person.get("first_name", ""),
            last_name=person.get("last_name", ""),
            is_active=person.get("is_active", True),
            is_staff=person.get("is_staff", False),
            is_superuser=person.get("is_superuser", False),
        )
        user.set_password(person["password"])
        user.save()
    for client in data.get("applications", []):
        get_application_model().objects.create(
            name=client["name"],
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            client_type="confidential",
            authorization_grant_type="authorization-code",
            redirect_uris=" ".join(client["redirect_uris"]),
            skip_authorization=client.get("skip_authorization", False),
        )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.standin_lms.settings")
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    seed(json.loads(os.environ.get("STANDIN_LMS_SEED", "{}")))
    from django.core.wsgi import get_wsgi_application

    run(
        "127.0.0.1",
        int(os.environ["STANDIN_LMS_PORT"]),
        get_wsgi_application(),
        threading=True,
        server_cls=WSGIServer,
    )


if __name__ == "__main__":
    main()
