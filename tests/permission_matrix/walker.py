"""What the matrix walks: every URL pattern of the project (`get_resolver()`, recursively) and
every operation of the OpenAPI schema (drf-spectacular's generator, in-process); how a path's
parameters are filled from the world; and how a response is named (let in, kept out, hidden)."""

import re

from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

# Not walked: Django's own admin (its permissions are Django's is_staff, not the program's roles).
EXCLUDED_PREFIXES = ("django-admin/",)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def url_patterns() -> dict[str, URLPattern]:
    """{route: pattern} for every URL pattern, with the prefixes of the includes it sits in."""

    def walk(resolver, prefix):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry, route)
            else:
                yield route, entry

    return {
        route: entry for route, entry in walk(get_resolver(), "") if not route.startswith(EXCLUDED_PREFIXES)
    }


def api_view_methods(entry: URLPattern) -> set[str] | None:
    """The methods a REST framework view answers (None for a plain Django view)."""
    view = getattr(entry.callback, "cls", None)
    if view is None or not hasattr(view, "http_method_names"):
        return None
    return {m.upper() for m in view.http_method_names if m.upper() in METHODS and hasattr(view, m)}


def shape(route: str) -> str:
    """A route or a schema path without parameter names: `nominations/{}/`."""
    route = PARAM.sub("{}", route)
    return re.sub(r"\{[^}]*\}", "{}", route).lstrip("/")


def schema_operations() -> set[tuple[str, str]]:
    """(METHOD, path shape) of every operation of the OpenAPI schema, generated in-process."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), shape(path))
        for path, item in schema["paths"].items()
        for method in item
        if method.upper() in METHODS
    }


def params_of(route: str) -> list[tuple[str, str]]:
    """[(the path segment before the parameter, the parameter's name)] of a route."""
    found = []
    for match in PARAM.finditer(route):
        before = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        found.append((before, match.group("name")))
    return found


def fill(route: str, values: dict[str, object]) -> str:
    """The route with each parameter replaced by values[segment before it], e.g. the nomination id
    after `nominations/`, else by values[its name]. A parameter no value is known for fails naming it."""

    def one(match):
        before = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        if before not in values:
            # A parameter after another (`emails/<name>/<language>/`) is known by its own name.
            before = match.group("name")
        if before not in values:
            raise KeyError(f"{route}: no value for <{match.group('name')}> after '{before}/' in the world")
        return str(values[before])

    return "/" + PARAM.sub(one, route)


# --- Naming an answer ------------------------------------------------------------------------------

SIGN_IN = "/accounts/sign-in/"


def outcome(response) -> str:
    """`in` (let in: 2xx, 400, 409, or a redirect that is not to sign-in), `login` (302 to sign-in,
    401), `403`, `404`, `405`, or the status code itself for anything else (a 500 is never fine)."""
    code = response.status_code
    if code in (301, 302, 303):
        return "login" if response.headers.get("Location", "").startswith(SIGN_IN) else "in"
    if code == 401:
        return "login"
    if 200 <= code < 300 or code in (400, 409):
        return "in"
    return str(code)
