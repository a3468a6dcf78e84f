"""WSGI entry point (gunicorn distinguished.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "distinguished.settings.production")

application = get_wsgi_application()

# What is loaded now (Django, every app and view module through the URL conf) lives as long as the
# worker: frozen out of the collector's reach, a full collection no longer walks its ~190,000
# objects. Unfrozen, a page that allocates much (the directory's search at 100,000 members) paused
# for one about one request in twenty, 130 ms each (docs/performance.md).
get_resolver().url_patterns  # noqa: B018 - imports every view module before the freeze
gc.freeze()
