"""The e-mails the nominations app sends, declared with their default texts and placeholders
(see notifications/messages.py). Program admins may rewrite each per language."""

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


def _nominee(context) -> str:
    return str(context["nomination"].nominee)


def _track(context) -> str:
    return in_language(context["nomination"].track.name)


def _cycle(context) -> str:
    return str(context["nomination"].cycle)


def _person(key: str):
    """The name of the account the sender passes as `key` (the endorser, the actor …)."""
    return lambda context: context[key].display_name


NOMINEE = Placeholder("nominee", _("The nominee’s name"), SAMPLE["nominee"], _nominee)
TRACK = Placeholder("track", _("The track of the nomination"), lambda: in_language(SAMPLE["track"]), _track)
CYCLE = Placeholder("cycle", _("The cycle of the nomination"), SAMPLE["cycle"], _cycle)
NOMINATION_LINK = site_placeholder(
    _("The nomination’s page"), "/nominations/42/", lambda context: context["link"]
)
NOMINATIONS_CLOSE = Placeholder(
    "nominations_close",
    _("The day nominations close"),
    lambda: sample_day(5, 15),
    lambda context: day(context["nomination"].cycle.nominations_close),
)

declare(
    Message(
        name="nomination_submitted",
        title=_("Nomination submitted"),
        sent=_("To the nominator and the nominee, when a nomination is submitted."),
        subject=_("Nomination submitted: {nominee}, {track}"),
        body=_(
            "Hello,\n"
            "\n"
            "The nomination of {nominee} as a {track} in the {cycle} is submitted.\n"
            "\n"
            "What happens next: the review panel screens nominations from {nominations_close} to "
            "{screening_due}, checking eligibility and endorsements. Endorsements can still be added "
            "until then, and the statement edited until nominations close.\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            NOMINEE,
            TRACK,
            CYCLE,
            NOMINATIONS_CLOSE,
            Placeholder(
                "screening_due",
                _("The day screening ends"),
                lambda: sample_day(5, 29),
                lambda context: day(context["nomination"].cycle.screening_due),
            ),
            NOMINATION_LINK,
        ),
    ),
)


def _screening_outcome(context) -> str:
    return gettext("Eligible") if context["eligible"] else gettext("Not eligible")


def _announcement(context) -> str:
    """The day the panel announces its decisions: what comes next for an eligible nomination."""
    return day(context["nomination"].cycle.announcement_date) if context["eligible"] else ""


def _nominated_again(context) -> str:
    return "" if context["eligible"] else gettext("You may be nominated again in a later cycle.")


def _answer(context) -> str:
    return gettext("accepted") if context["consent"] else gettext("declined")


def _submit_before(context) -> str:
    return day(context["nomination"].cycle.nominations_close) if context["consent"] else ""


def _withdrawn(context) -> str:
    return "" if context["consent"] else gettext("The nomination is withdrawn.")


