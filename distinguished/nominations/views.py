"""Pages of nominations: nominate, my nominations, the nomination page for each role, consent,
endorse, submit, withdraw, and the screening queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from distinguished.core.forms import add_errors
from distinguished.people import api as people
from distinguished.program import api as program

from . import api
from .forms import (
    ConsentForm,
    EndorseForm,
    EvidenceForm,
    NominateForm,
    NomineeStatementForm,
    RequestEndorsementsForm,
    ScreeningForm,
    StatementForm,
    WithdrawForm,
    listing_answer,
)
from .rules import is_nominator, is_nominee

HOME = (gettext_lazy("Home"), "/")
SESSION_INVITES = "nomination_invitations"


def _nomination_or_404(nomination_id: int):
    try:
        return api.get_nomination(nomination_id)
    except ObjectDoesNotExist:
        raise Http404("No such nomination.") from None


def _visible_or_404(request, nomination_id: int):
    """The nomination for a signed-in caller who may see it; a 404 otherwise, as for no such id."""
    item = _nomination_or_404(nomination_id)
    _remember_invitation(request, item)
    if not request.user.has_perm("nominations.view_nomination", item):
        raise Http404("No such nomination.")
    return item


def _invitation_token(request, nomination) -> str:
    """The invitation link's token this browser followed for the nomination, if any."""
    return request.session.get(SESSION_INVITES, {}).get(str(nomination.pk), "")


def _remember_invitation(request, nomination) -> None:
    """Keep a valid invitation token from the link in the session, and bind it to the account as
    soon as the browser is signed in (the invitee may sign in or sign up first)."""
    token = request.GET.get("token", "")
    if token and api.invitation_of(nomination, token) is not None:
        invites = request.session.get(SESSION_INVITES, {})
        if not isinstance(invites, dict):
            invites = {}
        if invites.get(str(nomination.pk)) != token:
            request.session[SESSION_INVITES] = {**invites, str(nomination.pk): token}
    token = _invitation_token(request, nomination)
    if token and request.user.is_authenticated:
        try:
            api.accept_invitation(actor=request.user, nomination=nomination, token=token)
        except (PermissionDenied, ObjectDoesNotExist) as refusal:
            messages.error(request, str(refusal) or _("This invitation is not valid."))
        invites = dict(request.session.get(SESSION_INVITES, {}))
        invites.pop(str(nomination.pk), None)
        request.session[SESSION_INVITES] = invites


def _can_view(request, nomination) -> bool:
    """The rule, and a browser not signed in yet that holds the invitation link: it may read the
    nomination it was invited to before it signs in to endorse."""
    if request.user.has_perm("nominations.view_nomination", nomination):
        return True
    if request.user.is_authenticated:
        return False
    return api.invitation_previews(nomination, _invitation_token(request, nomination))


