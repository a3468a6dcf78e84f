"""Submitting a draft and withdrawing a nomination (buttons of the nomination page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import api
from .forms import WithdrawForm
from .page_access import visible_or_404


@login_required
@require_POST
def submit(request, nomination_id: int):
    item = visible_or_404(request, nomination_id)
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
    item = visible_or_404(request, nomination_id)
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
