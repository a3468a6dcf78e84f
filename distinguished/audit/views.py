"""The audit trail page: program admins read the events, per object or all."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from . import api


@login_required
def events(request):
    if not request.user.has_perm("distinguished.admin"):
        raise PermissionDenied("Only program admins read the audit trail.")
    filters = {name: request.GET.get(name, "").strip() for name in ("object_type", "object_id", "verb")}
    page = Paginator(api.events(**filters), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/events.html",
        {
            "page": page,
            "filters": filters,
            "object_types": api.object_types(),
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "breadcrumbs": [("Home", reverse("web:home")), ("Audit trail", "")],
        },
    )
