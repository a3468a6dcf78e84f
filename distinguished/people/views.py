"""Pages of the people app: contributors, accounts and roles, and a member's own profile."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from distinguished.audit import api as audit
from distinguished.core import exports
from distinguished.core.forms import add_errors

from . import api
from .forms import ContributorForm, RolesForm, SignUpForm, UserForm

HOME = (gettext_lazy("Home"), "/")


def _require_admin(request) -> None:
    if not api.is_program_admin(request.user):
        raise PermissionDenied(_("Only program admins manage people and accounts."))


def _contributor_or_404(contributor_id: int):
    try:
        return api.get_contributor(contributor_id)
    except ObjectDoesNotExist:
        raise Http404(_("No such contributor.")) from None


@login_required
def contributors(request):
    _require_admin(request)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    queryset = api.search_contributors(api.contributors(), q=q, kind=kind)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/contributors.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": api.ContributorKind.choices,
            "query": urlencode({name: value for name, value in (("q", q), ("kind", kind)) if value}),
            "breadcrumbs": [HOME, (_("People"), "")],
        },
    )


@login_required
@require_GET
def contributors_export(request, file_format):
    """`/people/export.csv` (or `.xlsx`): the People page's contributors with its search, unpaged,
    every field (program admins see every contributor's private fields)."""
    _require_admin(request)
    table = api.contributors_export(
        request.user, q=request.GET.get("q", "").strip(), kind=request.GET.get("kind", "")
    )
    return exports.response(table, file_format, "people")


@login_required
def contributor_new(request):
    _require_admin(request)
    form = ContributorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            contributor = api.create_contributor(actor=request.user, **form.contributor_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": contributor.name})
            return redirect("people:contributors")
    return render(
        request,
        "people/contributor_form.html",
        {
            "form": form,
            "title": _("New contributor"),
            "breadcrumbs": [HOME, (_("People"), reverse("people:contributors")), (_("New contributor"), "")],
        },
        # Back on the form after a POST: the input was refused.
        status=400 if request.method == "POST" else 200,
    )


@login_required
def contributor_edit(request, contributor_id: int):
    contributor = _contributor_or_404(contributor_id)
    if not request.user.has_perm("people.edit_contributor", contributor):
        raise PermissionDenied(_("You may only edit your own profile."))
    own = not api.is_program_admin(request.user)
    initial = {name: getattr(contributor, name) for name in api.CONTRIBUTOR_FIELDS}
    form = ContributorForm(
        request.POST if request.method == "POST" else None, initial=initial, own_profile=own
    )
    if request.method == "POST" and form.is_valid():
        try:
            api.update_contributor(actor=request.user, contributor=contributor, **form.contributor_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Profile saved."))
            return _after_save(own, contributor)
    return render(
        request,
        "people/contributor_form.html",
        {
            "form": form,
            "contributor": contributor,
            "title": _("Edit %(name)s") % {"name": contributor.name},
            "events": audit.events_for(contributor)[:10] if not own else None,
            "breadcrumbs": _edit_crumbs(own, contributor),
        },
        # Back on the form after a POST: the input was refused.
        status=400 if request.method == "POST" else 200,
    )


def _after_save(own: bool, contributor):
    """Where a saved profile leads: a member back to their own profile, an admin to the People list."""
    if own:
        return redirect("people:contributor-edit", contributor.pk)
    return redirect("people:contributors")


def _edit_crumbs(own: bool, contributor) -> list:
    """The breadcrumbs of the profile form: the member's own profile, or a contributor under People."""
    if own:
        return [HOME, (_("My profile"), "")]
    return [HOME, (_("People"), reverse("people:contributors")), (contributor.name, "")]


@login_required
def me(request):
    """A member's own profile: create it the first time, edit it after."""
    if request.user.contributor_id:
        return redirect("people:contributor-edit", contributor_id=request.user.contributor_id)
    form = ContributorForm(request.POST if request.method == "POST" else None, own_profile=True)
    if request.method == "POST" and form.is_valid():
        try:
            api.create_contributor(
                actor=request.user, kind=api.ContributorKind.PERSON, **form.contributor_fields()
            )
        except (ValidationError, PermissionDenied) as error:
            add_errors(form, error if isinstance(error, ValidationError) else ValidationError(str(error)))
        else:
            messages.success(request, _("Your contributor profile is saved."))
            return redirect("people:me")
    return render(
        request,
        "people/contributor_form.html",
        {
            "form": form,
            "title": _("Create your contributor profile"),
            "intro": _(
                "The program finds and recognizes contributors by this profile: your GitHub, forum and Slack names "
                "connect your contributions to you."
            ),
            "breadcrumbs": [HOME, (_("My profile"), "")],
        },
        # Back on the form after a POST: the input was refused.
        status=400 if request.method == "POST" else 200,
    )


@login_required
def users(request):
    _require_admin(request)
    page = Paginator(api.users(), 50).get_page(request.GET.get("page"))
    for account in page.object_list:
        account.role_codes = {grant.role for grant in account.roles.all()}
    return render(
        request,
        "people/users.html",
        {
            "page": page,
            "role_choices": api.Role.choices,
            "breadcrumbs": [HOME, (_("People"), reverse("people:contributors")), (_("Accounts"), "")],
        },
    )


@login_required
def user_new(request):
    _require_admin(request)
    form = UserForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = api.create_user(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Account “%(username)s” created; a welcome e-mail is on its way.")
                % {"username": user.username},
            )
            return redirect("people:users")
    return render(
        request,
        "people/user_form.html",
        {
            "form": form,
            "breadcrumbs": [
                HOME,
                (_("People"), reverse("people:contributors")),
                (_("Accounts"), reverse("people:users")),
                (_("New account"), ""),
            ],
        },
        # Back on the form after a POST: the input was refused.
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def user_roles(request, user_id: int):
    _require_admin(request)
    try:
        user = api.users().get(pk=user_id)
    except ObjectDoesNotExist:
        raise Http404(_("No such account.")) from None
    form = RolesForm(request.POST)
    if form.is_valid():
        try:
            roles = api.set_roles(actor=request.user, user=user, roles=form.cleaned_data["roles"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if roles:
                message = _("%(name)s: roles now %(roles)s.") % {
                    "name": user.display_name,
                    "roles": ", ".join(roles),
                }
            else:
                message = _("%(name)s: roles now none.") % {"name": user.display_name}
            messages.success(request, message)
    else:
        messages.error(request, _("Choose roles from the list."))
    return redirect("people:users")


def sign_up(request):
    """A community member opens an account, is signed in, and goes on to their profile. Not with
    LOCAL_PASSWORDS off: accounts then come from signing in with Open edX."""
    if not settings.LOCAL_PASSWORDS:
        raise Http404(_("Accounts on this site come from signing in with Open edX."))
    if request.user.is_authenticated:
        return redirect("people:me")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = api.sign_up(**form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome! Tell the program who you are: your profile links your contributions to you."),
            )
            next_url = request.POST.get("next", "")
            return redirect(
                next_url if next_url.startswith("/") and not next_url.startswith("//") else "people:me"
            )
    return render(
        request,
        "people/sign_up.html",
        {
            "form": form,
            "next": request.GET.get("next", ""),
            "breadcrumbs": [HOME, (_("Create an account"), "")],
        },
        # Back on the form after a POST: the input was refused.
        status=400 if request.method == "POST" else 200,
    )