def _next_or(request, item) -> str:
    """The page to return to: the form's `next` when it is a page of this site, else the nomination."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("nominations:nomination", args=[item.pk])


def _status(request, form) -> int:
    """400 for a form sent with errors, as the other pages answer."""
    return 400 if request.method == "POST" and form.errors else 200


def _crumbs(*trail):
    return [HOME, (_("My nominations"), reverse("nominations:mine")), *trail]


@login_required
def mine(request):
    # `?cycle=` narrows the list to one cycle (the navigation links each cycle's nominations here).
    shown = _listed_cycle(request.GET.get("cycle", ""))
    nominations = list(api.nominations_for(request.user, cycle=shown.slug if shown else None))
    user = request.user
    for item in nominations:
        # A decision not announced yet reads as in review to its parties and endorsers.
        item.seen_state = api.seen_state(user, item)
        item.seen_state_label = api.seen_state_label(user, item)
    return render(
        request,
        "nominations/mine.html",
        {
            "made": [n for n in nominations if n.nominator_id == user.pk],
            "of_me": [n for n in nominations if user.contributor_id and n.nominee_id == user.contributor_id],
            "endorsed": [
                n for n in nominations if any(e.endorser_id == user.pk for e in n.endorsements.all())
            ],
            "shown_cycle": shown,
            "open_cycles": program.open_cycles(),
            "breadcrumbs": [HOME, (_("My nominations"), "")],
        },
    )


def _listed_cycle(slug: str):
    """The cycle `?cycle=` names, None without one; a 404 for an unknown slug."""
    if not slug:
        return None
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(f"No cycle “{slug}”.") from None


@login_required
def nominate(request):
    """Nominate for a cycle open for nominations: the only one, or the one the nominator chooses
    while several are open (a cycle's Nominate button preselects it with `?cycle=`)."""
    open_cycles = program.open_cycles()
    named = _listed_cycle(request.GET.get("cycle", ""))
    if named is not None and named not in open_cycles:
        # A link to a cycle not open now: say so, and offer the open ones if there are any.
        closed_notice, named = api.window_error(named), None
    else:
        closed_notice = None
    cycle = named or (open_cycles[0] if len(open_cycles) == 1 else None)
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
            with transaction.atomic():
                chosen = api.cycle_to_nominate_in(data["cycle"], open_cycles=open_cycles)
                if data["who"] == "self":
                    if request.user.contributor is None:
                        raise ValidationError(
                            {"who": [_("Create your contributor profile first (My profile).")]}
                        )
                    nominee = request.user.contributor
                elif data["who"] == "existing":
                    nominee = people.get_contributor(int(data["nominee"]))
                else:
                    nominee = people.register_nominee(
                        actor=request.user,
                        kind=data["new_kind"] or "person",
                        name=data["new_name"],
                        email=data["new_email"],
                    )
                nomination = api.nominate(
                    actor=request.user,
                    cycle=chosen,
                    track=program.get_track(data["track"]),
                    nominee=nominee,
                    statement=data["statement"],
                    # Only a self-nominee answers it here (a peer nominee answers when accepting).
                    list_publicly=listing_answer(data) if nominee.pk == request.user.contributor_id else None,
                )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                existing = error.message_dict.get("existing", [""])[0]
            add_errors(form, _form_error(error, who=data["who"]))
        else:
            messages.success(
                request,
                _(
                    "Your draft is saved. Add evidence, ask for endorsements, and submit it before nominations close."
                )
                if nomination.self_nomination
                else _(
                    "Your draft is saved. Add evidence, ask for endorsements, and submit it before nominations "
                    "close. %(nominee)s is asked to accept by e-mail."
                )
                % {"nominee": nomination.nominee},
            )
            return redirect("nominations:nomination", nomination.pk)
    if form.is_bound and not form.asks_cycle and cycle is not None:
        # A form sent for a cycle no longer open, sent again, goes to the open one (its heading says which).
        form.data = form.data.copy()
        form.data["cycle"] = cycle.slug
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
            "breadcrumbs": _crumbs((_("Nominate"), "")),
        },
        status=_status(request, form),
    )


# The fields of people.register_nominee and the form fields that collect them.
NEW_NOMINEE_FIELDS = {"kind": "new_kind", "name": "new_name", "email": "new_email"}


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


def nomination(request, nomination_id: int):
    item = _nomination_or_404(nomination_id)
    _remember_invitation(request, item)
    if not _can_view(request, item):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('web:sign-in')}?next={request.get_full_path()}")
        raise Http404("No such nomination.")
    return render(request, "nominations/nomination.html", _detail_context(request, item))


