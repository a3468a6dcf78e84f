"""My nominations: those I made, those of me and those I endorsed, in one cycle or all."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from distinguished.program import api as program

from . import api
from .nomination_page import HOME
from .page_access import listed_cycle


@login_required
def mine(request):
    # `?cycle=` narrows the list to one cycle (the navigation links each cycle's nominations here).
    shown = listed_cycle(request.GET.get("cycle", ""))
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
