import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.urls import reverse

from consultations.models import FRONT_DESK_GROUP


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the rate limit counts in the database, which
    rolls back after each test)."""
    cache.clear()
    yield
    cache.clear()


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def contact_form(client) -> tuple[str, str]:
    """Open the contact page; return its HTML and the form's one-time token."""
    response = client.get(reverse("consultations:request"))
    assert response.status_code == 200
    html = response.content.decode()
    return html, form_token(html)


def request_data(token: str, **overrides) -> dict:
    data = {
        "form_token": token,
        "name": "Jordan Example",
        "phone": "(555) 010-7788",
        "email": "jordan@example.org",
        "best_time": "morning",
        "message": "Could you tell me about the first appointment?",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def front_desk(django_user_model):
    user = django_user_model.objects.create_user("frontdesk", is_staff=True)
    user.groups.add(Group.objects.get(name=FRONT_DESK_GROUP))
    return user


@pytest.fixture
def editor_with_every_permission(django_user_model):
    """Staff outside Front desk, even holding the request permissions directly."""
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="consultations"))
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="clinic_site"))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@clinic.example", "x")
