"""The e-mails the membership app sends, declared with their default texts and placeholders
(see notifications/messages.py). Program admins may rewrite each per language."""

import datetime as dt

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from distinguished.notifications.api import (
    SAMPLE,
    Message,
    Placeholder,
    day,
    declare,
    sample_day,
    site_placeholder,
)
from distinguished.program.api import in_language


def _membership(context):
    return context["membership"]


def _days(count: int) -> str:
    """A number of days as the reader's language counts them (“1 day”, “90 days”)."""
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}


def _years(count: int) -> str:
    return ngettext("%(count)s year", "%(count)s years", count) % {"count": count}


def _when_to_apply(context) -> str:
    """The renewal window, said as the reminder finds it: open already, or still to come."""
    closes = day(context["closes"])
    if context["window_open"]:
        return gettext("You may apply to renew it now, until %(closes)s.") % {"closes": closes}
    return gettext("You may apply to renew it from %(opens)s to %(closes)s.") % {
        "opens": day(context["opens"]),
        "closes": closes,
    }


def _sample_when_to_apply() -> str:
    return gettext("You may apply to renew it now, until %(closes)s.") % {"closes": sample_day(6, 30)}


def _term_end(context) -> str:
    """The last day of the term, or “lifetime” for a term without one."""
    end = _membership(context).end
    return day(end) if end else gettext("lifetime")


MEMBER = Placeholder(
    "member", _("The member’s name"), SAMPLE["person"], lambda context: str(_membership(context).contributor)
)
TRACK = Placeholder(
    "track",
    _("The track of the membership"),
    lambda: in_language(SAMPLE["track"]),
    lambda context: in_language(_membership(context).track.name),
)
START = Placeholder(
    "start",
    _("The day the term started"),
    lambda: day(dt.date(2025, 7, 1)),
    lambda context: day(_membership(context).start),
)
END = Placeholder(
    "end",
    _("The day the term ends"),
    lambda: sample_day(6, 30),
    lambda context: day(_membership(context).end),
)
NEW_START = Placeholder(
    "new_start",
    _("The day a renewed term starts: the day after the term ends"),
    lambda: sample_day(7, 1),
    lambda context: day(context["new_start"]),
)
MY_MEMBERSHIPS = site_placeholder(
    _("The member’s page of their memberships"), "/memberships/mine/", lambda context: context["link"]
)

