"""The Celery application. Without CELERY_BROKER_URL every task runs eagerly in the caller."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "distinguished.settings.dev")

app = Celery("distinguished")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
