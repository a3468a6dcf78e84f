"""Pages of the public directory: `/directory/` (the members, filtered and searched) and
`/directory/<contributor id>/` (a member's public profile). Anyone may read them; both cost a fixed
number of queries whatever the number of members."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from . import api

PER_PAGE = 50
HOME = ("Home", "/")


def _annotate_rows(memberships, options) -> None:
    """Give each membership what its row shows: the status label and the cohort."""
    cycles = options.cycle_by_id()
    for membership in memberships:
        membership.status_label = api.STATUS_LABELS[membership.status]
        membership.cohort = cycles.get(membership.cohort_cycle_id)


def directory(request):
    options = api.directory_options()
    errors: dict[str, list[str]] = {}
    page = None
    try:
        filters = api.clean_directory_filters(request.GET, options)
    except ValidationError as error:
        errors = error.message_dict
        filters = None
    if filters is not None:
        entries = api.directory_entries(filters, renewal_window_days=options.renewal_window_days)
        page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
        _annotate_rows(page.object_list, options)
    values = {key: request.GET.get(key, "") for key in ("q", "track", "cycle", "status", "country")}
    values["country"] = values["country"].upper()
    return render(
        request,
        "membership/directory.html",
        {
            "page": page,
            "errors": errors,
            "values": values,
            "filtered": any(values.values()),
            "options": options,
            "countries": api.directory_countries(),
            "breadcrumbs": [HOME, ("Directory", "")],
        },
        status=400 if errors else 200,
    )


def profile(request, contributor_id: int):
    options = api.directory_options()
    try:
        found = api.public_profile(contributor_id, options=options)
    except ObjectDoesNotExist:
        raise Http404("No such member in the directory.") from None
    _annotate_rows(found.memberships, options)
    for contribution in found.contributions:
        contribution.kind_label = found.contribution_kinds.get(contribution.kind, contribution.kind)
    contributor = found.contributor
    return render(
        request,
        "membership/profile.html",
        {
            "profile": found,
            "contributor": contributor,
            "forum_url": f"{settings.DISCOURSE_URL}/u/{contributor.forum}" if contributor.forum else "",
            "breadcrumbs": [
                HOME,
                ("Directory", reverse("membership:directory")),
                (contributor.name, ""),
            ],
        },
    )
