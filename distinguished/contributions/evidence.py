"""A nomination's evidence as the nominee's contributions.

The key results count contributions, so evidence that stayed on the nomination alone would not
count, while a panelist reading the scorecard would see the nominee fall short of what the
nomination shows. When a nomination is submitted, each of its evidence items becomes a contribution
of the nominee (source `nomination`, identity `evidence:<id>`), self-reported — unverified — until a
screener confirms it (`verification.confirm_contribution`). An item whose link the nominee already
has a contribution for adds nothing: the same pull request imported from GitHub and named as
evidence counts once, verified as imported. A draft's evidence stays private to the draft: nothing
is recorded before submission."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from distinguished.audit import api as audit

from .models import Contribution, Source


def evidence_id(item_id: int) -> str:
    return f"evidence:{item_id}"


def record_evidence(*, actor, contributor, nomination_id: int, items) -> list[Contribution]:
    """Record evidence items (objects with pk, kind, date, title, url) as `contributor`'s
    unverified contributions, each audited; those already recorded, or whose link the contributor
    already has a contribution for, are left out. Three queries and one insert per new item."""
    items = list(items)
    if not items:
        return []
    external_ids = {evidence_id(item.pk): item for item in items}
    known = set(
        Contribution.objects.filter(source=Source.NOMINATION, external_id__in=list(external_ids)).values_list(
            "external_id", flat=True
        )
    )
    links = set(
        Contribution.objects.filter(contributor=contributor, url__in=[i.url for i in items if i.url])
        .exclude(url="")
        .values_list("url", flat=True)
    )
    created = []
    with transaction.atomic():
        for external, item in external_ids.items():
            if external in known or (item.url and item.url in links):
                continue
            try:
                with transaction.atomic():
                    contribution = Contribution.objects.create(
                        contributor=contributor,
                        kind=item.kind,
                        date=item.date,
                        title=item.title,
                        url=item.url,
                        source=Source.NOMINATION,
                        external_id=external,
                        recorded_by=actor,
                        verified=False,
                    )
            except IntegrityError:
                continue  # a concurrent submission recorded it
            links.add(item.url)
            audit.record(
                actor=actor,
                verb="contribution.recorded",
                obj=contribution,
                to_state="unverified",
                reason=f"Evidence of nomination #{nomination_id}.",
                data={"nomination": nomination_id, "evidence": item.pk},
            )
            created.append(contribution)
    return created


def forget_evidence(*, actor, nomination_id: int, item_id: int) -> bool:
    """An evidence item removed from its nomination takes its contribution along, unless a
    screener confirmed it (then it is the nominee's verified contribution whatever the nomination
    says). True when a contribution was removed; audited."""
    with transaction.atomic():
        contribution = (
            Contribution.objects.select_for_update()
            .filter(source=Source.NOMINATION, external_id=evidence_id(item_id), verified=False)
            .first()
        )
        if contribution is None:
            return False
        audit.record(
            actor=actor,
            verb="contribution.removed",
            obj=contribution,
            from_state="unverified",
            reason=f"Its evidence was removed from nomination #{nomination_id}.",
            data={"nomination": nomination_id, "evidence": item_id, "title": contribution.title},
        )
        contribution.delete()
    return True
