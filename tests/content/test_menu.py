"""The menu screen: staff order each language's main menu with up and down buttons, pages
and the other links (the screener, contact, the clinic's pages) alike, and rename them through
review."""

import re

import pytest

from content.menu import menu_pages
from content.models import Page
from editorial.models import Review
from navigation.models import MenuLink
from tests.support.menu import menu_titles

from .admin_support import PREFIX, page_form_data

MENU = f"{PREFIX}menu/"


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


# The menu's links that are not pages: the screener, contact and the clinic's pages.

LINKS = "/admin/navigation/menulink/"
ENGLISH_LINKS = [
    "Our team",
    "Visiting us",
    "Treatments and costs",
    "Prepare for your appointment",
    "Contact us",
]
SPANISH_LINKS = [
    "Nuestro equipo",
    "Cómo llegar",
    "Tratamientos y costos",
    "Prepárese para su cita",
    "Contáctenos",
]
# Pages of each kind: content pages, the clinic's, the screener's and the contact page.
ENGLISH_PAGES = ["/", "/what-to-expect/", "/our-team/", "/screener/", "/contact/", "/faq/"]
SPANISH_PAGES = [
    "/es/",
    "/es/que-esperar/",
    "/es/nuestro-equipo/",
    "/es/cuestionario/",
    "/es/contacto/",
]


def menu_links_of(client, path: str) -> dict[str, str]:
    """The main menu's items on a page, name → address."""
    html = client.get(path).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.DOTALL).group(0)
    return {
        re.sub(r"\s+", " ", name).strip(): href
        for href, name in re.findall(r'<a href="([^"]+)"[^>]*>([^<>]+)</a>', nav)
    }


def link(destination: str, language: str) -> MenuLink:
    return MenuLink.objects.get(destination=destination, language=language)


def move_link(client, item: MenuLink, direction: str):
    return client.post(MENU, {"link": item.pk, "direction": direction}, follow=True)


@pytest.mark.django_db
def test_the_menu_has_the_clinic_pages_then_the_screener_and_contact_in_both_languages(
    client, loaded_content
):
    english = menu_titles(client)
    assert english[-6:] == [*ENGLISH_LINKS, "Close menu"]
    assert english[1:-6] == [page.short_title for page in menu_pages(language="en")]
    spanish = menu_titles(client, "/es/")
    assert spanish[-6:] == [*SPANISH_LINKS, "Cerrar el menú"]
    shown = menu_links_of(client, "/es/")
    assert shown["Nuestro equipo"] == "/es/nuestro-equipo/"
    assert shown["Contáctenos"] == "/es/contacto/"
    assert menu_links_of(client, "/")["Treatments and costs"] == "/treatments-and-costs/"
    html = client.get("/our-team/").content.decode()
    assert '<a href="/our-team/" aria-current="page">Our team</a>' in html
    steps = client.get("/screener/").content.decode()
    assert 'aria-current="page">Prepare for your appointment</a>' in steps


@pytest.mark.django_db
def test_renaming_contact_us_shows_on_every_page_in_that_language_only_after_review(
    client, editor_client, reviewer_client, loaded_content
):
    contact = link("contact", "en")
    for path in ENGLISH_PAGES + SPANISH_PAGES:
        client.get(path)  # cached for visitors before the change

    response = editor_client.post(
        MENU, {"link": contact.pk, "rename": "1", "name": "  Call or write   to us "}, follow=True
    )
    text = response.content.decode()
    assert "“Call or write to us” is saved as a draft" in text
    assert "Send “Call or write to us” for review" in text
    for path in ENGLISH_PAGES:
        assert "Contact us" in menu_links_of(client, path), f"{path} changed before review"

    editor_client.post(f"{LINKS}{contact.pk}/submit/", {"note": "Plainer words"})
    assert Review.objects.filter(object_id=str(contact.pk)).exists()
    waiting = reviewer_client.get("/admin/").content.decode()
    assert "Contact us (English menu)" in waiting, "the reviewer's list of changes to review"
    review = reviewer_client.get(f"{LINKS}{contact.pk}/review/").content.decode()
    assert "Contact us" in review and "Call or write to us" in review
    response = reviewer_client.post(
        f"{LINKS}{contact.pk}/review/", {"action": "publish"}, follow=True
    )
    assert "is published: visitors see it now" in response.content.decode()

    for path in ENGLISH_PAGES:
        shown = menu_links_of(client, path)
        assert shown.get("Call or write to us") == "/contact/", path
        assert "Contact us" not in shown, path
    for path in SPANISH_PAGES:
        shown = menu_links_of(client, path)
        assert shown.get("Contáctenos") == "/es/contacto/", path
        assert "Call or write to us" not in shown, path
    history = editor_client.get(f"{LINKS}{contact.pk}/history/").content.decode()
    assert "Menu name: Call or write to us" in history


@pytest.mark.django_db
def test_moving_our_team_above_a_page_in_spanish_only_goes_live_and_shows_in_history(
    client, editor_client, loaded_content
):
    english_before = menu_titles(client)
    team = link("team", "es")
    last_page = menu_pages(language="es")[-1]
    response = move_link(editor_client, team, "up")  # the first link: now above the last page
    assert "“Nuestro equipo” moved up" in response.content.decode()

    spanish = menu_titles(client, "/es/")
    assert spanish.index("Nuestro equipo") == spanish.index(last_page.short_title) - 1
    assert menu_titles(client) == english_before, "the English menu is as it was"
    team.refresh_from_db()
    assert not team.has_unpublished_changes
    assert not Review.objects.filter(object_id=str(team.pk)).exists()

    history = editor_client.get(f"{LINKS}{team.pk}/history/").content.decode()
    assert "Moved up in the Spanish menu" in history
    assert "live without clinical review" in history
    page_history = editor_client.get(f"{PREFIX}{last_page.pk}/history/").content.decode()
    assert "Moved as “Nuestro equipo” moved up in the Spanish menu" in page_history


