"""What is settled about the nominee when a nomination is made or accepted, rather than weeks later
at screening: a current member of the track renews instead of being nominated again, and the
nominee answers whether, if selected, they are listed in the public directory."""

from __future__ import annotations

from django.urls import reverse

from distinguished.membership import api as membership
from distinguished.program.api import human

LISTING_QUESTION = "If selected, list me in the public directory"


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
                f"{nominee} holds lifetime status as a {track}: there is nothing to nominate or renew."
            ]
        }
    mine = reverse("membership:mine")
    if actor.is_authenticated and actor.contributor_id == nominee.pk:
        opens, _ = membership.renewal_window(term, membership.membership_rules().renewal_window_days)
        return {
            "nominee": [
                f"You are a {track} until {human(term.end)}: a member renews the membership instead "
                f"of being nominated again. Apply to renew from My memberships ({mine}) once the "
                f"renewal window opens on {human(opens)} "
                f"(API: POST {reverse('api-v1:membership-renewal', args=[term.pk])})."
            ]
        }
    return {
        "nominee": [
            f"{nominee} is already a {track}: a member renews the membership instead of being "
            f"nominated again. They apply to renew from My memberships ({mine}) when their renewal "
            "window opens, in the last months of their term."
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
                "Only the nominee answers whether to be listed in the public directory; they are "
                "asked when they accept the nomination."
            ]
        }
    if value is True or value is False:
        return {}
    return {
        "list_publicly": [
            f"Answer “{LISTING_QUESTION}”: yes (true) or no (false). {who[0].upper()}{who[1:]} "
            "may change it later on the profile page."
        ]
    }
