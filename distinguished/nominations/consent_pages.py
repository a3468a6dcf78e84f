"""The nominee's answer to a peer nomination, from the e-mailed link (no account needed) or signed in."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from distinguished.core.forms import add_errors

from . import api
from .forms import ConsentForm, listing_answer
from .nomination_page import HOME, form_status
from .page_access import nomination_or_404
from .rules import is_nominee


def consent(request, nomination_id: int):
    """The nominee's answer, reached from the e-mailed link (no account needed) or signed in."""
    item = nomination_or_404(nomination_id)
    token = request.GET.get("token") or request.POST.get("token", "")
    by_token = api.verify_token(token, item, "consent")
    if not (by_token or is_nominee(request.user, item)):
        return _not_the_nominee(request, item)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        answered = _answer(request, item, form, token)
        if answered is not None:
            return answered
    return render(
        request,
        "nominations/consent.html",
        {"nomination": item, "form": form, "token": token, "breadcrumbs": [HOME, (_("Your nomination"), "")]},
        status=form_status(request, form),
    )


def _not_the_nominee(request, item):
    """Someone without the link who is not the nominee: a browser not signed in signs in first, a
    user who may not see the nomination learns nothing of it, anyone else is sent to the e-mail."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('web:sign-in')}?next={request.get_full_path()}")
    if not request.user.has_perm("nominations.view_nomination", item):
        raise Http404("No such nomination.")
    raise PermissionDenied(_("This page is for the nominee; open the link in the e-mail you received."))


def _answer(request, item, form, token: str):
    """The nominee's sent answer: the page to go on to once it is taken, or None to show the form
    again with its errors."""
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        # Declining withdraws the nomination: it is never taken from a form sent without a choice.
        form.add_error(None, _("Choose whether you accept or decline the nomination."))
    if not form.is_valid():
        return None
    accept = answer == "accept"
    try:
        api.answer_consent(
            actor=request.user,
            nomination=item,
            consent=accept,
            token=token,
            addition=form.cleaned_data["addition"],
            list_publicly=listing_answer(form.cleaned_data) if accept else None,
        )
    except ValidationError as error:
        add_errors(form, error)
        return None
    return _thanked(request, item, accept)


def _thanked(request, item, accept: bool):
    """The answer taken: a word of thanks, then the nomination for whoever may see it, else home."""
    if accept:
        messages.success(request, _("Thank you: you accepted the nomination."))
    else:
        messages.info(request, _("You declined the nomination; it is withdrawn."))
    if request.user.has_perm("nominations.view_nomination", item):
        return redirect("nominations:nomination", item.pk)
    return redirect("web:home")
