"""The panel's pages: who sits on it and its conflicts (the panel page), copy an earlier cycle's panel, and who
reviews what (a table; its download, with the scores, is export_pages.py's). The rules are
review.api's; these only translate."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from distinguished.core.forms import add_errors
from distinguished.nominations import api as nominations
from distinguished.people import api as people
from distinguished.program import api as program

from . import api
from .forms import AssignByHandForm, ConflictForm, SeatForm
from .views import HOME, _is_chair


def _cycle(slug):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(_("No cycle “%(slug)s”.") % {"slug": slug}) from None


def _nominees(items) -> str:
    """“Ada”, “Ada and Ben”, “Ada, Ben and Cy”: the nominees of the nominations given."""
    names = [str(n.nominee) for n in items]
    if len(names) == 1:
        return names[0]
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


@login_required
@require_POST
def copy_panel(request, slug: str):
    """“Copy the panel of <cycle>” (or add its members to the seats already here), then back to
    the panel page, where each seat can be edited."""
    cycle = _cycle(slug)
    if not request.user.has_perm("review.seat_panel", cycle):
        raise PermissionDenied(_("Only program admins seat the panel."))
    try:
        source = program.get_cycle(request.POST.get("source", ""))
    except ObjectDoesNotExist:
        messages.error(request, _("Choose the earlier cycle whose panel to copy."))
        return redirect("review:panel", cycle.slug)
    try:
        copied = api.copy_panel(
            actor=request.user, cycle=cycle, source=source, add=request.POST.get("add") == "1"
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except IntegrityError:
        messages.error(request, _("Someone changed this panel meanwhile; reload the page and copy again."))
    else:
        count = len(copied.seated)
        messages.success(
            request,
            ngettext(
                "%(count)s panelist of the %(source)s panel seated here; edit or remove any seat below.",
                "%(count)s panelists of the %(source)s panel seated here; edit or remove any seat below.",
                count,
            )
            % {"count": count, "source": source},
        )
        if copied.skipped:
            messages.info(
                request,
                _("Not copied: %(people)s.")
                % {
                    "people": "; ".join(
                        _("%(name)s (%(reason)s)") % {"name": s.name, "reason": s.reason}
                        for s in copied.skipped
                    )
                },
            )
    return redirect("review:panel", cycle.slug)


@login_required
def reviewers(request, slug: str):
    """Who reviews what, by nomination and by panelist; its download is export.csv (or .xlsx,
    export_pages.py), where an earlier link with `?format=csv` is sent."""
    cycle = _cycle(slug)
    if request.GET.get("format") == "csv":
        return redirect("review:reviews-export", slug=cycle.slug, file_format="csv")
    table = api.who_reviews_what(cycle, viewer=request.user)
    return render(
        request,
        "review/reviewers.html",
        {
            "cycle": cycle,
            **table,
            "handled_elsewhere_names": _nominees(table["handled_elsewhere"])
            if table["handled_elsewhere"]
            else "",
            "breadcrumbs": [
                HOME,
                (_("Cycles"), reverse("program:cycles")),
                (cycle.name, reverse("program:cycle", args=[cycle.slug])),
                (_("Review panel"), reverse("review:panel", args=[cycle.slug])),
                (_("Who reviews what"), ""),
            ],
        },
    )


# The panel page's lists grow with the cycle: a page of each (a search finds any nomination).
FOUND_MAX = 20
LIST_PAGE = 50
NAMES_MAX = 20


def _query(request, **changes) -> str:
    """The page's query string with `changes` (None drops a key), for links to another page of a list."""
    query = request.GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


def _back(cycle, q: str):
    """The panel page again after an action, with the search the action was taken from."""
    url = reverse("review:panel", args=[cycle.slug])
    return redirect(url + (f"?{urlencode({'q': q})}" if q else ""))


