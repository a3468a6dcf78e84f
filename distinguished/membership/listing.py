"""The contributor's directory listing, copied onto each of their terms.

The directory lists terms, filtered by the member's consent to be listed (`listed_publicly`) and
country and ordered by name: three columns of the contributor. Read across the join, every count
and every deep page scanned both tables (docs/performance.md, 100,000 members). Each term keeps a
copy of them (`Membership.listed`, `sort_name`, `country`), so the directory reads one table
through one partial index, and joins the contributor for the fifty rows a page shows.

The copy stays true: a new term copies its contributor (`new_terms`, as it is saved), every save of a
contributor copies onto their terms in the same transaction (`contributor_saved`, connected in
`apps.ready`), and `relist` copies every term at once (the migration that added the columns, and
`standing.restamp` after a bulk load). A contributor who withdraws their consent leaves the
directory in the transaction that records it. Decision 0015 says why a copy and not a join.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery

LISTING_FIELDS = ("listed", "sort_name", "country")


def listing_of(contributor) -> dict:
    """What a term copies of its contributor."""
    return {
        "listed": bool(contributor.listed_publicly),
        "sort_name": contributor.name,
        "country": str(contributor.country or ""),
    }


def copy_listing(membership) -> None:
    """Give a new term (not saved yet) its contributor's listing."""
    for name, value in listing_of(membership.contributor).items():
        setattr(membership, name, value)


def contributor_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    """`post_save` of a contributor: their terms copy the listing (one UPDATE of the terms that
    differ; none when nothing the directory reads changed). A new contributor has no term yet; a
    fixture load (`raw`) is left to `relist`."""
    if created or raw:
        return
    from .models import Membership

    listing = listing_of(instance)
    stale = ~Q(**listing)
    Membership.objects.filter(Q(contributor_id=instance.pk) & stale).update(**listing)


def relist(model, contributor_model) -> int:
    """Copy every term's listing from its contributor, in one UPDATE; how many terms it wrote.
    `model`, `contributor_model`: the Membership and Contributor models (a migration passes its
    historical ones)."""
    contributor = contributor_model.objects.filter(pk=OuterRef("contributor_id"))
    return model.objects.update(
        listed=Subquery(contributor.values("listed_publicly")[:1]),
        sort_name=Subquery(contributor.values("name")[:1]),
        country=Subquery(contributor.values("country")[:1]),
    )
