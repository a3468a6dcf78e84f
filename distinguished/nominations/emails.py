"""The e-mails the nominations app sends, declared with their default texts and placeholders
(see notifications/messages.py). Program admins may rewrite each per language."""

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


NOMINEE = Placeholder("nominee", _("The nominee’s name"), SAMPLE["nominee"], _nominee)
TRACK = Placeholder("track", _("The track of the nomination"), _("Open edX Engineer"), _track)
CYCLE = Placeholder("cycle", _("The cycle of the nomination"), SAMPLE["cycle"], _cycle)
NOMINATION_LINK = site_placeholder(
    _("The nomination’s page"), "/nominations/42/", lambda context: context["link"]
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
            Placeholder(
                "nominations_close",
                _("The day nominations close"),
                lambda: sample_day(5, 15),
                lambda context: day(context["nomination"].cycle.nominations_close),
            ),
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