declare(
    Message(
        name="membership_reminder",
        title=_("Membership ending"),
        sent=_(
            "To the member, on the nights their term has the program's reminder days left "
            "(90 and 30 by default), unless they applied to renew it."
        ),
        subject=_("Your membership as a {track} ends on {end}"),
        body=_(
            "Hello {member},\n"
            "\n"
            "Your term as a {track} ends on {end}, in {days_left}.\n"
            "\n"
            "{when_to_apply} To apply, write a statement of what you contributed to your track "
            "during the term. The chair or a program admin decides, with your contributions over "
            "the term measured against the track's key results.\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            MEMBER,
            TRACK,
            END,
            Placeholder(
                "days_left",
                _("How long the term still runs, counting today (“90 days”)"),
                lambda: _days(90),
                lambda context: _days(context["days_left"]),
            ),
            Placeholder(
                "when_to_apply",
                _(
                    "A sentence saying when the member may apply to renew: now until the term ends, "
                    "or from the day the renewal window opens"
                ),
                _sample_when_to_apply,
                _when_to_apply,
            ),
            Placeholder(
                "opens",
                _("The first day the member may apply to renew"),
                lambda: sample_day(4, 2),
                lambda context: day(context["opens"]),
            ),
            Placeholder(
                "closes",
                _("The last day the member may apply to renew (the term's last day)"),
                lambda: sample_day(6, 30),
                lambda context: day(context["closes"]),
            ),
            MY_MEMBERSHIPS,
        ),
    ),
    Message(
        name="membership_lifetime",
        title=_("Lifetime status granted"),
        sent=_("To the member, when a program admin grants them lifetime status."),
        subject=_("Lifetime status: you are a {track} for life"),
        body=_(
            "Hello {member},\n"
            "\n"
            "Congratulations: after {years} of sustained contribution (your terms since {since}), "
            "the program grants you lifetime status as a {track}. Your membership no longer needs "
            "renewing, and your credential says so.\n"
            "\n"
            "Thank you for all you contribute to Open edX.\n"
            "\n"
            "Your membership:\n"
            "{link}\n"
            "\n"
            "Your public profile:\n"
            "{profile_link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            MEMBER,
            TRACK,
            Placeholder(
                "years",
                _("The years of sustained contribution lifetime status asks for (“4 years”)"),
                lambda: _years(4),
                lambda context: _years(context["years"]),
            ),
            Placeholder(
                "since",
                _("The day the member's first term in the track started"),
                lambda: day(dt.date(2023, 7, 1)),
                lambda context: day(context["since"]),
            ),
            MY_MEMBERSHIPS,
            site_placeholder(
                _("The member’s public profile in the directory"),
                "/directory/12/",
                lambda context: context["profile_link"],
                name="profile_link",
            ),
        ),
    ),
    Message(
        name="membership_revoked",
        title=_("Membership revoked"),
        sent=_("To the member, when a program admin revokes their membership."),
        subject=_("Your membership as a {track} is revoked"),
        body=_(
            "Hello {member},\n"
            "\n"
            "A program admin revoked your membership as a {track} ({start} – {end}) on {revoked_on}. "
            "It no longer appears in the public directory, and its credential no longer verifies.\n"
            "\n"
            "Why: {reason}\n"
            "\n"
            "If you think this is a mistake, reply to this e-mail.\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            MEMBER,
            TRACK,
            START,
            Placeholder(
                "end",
                _("The day the term ends, or “lifetime” for a lifetime membership"),
                lambda: sample_day(6, 30),
                _term_end,
            ),
            Placeholder(
                "revoked_on",
                _("The day the membership was revoked"),
                lambda: sample_day(3, 3),
                lambda context: day(_membership(context).revoked_on),
            ),
            Placeholder(
                "reason",
                _("Why the membership is revoked, as the admin wrote it"),
                _("Breach of the code of conduct."),
                lambda context: _membership(context).revoke_reason,
            ),
            MY_MEMBERSHIPS,
        ),
    ),
    Message(
        name="renewal_applied",
        title=_("Renewal application to decide"),
        sent=_("To each chair and program admin (but the applicant), when a member applies to renew."),
        subject=_("Renewal application: {member}, {track}"),
        body=_(
            "Hello {decider},\n"
            "\n"
            "{member} applied to renew their membership as a {track}. The term runs from {start} "
            "to {end}.\n"
            "\n"
            "The application page shows their statement and how their contributions over the term "
            "measure against the track's key results. The chair or a program admin renews the "
            "membership (a new term from {new_start}) or lets it lapse with a reason.\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            Placeholder(
                "decider",
                _("The name of the chair or program admin it goes to"),
                SAMPLE["actor"],
                lambda context: context["user"].display_name,
            ),
            MEMBER,
            TRACK,
            START,
            END,
            NEW_START,
            site_placeholder(
                _("The application’s page, where it is decided"),
                "/renewals/7/",
                lambda context: context["link"],
            ),
        ),
    ),
    Message(
        name="renewal_received",
        title=_("Renewal application received"),
        sent=_("To the member, when they (or an admin for them) apply to renew their term."),
        subject=_("We received your renewal application ({track})"),
        body=_(
            "Hello {member},\n"
            "\n"
            "Thank you: your application to renew your membership as a {track} is received. Your "
            "current term ends on {end}.\n"
            "\n"
            "What happens next: the chair or a program admin reviews your statement and your "
            "contributions over the term against the track's key results, and decides. You receive "
            "an e-mail with the decision.\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(MEMBER, TRACK, END, NEW_START, MY_MEMBERSHIPS),
    ),
    Message(
        name="renewal_granted",
        title=_("Membership renewed"),
        sent=_("To the member, when the chair or a program admin renews their membership."),
        subject=_("Your membership as a {track} is renewed"),
        body=_(
            "Hello {member},\n"
            "\n"
            "Congratulations: your membership as a {track} is renewed. Your new term runs from "
            "{new_start} to {new_end}.\n"
            "\n"
            "A note from the program: {reason}\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            MEMBER,
            TRACK,
            Placeholder(
                "new_start",
                _("The day the new term starts"),
                lambda: sample_day(7, 1),
                lambda context: day(context["new_term"].start),
            ),
            Placeholder(
                "new_end",
                _("The day the new term ends"),
                lambda: day(dt.date(2029, 6, 30)),
                lambda context: day(context["new_term"].end),
            ),
            Placeholder(
                "reason",
                _(
                    "The note the chair or admin wrote with the decision, if any (its line is left out when there is none)"
                ),
                _("Thank you for leading the release working group."),
                lambda context: context["reason"] or "",
            ),
            MY_MEMBERSHIPS,
        ),
    ),
    Message(
        name="renewal_lapsed",
        title=_("Membership not renewed"),
        sent=_("To the member, when the chair or a program admin lets their membership lapse."),
        subject=_("Your membership as a {track} is not renewed"),
        body=_(
            "Hello {member},\n"
            "\n"
            "Your application to renew your membership as a {track} was considered, and the "
            "membership is not renewed. Your current term stays active until it ends on {end}.\n"
            "\n"
            "Why: {reason}\n"
            "\n"
            "You may be nominated again in a later cycle once your term has ended. Thank you for all "
            "you contributed to Open edX.\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            MEMBER,
            TRACK,
            END,
            Placeholder(
                "reason",
                _("Why the membership is not renewed, as the chair or admin wrote it"),
                _("No contribution since 2026."),
                lambda context: context["reason"] or "",
            ),
            MY_MEMBERSHIPS,
        ),
    ),
)
