"""What is settled about the nominee when a nomination is made or accepted, rather than weeks later
at screening: a current member of the track renews instead of being nominated again, and the
nominee answers whether, if selected, they are listed in the public directory."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.membership import api as membership
from distinguished.program.api import human

LISTING_QUESTION = gettext_lazy("If selected, list me in the public directory")


def current_member_error(*, actor, nominee, track) -> dict:
    """`{"nominee": [why]}` when the nominee is an active member of the track today (a lifetime
    member for good): they renew, and the message says how; `{}` otherwise. The term's dates are
    told to the member themself only."""
    term = membership.active_membership(nominee.pk, track.code)
    if term is None:
        return {}
    if term.lifetime or term.end is None:
        return {
            "nominee": [
                _("%(nominee)s holds lifetime status as a %(track)s: there is nothing to nominate or renew.")
                % {"nominee": nominee, "track": track}
            ]
        }
    mine = reverse("membership:mine")
    if actor.is_authenticated and actor.contributor_id == nominee.pk:
        opens, _closes = membership.renewal_window(term, membership.membership_rules().renewal_window_days)
        return {
            "nominee": [
                _(
                    "You are a %(track)s until %(end)s: a member renews the membership instead of being "
                    "nominated again. Apply to renew from My memberships (%(mine)s) once the renewal "
                    "window opens on %(opens)s (API: POST %(api)s)."
                )
                % {
                    "track": track,
                    "end": human(term.end),
                    "mine": mine,
                    "opens": human(opens),
                    "api": reverse("api-v1:membership-renewal", args=[term.pk]),
                }
            ]
        }
    return {
        "nominee": [
            _(
                "%(nominee)s is already a %(track)s: a member renews the membership instead of being "
                "nominated again. They apply to renew from My memberships (%(mine)s) when their renewal "
                "window opens, in the last months of their term."
            )
            % {"nominee": nominee, "track": track, "mine": mine}
        ]
    }


def listing_answer_error(value, *, asked: bool, who: str = "the nominee") -> dict:
    """`{"list_publicly": [why]}` when the answer is missing or not a yes/no where it is asked, or
    given where it is not (only the nominee answers it); `{}` when it is good."""
    if not asked:
        if value is None:
            return {}
        return {
            "list_publicly": [
                _(
                    "Only the nominee answers whether to be listed in the public directory; they are "
                    "asked when they accept the nomination."
                )
            ]
        }
    if value is True or value is False:
        return {}
    # Whole sentences: who may change the answer is part of the sentence a translator sees.
    if who == "you":
        message = _(
            "Answer “%(question)s”: yes (true) or no (false). You may change it later on the profile page."
        )
    else:
        message = _(
            "Answer “%(question)s”: yes (true) or no (false). The nominee may change it later on the profile page."
        )
    return {"list_publicly": [message % {"question": LISTING_QUESTION}]}
