"""The e-mails the cohorts app sends, declared with their default texts and placeholders (see
notifications/messages.py): the final list handed between chair, approver and admins, and each
nomination's outcome told to its nominee and nominator. Program admins may rewrite each per language.

An outcome goes to the nominee and to the nominator in one text; what only one of them should read
is a line whose placeholder is empty for the other (`settings_link`), or a sentence written for
the reader (`listing`)."""

import datetime as dt

from django.utils.translation import gettext
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

# --- The final list: chair → approver → admins ------------------------------------------------

ACTOR = Placeholder(
    "actor", _("Who handed the list on"), SAMPLE["actor"], lambda context: str(context["actor"])
)
LIST_CYCLE = Placeholder(
    "cycle", _("The cycle of the final list"), SAMPLE["cycle"], lambda context: str(context["cycle"])
)
APPROVAL_LINK = site_placeholder(
    _("The approval page of the cycle"), "/cycles/2027/approval/", lambda context: context["link"]
)


def _note(help_text, sample) -> Placeholder:
    return Placeholder("note", help_text, sample, lambda context: context["note"])


# --- Outcomes: to the nominee and to the nominator --------------------------------------------

NOMINEE = Placeholder("nominee", _("The nominee’s name"), SAMPLE["nominee"], lambda c: str(c["nominee"]))
TRACK = Placeholder(
    "track",
    _("The track of the nomination"),
    lambda: in_language(SAMPLE["track"]),
    lambda c: in_language(c["track"].name),
)
CYCLE = Placeholder("cycle", _("The cycle of the nomination"), SAMPLE["cycle"], lambda c: str(c["cycle"]))
FEEDBACK = Placeholder(
    "feedback",
    _("The panel’s feedback to the nominee, if it gave any (never its rationale)"),
    _("Strong mentoring record; keep documenting it."),
    lambda context: context["feedback"],
)
DECISION_LINK = site_placeholder(
    _("The nomination’s page, where the decision is shown"),
    "/nominations/42/",
    lambda context: context["decision_link"],
    name="decision_link",
)


def _next_cycle(context) -> str:
    return str(context["next_cycle"]) if context.get("next_cycle") else ""


def _next_screening_due(context) -> str:
    return day(context["next_cycle"].screening_due) if context.get("next_cycle") else ""


NEXT_CYCLE = Placeholder(
    "next_cycle", _("The cycle whose screening the nomination is now in"), "2028 cycle", _next_cycle
)
NEXT_SCREENING_DUE = Placeholder(
    "screening_due",
    _("The day the screening of that cycle ends"),
    lambda: sample_day(12, 15),
    _next_screening_due,
)


def _listing(context) -> str:
    """Whether the new member is in the public directory, said to the nominee or to the nominator."""
    listed, answered = context["listed"], context["answered"]
    if context["to_nominee"]:
        if listed:
            return (
                gettext("You are listed in the public directory, as you asked.")
                if answered
                else gettext("You are listed in the public directory.")
            )
        if answered:
            return gettext(
                "You are not listed in the public directory, as you asked; your profile stays private."
            )
        return gettext("You are not listed in the public directory; your profile stays private.")
    if listed:
        return gettext("They are listed in the public directory.")
    if answered:
        return gettext("They are not listed in the public directory, as they asked.")
    return gettext("They are not listed in the public directory.")


def _carried_later(context) -> str:
    if context.get("next_cycle"):
        return ""
    return gettext(
        "It moves, with its statement, evidence and endorsements, as soon as the next cycle is set up; "
        "we will write again then."
    )


