"""The answers the fuzzing found outside their own schema now conform to it (issue 11, item 8): each
is validated with jsonschema against the response that `/api/schema/` documents for its code."""

import pytest
from jsonschema import Draft4Validator

from tests.factories import ContributorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(api_client):
    return api_client.get("/api/schema/", {"format": "json"}).json()


def as_json_schema(node):
    """OpenAPI 3.0's `nullable: true` in JSON Schema terms (OpenAPI 3.0 schemas are JSON Schema draft 4 with `nullable`)."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: as_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def conform(openapi, path, method, response):
    """Validate the response's JSON body against the schema documented for its status code."""
    documented = openapi["paths"][path][method]["responses"][str(response.status_code)]
    schema = documented["content"]["application/json"]["schema"]
    root = as_json_schema({**schema, "components": openapi["components"]})
    errors = [error.message for error in Draft4Validator(root).iter_errors(response.json())]
    assert errors == [], f"{method.upper()} {path} {response.status_code}: {errors}"


def test_the_program_conforms_with_key_results_outside_any_group(openapi, api_client):
    response = api_client.get("/api/v1/program/")
    assert response.status_code == 200
    groups = [kr["group"] for track in response.json()["tracks"] for kr in track["key_results"]]
    assert None in groups and "participation" in groups
    conform(openapi, "/api/v1/program/", "get", response)


def test_the_audit_trail_conforms_with_from_as_the_field_is_named(openapi, client_for, admin_user):
    ContributorFactory()
    client_for(admin_user).post("/api/v1/contributors/", {"kind": "person", "name": "Ada"}, format="json")
    response = client_for(admin_user).get("/api/v1/audit/")
    assert response.status_code == 200
    event = response.json()["results"][0]
    assert "from" in event and "from_" not in event
    assert "from" in openapi["components"]["schemas"]["AuditEvent"]["properties"]
    conform(openapi, "/api/v1/audit/", "get", response)


def test_a_membership_import_without_a_file_conforms_to_its_400(openapi, client_for, admin_user):
    response = client_for(admin_user).post("/api/v1/memberships/import/", {}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": ["No file was submitted."]}
    conform(openapi, "/api/v1/memberships/import/", "post", response)


def test_error_answers_are_documented_with_the_error_body(openapi, api_client, client_for, member):
    not_found = client_for(member).get("/api/v1/nominations/999999/")
    assert not_found.status_code == 404
    conform(openapi, "/api/v1/nominations/{id}/", "get", not_found)
    signed_out = api_client.get("/api/v1/nominations/")
    assert signed_out.status_code == 401
    conform(openapi, "/api/v1/nominations/", "get", signed_out)
    forbidden = client_for(member).get("/api/v1/audit/")
    assert forbidden.status_code == 403
    conform(openapi, "/api/v1/audit/", "get", forbidden)
    too_large = api_client.post(
        "/api/v1/auth/token/", "[" + "0," * (1024 * 1024) + "0]", content_type="application/json"
    )
    assert too_large.status_code == 413
    conform(openapi, "/api/v1/auth/token/", "post", too_large)
    bad_input = client_for(member).post("/api/v1/nominations/", {}, format="json")
    assert bad_input.status_code == 400
    conform(openapi, "/api/v1/nominations/", "post", bad_input)


def test_every_operation_documents_its_error_answers(openapi):
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for code, response in responses.items():
                if code.startswith("4"):
                    assert "application/json" in response.get("content", {}), f"{method} {path} {code}"
            if method in {"post", "put", "patch", "delete"}:
                assert {"400", "403", "409"} <= set(responses), f"{method} {path}"
            if "requestBody" in operation:
                assert "413" in responses, f"{method} {path}"
            if "{" in path:
                assert "404" in responses, f"{method} {path}"
