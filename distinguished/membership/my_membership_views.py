"""Pages of the member's own terms: `/memberships/mine/` (each term with its status, renewal window,
application and the way to lifetime status) and sending a renewal application from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from distinguished.core.forms import add_errors

from . import api
from .forms import RenewalForm

HOME = (gettext_lazy("Home"), "/")


def _my_terms(request, rules, *, bound: dict | None = None) -> list[dict]:
    """The signed-in member's terms with status, window, application, where they stand on the
    way to lifetime status, and a renewal form where they may apply. `bound`: {membership id:
    form} sent with errors."""
    today = timezone.localdate()
    terms = api.memberships_of(request.user.contributor_id)
    outlooks = api.lifetime_outlooks(terms, rules, today)
    bound = bound or {}
    return [_term_row(membership, today, rules, outlooks[membership.pk], bound) for membership in terms]


def _term_row(membership, today, rules, outlook, bound: dict) -> dict:
    """One term of the member's page: its status, renewal window and application, its way to
    lifetime status, and its renewal form (the one sent with errors, else a new one where the member
    may apply)."""
    status = api.status_of(membership, today, renewal_window_days=rules.renewal_window_days)
    window = api.renewal_window(membership, rules.renewal_window_days)
    renewal = api.renewal_of(membership)
    can_apply = _may_apply(status, window, renewal, today)
    form = bound.get(membership.pk) or RenewalForm(prefix=f"m{membership.pk}")
    return {
        "membership": membership,
        "status": status,
        "window": window,
        "window_upcoming": bool(window) and today < window[0] and status == api.Status.ACTIVE,
        # A renewal granted early: the new term is the member's, but runs from its start.
        "starts_later": membership.start > today,
        "renewal": renewal,
        "lifetime": outlook,
        "can_apply": can_apply,
        "form": form if can_apply or membership.pk in bound else None,
    }


def _may_apply(status, window, renewal, today) -> bool:
    """Whether the member may apply to renew now: no application yet, the term expiring, and its
    renewal window open today."""
    open_now = bool(window) and window[0] <= today <= window[1]
    return renewal is None and status == api.Status.EXPIRING and open_now


def _render_mine(request, *, bound=None, status=200):
    rules = api.membership_rules()
    return render(
        request,
        "membership/mine.html",
        {
            "rows": _my_terms(request, rules, bound=bound),
            "rules": rules,
            "breadcrumbs": [HOME, (_("My membership"), "")],
        },
        status=status,
    )


@login_required
def mine(request):
    return _render_mine(request)


@login_required
@require_POST
def apply(request, membership_id):
    """The member sends their renewal application from their membership page."""
    try:
        membership = api.get_membership(membership_id)
    except ObjectDoesNotExist:
        raise Http404("No such membership.") from None
    if not api.is_member_of(request.user, membership):
        raise PermissionDenied(_("Only the member applies to renew their own membership."))
    form = RenewalForm(request.POST, prefix=f"m{membership.pk}")
    if form.is_valid():
        try:
            api.apply_for_renewal(
                actor=request.user, membership=membership, statement=form.cleaned_data["statement"]
            )
        except api.AlreadyDone as error:
            add_errors(form, error)
            return _render_mine(request, bound={membership.pk: form}, status=409)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Your renewal application is sent; you will receive the decision by e-mail.")
            )
            return redirect("membership:mine")
    return _render_mine(request, bound={membership.pk: form}, status=400)
