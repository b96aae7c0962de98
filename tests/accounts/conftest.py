"""Staff for the account tests: a practice manager, a superuser and a colleague, each able to
sign in with a password and an authenticator app."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from tests.support.staff import staff_device, staff_sign_in

PASSWORD = "correct horse battery staple 42"


def staff_member(username: str, *, group: str | None = None, superuser: bool = False):
    users = get_user_model().objects
    make = users.create_superuser if superuser else users.create_user
    user = make(
        username,
        f"{username}@clinic.example",
        PASSWORD,
        is_staff=True,
        first_name=username.title(),
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    staff_device(user)
    return user


@pytest.fixture
def manager(db):
    return staff_member("maria", group="Practice manager")


@pytest.fixture
def superuser(db):
    return staff_member("root", superuser=True)


@pytest.fixture
def colleague(db):
    return staff_member("cole", group="Front desk")


@pytest.fixture
def manager_client(manager):
    client = Client()
    staff_sign_in(client, manager)
    return client


@pytest.fixture
def superuser_client(superuser):
    client = Client()
    staff_sign_in(client, superuser)
    return client
