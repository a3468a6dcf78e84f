"""Labels, never codes, on every page: `{% label "kind" item.kind %}` shows a code of the program's
choices by its label (a code it does not know stays as it is), `{% label_list "track" seat.tracks %}`
a list of them, and `{% audit_value event event.to_state %}` an audit event's from/to the way its
object's pages name it.

Kinds: state (a nomination's), phase, track, kind (a contribution's), group (a panel group),
membership_status, conflict_source, contribution_source, tier, recommendation, vote, role. The ones
read from the program definition cost one query or two per request, and only when a page asks."""

from django import template

from distinguished.contributions import api as contributions
from distinguished.membership import api as membership
from distinguished.nominations import api as nominations
from distinguished.people import api as people
from distinguished.program import api as program
from distinguished.review import api as review

register = template.Library()


def _choices(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _defined(kind: str) -> dict[str, str]:
    if kind == "kind":
        return {k.code: program.in_language(k.label) for k in program.contribution_kinds()}
    loaded = program.program_settings()
    if loaded is None:
        return {}
    if kind == "track":
        return {t.code: program.in_language(t.name) for t in program.tracks_of(loaded)}
    return {g.code: program.in_language(g.name) for g in program.panel_groups_of(loaded)}


FIXED = {
    "state": lambda: _choices(nominations.State),
    "phase": lambda: _choices(program.Phase),
    "membership_status": lambda: dict(membership.STATUS_LABELS),
    "conflict_source": lambda: _choices(review.ConflictSource),
    "contribution_source": lambda: _choices(contributions.Source),
    "tier": lambda: _choices(people.SizeTier),
    "recommendation": lambda: _choices(review.Recommendation),
    "vote": lambda: _choices(review.VoteChoice),
    "role": lambda: _choices(people.Role),
}
DEFINED = ("track", "group", "kind")


def labels_of(context, kind: str) -> dict[str, str]:
    """{code: label} of one kind, kept on the request (else on this render) so a list asks once."""
    request = context.get("request")
    holder = request if request is not None else context.render_context
    kept = getattr(holder, "_labels", None) if request is not None else holder.get("_labels")
    if kept is None:
        kept = {}
        if request is not None:
            request._labels = kept
        else:
            holder["_labels"] = kept
    if kind not in kept:
        if kind in FIXED:
            found = FIXED[kind]()
        elif kind in DEFINED:
            found = _defined(kind)
        else:
            raise template.TemplateSyntaxError(f"No labels of “{kind}”.")
        # Plain strings in the active language: a lazy label would break a render with autoescape off.
        kept[kind] = {code: str(label) for code, label in found.items()}
    return kept[kind]


@register.simple_tag(takes_context=True)
def label(context, kind: str, code) -> str:
    """The label of `code`, or the code itself when it is none of that kind's."""
    if code in (None, ""):
        return ""
    return labels_of(context, kind).get(str(code), str(code))


@register.simple_tag(takes_context=True)
def label_list(context, kind: str, codes, separator: str = ", ") -> str:
    labels = labels_of(context, kind)
    return separator.join(labels.get(str(code), str(code)) for code in codes or ())


# An audit event's from/to by the type of its object: a nomination's state (or the conflict source a
# waiver names), a cycle's phase or a seat ("user:group"), a membership's status.
AUDIT_KINDS = {
    "nominations.nomination": ("state", "conflict_source", "vote"),
    "program.cycle": ("phase",),
    "membership.membership": ("membership_status",),
}


@register.simple_tag(takes_context=True)
def audit_value(context, event, value) -> str:
    value = "" if value is None else str(value)
    if not value:
        return ""
    for kind in AUDIT_KINDS.get(event.object_type, ()):
        labels = labels_of(context, kind)
        if value in labels:
            return labels[value]
    if event.object_type == "program.cycle" and event.verb.startswith("panel.") and ":" in value:
        user, group = value.rsplit(":", 1)
        return f"{user} ({labels_of(context, 'group').get(group, group)})"
    return value