declare(
    Message(
        name="cycle_ready_for_approval",
        title=_("Final list ready for sign-off"),
        sent=_("To the approvers, when the chair submits the decided final list of a cycle for approval."),
        subject=_("Ready for your sign-off: the final list of the {cycle}"),
        body=_(
            "Hello,\n"
            "\n"
            "{actor} submitted the final list of the {cycle} for approval: every eligible nomination "
            "is decided.\n"
            "\n"
            "Note from the chair: {note}\n"
            "\n"
            "Review the list, then sign it off or send it back to the panel with a note:\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            ACTOR,
            LIST_CYCLE,
            _note(_("The chair’s note, if they wrote one"), _("Two nominations were close; see the board.")),
            APPROVAL_LINK,
        ),
    ),
    Message(
        name="cycle_sent_back",
        title=_("Final list sent back"),
        sent=_("To the cycle’s chairs, when the approver sends the final list back to deliberation."),
        subject=_("Sent back to deliberation: the final list of the {cycle}"),
        body=_(
            "Hello,\n"
            "\n"
            "{actor} (approver) sent the final list of the {cycle} back to deliberation with this note:\n"
            "\n"
            "{note}\n"
            "\n"
            "The panel's decisions can be changed again. When the list is ready, submit it for "
            "approval on its page:\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            ACTOR,
            LIST_CYCLE,
            _note(
                _("The approver’s note: what to reconsider"), _("Reconsider the second engineer nomination.")
            ),
            APPROVAL_LINK,
        ),
    ),
    Message(
        name="cycle_signed_off",
        title=_("Final list signed off"),
        sent=_(
            "To the program admins, when the approver signs off the final list: the cohort is ready to announce."
        ),
        subject=_("Signed off: the {cycle} is ready to announce"),
        body=_(
            "Hello,\n"
            "\n"
            "{actor} (approver) signed off the final list of the {cycle}. The list is locked.\n"
            "\n"
            "Approved nominations: {approved}\n"
            "\n"
            "Note from the approver: {note}\n"
            "\n"
            "Announce the cohort on its approval page: the memberships start on the day of the "
            "announcement, and every nominee is told the outcome.\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            ACTOR,
            LIST_CYCLE,
            Placeholder(
                "approved",
                _("How many nominations the sign-off approved"),
                "4",
                lambda context: str(context["approved"]),
            ),
            _note(_("The approver’s note, if they wrote one"), _("Well argued.")),
            APPROVAL_LINK,
        ),
    ),
    Message(
        name="nomination_awarded",
        title=_("Nomination selected"),
        sent=_("To the nominee and the nominator, when the cohort is announced and the nominee is selected."),
        subject=_("Congratulations: {nominee} is an Open edX Distinguished Contributor ({track})"),
        body=_(
            "Hello,\n"
            "\n"
            "Congratulations! The review panel selected {nominee} as an Open edX Distinguished "
            "Contributor on the {track} track, in the {cycle}.\n"
            "\n"
            "The membership runs from {start} to {end}. A reminder comes before it ends, when renewal "
            "opens.\n"
            "\n"
            "A word from the panel: {feedback}\n"
            "\n"
            "{listing}\n"
            "\n"
            "Public profile: {profile_link}\n"
            "\n"
            "You may change that at any time on your profile page: {settings_link}\n"
            "\n"
            "Read the decision any time on the nomination page: {decision_link}\n"
            "\n"
            "The announcement: {announcement_link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            NOMINEE,
            TRACK,
            CYCLE,
            Placeholder(
                "start",
                _("The first day of the membership"),
                lambda: sample_day(7, 1),
                lambda context: day(context["membership"].start),
            ),
            Placeholder(
                "end",
                _("The last day of the membership"),
                lambda: day(dt.date(2029, 6, 30)),
                lambda context: day(context["membership"].end),
            ),
            FEEDBACK,
            Placeholder(
                "listing",
                _(
                    "A sentence saying whether the new member is listed in the public directory, "
                    "written to the nominee or to the nominator"
                ),
                _("You are listed in the public directory, as you asked."),
                _listing,
            ),
            site_placeholder(
                _("The new member’s public profile; empty when they are not listed"),
                "/directory/7/",
                lambda context: context["profile_link"] if context["listed"] else "",
                name="profile_link",
            ),
            site_placeholder(
                _("The nominee’s profile page, where they choose their listing; empty for the nominator"),
                "/people/me/",
                lambda context: context["settings_link"] if context["to_nominee"] else "",
                name="settings_link",
            ),
            DECISION_LINK,
            site_placeholder(
                _("The cohort’s announcement"),
                "/cycles/2027/announcement/",
                lambda context: context["announcement_link"],
                name="announcement_link",
            ),
        ),
    ),
    Message(
        name="nomination_declined",
        title=_("Nomination not selected"),
        sent=_(
            "To the nominee and the nominator, when the cohort is announced and the nomination is declined."
        ),
        subject=_("The panel's decision on the nomination of {nominee} ({track}, {cycle})"),
        body=_(
            "Hello,\n"
            "\n"
            "Thank you for taking part in the {cycle}. The review panel considered the nomination of "
            "{nominee} as a {track} carefully and did not select it this cycle.\n"
            "\n"
            "The panel's feedback: {feedback}\n"
            "\n"
            "{nominee} may be nominated again in a later cycle.\n"
            "\n"
            "Read the decision any time on the nomination page: {decision_link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(NOMINEE, TRACK, CYCLE, FEEDBACK, DECISION_LINK),
    ),
    Message(
        name="nomination_deferred",
        title=_("Nomination deferred"),
        sent=_(
            "To the nominee and the nominator, when the cohort is announced and the nomination is "
            "deferred to the next cycle."
        ),
        subject=_("Deferred to the next cycle: the nomination of {nominee} ({track})"),
        body=_(
            "Hello,\n"
            "\n"
            "The review panel of the {cycle} deferred the nomination of {nominee} as a {track}: it is "
            "not decided this cycle and is carried to the next cycle's screening.\n"
            "\n"
            "The panel's feedback: {feedback}\n"
            "\n"
            "It is now in the screening of the {next_cycle} (screening ends on {screening_due}), with "
            "its statement, evidence and endorsements.\n"
            "\n"
            "{carried_later}\n"
            "\n"
            "Read the decision any time on the nomination page: {decision_link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            NOMINEE,
            TRACK,
            CYCLE,
            FEEDBACK,
            NEXT_CYCLE,
            NEXT_SCREENING_DUE,
            Placeholder(
                "carried_later",
                _(
                    "When no next cycle is set up yet, a sentence saying the nomination moves once it "
                    "is (and that we will write then); empty otherwise"
                ),
                "",
                _carried_later,
            ),
            DECISION_LINK,
        ),
    ),
    Message(
        name="nomination_carried",
        title=_("Deferred nomination carried"),
        sent=_(
            "To the nominee and the nominator, when a deferred nomination moves into the screening "
            "of a cycle set up after the announcement."
        ),
        subject=_("Carried to the {next_cycle}: the nomination of {nominee} ({track})"),
        body=_(
            "Hello,\n"
            "\n"
            "The nomination of {nominee} as a {track}, deferred by the panel of the {cycle}, is now in "
            "the screening of the {next_cycle} (screening ends on {screening_due}), with its "
            "statement, evidence and endorsements.\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            NOMINEE,
            TRACK,
            CYCLE,
            NEXT_CYCLE,
            NEXT_SCREENING_DUE,
            site_placeholder(
                _("The nomination’s page in its new cycle"),
                "/nominations/43/",
                lambda context: context["link"],
            ),
        ),
    ),
)
