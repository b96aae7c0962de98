"""Staff in the browser tests: the staff groups, a member of one, and a signed-in browser.

Signing in itself (password and second factor, in the browser) is tested in
tests/browser/test_staff_accounts.py; the other tests start signed in.
"""

import importlib

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client

from tests.support.staff import staff_sign_in

from .navigation import page_open

STAFF_GROUPS = importlib.import_module("content.migrations.0002_staff_groups")
# A file of the site's own with no script: nothing it loads can answer after the cookie is set.
NO_SCRIPT_PAGE = "/robots.txt"


def staff_groups_ensure() -> None:
    """Make the staff groups as their migration does: a live-server test before this one
    emptied every table, the groups a migration made included (permissions are remade)."""
    for name, codes in STAFF_GROUPS.GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, codename in codes:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename=codename,
                )
            )


def staff_member(django_user_model, *, username: str, group: str):
    staff_groups_ensure()
    user = django_user_model.objects.create_user(
        username, password="unused-here", is_staff=True, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def browser_sign_in(browser, user) -> None:
    """Give the browser a signed-in session of user's, made with Django's test client.

    The page left behind may still be talking to the site as the previous member of staff
    ("being edited by" says goodbye as its form closes, "Edit this page" asks who is signed in),
    and a late answer would put that person's session cookie back; so the cookie is set on a
    page without scripts, and set again until it stays.
    """
    client = Client()
    staff_sign_in(client, user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    for _ in range(5):
        page_open(browser, NO_SCRIPT_PAGE)
        browser.delete_all_cookies()
        browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": session})
        page_open(browser, NO_SCRIPT_PAGE)
        kept = browser.get_cookie(settings.SESSION_COOKIE_NAME)
        if kept and kept["value"] == session:
            return
    raise AssertionError(f"the browser did not keep {user}'s session cookie")