declare(
    Message(
        name="nomination_consent",
        title=_("Nominee asked to consent"),
        sent=_("To the nominee, when someone else nominates them: the nomination waits for their answer."),
        subject=_("{nominator} nominated you as a {track}"),
        body=_(
            "Hello {nominee},\n"
            "\n"
            "{nominator} nominated you for the Open edX Distinguished Contributor Program as a {track} in "
            "the {cycle}.\n"
            "\n"
            "The nomination goes forward only with your consent. Open it to read the statement, add your own "
            "words and accept (saying whether, if you are selected, you want to be listed in the public "
            "directory), or decline:\n"
            "\n"
            "{link}\n"
            "\n"
            "This link is for you alone; it works for 60 days. Nominations for {cycle} close on "
            "{nominations_close}.\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            NOMINEE,
            Placeholder("nominator", _("The nominator’s name"), SAMPLE["nominator"], _person("nominator")),
            TRACK,
            CYCLE,
            NOMINATIONS_CLOSE,
            site_placeholder(
                _("The nominee’s own link to the nomination, where they accept or decline"),
                "/nominations/42/consent/?token=sample",
                lambda context: context["link"],
            ),
        ),
    ),
    Message(
        name="nomination_consent_answered",
        title=_("Nominee answered"),
        sent=_(
            "To the nominator, when the nominee accepts or declines the nomination (declining withdraws it)."
        ),
        subject=_("{nominee} answered your nomination: {answer}"),
        body=_(
            "Hello {nominator},\n"
            "\n"
            "{nominee} answered your nomination as a {track}: {answer}.\n"
            "\n"
            "Gather endorsements and submit it before {submit_before}.\n"
            "\n"
            "{withdrawn}\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            Placeholder(
                "nominator",
                _("The nominator’s name"),
                SAMPLE["nominator"],
                lambda context: context["nomination"].nominator.display_name,
            ),
            NOMINEE,
            TRACK,
            Placeholder("answer", _("The nominee’s answer: accepted or declined"), _("accepted"), _answer),
            Placeholder(
                "submit_before",
                _("When the nominee accepted: the day nominations close (the line is left out otherwise)"),
                lambda: sample_day(5, 15),
                _submit_before,
            ),
            Placeholder(
                "withdrawn",
                _("When the nominee declined: that the nomination is withdrawn (empty otherwise)"),
                "",
                _withdrawn,
            ),
            NOMINATION_LINK,
        ),
    ),
    Message(
        name="endorsement_request",
        title=_("Endorsement requested"),
        sent=_("To each address the nominator or the nominee asks to endorse the nomination."),
        subject=_("Would you endorse {nominee} as a {track}?"),
        body=_(
            "Hello,\n"
            "\n"
            "{requester} asks you to endorse {nominee}'s nomination as a {track} in the Open edX "
            "Distinguished Contributor Program ({cycle}).\n"
            "\n"
            "Their message: {message}\n"
            "\n"
            "Read the nomination and endorse it (you sign in to endorse):\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            Placeholder(
                "requester",
                _("The name of who asks: the nominator or the nominee"),
                SAMPLE["nominator"],
                _person("requester"),
            ),
            NOMINEE,
            TRACK,
            CYCLE,
            Placeholder(
                "message",
                _("What the requester wrote, if anything (the line is left out without it)"),
                _("You reviewed most of her pull requests: your word would count."),
                lambda context: context["message"],
            ),
            site_placeholder(
                _("The nomination’s page, with the invitation to endorse it"),
                "/nominations/42/?token=sample",
                lambda context: context["link"],
            ),
        ),
    ),
    Message(
        name="endorsement_received",
        title=_("Endorsement received"),
        sent=_("To the nominator and the nominee, when someone endorses the nomination."),
        subject=_("{endorser} endorsed the nomination of {nominee}"),
        body=_(
            "Hello,\n"
            "\n"
            "{endorser} endorsed the nomination of {nominee} as a {track} ({cycle}).\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            Placeholder("endorser", _("The endorser’s name"), SAMPLE["actor"], _person("endorser")),
            NOMINEE,
            TRACK,
            CYCLE,
            NOMINATION_LINK,
        ),
    ),
    Message(
        name="nomination_withdrawn",
        title=_("Nomination withdrawn"),
        sent=_(
            "To the nominator and the nominee, but not the one who withdrew it, when a nomination is withdrawn."
        ),
        subject=_("Nomination withdrawn: {nominee}, {track}"),
        body=_(
            "Hello,\n"
            "\n"
            "{actor} withdrew the nomination of {nominee} as a {track} ({cycle}).\n"
            "\n"
            "Reason: {reason}\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            Placeholder("actor", _("The name of who withdrew it"), SAMPLE["nominator"], _person("actor")),
            NOMINEE,
            TRACK,
            CYCLE,
            Placeholder(
                "reason",
                _("The reason they gave, if any (the line is left out without one)"),
                _("Next year suits them better."),
                lambda context: context["reason"],
            ),
            NOMINATION_LINK,
        ),
    ),
    Message(
        name="nomination_screened",
        title=_("Nomination screened"),
        sent=_(
            "To the nominator and the nominee, when the panel chair or a program admin screens the "
            "nomination: eligible or not."
        ),
        subject=_("{outcome}: the nomination of {nominee} as a {track}"),
        body=_(
            "Hello,\n"
            "\n"
            "The review panel screened the nomination of {nominee} as a {track} ({cycle}).\n"
            "\n"
            "Screening: {outcome}\n"
            "\n"
            "It goes on to the panel's impact evaluation. The panel announces its decisions on "
            "{announcement_date}.\n"
            "\n"
            "The panel's reason: {reason}\n"
            "\n"
            "{nominated_again}\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            NOMINEE,
            TRACK,
            CYCLE,
            Placeholder(
                "outcome", _("The outcome: Eligible or Not eligible"), _("Eligible"), _screening_outcome
            ),
            Placeholder(
                "announcement_date",
                _(
                    "When eligible: the day the panel announces its decisions (the line is left out otherwise)"
                ),
                lambda: sample_day(6, 24),
                _announcement,
            ),
            Placeholder(
                "reason",
                _(
                    "The panel’s reason: always given when not eligible, optional when eligible (the line "
                    "is left out without one)"
                ),
                _("Strong endorsements from three organizations."),
                lambda context: context["reason"],
            ),
            Placeholder(
                "nominated_again",
                _(
                    "When not eligible: that the nominee may be nominated again in a later cycle (empty otherwise)"
                ),
                "",
                _nominated_again,
            ),
            NOMINATION_LINK,
        ),
    ),
)
