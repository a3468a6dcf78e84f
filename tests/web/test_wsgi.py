"""The WSGI entry point gunicorn serves loads every view module and then freezes what it holds out
of the garbage collector's reach (docs/performance.md, third pass: full collections walking those
objects were the directory search's p95 miss at 100,000 members)."""

import json
import os
import subprocess
import sys

PROBE = (
    "import gc, json, sys; import distinguished.wsgi as w; "
    "print(json.dumps([gc.get_freeze_count(), callable(w.application), "
    "'distinguished.membership.directory_views' in sys.modules, "
    "'distinguished.review.views' in sys.modules]))"
)


def test_the_wsgi_application_freezes_what_it_loaded():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_SETTINGS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="distinguished.settings.production",
        SECRET_KEY="w" * 20 + "-wsgi-" + "z" * 30,
        DATABASE_URL="sqlite:///:memory:",
        ALLOWED_HOSTS="dcp.example.org",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    frozen, application, directory_loaded, review_loaded = json.loads(result.stdout.splitlines()[-1])
    assert application
    assert directory_loaded and review_loaded, "the URL conf was not loaded before the freeze"
    assert frozen > 50_000, f"only {frozen} objects frozen"
