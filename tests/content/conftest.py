"""Fixtures for the educational pages: the real sources loaded, staff in the real groups."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client

from clinic_site.content_version import content_version_bump
from tests.support.staff import staff_sign_in


@pytest.fixture(autouse=True)
def fresh_content_cache():
    """The database rolls back after each test; the caches must forget it too."""
    cache.clear()
    content_version_bump()
    yield
    cache.clear()
    content_version_bump()


@pytest.fixture
def loaded_content(db, loaded_content):
    """The pages as `manage.py load_content` leaves them (loaded once a run: tests/conftest.py)."""
    return loaded_content


def staff_user(django_user_model, *, username: str, group: str):
    user = django_user_model.objects.create_user(username, password="unused-here", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    return staff_user(django_user_model, username="eddie", group="Content editor")


@pytest.fixture
def reviewer(django_user_model):
    return staff_user(django_user_model, username="rita", group="Clinical reviewer")


@pytest.fixture
def editor_client(editor):
    """A browser signed in as the editor (its own, so a test can have a visitor and a reviewer)."""
    client = Client()
    staff_sign_in(client, editor)
    return client


@pytest.fixture
def reviewer_client(reviewer):
    client = Client()
    staff_sign_in(client, reviewer)
    return client