@login_required
def panel(request, slug: str):
    """Who sits on the panel and its conflicts; the chair assigns reviewers, any seat declares a
    conflict. A nomination is found by a search (`?q=`: its number or the nominee's name) or named by
    its number: a page of nominations at most, whatever the size of the cycle. The conflicts and the
    voided assignments are read a page at a time (`?conflicts=`, `?voided=`)."""
    cycle = _cycle(slug)
    user = request.user
    seat = api.seat_of(user, cycle)
    is_chair = _is_chair(user)
    if not (is_chair or seat):
        raise PermissionDenied(_("Only the panel and program admins see the panel."))
    is_admin = people.is_program_admin(user)
    status = api.panel_status(cycle)
    forms = _forms(request, cycle, status)
    rows = api.conflicts_of(cycle)
    seen = api.conflicts_seen_by(cycle, user, rows=rows)
    q = request.GET.get("q", "").strip()[:200]
    code = 200
    if request.method == "POST":
        code = 400
        try:
            taken = _act(request, cycle, forms, is_admin=is_admin, q=q)
        except api.ConflictExists as repeat:
            forms["conflict_form"].add_error("nomination", repeat.message)
            code = 409
        else:
            if taken:
                return taken
    return render(
        request,
        "review/panel.html",
        {
            "cycle": cycle,
            "status": status,
            "is_admin": is_admin,
            "is_chair": is_chair,
            "seat": seat,
            **forms,
            **_lists(request, cycle, q, rows=rows, seen=seen, is_chair=is_chair),
            # Earlier panels an admin may copy here (panel_pages.copy_panel).
            "copy_sources": api.panels_to_copy(cycle) if user.has_perm("review.seat_panel", cycle) else [],
            "breadcrumbs": [
                HOME,
                (_("Cycles"), reverse("program:cycles")),
                (cycle.name, reverse("program:cycle", args=[cycle.slug])),
                (_("Review panel"), ""),
            ],
        },
        status=code,
    )


def _forms(request, cycle, status) -> dict:
    """The panel page's three forms (seat a panelist, declare a conflict, assign a reviewer by hand),
    the one posted bound to what was posted."""
    return {
        "seat_form": SeatForm(
            _posted_to(request, "seat"),
            groups=program.panel_groups_of(cycle.program),
            tracks=program.tracks_of(cycle.program),
        ),
        "conflict_form": ConflictForm(_posted_to(request, "conflict")),
        "by_hand_form": AssignByHandForm(
            _posted_to(request, "by_hand"), seats=status["seats"], auto_id="by-hand-%s"
        ),
    }


def _posted_to(request, form: str):
    """What was posted to the panel page's form `form` (its button's name), or None: the form unbound."""
    if request.method == "POST" and form in request.POST:
        return request.POST
    return None


def _act(request, cycle, forms: dict, *, is_admin: bool, q: str):
    """The action posted from the panel page (seat a panelist, assign a reviewer by hand, declare a
    conflict): the way back to the page when it is taken, otherwise None and its form names what is
    wrong. A conflict declared already raises api.ConflictExists."""
    posted = request.POST
    if "seat" in posted:
        if not is_admin:
            raise PermissionDenied(_("Only program admins seat the panel."))
        if _seat(request, cycle, forms["seat_form"]):
            return redirect("review:panel", cycle.slug)
    if "by_hand" in posted:
        if not request.user.has_perm("review.run_panel"):
            raise PermissionDenied(_("Only the chair or a program admin assigns reviewers."))
        if _assign_by_hand(request, cycle, forms["by_hand_form"]):
            return _back(cycle, q)
    if "conflict" in posted and _declare(request, cycle, forms["conflict_form"]):
        return _back(cycle, q)
    return None


def _declare(request, cycle, form) -> bool:
    """A seat declares a conflict with the nomination named on the panel page; True when declared,
    otherwise the form names what is wrong (api.ConflictExists is raised to the page)."""
    if not form.is_valid():
        return False
    try:
        conflict = api.declare_conflict(
            actor=request.user,
            cycle=cycle,
            nomination=nominations.get_nomination(form.cleaned_data["nomination"]),
            reason=form.cleaned_data["reason"],
        )
    except ObjectDoesNotExist:
        form.add_error("nomination", _("No nomination of this cycle has that number."))
        return False
    except ValidationError as error:
        add_errors(form, error)
        return False
    messages.success(
        request,
        _(
            "Conflict declared: you will not be assigned that nomination or see its reviews. "
            "Your assignment to it is void; the chair assigns another reviewer."
        )
        if conflict.voided
        else _("Conflict declared: you will not be assigned that nomination or see its reviews."),
    )
    return True


