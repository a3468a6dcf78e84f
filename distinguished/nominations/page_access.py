"""Which nomination (or cycle) a page is asked for, and who reaches it: a 404 for no such id and for
a nomination the caller may not see; an invitation link the browser followed, kept in the session
and bound to the account once it is signed in, lets a browser not signed in read the nomination."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from distinguished.program import api as program

from . import api

SESSION_INVITES = "nomination_invitations"


def nomination_or_404(nomination_id: int):
    try:
        return api.get_nomination(nomination_id)
    except ObjectDoesNotExist:
        raise Http404("No such nomination.") from None


def visible_or_404(request, nomination_id: int):
    """The nomination for a signed-in caller who may see it; a 404 otherwise, as for no such id."""
    item = nomination_or_404(nomination_id)
    remember_invitation(request, item)
    if not request.user.has_perm("nominations.view_nomination", item):
        raise Http404("No such nomination.")
    return item


def followed_invitation(request, nomination) -> str:
    """The invitation link's token this browser followed for the nomination, if any."""
    return request.session.get(SESSION_INVITES, {}).get(str(nomination.pk), "")


def remember_invitation(request, nomination) -> None:
    """Keep a valid invitation token from the link in the session, and bind it to the account as
    soon as the browser is signed in (the invitee may sign in or sign up first)."""
    token = request.GET.get("token", "")
    if token and api.invitation_of(nomination, token) is not None:
        invites = request.session.get(SESSION_INVITES, {})
        if not isinstance(invites, dict):
            invites = {}
        if invites.get(str(nomination.pk)) != token:
            request.session[SESSION_INVITES] = {**invites, str(nomination.pk): token}
    token = followed_invitation(request, nomination)
    if token and request.user.is_authenticated:
        try:
            api.accept_invitation(actor=request.user, nomination=nomination, token=token)
        except (PermissionDenied, ObjectDoesNotExist) as refusal:
            messages.error(request, str(refusal) or _("This invitation is not valid."))
        invites = dict(request.session.get(SESSION_INVITES, {}))
        invites.pop(str(nomination.pk), None)
        request.session[SESSION_INVITES] = invites


def can_view(request, nomination) -> bool:
    """The rule, and a browser not signed in yet that holds the invitation link: it may read the
    nomination it was invited to before it signs in to endorse."""
    if request.user.has_perm("nominations.view_nomination", nomination):
        return True
    if request.user.is_authenticated:
        return False
    return api.invitation_previews(nomination, followed_invitation(request, nomination))


def listed_cycle(slug: str):
    """The cycle `?cycle=` names, None without one; a 404 for an unknown slug."""
    if not slug:
        return None
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(f"No cycle “{slug}”.") from None
