"""The memberships page's download: its list of terms as CSV or XLSX, with the page's filters."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from distinguished.core import exports
from distinguished.program import api as program

from . import api
from .forms import MembershipFilterForm


@login_required
@require_GET
def memberships_export(request, file_format):
    """`/memberships/export.csv` (or `.xlsx`): what the page lists, unpaged. Filters the page would
    not take (an unknown track, say) are ignored as the page ignores them."""
    if not request.user.has_perm("membership.list_memberships"):
        raise PermissionDenied(_("Only program admins manage memberships."))
    tracks = program.tracks_of(program.get_program())
    chosen = MembershipFilterForm(request.GET or None, tracks=tracks).chosen()
    table = api.memberships_export(
        request.user, track=chosen.get("track", ""), status=chosen.get("status", ""), name=chosen.get("q", "")
    )
    return exports.response(table, file_format, "memberships")
