"""Pages of memberships: a member's own terms and their renewal application; the admins' list of
terms (record, import, revoke, grant lifetime); the renewal applications for the chair and admins."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from distinguished.core.forms import add_errors
from distinguished.core.uploads import UploadTooLarge
from distinguished.program import api as program

from . import api
from .forms import (
    DecisionForm,
    ImportForm,
    MembershipFilterForm,
    RecordTermForm,
    RenewalFilterForm,
    RenewalForm,
    RevokeForm,
)

HOME = (gettext_lazy("Home"), "/")
PAGE_SIZE = 50


def _require_admin(request) -> None:
    if not request.user.has_perm("membership.list_memberships"):
        raise PermissionDenied(_("Only program admins manage memberships."))


def _require_decider(request) -> None:
    if not api.may_decide(request.user):
        raise PermissionDenied(_("Only the chair and program admins see renewal applications."))


# --- the member's own terms ----------------------------------------------------------------------


def _my_terms(request, rules, *, bound: dict | None = None) -> list[dict]:
    """The signed-in member's terms with status, window, application, where they stand on the
    way to lifetime status, and a renewal form where they may apply. `bound`: {membership id:
    form} sent with errors."""
    today = timezone.localdate()
    terms = api.memberships_of(request.user.contributor_id)
    outlooks = _outlooks(terms, rules, today)
    rows = []
    for membership in terms:
        status = api.status_of(membership, today, renewal_window_days=rules.renewal_window_days)
        window = api.renewal_window(membership, rules.renewal_window_days)
        renewal = api.renewal_of(membership)
        open_now = bool(window) and window[0] <= today <= window[1]
        can_apply = renewal is None and status == api.Status.EXPIRING and open_now
        form = (bound or {}).get(membership.pk) or RenewalForm(prefix=f"m{membership.pk}")
        rows.append(
            {
                "membership": membership,
                "status": status,
                "window": window,
                "window_upcoming": bool(window) and today < window[0] and status == api.Status.ACTIVE,
                # A renewal granted early: the new term is the member's, but runs from its start.
                "starts_later": membership.start > today,
                "renewal": renewal,
                "lifetime": outlooks[membership.pk],
                "can_apply": can_apply,
                "form": form if can_apply or membership.pk in (bound or {}) else None,
            }
        )
    return rows


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


# --- the admins' list of terms -------------------------------------------------------------------


def _outlooks(memberships, rules, today) -> dict:
    """{membership id: its LifetimeOutlook}, in one query for the whole list."""
    milestones = api.lifetime_milestones(memberships, years=rules.lifetime_after_years)
    return {
        m.pk: api.lifetime_outlook(
            m,
            milestones[m.pk],
            today,
            years=rules.lifetime_after_years,
            renewal_window_days=rules.renewal_window_days,
        )
        for m in memberships
    }


def _admin_rows(page, rules, today) -> list[dict]:
    outlooks = _outlooks(page, rules, today)
    rows = []
    for membership in page:
        status = api.status_of(membership, today, renewal_window_days=rules.renewal_window_days)
        rows.append(
            {
                "membership": membership,
                "status": status,
                "renewal": api.renewal_of(membership),
                "lifetime": outlooks[membership.pk],
                "revocable": status != api.Status.REVOKED,
            }
        )
    return rows


@login_required
def memberships(request):
    """Every term with its status, for program admins: filter, record a term, import a CSV of
    earlier terms, revoke with a reason, grant lifetime status once the milestone is reached."""
    _require_admin(request)
    loaded = program.get_program()
    rules = api.membership_rules(loaded)
    tracks = list(program.tracks_of(loaded))
    action = request.POST.get("action") if request.method == "POST" else None
    # Its own ids: the filter form on the same page has a `track` field too.
    record_form = RecordTermForm(
        request.POST if action == "record" else None,
        tracks=tracks,
        cycles=program.cycles(),
        auto_id="id_record_%s",
    )
    import_form = ImportForm(request.POST, request.FILES) if action == "import" else ImportForm()
    import_errors: list[dict] = []
    action_errors: list[str] = []
    revoke_forms: dict[int, RevokeForm] = {}
    status = 200
    if action:
        outcome = _act(request, action, record_form, import_form, import_errors, action_errors, revoke_forms)
        if outcome is True:
            return redirect(request.get_full_path())
        status = outcome
    filters = MembershipFilterForm(request.GET or None, tracks=tracks)
    chosen = filters.chosen()
    queryset = api.memberships(
        track=chosen.get("track", ""),
        status=chosen.get("status", ""),
        name=chosen.get("q", ""),
        renewal_window_days=rules.renewal_window_days,
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _admin_rows(list(page), rules, timezone.localdate())
    for row in rows:
        row["revoke_form"] = revoke_forms.get(row["membership"].pk) or RevokeForm(
            prefix=f"r{row['membership'].pk}"
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "membership/memberships.html",
        {
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "record_form": record_form,
            "import_form": import_form,
            "import_errors": import_errors,
            "action_errors": action_errors,
            "rules": rules,
            "breadcrumbs": [HOME, (_("Memberships"), "")],
        },
        status=status,
    )


def _act(request, action, record_form, import_form, import_errors, action_errors, revoke_forms):
    """One admin action of the list page: True when done (redirect), else the status to answer."""
    if action == "record":
        if not record_form.is_valid():
            return 400
        data = record_form.cleaned_data
        try:
            api.record_earlier_term(
                actor=request.user,
                contributor=data["contributor"],
                track=data["track"],
                start=data["start"],
                renews=data["renews"],
                cycle=data["cycle"],
            )
        except ValidationError as error:
            add_errors(record_form, error)
            return 400
        messages.success(request, _("The term is recorded."))
        return True
    if action == "import":
        if not import_form.is_valid():
            return 400
        try:
            result = api.import_terms_csv(actor=request.user, file=import_form.cleaned_data["file"])
        except api.ImportRefused as refused:
            import_errors.extend(refused.rows)
            count = len(refused.rows)
            import_form.add_error(
                None,
                ngettext(
                    "Nothing was imported: the file has %(count)s problem(s), listed below.",
                    "Nothing was imported: the file has %(count)s problem(s), listed below.",
                    count,
                )
                % {"count": count},
            )
            return 400
        except UploadTooLarge as error:
            add_errors(import_form, error)
            return 413
        except ValidationError as error:
            add_errors(import_form, error)
            return 400
        created = result["created"]
        messages.success(
            request,
            ngettext("Imported %(count)s term.", "Imported %(count)s terms.", created) % {"count": created},
        )
        return True
    if action not in ("revoke", "lifetime"):
        action_errors.append(
            _("Choose one of the page's buttons: record, import, revoke or grant lifetime status.")
        )
        return 400
    try:
        membership = api.get_membership(request.POST.get("membership", ""))
    except (ObjectDoesNotExist, ValueError):
        action_errors.append(_("That membership does not exist (any more); reload the page."))
        return 400
    if action == "revoke":
        form = RevokeForm(request.POST, prefix=f"r{membership.pk}")
        revoke_forms[membership.pk] = form
        if form.is_valid():
            try:
                api.revoke(actor=request.user, membership=membership, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_errors(form, error)
                action_errors.append(
                    _("%(membership)s: %(problems)s")
                    % {"membership": membership, "problems": " ".join(error.messages)}
                )
                return 400
            messages.success(request, _("Revoked: %(membership)s.") % {"membership": membership})
            return True
        return 400
    try:  # lifetime
        api.grant_lifetime(actor=request.user, membership=membership)
    except ValidationError as error:
        action_errors.append(
            _("%(membership)s: %(problems)s")
            % {"membership": membership, "problems": " ".join(error.messages)}
        )
        return 400
    messages.success(request, _("Lifetime status granted: %(membership)s.") % {"membership": membership})
    return True


# --- renewal applications ------------------------------------------------------------------------


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
    try:
        item = api.get_renewal(renewal_id)
    except ObjectDoesNotExist:
        raise Http404("No such renewal application.") from None
    if not api.may_view(request.user, item):
        raise Http404("No such renewal application.")
    decider = request.user.has_perm("membership.decide_renewal", item)
    form = (
        DecisionForm(request.POST if request.method == "POST" else None)
        if decider and item.state == "pending"
        else None
    )
    status = 200
    if request.method == "POST" and not decider:
        raise PermissionDenied(
            _("Only the chair or a program admin decides, and not on their own membership.")
        )
    if request.method == "POST" and form is None:
        messages.error(request, _("This renewal is decided already (%(state)s).") % {"state": item.state})
        status = 409
    elif request.method == "POST":
        if form.is_valid():
            try:
                api.decide_renewal(
                    actor=request.user,
                    renewal=item,
                    renew=form.cleaned_data["decision"] == "renew",
                    reason=form.cleaned_data["reason"],
                )
            except api.AlreadyDone as error:
                add_errors(form, error)
                status = 409
            except ValidationError as error:
                add_errors(form, error)
                status = 400
            else:
                messages.success(
                    request, _("Renewed.") if item.renew else _("The term will lapse; the member is told.")
                )
                return redirect("membership:renewal", renewal_id=item.pk)
        else:
            status = 400
    breadcrumbs = [HOME]
    if api.may_decide(request.user):
        breadcrumbs.append((_("Renewals"), reverse("membership:renewals")))
    else:
        breadcrumbs.append((_("My membership"), reverse("membership:mine")))
    breadcrumbs.append((str(item.membership.contributor), ""))
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
            "breadcrumbs": breadcrumbs,
        },
        status=status,
    )
