"""Pages of renewal applications: `/renewals/` (the list, pending first, for the chair and program
admins) and `/renewals/<id>/` (one application with the evaluation of the term and the decision)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.core.forms import add_errors

from . import api
from .forms import DecisionForm, RenewalFilterForm

HOME = (gettext_lazy("Home"), "/")
PAGE_SIZE = 50


def _require_decider(request) -> None:
    if not api.may_decide(request.user):
        raise PermissionDenied(_("Only the chair and program admins see renewal applications."))


@login_required
def renewals(request):
    """Renewal applications, pending first, for the chair and program admins."""
    _require_decider(request)
    filters = RenewalFilterForm(request.GET or None)
    state = filters.cleaned_data.get("state") if filters.is_valid() else ""
    queryset = api.renewals()
    if state == "pending":
        queryset = queryset.filter(renew__isnull=True)
    elif state in ("renewed", "lapsed"):
        queryset = queryset.filter(renew=state == "renewed")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "membership/renewals.html",
        {
            "page": page,
            "renewals": list(page),
            "filters": filters,
            "query": query.urlencode(),
            "breadcrumbs": [HOME, (_("Renewals"), "")],
        },
    )


@login_required
def renewal(request, renewal_id):
    """One application: the statement, the evaluation of the term, and the decision form (the
    chair and admins; the member sees their own application)."""
    item = _viewable_renewal(request, renewal_id)
    decider = request.user.has_perm("membership.decide_renewal", item)
    form = (
        DecisionForm(request.POST if request.method == "POST" else None)
        if decider and item.state == "pending"
        else None
    )
    status = 200
    if request.method == "POST":
        decided, status = _decide(request, item, form, decider=decider)
        if decided is not None:
            return decided
    return render(
        request,
        "membership/renewal.html",
        {
            "renewal": item,
            "membership": item.membership,
            "evaluation": api.renewal_evaluation(item),
            "form": form,
            "decider": decider,
            "own": api.is_member_of(request.user, item.membership),
            "staff": api.may_decide(request.user),
            "new_start": item.membership.end + dt.timedelta(days=1),
            "breadcrumbs": _breadcrumbs(request, item),
        },
        status=status,
    )


def _viewable_renewal(request, renewal_id):
    """The application, if it exists and the user may see it (a 404 otherwise)."""
    try:
        item = api.get_renewal(renewal_id)
    except ObjectDoesNotExist:
        raise Http404("No such renewal application.") from None
    if not api.may_view(request.user, item):
        raise Http404("No such renewal application.")
    return item


def _decide(request, item, form, *, decider: bool):
    """A posted decision → (the redirect once it is recorded, or None with the page's status)."""
    if not decider:
        raise PermissionDenied(
            _("Only the chair or a program admin decides, and not on their own membership.")
        )
    if form is None:
        messages.error(request, _("This renewal is decided already (%(state)s).") % {"state": item.state})
        return None, 409
    if not form.is_valid():
        return None, 400
    try:
        api.decide_renewal(
            actor=request.user,
            renewal=item,
            renew=form.cleaned_data["decision"] == "renew",
            reason=form.cleaned_data["reason"],
        )
    except api.AlreadyDone as error:
        add_errors(form, error)
        return None, 409
    except ValidationError as error:
        add_errors(form, error)
        return None, 400
    messages.success(request, _("Renewed.") if item.renew else _("The term will lapse; the member is told."))
    return redirect("membership:renewal", renewal_id=item.pk), 302


def _breadcrumbs(request, item) -> list:
    """Home, then the renewals list (deciders) or the member's own membership, then the member."""
    if api.may_decide(request.user):
        parent = (_("Renewals"), reverse("membership:renewals"))
    else:
        parent = (_("My membership"), reverse("membership:mine"))
    return [HOME, parent, (str(item.membership.contributor), "")]