def _lists(request, cycle, q: str, *, rows, seen, is_chair: bool) -> dict:
    """The panel page's lists: the nominations the search found (any seat), and for the chair the
    conflicts, the nominations handled elsewhere and the voided assignments, a page of each."""
    found = api.declarable_nominations(cycle, request.user, q, rows=rows, limit=FOUND_MAX + 1) if q else []
    elsewhere = seen["handled_elsewhere"] if is_chair else []
    return {
        "q": q,
        "search_query": urlencode({"q": q}) if q else "",
        "found": found[:FOUND_MAX],
        "found_more": len(found) > FOUND_MAX,
        "conflicts": _page(request, "conflicts", seen["rows"] if is_chair else []),
        "handled_elsewhere": elsewhere[:NAMES_MAX],
        "handled_elsewhere_names": ", ".join(str(n.nominee) for n in elsewhere[:NAMES_MAX]),
        "handled_elsewhere_more": max(0, len(elsewhere) - NAMES_MAX),
        "voided": _page(
            request,
            "voided",
            api.voided_assignments(cycle, viewer=request.user, rows=rows) if is_chair else [],
        ),
    }


def _page(request, key: str, items: list):
    """A page of one of the panel page's lists, its links keeping the rest of the query."""
    page = Paginator(items, LIST_PAGE).get_page(request.GET.get(key))
    page.previous_query = _query(request, **{key: str(page.number - 1)}) if page.has_previous() else ""
    page.next_query = _query(request, **{key: str(page.number + 1)}) if page.has_next() else ""
    return page


def _assign_by_hand(request, cycle, form) -> bool:
    """The chair's assignment of one reviewer from the panel page; True when made, otherwise the
    form names what is wrong (a number of no nomination the chair may see is “no such nomination”)."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        nomination = nominations.get_nomination(data["nomination"])
        if nomination.cycle_id != cycle.pk:
            raise ObjectDoesNotExist
    except ObjectDoesNotExist:
        form.add_error("nomination", _("No nomination of this cycle has that number."))
        return False
    try:
        panelist = people.users().get(pk=data["panelist"])
    except ObjectDoesNotExist:
        form.add_error("panelist", _("That panelist's account is gone; choose another panelist."))
        return False
    try:
        api.assign_by_hand(actor=request.user, nomination=nomination, panelist=panelist)
    except ObjectDoesNotExist:
        form.add_error("nomination", _("No nomination of this cycle has that number."))
        return False
    except ValidationError as error:
        add_errors(form, error)
        return False
    messages.success(
        request,
        _("%(panelist)s now reviews %(nominee)s.") % {"panelist": panelist, "nominee": nomination.nominee},
    )
    return True


def _seat(request, cycle, form) -> bool:
    """A program admin seats the account named by its username or e-mail address; True when seated,
    otherwise the form names what is wrong."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    named = data["user"].strip()
    accounts = list(people.users().filter(username__iexact=named)[:1]) or list(
        people.users().filter(email__iexact=named)[:2]
    )
    if len(accounts) != 1:
        form.add_error(
            "user",
            _("Several accounts have that e-mail address; give the username.")
            if accounts
            else _("No account has the username or e-mail address “%(named)s”.") % {"named": named},
        )
        return False
    try:
        api.seat_panelist(
            actor=request.user,
            cycle=cycle,
            user=accounts[0],
            group=data["group"],
            chair=data["chair"],
            tracks=data["tracks"],
        )
    except ValidationError as error:
        add_errors(form, error)
        return False
    messages.success(request, _("%(user)s seated.") % {"user": accounts[0]})
    return True
