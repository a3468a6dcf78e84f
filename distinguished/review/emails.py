"""The e-mails the review app sends, declared with their default texts and placeholders (see
notifications/messages.py): reviews assigned and reminded to panelists, and a voided assignment
told to the chairs. Program admins may rewrite each per language."""

from django.urls import reverse
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


def _panelist(context) -> str:
    user = context.get("user")
    return user.display_name if user else ""


PANELIST = Placeholder("panelist", _("The panelist’s name"), SAMPLE["actor"], _panelist)
CYCLE = Placeholder(
    "cycle", _("The cycle under review"), SAMPLE["cycle"], lambda context: str(context["cycle"])
)
REVIEW_DUE = Placeholder(
    "review_due",
    _("The day reviews are due"),
    lambda: sample_day(4, 15),
    lambda context: day(context["cycle"].review_due),
)
REVIEWS_LINK = site_placeholder(
    _("The panelist’s page of assigned reviews"), "/review/", lambda context: reverse("review:assignments")
)


def _count(context) -> str:
    return str(context["count"])


def _their_review(context) -> str:
    """What became of the voided panelist's review: the chair needs to know whether one counted."""
    if context["reviewed"]:
        return gettext(
            "The review they had written no longer counts in the ranking, the scores, the panel's "
            "agreement or the deliberation; it stays in the audit trail."
        )
    return gettext("They had not written a review yet.")


declare(
    Message(
        name="review_assigned",
        title=_("Reviews assigned"),
        sent=_("To a panelist, when nominations are assigned to them for review (by the solver or by hand)."),
        subject=_("New nominations to review ({cycle}): {count}"),
        body=_(
            "Hello {panelist},\n"
            "\n"
            "Nominations of the {cycle} newly assigned to you for review: {count}. Reviews are due on "
            "{review_due}.\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            PANELIST,
            CYCLE,
            Placeholder("count", _("How many nominations were just assigned to the panelist"), "2", _count),
            REVIEW_DUE,
            REVIEWS_LINK,
        ),
    ),
    Message(
        name="review_reminder",
        title=_("Review reminder"),
        sent=_("To a panelist with reviews still open, 7 days and 1 day before the cycle’s reviews are due."),
        subject=_("Reviews due on {review_due} ({cycle}): {count} still open"),
        body=_(
            "Hello {panelist},\n"
            "\n"
            "Your reviews of the {cycle} still open: {count}. Reviews are due on {review_due}.\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            PANELIST,
            CYCLE,
            Placeholder("count", _("How many of the panelist’s reviews are still open"), "3", _count),
            REVIEW_DUE,
            REVIEWS_LINK,
        ),
    ),
    Message(
        name="assignment_voided",
        title=_("Assignment voided"),
        sent=_(
            "To the cycle’s chairs free of a conflict with the nomination (else the program admins), "
            "when a conflict of interest arising late voids a panelist’s assignment."
        ),
        subject=_("A review of {nominee} no longer counts: reassign it ({cycle})"),
        body=_(
            "Hello {chair},\n"
            "\n"
            "{panelist} can no longer review the nomination of {nominee} ({track}): {reason}\n"
            "\n"
            "{their_review} The assignment is void and the panelist no longer sees it.\n"
            "\n"
            "Assign another reviewer with one click on the panel page:\n"
            "\n"
            "{link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            Placeholder(
                "chair",
                _("The name of the chair (or program admin) reading the e-mail"),
                SAMPLE["actor"],
                lambda context: context["chair"].display_name,
            ),
            Placeholder(
                "panelist",
                _("The panelist whose assignment is void"),
                "Sofia Rossi",
                lambda context: context["assignment"].panelist.display_name,
            ),
            Placeholder(
                "nominee",
                _("The nominee’s name"),
                SAMPLE["nominee"],
                lambda context: str(context["nomination"].nominee),
            ),
            Placeholder(
                "track",
                _("The track of the nomination"),
                lambda: in_language(SAMPLE["track"]),
                lambda context: in_language(context["nomination"].track.name),
            ),
            Placeholder(
                "cycle",
                _("The cycle of the nomination"),
                SAMPLE["cycle"],
                lambda context: str(context["assignment"].cycle),
            ),
            Placeholder(
                "reason",
                _("What voided the assignment (never a reason a panelist declared)"),
                _("Sofia Rossi declared a conflict of interest."),
                lambda context: context["assignment"].void_cause(),
            ),
            Placeholder(
                "their_review",
                _(
                    "A sentence saying whether the panelist had written a review, and that it no "
                    "longer counts"
                ),
                _(
                    "The review they had written no longer counts in the ranking, the scores, the "
                    "panel's agreement or the deliberation; it stays in the audit trail."
                ),
                _their_review,
            ),
            site_placeholder(
                _("The cycle’s panel page, at its voided assignments"),
                "/cycles/2027/panel/#voided",
                lambda context: context["link"],
            ),
        ),
    ),
)
