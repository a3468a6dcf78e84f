"""The generated permission matrix (issue 11): every URL pattern of every app and every operation of
the OpenAPI schema, by every role, in the nomination states that matter, asserting who gets through and
that no private field reaches a body it must not.

The world (tests/permission_matrix/world.py) is built once for the module inside a transaction
rolled back at the end; each role has one client, signed in once; each request runs in a savepoint
rolled back after it, so no case disturbs another. The table (permission_matrix/table.py) says
what each role must get; a URL pattern or operation it lacks fails `test_every_url_and_operation
_has_a_row` by name. The rules it is held to are in permission_matrix/rules.py."""

import copy
import uuid

import pytest
from django.db import transaction
from django.db.models import Max

from distinguished.audit.models import AuditEvent

from .permission_matrix import fixtures, walker
from .permission_matrix.rules import AUDIENCE, HIDDEN, KEPT_OUT, LOGIN, NO_METHOD
from .permission_matrix.table import TABLE
from .permission_matrix.world import ROLES, STATES

# Path segments whose parameter is an object of a state's world (the others are state-free), and
# the states that have one: a waiver from submission on, the panelist's assignment from review on,
# a voided assignment (the conflicted panelist's late conflict) in review.
STATEFUL = {"nominations", "deliberation", "evidence", "cycles", "seats", "review", "assignments"}
ONLY_IN = {
    "voided": ("in_review",),
    "review": ("in_review", "decided"),
    "assignments": ("in_review", "decided"),
    "waivers": ("submitted", "in_review", "decided", "withdrawn"),
}


def walked() -> dict[tuple[str, str], bool]:
    """{(method, route): is an API route} for every URL pattern: GET and POST for a page, the
    methods its view answers for the REST API."""
    found = {}
    for route, entry in walker.url_patterns().items():
        methods = walker.api_view_methods(entry)
        for method in sorted(methods or ("GET", "POST")):
            found[(method, route)] = methods is not None
    return found


def states_of(route: str, row=None) -> tuple:
    params = row.params if row else {}
    segments = {params.get(segment, segment) for segment, _ in walker.params_of(route)}
    states = (None,)
    if segments & STATEFUL:
        states = STATES
    for segment, only_in in ONLY_IN.items():
        if segment in segments:
            states = only_in
            break
    return states[-1:] if row and row.states == "one" else states


def cases():
    for method, route in walked():
        row = TABLE.get((method, route))
        for state in states_of(route, row):
            for role in (row.roles or ROLES) if row else ROLES:
                reason = row and (row.xfail.get((role, state)) or row.xfail.get((role, "*")))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                yield pytest.param(
                    method, route, state, role, marks=marks, id=f"{method} /{route} {state or '-'} {role}"
                )


matrix = fixtures.matrix  # the module's world and one client per role


def values_for(world, row, state, role) -> dict:
    values = world.values(state, role)
    return {**values, **{segment: values[key] for segment, key in row.params.items() if key in values}}


def call(client, method, route, path, body, multipart=False):
    """One request in a savepoint rolled back after it (cheaper than pytest-django's transaction
    per test): (response, body text, whether it wrote an audit event). The client keeps its session
    cookie (signing out would otherwise sign the role out for the cases after)."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        before = last_event()
        if method == "GET":
            response = client.get(path)
        else:
            form = "json" if route.startswith("api/") and not multipart else "multipart"
            response = getattr(client, method.lower())(path, body or {}, format=form)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        audited = last_event() != before
        transaction.set_rollback(True)
    client.cookies = cookies
    return response, content.decode(errors="replace"), audited


def last_event() -> int:
    return AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0


def leaks(world, role, body) -> list[str]:
    """The private fields of the world in `body` that `role` may not read."""
    return [
        f"{field} of {state}"
        for state, field, text in world.markers()
        if text in body and role not in AUDIENCE[field][state]
    ]


# Marked like test_unknown_ids_are_404 (each runs in a savepoint of the world's transaction anyway):
# pytest-django runs database tests before the others, and two groups apart the module's world was
# torn down and built twice, about 25 s each.
@pytest.mark.django_db
@pytest.mark.parametrize(("method", "route", "state", "role"), list(cases()))
def test_matrix(matrix, method, route, state, role):
    world, clients = matrix
    row = TABLE.get((method, route))
    assert row is not None, f"{method} /{route} has no row in tests/permission_matrix/table.py"
    values = values_for(world, row, state, role)
    path = walker.fill(route, values)
    body = row.body(values) if row.body else None
    response, content, audited = call(clients[role], method, route, path, body, row.multipart)
    expected = row.expect(role, state)
    got = walker.outcome(response)
    assert got in expected, (
        f"{method} {path} as {role}: {response.status_code} ({got}), expected {sorted(expected)}"
    )
    leaked = leaks(world, role, content)
    assert not leaked, f"{method} {path} as {role} shows {', '.join(leaked)}"
    if got != "in":
        assert not audited, (
            f"{method} {path} as {role} was refused ({response.status_code}) but changed something"
        )
    if route.startswith("api/v1/") and response.status_code in (401, 403, 404):
        # The API's own error format; a 401 says how to authenticate (API.md).
        assert "detail" in response.json(), content
        if response.status_code == 401:
            assert response.headers["WWW-Authenticate"].startswith("Token")


def test_every_url_and_operation_has_a_row():
    """A new URL pattern (pages: GET and POST) or API operation fails here until the table says who
    may call it; a row whose address is gone fails too. The OpenAPI schema's operations are the
    ones the API's views answer."""
    found = walked()
    missing = sorted(set(found) - set(TABLE))
    stale = sorted(set(TABLE) - set(found))
    assert not missing, f"add these to tests/permission_matrix/table.py: {missing}"
    assert not stale, f"these rows name no URL pattern any more: {stale}"
    api = {(method, walker.shape(route)) for (method, route), is_api in found.items() if is_api}
    api = {(method, path) for method, path in api if path.startswith("api/v1/")}
    operations = walker.schema_operations()
    assert operations - api == set(), "schema operations no view answers"
    assert api - operations == set(), "operations the views answer that the schema lacks"


def unknown(route: str) -> str:
    values = {"slug": "no-such-cycle", "uuid": str(uuid.UUID(int=7)), "str": "nope"}
    return "/" + walker.PARAM.sub(lambda m: values.get(m.group("converter"), "987654"), route)


UNKNOWN = [key for key in sorted(TABLE) if walker.params_of(key[1])]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "route"), UNKNOWN, ids=[f"{m} /{r}" for m, r in UNKNOWN])
def test_unknown_ids_are_404(matrix, method, route):
    """An id that names nothing: 404 for an admin (who may call everything); a member learns
    nothing either (403 or 404), nor does an anonymous caller (404, or sign in first). Skipped
    where the role's answer is a 405 or a sign-in anyway."""
    world, clients = matrix
    row = TABLE[(method, route)]
    state = states_of(route, row)[-1]
    body = row.body(values_for(world, row, state, "admin")) if row.body else None
    for role, allowed in (("admin", HIDDEN), ("member", KEPT_OUT), ("anonymous", HIDDEN | LOGIN)):
        if row.expect(role, state) in (NO_METHOD, LOGIN):
            continue
        response, _, _ = call(clients[role], method, route, unknown(route), body, row.multipart)
        assert walker.outcome(response) in allowed, (
            f"{method} {unknown(route)} as {role}: {response.status_code}"
        )
