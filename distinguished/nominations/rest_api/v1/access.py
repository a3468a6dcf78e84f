"""What the nominations endpoints share. They translate HTTP to `nominations.api` calls and back;
every rule (who may act, in which phase and state, what input is good) is decided there and
reaches the caller through `core.rest_errors`: 400 names the field or the current state, 403 says
who may act.

A nomination the caller may not see is a 404, as if it did not exist, whatever the caller meant to
do with it; a role is checked before the lookup, so the answer is the same for any id. A
nomination is answered as the caller may read it (`viewer.py`).
"""

from drf_spectacular.utils import OpenApiResponse
from rest_framework.exceptions import NotFound, PermissionDenied

from ... import api
from ...models import Nomination
from .output_serializers import NominationSerializer
from .viewer import Viewer

BAD_INPUT = OpenApiResponse(description="Bad input or a broken rule: the field (or `state`) and why.")


FORBIDDEN = OpenApiResponse(description="The caller may not do this.")


NOT_FOUND = OpenApiResponse(description="No such nomination, or the caller may not see it.")


def nomination_or_404(pk) -> Nomination:
    try:
        return api.get_nomination(pk)
    except Nomination.DoesNotExist:
        raise NotFound() from None


def visible(request, pk) -> Nomination:
    """The nomination if the caller may see it; a 404 otherwise, so ids reveal nothing."""
    try:
        return api.visible_nomination(request.user, pk)
    except Nomination.DoesNotExist:
        raise NotFound() from None


def detail(request, pk, *, as_nominee: bool = False) -> dict:
    """The nomination, fetched again after a change, as the caller may read it."""
    return shown(request, nomination_or_404(pk), as_nominee=as_nominee)


def shown(request, nomination: Nomination, *, as_nominee: bool = False) -> dict:
    """`nomination` (read with `api.get_nomination`'s related rows) as the caller may read it."""
    viewer = Viewer.of(request.user, nomination, as_nominee=as_nominee)
    return NominationSerializer(nomination, context={"viewer": viewer}).data


def require(request, perm: str, message: str) -> None:
    """A role check made before the nomination is looked up: the answer is the same for any id."""
    if not request.user.has_perm(perm):
        raise PermissionDenied(message)


def panel_visible(request, pk, perm: str) -> Nomination:
    """The nomination, unless a conflict of interest hides it from the caller: then a 404."""
    nomination = nomination_or_404(pk)
    if not request.user.has_perm(perm, nomination):
        raise NotFound("No such nomination.")
    return nomination
