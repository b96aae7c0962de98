"""The menu screen: staff order each language's main menu with up and down buttons."""

import re

import pytest

from content.menu import menu_pages
from content.models import Page
from editorial.models import Review

from .admin_support import PREFIX, page_form_data

MENU = f"{PREFIX}menu/"


def menu_titles(client, path: str = "/") -> list[str]:
    """The main menu's page items as a visitor sees them."""
    html = client.get(path).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL).group(0)
    return [re.sub(r"\s+", " ", title).strip() for title in re.findall(r">([^<>]+)</a>", nav)]


def move(client, page: Page, direction: str):
    return client.post(MENU, {"page": page.pk, "direction": direction}, follow=True)


@pytest.mark.django_db
def test_an_order_only_change_goes_live_without_review_and_shows_in_history(
    editor_client, loaded_content, client
):
    pages = menu_pages(language="en")
    second = pages[1]
    before = menu_titles(client)
    assert before.index(second.short_title) > before.index(pages[0].short_title)

    response = move(editor_client, second, "up")  # an editor, not a clinical reviewer
    assert f"“{second.short_title}” moved up" in response.content.decode()

    after = menu_titles(client)
    assert after.index(second.short_title) < after.index(pages[0].short_title)
    second.refresh_from_db()
    assert not second.has_unpublished_changes
    assert not Review.objects.filter(object_id=str(second.pk)).exists()

    history = editor_client.get(f"{PREFIX}{second.pk}/history/").content.decode()
    assert "Moved up in the English menu" in history
    assert "without clinical review" in history


@pytest.mark.django_db
def test_each_language_has_its_own_menu_on_the_screen(editor_client, loaded_content, client):
    english_order = [page.pk for page in menu_pages(language="en")]
    spanish = menu_pages(language="es")
    text = editor_client.get(MENU).content.decode()
    assert "English menu" in text and "Spanish menu" in text
    for page in spanish:
        assert page.short_title in text

    move(editor_client, spanish[-1], "up")
    after = menu_titles(client, "/es/")
    assert after.index(spanish[-1].short_title) < after.index(spanish[-2].short_title)
    history = editor_client.get(f"{PREFIX}{spanish[-1].pk}/history/").content.decode()
    assert "Moved up in the Spanish menu" in history
    assert [page.pk for page in menu_pages(language="en")] == english_order


@pytest.mark.django_db
def test_moving_a_page_with_a_draft_keeps_the_draft_and_its_new_place(
    editor_client, loaded_content
):
    pages = menu_pages(language="en")
    first = pages[0]
    editor_client.post(
        f"{PREFIX}{first.pk}/change/", page_form_data(first, summary=f"{first.summary} More.")
    )
    move(editor_client, first, "down")
    first.refresh_from_db()
    draft = first.draft_object
    assert first.has_unpublished_changes, "the draft is still waiting"
    assert draft.summary.endswith("More.")
    assert draft.nav_order == first.nav_order, "publishing the draft keeps the new place"
    assert [p.pk for p in menu_pages(language="en")][1] == first.pk


@pytest.mark.django_db
def test_the_first_page_cannot_move_up_and_is_told_so(editor_client, loaded_content):
    first = menu_pages(language="en")[0]
    response = move(editor_client, first, "up")
    assert "cannot move further up" in response.content.decode()
    assert menu_pages(language="en")[0] == first


@pytest.mark.django_db
def test_visitors_cannot_change_the_menu(client, loaded_content):
    first = menu_pages(language="en")[1]
    response = client.post(MENU, {"page": first.pk, "direction": "up"})
    assert response.status_code == 302
    assert menu_pages(language="en")[1] == first


@pytest.mark.django_db
def test_renaming_a_menu_item_is_a_draft_for_review(editor_client, loaded_content, client):
    page = menu_pages(language="en")[0]
    old_name = page.short_title
    response = editor_client.post(
        MENU, {"page": page.pk, "rename": "1", "name": "Ketamine conditions"}, follow=True
    )
    assert "saved as a draft" in response.content.decode()
    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert page.draft_object.nav_title == "Ketamine conditions"
    assert old_name in menu_titles(client), "visitors keep the live name until it is published"
    assert "Ketamine conditions" not in menu_titles(client)


@pytest.mark.django_db
def test_a_menu_name_too_long_is_refused_with_a_message(editor_client, loaded_content):
    page = menu_pages(language="en")[0]
    response = editor_client.post(
        MENU, {"page": page.pk, "rename": "1", "name": "A very long name " * 4}, follow=True
    )
    assert "40 characters at most" in response.content.decode()
    assert not Page.objects.get(pk=page.pk).has_unpublished_changes


@pytest.mark.django_db
def test_the_spanish_menu_can_follow_the_english_order_in_one_step(editor_client, loaded_content):
    english = menu_pages(language="en")
    last = english[-1]
    move(editor_client, last, "up")
    editor_client.post(MENU, {"match": "es"})
    english_order = [page.pk for page in menu_pages(language="en")]
    spanish = [page for page in menu_pages(language="es") if page.translation_of_id]
    places = [english_order.index(page.translation_of_id) for page in spanish]
    assert places == sorted(places)
