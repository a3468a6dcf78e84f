"""Contributors matched by their identity handles, for the importers: GitHub logins and forum
usernames, Slack member IDs and e-mails, each in one query."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Lower, Upper

from .models import Contributor


def contributor_ids_by_handle(field: str, handles) -> dict[str, int]:
    """Map GitHub logins or forum usernames (lower-cased) to contributor ids, for importers.
    `field` is "github" or "forum"; one query."""
    if field not in ("github", "forum"):
        raise ValueError(f"Contributors are not matched by {field}.")
    wanted = {handle.lower() for handle in handles if handle}
    if not wanted:
        return {}
    rows = Contributor.objects.exclude(**{field: ""}).values_list(field, "pk")
    return {handle.lower(): pk for handle, pk in rows if handle.lower() in wanted}


def contributors_by_slack(slack_ids, emails) -> tuple[dict[str, int], dict[str, int]]:
    """Contributor ids by Slack member ID (upper-cased) and by e-mail (lower-cased), for the Slack
    import: ({slack id: contributor id}, {e-mail: contributor id}), in one query."""
    slack_ids = {value.upper() for value in slack_ids if value}
    emails = {value.lower() for value in emails if value}
    by_id: dict[str, int] = {}
    by_email: dict[str, int] = {}
    if not (slack_ids or emails):
        return by_id, by_email
    rows = Contributor.objects.annotate(slack_upper=Upper("slack_id"), email_lower=Lower("email")).filter(
        Q(slack_upper__in=slack_ids) | Q(email_lower__in=emails)
    )
    for pk, slack_id, email in rows.values_list("pk", "slack_upper", "email_lower"):
        if slack_id in slack_ids:
            by_id[slack_id] = pk
        if email in emails:
            by_email[email] = pk
    return by_id, by_email


def contributor_handles(field: str) -> dict[str, int]:
    """Every known GitHub login or forum username (lower-cased) with its contributor id."""
    if field not in ("github", "forum"):
        raise ValueError(f"Contributors are not matched by {field}.")
    return {
        handle.lower(): pk
        for handle, pk in Contributor.objects.exclude(**{field: ""}).values_list(field, "pk")
    }
