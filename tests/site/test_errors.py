import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_missing_csrf_token_gets_friendly_page_not_a_crash():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Sorry, we could not save that" in html
    assert "Nothing you had already saved has been lost" in html


@pytest.mark.django_db
def test_oversized_request_body_gets_friendly_400():
    client = Client(raise_request_exception=False)
    response = client.post(
        reverse("admin:login"), {"username": "x" * (300 * 1024), "password": "y"}
    )
    assert response.status_code == 400
    assert "Sorry, we could not read that request" in response.content.decode()


@pytest.mark.django_db
def test_server_error_page_renders_in_layout(rf):
    from clinic_site.views import server_error

    request = rf.get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
def test_a_database_error_with_the_database_up_is_a_500_not_an_outage(rf):
    from django.db import IntegrityError

    from clinic_site.views import server_error

    try:
        raise IntegrityError("a broken constraint")
    except IntegrityError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Retry-After" not in response