def _detail_context(request, item, **forms) -> dict:
    user = request.user
    nominator, nominee = is_nominator(user, item), is_nominee(user, item)
    panel = user.has_perm("nominations.view_endorsement_statements", item)
    endorsements = list(item.endorsements.all())
    own_endorsement = next((e for e in endorsements if e.endorser_id == user.pk), None)
    context = {
        "nomination": item,
        # A decision not announced yet reads as in review to its parties and endorsers.
        "seen_state": api.seen_state(user, item),
        "seen_state_label": api.seen_state_label(user, item),
        "decision": api.decision_for(user, item),
        "is_nominator": nominator,
        "is_nominee": nominee,
        "is_panel": panel,
        "can_edit": user.has_perm("nominations.may_edit", item),
        "can_submit": user.has_perm("nominations.may_submit", item),
        "can_withdraw": user.has_perm("nominations.can_be_withdrawn", item),
        "can_request": user.has_perm("nominations.may_request_endorsements", item),
        "can_endorse": user.has_perm("nominations.may_endorse", item),
        "can_screen": user.has_perm("nominations.screen_nomination", item),
        "show_endorsers": panel or nominator or nominee,
        "endorsements": endorsements,
        "own_endorsement": own_endorsement,
        "evidence": _labelled(item.evidence.all()),
        "breadcrumbs": _crumbs((str(item), "")),
        "endorse_form": forms.get("endorse_form") or EndorseForm(),
        "request_form": forms.get("request_form") or RequestEndorsementsForm(),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "screening_form": forms.get("screening_form") or ScreeningForm(),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(kinds=program.contribution_kinds()),
    }
    if context["can_screen"] or nominator or nominee:
        context["screening_reason"] = item.screening_reason
        # The nominator and the nominee follow their nomination's history too.
        context["history"] = api.history_seen_by(user, item, api.history_of(item))
    if user.has_perm("nominations.view_scorecard", item):
        context["scorecard"] = api.scorecard_of(item)
        # The screener confirms the self-reported contributions behind the values.
        context["can_confirm"] = context["can_screen"]
    if context["can_screen"]:
        context["eligibility"] = api.eligibility_of(item)
    return context


def _labelled(evidence) -> list:
    """Evidence items with the label of their contribution kind."""
    labels = {kind.code: program.in_language(kind.label) for kind in program.contribution_kinds()}
    items = list(evidence)
    for item in items:
        item.kind_label = labels.get(item.kind, item.kind)
    return items


def _render_detail(request, item, status=400, **forms):
    return render(
        request, "nominations/nomination.html", _detail_context(request, item, **forms), status=status
    )