@pytest.mark.django_db
def test_a_page_moves_past_a_link(client, editor_client, loaded_content):
    last_page = menu_pages(language="en")[-1]
    move(editor_client, last_page, "down")
    english = menu_titles(client)
    assert english.index("Our team") < english.index(last_page.short_title)
    assert english.index(last_page.short_title) < english.index("Visiting us")


@pytest.mark.django_db
def test_a_draft_name_keeps_the_place_the_link_moved_to_when_published(
    client, editor_client, reviewer_client, loaded_content
):
    screener = link("screener", "en")
    editor_client.post(MENU, {"link": screener.pk, "rename": "1", "name": "Get ready"})
    move_link(editor_client, screener, "up")
    editor_client.post(f"{LINKS}{screener.pk}/submit/", {"note": ""})
    reviewer_client.post(f"{LINKS}{screener.pk}/review/", {"action": "publish"})
    english = menu_titles(client)
    assert english.index("Get ready") == english.index("Treatments and costs") - 1


@pytest.mark.django_db
def test_a_link_taken_out_of_the_menu_is_still_linked_from_the_footer_or_the_home_page(
    client, editor_client, loaded_content
):
    for destination in ("contact", "screener", "team"):
        response = editor_client.post(
            MENU, {"link": link(destination, "en").pk, "show": "0"}, follow=True
        )
        assert "out of the English menu" in response.content.decode()
    shown = menu_links_of(client, "/what-to-expect/")
    assert not {"Contact us", "Prepare for your appointment", "Our team"} & set(shown)
    assert "Contáctenos" in menu_links_of(client, "/es/"), "the Spanish menu keeps its link"

    page = client.get("/what-to-expect/").content.decode()
    footer = page[page.index('<footer class="site-footer"') :]
    assert 'href="/contact/"' in footer and 'href="/our-team/"' in footer
    assert 'href="/screener/"' in client.get("/").content.decode()

    screen = editor_client.get(MENU).content.decode()
    assert "Not in the English menu" in screen
    assert "Put back in the menu: Contact us" in screen
    history = editor_client.get(f"{LINKS}{link('contact', 'en').pk}/history/").content.decode()
    assert "Taken out of the English menu" in history

    editor_client.post(MENU, {"link": link("contact", "en").pk, "show": "1"})
    assert menu_titles(client)[-2] == "Contact us", "back at the end of the menu"


@pytest.mark.django_db
def test_the_menu_screen_lists_each_language_s_links_among_its_pages(editor_client, loaded_content):
    text = editor_client.get(MENU).content.decode()
    english = text[text.index("English menu") : text.index("Spanish menu")]
    spanish = text[text.index("Spanish menu") :]
    for name in ENGLISH_LINKS:
        assert f"Move up: {name}" in english
        assert f"Take out of the menu: {name}" in english
    for name in SPANISH_LINKS:
        assert f"Move up: {name}" in spanish
    assert "Move down: Contáctenos" not in spanish, "the last item cannot move down"
    form = editor_client.get(f"{LINKS}{link('contact', 'es').pk}/change/")
    assert form.status_code == 200 and "Menu name" in form.content.decode()
    assert editor_client.get(LINKS).url == MENU, "the links are listed on the menu screen"


@pytest.mark.django_db
def test_an_empty_or_too_long_link_name_is_refused(editor_client, loaded_content):
    contact = link("contact", "es")
    response = editor_client.post(
        MENU, {"link": contact.pk, "rename": "1", "name": "   "}, follow=True
    )
    assert "cannot be empty" in response.content.decode()
    response = editor_client.post(
        MENU, {"link": contact.pk, "rename": "1", "name": "Escríbanos " * 5}, follow=True
    )
    assert "40 characters at most" in response.content.decode()
    contact.refresh_from_db()
    assert not contact.has_unpublished_changes


@pytest.mark.django_db
def test_the_spanish_links_follow_the_english_order_too(client, editor_client, loaded_content):
    contact = link("contact", "en")
    for _ in range(4):
        move_link(editor_client, contact, "up")
    editor_client.post(MENU, {"match": "es"})
    spanish = menu_titles(client, "/es/")
    assert spanish.index("Contáctenos") < spanish.index("Nuestro equipo")


@pytest.mark.django_db
def test_a_missing_link_row_still_shows_with_its_first_words(client, loaded_content):
    MenuLink.objects.filter(destination="visiting").delete()
    assert menu_links_of(client, "/es/")["Cómo llegar"] == "/es/como-llegar/"


@pytest.mark.django_db
def test_pages_served_to_visitors_never_carry_a_staff_link(
    client, editor_client, reviewer_client, loaded_content
):
    contact = link("contact", "en")
    editor_client.post(MENU, {"link": contact.pk, "rename": "1", "name": "Write to us"})
    editor_client.post(f"{LINKS}{contact.pk}/submit/", {"note": ""})
    reviewer_client.post(f"{LINKS}{contact.pk}/review/", {"action": "publish"})
    for path in ENGLISH_PAGES + SPANISH_PAGES:
        editor_client.get(path)  # staff first, in case a page were cached with their links
    for path in ENGLISH_PAGES + SPANISH_PAGES:
        html = client.get(path).content.decode()
        assert not re.search(r'<a [^>]*href="[^"]*/admin/', html), path
        assert "Edit this page" not in html and "Main menu" not in html, path
        assert ("Write to us" in html) == (not path.startswith("/es/")), path
