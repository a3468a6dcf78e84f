"""Pages of the public directory: `/directory/` (the members, filtered and searched) and
`/directory/<contributor id>/` (a member's public profile). Anyone may read them; both cost a fixed
number of queries whatever the number of members."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import api

PER_PAGE = 50
CSRF_PLACEHOLDER = "csrf-token-of-the-visitor-2f9c41d7"
HOME = (_("Home"), "/")


def _annotate_rows(memberships, options) -> None:
    """Give each membership what its row shows: the status label and the cohort."""
    cycles = options.cycle_by_id()
    for membership in memberships:
        membership.status_label = api.STATUS_LABELS[membership.status]
        membership.cohort = cycles.get(membership.cohort_cycle_id)


def _directory_body(request) -> tuple[str, int]:
    """The filters and the results as HTML, and the status code (400 for a bad filter)."""
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
        page = api.KeysetPaginator(entries, PER_PAGE).get_page(
            request.GET.get("page"), after=request.GET.get("after"), before=request.GET.get("before")
        )
        page.object_list = api.as_of(page.object_list, renewal_window_days=options.renewal_window_days)
        _annotate_rows(page.object_list, options)
    values = {key: request.GET.get(key, "") for key in ("q", "track", "cycle", "status", "country")}
    values["country"] = values["country"].upper()
    body = render_to_string(
        "membership/directory_body.html",
        {
            "page": page,
            "errors": errors,
            "values": values,
            "filtered": any(values.values()),
            "options": options,
            # The same for every filter: cached on its own.
            "countries": api.cached(("countries", get_language()), api.data_stamp(), api.directory_countries),
        },
        # `{% querystring %}` builds the page links from the request's own parameters.
        request=request,
    )
    return mark_safe(body), 400 if errors else 200  # noqa: S308 - rendered by the template engine


def _page(request, stamp, **extra):
    # The body is the same for everyone who asks the same thing of the same data, so it is cached;
    # the page around it (the navigation, the account) is rendered for each request; the language
    # is in the key as the body is rendered in it.
    key = ("directory", get_language(), api.query_key(request.GET))
    body, status = api.cached(key, stamp, lambda: _directory_body(request))
    context = {"body": body, "breadcrumbs": [HOME, (_("Directory"), "")], **extra}
    return render(request, "membership/directory.html", context, status=status)


def _for_visitors(request, name: str, render_page):
    """`render_page(stamp, extra_context)`; for an anonymous visitor with no message waiting, the
    same whole page as any other's but for the CSRF token (a new one for each visitor, as the
    template would give): cached whole under `name` and the address, the token put in afterwards."""
    stamp = api.data_stamp()
    if stamp is None or request.user.is_authenticated or len(messages.get_messages(request)):
        return render_page(stamp, {})

    def whole_page():
        response = render_page(stamp, {"csrf_token": CSRF_PLACEHOLDER})
        return response.content.decode(), response.status_code

    html, status = api.cached((name, get_language(), request.get_full_path()), stamp, whole_page)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return HttpResponse(html, status=status)


def directory(request):
    return _for_visitors(request, "directory-page", lambda stamp, extra: _page(request, stamp, **extra))


def profile(request, contributor_id: int):
    """A member's public profile: cached whole for visitors, like the directory (a 404 is not)."""
    return _for_visitors(
        request, "profile-page", lambda stamp, extra: _profile(request, contributor_id, extra)
    )


def _profile(request, contributor_id: int, extra: dict):
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
                (_("Directory"), reverse("membership:directory")),
                (contributor.name, ""),
            ],
            **extra,
        },
    )
