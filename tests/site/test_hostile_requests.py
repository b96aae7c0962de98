"""Hostile requests to public pages: wrong methods, missing form tokens, malformed query strings
and bodies, forged cookies, NUL bytes and bad hosts meet a refusal, never a server error."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

PUBLIC_PATHS = ["/", "/privacy/", "/need-help-now/", "/screener/"]


@pytest.fixture
def hostile_client() -> Client:
    return Client(raise_request_exception=False, enforce_csrf_checks=True)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
@pytest.mark.parametrize("method", ["put", "patch", "delete", "trace"])
def test_wrong_http_methods_are_refused_not_crashed(hostile_client, path, method):
    response = getattr(hostile_client, method)(path)
    assert response.status_code in (403, 405), response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_options_and_head_answer_without_a_body_or_error(hostile_client, path):
    assert hostile_client.options(path).status_code in (200, 405)
    head = hostile_client.head(path)
    assert head.status_code == 200
    assert head.content == b""


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_post_without_a_form_token_gets_the_friendly_403(hostile_client, path):
    response = hostile_client.post(path, {"anything": "x"})
    assert response.status_code == 403
    assert "Sorry, we could not save that" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_hostile_query_strings_and_bodies_never_cause_a_server_error(path):
    client = Client(raise_request_exception=False)
    responses = [
        client.get(path, {"q": "x" * 20000}),
        client.get(path, QUERY_STRING="q=%ff%fe%fd&%c3%28=%e2%28%a1"),
        client.get(path, QUERY_STRING="q=\xff\xfe\x00&&&==;;"),
        client.post(path, b"a=\xff\xfe&b=%ff", content_type="application/x-www-form-urlencoded"),
        client.post(path, b"\xff\xfe\xfd", content_type="multipart/form-data; boundary=zz"),
        client.post(path, b"{not json", content_type="application/json"),
    ]
    for response in responses:
        assert response.status_code < 500, response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_forged_session_cookie_is_ignored(path):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "forged" + "x" * 26
    assert client.get(path).status_code == 200

    client.cookies["sessionid"] = "\x00<script>;" + "z" * 500
    response = client.get(path)
    assert response.status_code == 200
    assert response.cookies["sessionid"]["max-age"] == 0, "the forged cookie is deleted"


@pytest.mark.django_db
def test_nul_bytes_in_paths_and_sign_in_fields_never_cause_a_server_error():
    client = Client(raise_request_exception=False)
    for path in PUBLIC_PATHS:
        assert client.get(path + "%00").status_code == 404
    with override_settings(AXES_ENABLED=True):
        response = client.post(reverse("admin:login"), {"username": "a\x00b", "password": "x\x00"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["evil.example", "clinic.example:99999", "bad host", "a" * 300])
def test_bad_host_header_gets_the_friendly_400_page(host):
    client = Client(raise_request_exception=False)
    response = client.get("/privacy/", HTTP_HOST=host)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sorry, we could not read that request" in html
    assert host not in html
