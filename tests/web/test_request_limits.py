"""Request bodies are bounded (issue 11, item 6): JSON nested deeper than 32 levels is a 400, a body
over the limit a 413, in the API's JSON error format; pages answer with an HTML page. Never a 500."""

import json

import pytest
from django.test import RequestFactory, override_settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DRFJSONParser
from rest_framework.views import APIView

from distinguished.core.middleware import RefuseOversizedRequest
from distinguished.core.parsers import (
    MAX_JSON_DEPTH,
    JSONParser,
    RequestBodyTooLarge,
    json_depth,
    max_request_bytes,
    read_body,
)

pytestmark = pytest.mark.django_db

DEEP = "[" * 1000 + "]" * 1000
MB = 1024 * 1024


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_a_thousand_nested_arrays_to_the_token_endpoint_is_a_400_even_signed_out(api_client):
    response = api_client.post("/api/v1/auth/token/", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": f"JSON parse error - nested more than {MAX_JSON_DEPTH} levels deep."}


def test_a_thousand_nested_arrays_to_nominations_is_a_400(client_for, member):
    response = client_for(member).post("/api/v1/nominations/", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert "nested more than 32 levels" in response.json()["detail"]


def test_nesting_is_refused_past_32_levels_not_at_32():
    parser = JSONParser()
    data = parser.parse(_stream(nested(MAX_JSON_DEPTH)), parser_context={})
    assert json_depth(data) == MAX_JSON_DEPTH
    with pytest.raises(ParseError):
        parser.parse(_stream(nested(MAX_JSON_DEPTH + 1)), parser_context={})
    deep_object = '{"a":' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1)
    with pytest.raises(ParseError):
        parser.parse(_stream(deep_object), parser_context={})


def test_json_depth_counts_objects_and_arrays_without_recursion():
    assert json_depth(1) == 0
    assert json_depth({"a": [1, {"b": []}]}) == 4
    assert json_depth(json.loads(nested(500))) == 500


def test_a_10_mb_json_body_is_a_413_in_json(api_client):
    body = json.dumps({"username": "a" * (10 * MB), "password": "x"})
    response = api_client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"] == (
        "What you sent is too large: a form or JSON body may have up to 2 MB, a request with a file up to 32 MB."
    )


def test_a_json_body_just_under_the_limit_is_read(api_client):
    body = json.dumps({"username": "a" * (2 * MB - 100), "password": "x"})
    response = api_client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"detail": "That username and password do not match an active account."}


def test_a_raw_body_to_the_verifier_is_held_to_the_same_limit(api_client):
    response = api_client.post(
        "/api/v1/credentials/verify/", b"<svg>" + b" " * (3 * MB), content_type="image/svg+xml"
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("What you sent is too large")


def test_read_body_stops_a_stream_without_a_length_at_the_limit():
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10):
        assert read_body(_stream("0123456789"), {}) == b"0123456789"
        with pytest.raises(RequestBodyTooLarge):
            read_body(_stream("0123456789a"), {})


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_form_body_over_the_limit_is_a_413_in_json(client_for, admin_user):
    response = client_for(admin_user).post(
        "/api/v1/cycles/", "name=" + "x" * 2000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "form or JSON body may have up to" in response.json()["detail"]


def test_a_request_declaring_more_than_the_request_limit_is_refused_before_it_is_read(api_client, client):
    declared = str(max_request_bytes() + 1)
    response = api_client.post(
        "/api/v1/auth/token/", "{}", content_type="application/json", CONTENT_LENGTH=declared
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("What you sent is too large")
    page = client.post(
        "/accounts/sign-in/", "x=1", content_type="application/x-www-form-urlencoded", CONTENT_LENGTH=declared
    )
    assert page.status_code == 413
    assert page["Content-Type"].startswith("text/html")
    assert "Too large" in page.content.decode()


def test_a_page_post_over_the_form_limit_is_an_html_413_not_a_500(client):
    response = client.post(
        "/accounts/sign-in/",
        "username=a&password=" + "x" * (3 * MB),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "What you sent is too large" in response.content.decode()


def test_the_request_limit_leaves_room_for_a_20_mb_import():
    assert max_request_bytes() > 20 * MB
    with override_settings(REQUEST_MAX_BYTES=MB, IMPORT_MAX_BYTES=50 * MB):
        assert max_request_bytes() > 50 * MB
        request = RequestFactory().post("/api/v1/contributions/import/", CONTENT_LENGTH=str(50 * MB))
        assert RefuseOversizedRequest(lambda request: "passed")(request) == "passed"


def test_a_file_upload_is_not_held_to_the_json_limit(api_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "badge.svg", b"<svg>" + b" " * (3 * MB) + b"</svg>", content_type="image/svg+xml"
    )
    response = api_client.post("/api/v1/credentials/verify/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "a badge with its credential baked in may have at most 1 MB" in response.json()["file"][0]


def test_an_unknown_api_address_answers_404_in_json(api_client):
    response = api_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_every_api_view_parses_json_with_the_one_bounded_parser():
    from django.urls import get_resolver

    views = []

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
            elif getattr(pattern.callback, "cls", None) and issubclass(pattern.callback.cls, APIView):
                views.append(pattern.callback.cls)

    walk(get_resolver().url_patterns)
    assert len(views) > 40
    for view in views:
        json_parsers = [p for p in view().get_parsers() if isinstance(p, DRFJSONParser)]
        assert all(type(p) is JSONParser for p in json_parsers), view


def _stream(text: str):
    import io

    return io.BytesIO(text.encode())
