"""Signing in to the admin: the lockout after wrong passwords, how long sessions last, and
which passwords staff may choose. The second factor itself: test_second_factor.py."""

import time

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from clinic_site.middleware import STAFF_LAST_SEEN_KEY
from tests.support.staff import admin_sign_in, staff_sign_in

STAFF_PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(
        "frontdesk", "frontdesk@clinic.example", STAFF_PASSWORD, is_staff=True, is_superuser=True
    )


def sign_in(client: Client, *, password: str, username: str = "frontdesk", **headers):
    """Both steps: the password, then the code the staff member's app shows now."""
    return admin_sign_in(client, username=username, password=password, **headers)


@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_lock_the_account_out_with_a_friendly_page(client, staff_user):
    for _ in range(4):
        response = sign_in(client, password="wrong password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()

    response = sign_in(client, password="wrong password")
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Signing in is paused</h1>" in html
    assert "try again in 60 minutes" in html
    assert "Need help now?" in html, "the lockout page is in the site layout"

    # Even the right password is refused during the cool-off...
    response = sign_in(client, password=STAFF_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # ...but the lockout is for that username from that address only.
    other_address = sign_in(client, password=STAFF_PASSWORD, REMOTE_ADDR="192.0.2.44")
    assert other_address.status_code == 302


@override_settings(AXES_ENABLED=True)
def test_a_successful_sign_in_resets_the_failure_count(client, staff_user):
    for _ in range(4):
        sign_in(client, password="wrong password")
    assert sign_in(client, password=STAFF_PASSWORD)["Location"] == reverse("admin:index")
    client.logout()
    with time_machine.travel(time.time() + 60):  # the app shows a new code by then
        for _ in range(4):
            assert sign_in(client, password="wrong password").status_code == 200
        assert sign_in(client, password=STAFF_PASSWORD)["Location"] == reverse("admin:index")


def test_staff_session_cookie_ends_when_the_browser_closes(client, staff_user):
    response = sign_in(client, password=STAFF_PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert client.get(reverse("admin:index")).status_code == 200


def test_idle_staff_session_is_signed_out(client, staff_user):
    sign_in(client, password=STAFF_PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200

    session = client.session
    session[STAFF_LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session


def test_staff_session_stays_while_staff_keep_working(client, staff_user):
    sign_in(client, password=STAFF_PASSWORD)
    session = client.session
    session[STAFF_LAST_SEEN_KEY] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_visitor_session_keeps_its_thirty_minute_cookie(client):
    session = client.session
    session["screener-answers"] = {"pain_duration": "more-than-3-months"}
    session.save()
    response = client.get(reverse("screener:start"))  # a page that reads the session
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == 30 * 60
    assert client.session["screener-answers"] == {"pain_duration": "more-than-3-months"}


@pytest.mark.parametrize(
    "password", ["password", "12345678", "short1", "frontdesk1", "Tr4mline-q9"]
)
def test_password_validators_reject_weak_passwords(password):
    user = get_user_model()(username="frontdesk", email="frontdesk@clinic.example")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_admin_refuses_a_weak_password_for_a_new_staff_account(client, staff_user):
    staff_sign_in(client, staff_user)
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "newstaff", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not get_user_model().objects.filter(username="newstaff").exists()


def test_an_unsafe_next_after_the_password_leads_to_the_admin_not_a_missing_page(
    client, staff_user
):
    """Security review F14: the fallback was /accounts/profile/, a 404 once signed in."""
    response = client.post(
        reverse("admin:login"),
        {"username": "frontdesk", "password": STAFF_PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == f"{reverse('admin:second_factor')}?next=%2Fadmin%2F"
