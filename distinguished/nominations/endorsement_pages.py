"""Endorsing a nomination, and asking people by e-mail to endorse it (forms of the nomination page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from distinguished.core.forms import add_errors

from . import api
from .forms import EndorseForm, RequestEndorsementsForm
from .nomination_page import render_detail
from .page_access import visible_or_404


@login_required
@require_POST
def endorse(request, nomination_id: int):
    item = visible_or_404(request, nomination_id)
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
    return render_detail(request, item, endorse_form=form)


@login_required
@require_POST
def request_endorsements(request, nomination_id: int):
    item = visible_or_404(request, nomination_id)
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
    return render_detail(request, item, request_form=form)
