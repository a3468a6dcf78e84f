"""The admins' page of terms, `/memberships/`: every term with its status, filtered and paged, and
its actions (record a term, import a CSV of earlier terms, revoke, grant lifetime status)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from distinguished.core.forms import add_errors
from distinguished.core.uploads import UploadTooLarge
from distinguished.program import api as program

from . import api
from .forms import ImportForm, MembershipFilterForm, RecordTermForm, RevokeForm

HOME = (gettext_lazy("Home"), "/")
PAGE_SIZE = 50


def _require_admin(request) -> None:
    if not request.user.has_perm("membership.list_memberships"):
        raise PermissionDenied(_("Only program admins manage memberships."))


def _admin_rows(page, rules, today) -> list[dict]:
    outlooks = api.lifetime_outlooks(page, rules, today)
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
        return _record(request, record_form)
    if action == "import":
        return _import(request, import_form, import_errors)
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
        return _revoke(request, membership, action_errors, revoke_forms)
    return _grant_lifetime(request, membership, action_errors)


def _record(request, record_form):
    """Record an earlier term from the page's form: True when recorded, else 400."""
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


def _import(request, import_form, import_errors):
    """Import a CSV of earlier terms: True when imported, else 400 with the file's problems (413 for
    a file too large)."""
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


def _revoke(request, membership, action_errors, revoke_forms):
    """Revoke a term with the reason of its row's form: True when revoked, else 400."""
    form = RevokeForm(request.POST, prefix=f"r{membership.pk}")
    revoke_forms[membership.pk] = form
    if not form.is_valid():
        return 400
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


def _grant_lifetime(request, membership, action_errors):
    """Grant lifetime status to a term: True when granted, else 400."""
    try:
        api.grant_lifetime(actor=request.user, membership=membership)
    except ValidationError as error:
        action_errors.append(
            _("%(membership)s: %(problems)s")
            % {"membership": membership, "problems": " ".join(error.messages)}
        )
        return 400
    messages.success(request, _("Lifetime status granted: %(membership)s.") % {"membership": membership})
    return True
