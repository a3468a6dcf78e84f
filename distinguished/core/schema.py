"""The OpenAPI schema describes the error answers of every operation, not only its success: the codes
the operation can give (from what it reads and who may call it) with the API's one error body, so
that a client, and the schema fuzzing in CI, can rely on the schema for every response."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import SAFE_METHODS, AllowAny

ERROR = {
    "type": "object",
    "description": "Every error but bad input: what went wrong, in a sentence a person can act on.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
BAD_REQUEST = {
    "type": "object",
    "description": (
        'Bad input or a broken rule: `{"detail": "why"}`, or each field and why '
        '(`{"field": ["why"]}`, nested as the request nests).'
    ),
    "properties": {
        "detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    },
    "additionalProperties": {},
}
DESCRIPTIONS = {
    "400": "Bad input or a broken rule: the field (or `detail`) and why; nothing was changed.",
    "401": "Not signed in, or an unknown token.",
    "403": "The caller may not do this.",
    "404": "No such object, or the caller may not see it.",
    "409": "A concurrent change won, or it was done already.",
    "413": "The request body is over the size limit.",
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, with the error responses every operation can give."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code in self._error_codes(operation):
            responses.setdefault(code, {"description": DESCRIPTIONS[code]})
        for code, response in responses.items():
            # A view's own 4xx that only says why gets the error body too.
            if code.startswith("4") and not response.get("content"):
                response["content"] = {"application/json": {"schema": self._error_schema(code)}}
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_codes(self, operation) -> list[str]:
        locations = {parameter["in"] for parameter in operation.get("parameters", [])}
        query = {
            parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"
        }
        has_body = "requestBody" in operation
        writes = self.method not in SAFE_METHODS
        restricted = not all(issubclass(permission, AllowAny) for permission in self.view.permission_classes)
        codes = {
            # Query filters and bodies are checked; a rule of the program can refuse any write.
            "400": has_body or writes or bool(query),
            # Any authenticator answers 401 to a token it does not know, even where anyone may read.
            "401": bool(self.view.authentication_classes),
            # A rule of the program can refuse a write to the caller (and a session's write needs the
            # CSRF token).
            "403": restricted or writes,
            # A page past the last one of a list is a 404 too.
            "404": "path" in locations or "page" in query,
            "409": writes,
            "413": has_body,
        }
        return [code for code, applies in codes.items() if applies]

    def _error_schema(self, code: str) -> dict:
        name, schema = ("ValidationError", BAD_REQUEST) if code == "400" else ("Error", ERROR)
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return component.ref
