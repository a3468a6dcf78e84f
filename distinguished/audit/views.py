"""The audit trail page: program admins read the events, per object or all."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from distinguished.core import exports

from . import api


def _filters(request) -> dict[str, str]:
    return {name: request.GET.get(name, "").strip() for name in ("object_type", "object_id", "verb")}


@login_required
def events(request):
    if not request.user.has_perm(api.READ_THE_TRAIL):
        raise PermissionDenied(_("Only program admins read the audit trail."))
    filters = _filters(request)
    page = Paginator(api.events(**filters), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/events.html",
        {
            "page": page,
            "filters": filters,
            "object_types": api.object_types(),
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "breadcrumbs": [(_("Home"), reverse("web:home")), (_("Audit trail"), "")],
        },
    )


@login_required
@require_GET
def events_export(request, file_format):
    """`/audit/export.csv` (or `.xlsx`): the trail with the page's filters, unpaged."""
    return exports.response(api.events_export(request.user, **_filters(request)), file_format, "audit-trail")
