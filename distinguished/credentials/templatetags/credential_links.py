"""`{% credential_links membership as links %}`: the download and share links of a membership's
credential, for any page that shows memberships (the public profile includes
`credentials/membership_links.html`). The links of all the contributor's memberships are read in one
query the first time a page asks, so a profile with many memberships costs one query."""

from django import template

from .. import api

register = template.Library()


@register.simple_tag(takes_context=True)
def credential_links(context, membership):
    """The links of the membership's newest signed credential, or None."""
    if membership is None or getattr(membership, "pk", None) is None:
        return None
    # On the Context itself: render_context is scoped to one template, and each include is another.
    cache = getattr(context, "_credential_links", None)
    if cache is None:
        cache = context._credential_links = {}
    contributor_id = membership.contributor_id
    if contributor_id not in cache:
        cache[contributor_id] = api.links_of_contributor(contributor_id)
    return cache[contributor_id].get(membership.pk)
