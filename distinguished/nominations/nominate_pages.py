"""Nominating: the form for a cycle open for nominations, naming myself, a known contributor or
someone new, and its errors put at the fields where they were typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from distinguished.core.forms import add_errors
from distinguished.people import api as people
from distinguished.program import api as program

from . import api
from .forms import NominateForm, listing_answer
from .nomination_page import crumbs, form_status
from .page_access import listed_cycle


@login_required
def nominate(request):
    """Nominate for a cycle open for nominations: the only one, or the one the nominator chooses
    while several are open (a cycle's Nominate button preselects it with `?cycle=`)."""
    open_cycles = program.open_cycles()
    cycle, closed_notice = _cycle_asked(request, open_cycles)
    prog = program.get_program()
    tracks = list(program.tracks_of(prog)) if prog else []
    form = NominateForm(
        request.POST if request.method == "POST" else None,
        tracks=tracks,
        nominees=people.contributors(),
        cycles=open_cycles,
        initial={"track": request.GET.get("track", "engineer"), "cycle": cycle.slug if cycle else ""},
    )
    window_error = api.none_open_message(open_cycles)
    if window_error and closed_notice:
        window_error, closed_notice = closed_notice, None
    existing = ""  # the nomination this one duplicates, for a caller who may see it
    if request.method == "POST" and form.is_valid() and not window_error:
        data = form.cleaned_data
        try:
            nomination = _nominate(request, data, open_cycles)
        except ValidationError as error:
            existing = _duplicated(error)
            add_errors(form, _form_error(error, who=data["who"]))
        else:
            messages.success(request, _saved_message(nomination))
            return redirect("nominations:nomination", nomination.pk)
    _to_open_cycle(form, cycle)
    return render(
        request,
        "nominations/nominate.html",
        {
            "form": form,
            "cycle": cycle,
            "open_cycles": open_cycles,
            "window_error": window_error,
            "closed_notice": closed_notice,
            "existing": existing,
            "tracks": tracks,
            "breadcrumbs": crumbs((_("Nominate"), "")),
        },
        status=form_status(request, form),
    )


def _cycle_asked(request, open_cycles) -> tuple:
    """(the cycle to nominate in, a notice that the cycle asked for is not open): the open cycle
    `?cycle=` names, or the only open one, or None (the form asks which)."""
    named = listed_cycle(request.GET.get("cycle", ""))
    closed_notice = None
    if named is not None and named not in open_cycles:
        # A link to a cycle not open now: say so, and offer the open ones if there are any.
        closed_notice, named = api.window_error(named), None
    only = open_cycles[0] if len(open_cycles) == 1 else None
    return named or only, closed_notice


def _duplicated(error: ValidationError) -> str:
    """The nomination a refused one duplicates (its `existing` message), or ""."""
    if hasattr(error, "error_dict"):
        return error.message_dict.get("existing", [""])[0]
    return ""


def _saved_message(nomination) -> str:
    """What the nominator is told once the draft is saved."""
    if nomination.self_nomination:
        return _(
            "Your draft is saved. Add evidence, ask for endorsements, and submit it before nominations close."
        )
    return _(
        "Your draft is saved. Add evidence, ask for endorsements, and submit it before nominations "
        "close. %(nominee)s is asked to accept by e-mail."
    ) % {"nominee": nomination.nominee}


def _to_open_cycle(form, cycle) -> None:
    """A form sent for a cycle no longer open, sent again, goes to the open one (its heading says which)."""
    if form.is_bound and not form.asks_cycle and cycle is not None:
        form.data = form.data.copy()
        form.data["cycle"] = cycle.slug


def _nominate(request, data: dict, open_cycles):
    """The nomination the form asks for: of myself, of a known contributor, or of someone new
    (recorded with the nomination, in one step of `api.nominate_someone_new`)."""
    fields = {
        "actor": request.user,
        "cycle": api.cycle_to_nominate_in(data["cycle"], open_cycles=open_cycles),
        "track": program.get_track(data["track"]),
        "statement": data["statement"],
    }
    if data["who"] == "self":
        if request.user.contributor is None:
            raise ValidationError({"who": [_("Create your contributor profile first (My profile).")]})
        nominee = request.user.contributor
    elif data["who"] == "existing":
        nominee = people.get_contributor(int(data["nominee"]))
    else:
        new_nominee = {
            "kind": data["new_kind"] or "person",
            "name": data["new_name"],
            "email": data["new_email"],
        }
        return api.nominate_someone_new(new_nominee=new_nominee, **fields)
    return api.nominate(
        nominee=nominee,
        # Only a self-nominee answers it here (a peer nominee answers when accepting).
        list_publicly=listing_answer(data) if nominee.pk == request.user.contributor_id else None,
        **fields,
    )


# The new nominee's fields as `api.nominate_someone_new` names their problems, and the form fields
# that collect them.
NEW_NOMINEE_FIELDS = {
    "nominee_new.kind": "new_kind",
    "nominee_new.name": "new_name",
    "nominee_new.email": "new_email",
}


def _form_error(error: ValidationError, *, who: str = "") -> ValidationError:
    """Point a duplicate's message at the nominee choice, a problem with the nominee at the field
    where they were chosen (“Myself” for a self-nomination), and a new nominee's problems at the
    fields where they were typed."""
    if not hasattr(error, "error_dict"):
        return error
    if "existing" in error.error_dict:
        return ValidationError({"nominee": error.message_dict["nominee"]})
    chosen = {"nominee": "who"} if who == "self" else {}
    return ValidationError(
        {
            chosen.get(field) or NEW_NOMINEE_FIELDS.get(field, field): messages
            for field, messages in error.message_dict.items()
        }
    )
