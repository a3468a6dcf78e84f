"""The nomination page, as each role reads it (and shown again with a form's errors), and what the
other pages of nominations share with it: the breadcrumbs, the status of a form sent with errors,
the page a form returns to."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.program import api as program

from . import api
from .forms import EndorseForm, EvidenceForm, RequestEndorsementsForm, ScreeningForm, WithdrawForm
from .page_access import can_view, nomination_or_404, remember_invitation
from .rules import is_nominator, is_nominee

HOME = (gettext_lazy("Home"), "/")


def next_or(request, item) -> str:
    """The page to return to: the form's `next` when it is a page of this site, else the nomination."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("nominations:nomination", args=[item.pk])


def form_status(request, form) -> int:
    """400 for a form sent with errors, as the other pages answer."""
    return 400 if request.method == "POST" and form.errors else 200


def crumbs(*trail):
    return [HOME, (_("My nominations"), reverse("nominations:mine")), *trail]


def nomination(request, nomination_id: int):
    item = nomination_or_404(nomination_id)
    remember_invitation(request, item)
    if not can_view(request, item):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('web:sign-in')}?next={request.get_full_path()}")
        raise Http404("No such nomination.")
    return render(request, "nominations/nomination.html", detail_context(request, item))


def detail_context(request, item, **forms) -> dict:
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
        "evidence": labelled(item.evidence.all()),
        "breadcrumbs": crumbs((str(item), "")),
        **_page_forms(forms),
    }
    _add_screening_views(context, user, item)
    return context


def _page_forms(given: dict) -> dict:
    """The page's five forms: each one given back with its errors, else an empty one."""
    return {
        "endorse_form": given.get("endorse_form") or EndorseForm(),
        "request_form": given.get("request_form") or RequestEndorsementsForm(),
        "withdraw_form": given.get("withdraw_form") or WithdrawForm(),
        "screening_form": given.get("screening_form") or ScreeningForm(),
        "evidence_form": given.get("evidence_form") or EvidenceForm(kinds=program.contribution_kinds()),
    }


def _add_screening_views(context: dict, user, item) -> None:
    """What only some read: the screening reason and the history (the screener and the parties), the
    scorecard (whoever may view it) and the eligibility (the screener)."""
    if context["can_screen"] or context["is_nominator"] or context["is_nominee"]:
        context["screening_reason"] = item.screening_reason
        # The nominator and the nominee follow their nomination's history too.
        context["history"] = api.history_seen_by(user, item, api.history_of(item))
    if user.has_perm("nominations.view_scorecard", item):
        context["scorecard"] = api.scorecard_of(item)
        # The screener confirms the self-reported contributions behind the values.
        context["can_confirm"] = context["can_screen"]
    if context["can_screen"]:
        context["eligibility"] = api.eligibility_of(item)


def labelled(evidence) -> list:
    """Evidence items with the label of their contribution kind."""
    labels = {kind.code: program.in_language(kind.label) for kind in program.contribution_kinds()}
    items = list(evidence)
    for item in items:
        item.kind_label = labels.get(item.kind, item.kind)
    return items


def render_detail(request, item, status=400, **forms):
    return render(
        request, "nominations/nomination.html", detail_context(request, item, **forms), status=status
    )