@login_required
def edit(request, nomination_id: int):
    item = _visible_or_404(request, nomination_id)
    if not request.user.has_perm("nominations.edit_nomination", item):
        raise PermissionDenied(_("Only the nominator and the nominee change a nomination."))
    nominee = is_nominee(request.user, item)
    form_class = NomineeStatementForm if nominee and not is_nominator(request.user, item) else StatementForm
    initial = {"statement": item.statement, "nominee_statement": item.nominee_statement}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            api.update_nomination(actor=request.user, nomination=item, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("nominations:nomination", item.pk)
    return render(
        request,
        "nominations/edit.html",
        {
            "nomination": item,
            "form": form,
            "evidence": _labelled(item.evidence.all()),
            "evidence_form": EvidenceForm(kinds=program.contribution_kinds()),
            "breadcrumbs": _crumbs(
                (str(item), reverse("nominations:nomination", args=[item.pk])), (_("Edit"), "")
            ),
        },
        status=_status(request, form),
    )


@login_required
@require_POST
def evidence_add(request, nomination_id: int):
    item = _visible_or_404(request, nomination_id)
    form = EvidenceForm(request.POST, kinds=program.contribution_kinds())
    if form.is_valid():
        try:
            api.add_evidence(actor=request.user, nomination=item, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Evidence added."))
            return redirect(_next_or(request, item))
    if not request.user.has_perm("nominations.view_nomination", item):
        raise PermissionDenied(_("Only the nominator and the nominee add evidence."))
    return _render_detail(request, item, evidence_form=form)


@login_required
@require_POST
def evidence_remove(request, nomination_id: int, evidence_id: int):
    item = _visible_or_404(request, nomination_id)
    try:
        api.remove_evidence(actor=request.user, nomination=item, evidence_id=evidence_id)
    except ObjectDoesNotExist:
        raise Http404("No such evidence.") from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Evidence removed."))
    return redirect(_next_or(request, item))


def consent(request, nomination_id: int):
    """The nominee's answer, reached from the e-mailed link (no account needed) or signed in."""
    item = _nomination_or_404(nomination_id)
    token = request.GET.get("token") or request.POST.get("token", "")
    by_token = api.verify_token(token, item, "consent")
    if not (by_token or is_nominee(request.user, item)):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('web:sign-in')}?next={request.get_full_path()}")
        if not request.user.has_perm("nominations.view_nomination", item):
            raise Http404("No such nomination.")
        raise PermissionDenied(_("This page is for the nominee; open the link in the e-mail you received."))
    form = ConsentForm(request.POST if request.method == "POST" else None)
    answer = request.POST.get("answer")
    if request.method == "POST" and answer not in ("accept", "decline"):
        # Declining withdraws the nomination: it is never taken from a form sent without a choice.
        form.add_error(None, _("Choose whether you accept or decline the nomination."))
    if request.method == "POST" and form.is_valid():
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
        else:
            if accept:
                messages.success(request, _("Thank you: you accepted the nomination."))
            else:
                messages.info(request, _("You declined the nomination; it is withdrawn."))
            if request.user.has_perm("nominations.view_nomination", item):
                return redirect("nominations:nomination", item.pk)
            return redirect("web:home")
    return render(
        request,
        "nominations/consent.html",
        {"nomination": item, "form": form, "token": token, "breadcrumbs": [HOME, (_("Your nomination"), "")]},
        status=_status(request, form),
    )


@login_required
@require_POST
def endorse(request, nomination_id: int):
    item = _visible_or_404(request, nomination_id)
    form = EndorseForm(request.POST)
    if form.is_valid():
        try:
            api.endorse(actor=request.user, nomination=item, **form.cleaned_data)
        except ObjectDoesNotExist:
            raise Http404("No such nomination.") from None
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you for your endorsement."))
            return redirect("nominations:nomination", item.pk)
    return _render_detail(request, item, endorse_form=form)


@login_required
@require_POST
def request_endorsements(request, nomination_id: int):
    item = _visible_or_404(request, nomination_id)
    form = RequestEndorsementsForm(request.POST)
    if form.is_valid():
        try:
            sent = api.request_endorsements(
                actor=request.user,
                nomination=item,
                emails=form.email_list(),
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Asked %(count)s person to endorse.", "Asked %(count)s people to endorse.", len(sent)
                )
                % {"count": len(sent)},
            )
            return redirect("nominations:nomination", item.pk)
    return _render_detail(request, item, request_form=form)


@login_required
@require_POST
def submit(request, nomination_id: int):
    item = _visible_or_404(request, nomination_id)
    try:
        api.submit_nomination(actor=request.user, nomination=item)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Submitted. The panel screens nominations after the window closes."))
    return redirect("nominations:nomination", item.pk)


@login_required
@require_POST
def withdraw(request, nomination_id: int):
    item = _visible_or_404(request, nomination_id)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        api.withdraw(actor=request.user, nomination=item, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.info(request, _("The nomination is withdrawn."))
    return redirect("nominations:nomination", item.pk)


@login_required
@require_POST
def screen(request, nomination_id: int):
    item = _visible_or_404(request, nomination_id)
    form = ScreeningForm(request.POST)
    if form.is_valid():
        try:
            api.screen(
                actor=request.user,
                nomination=item,
                eligible=form.cleaned_data["decision"] == "eligible",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(nominee)s: %(state)s.")
                % {"nominee": item.nominee, "state": item.get_state_display().lower()},
            )
            return redirect(_next_or(request, item))
    if not request.user.has_perm("nominations.screen_nomination", item):
        raise PermissionDenied(_("Only the panel chair or a program admin screens nominations."))
    return _render_detail(request, item, screening_form=form)
