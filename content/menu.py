"""The main menu's order, changed from the admin's menu screen by moving an item up or down.

The menu holds pages (content.Page) and links to the site's other screens (navigation.MenuLink:
the screener, the contact page, the clinic's pages), numbered in one order a language. Where an
item sits, and whether a link shows, says nothing clinical, so such a change goes live at once,
without clinical review; each item it moves gets a revision of its new live state and an event
in its history, like any publication (editorial.workflow). An item with a draft waiting keeps
its draft, whose menu place is changed too, so publishing the draft later does not undo it.
A menu name is words visitors read: it is saved as a draft for review (menu_rename and
menu_link_rename).

Every item's change is in every page's header, so it renews every cached page at once.
"""

from django.conf import settings
from django.db import transaction

from clinic_site.content_version import content_changed
from editorial.models import Event, Revision
from editorial.workflow import (
    draft_save,
    event_record,
    live_revision_ensure,
    pointers_set,
    revision_create,
)
from navigation.models import MenuLink

from .models import Page

ORDER_STEP = 10
# The order field's largest value (PositiveSmallIntegerField).
ORDER_MAX = 32767
# In the admin's words (English), not each language's own name for itself.
LANGUAGE_NAMES = {**dict(settings.LANGUAGES), "en": "English", "es": "Spanish"}
SEED_PLACE = {
    (link.destination, link.language): place for place, link in enumerate(MenuLink.seeded())
}


def menu_pages(*, language: str) -> list[Page]:
    """The published pages of one language's main menu, in the order visitors see them."""
    return list(
        Page.objects.published()
        .filter(language=language, show_in_nav=True)
        .order_by("nav_order", "title", "pk")
    )


def menu_links(*, language: str) -> list[MenuLink]:
    """Every link of one language's menu, shown or not, in order (missing rows stored first)."""
    MenuLink.all_ensure()
    return sorted(MenuLink.objects.filter(language=language), key=menu_link_key)


def menu_link_key(link: MenuLink) -> tuple:
    # After a page with the same number, as content.navigation orders the menu visitors see.
    return (link.nav_order, 1, "", SEED_PLACE.get((link.destination, link.language), 0))


def menu_items(*, language: str) -> list[Page | MenuLink]:
    """One language's main menu after Home as visitors see it: pages and shown links."""
    pages = [
        (page.nav_order, 0, page.title, page.pk, page) for page in menu_pages(language=language)
    ]
    links = [
        (*menu_link_key(link), link) for link in menu_links(language=language) if link.show_in_nav
    ]
    return [item[-1] for item in sorted(pages + links, key=lambda item: item[:-1])]


def menu_move(*, item: Page | MenuLink, direction: str, user) -> bool:
    """Move a page or a link one place up or down its language's menu; False when it cannot go
    further.

    The whole menu is numbered again in steps of ten, so two items never share a number and a
    page added later can go between them.
    """
    items = menu_items(language=item.language)
    keys = [(type(other), other.pk) for other in items]
    if (type(item), item.pk) not in keys:
        return False
    place = keys.index((type(item), item.pk))
    target = place - 1 if direction == "up" else place + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return False
    items[place], items[target] = items[target], items[place]
    where = f"{'up' if direction == 'up' else 'down'} in the {LANGUAGE_NAMES[item.language]} menu"
    moved_item = (type(item), item.pk)
    with transaction.atomic():
        for number, other in enumerate(items, start=1):
            order = number * ORDER_STEP
            if other.nav_order == order:
                continue
            if (type(other), other.pk) == moved_item:
                moved = "Moved " + where
            else:
                moved = f"Moved as “{item.short_title}” moved {where}"
            menu_place_publish(record=other, values={"nav_order": order}, user=user, note=moved)
        content_changed()
    return True


def menu_place_publish(*, record: Page | MenuLink, values: dict, user, note: str) -> None:
    """Make `values` (its menu place, or whether it shows) the record's live state at once,
    recorded as a published revision."""
    live_revision_ensure(record=record)
    for name, value in values.items():
        setattr(record, name, value)
    record.save(update_fields=list(values))  # visitors' caches refresh (the records' signals)
    revision = revision_create(
        record=record, content=record.revision_content(), user=user, note=note
    )
    Revision.objects.filter(pk=revision.pk).update(
        published_at=revision.created_at, published_by=user
    )
    if record.has_unpublished_changes and record.latest_revision_id:
        draft = record.latest_revision
        draft.content = {**draft.content, **values}
        Revision.objects.filter(pk=draft.pk).update(content=draft.content)
        pointers_set(record=record, live_revision=revision)
    else:
        pointers_set(record=record, live_revision=revision, latest_revision=revision)
    event_record(
        record=record,
        action=Event.Action.PUBLISHED,
        user=user,
        note=f"{note}: a menu change with no new words, live without clinical review.",
        revision=revision,
    )


def menu_link_show(*, link: MenuLink, show: bool, user) -> bool:
    """Show a link in its language's menu again (at the end, to be moved from there) or take it
    out; live at once. False when it already was so."""
    if link.show_in_nav == show:
        return False
    menu = LANGUAGE_NAMES[link.language]
    values = {"show_in_nav": show}
    if show:
        last = max((item.nav_order for item in menu_items(language=link.language)), default=0)
        values["nav_order"] = min(last + ORDER_STEP, ORDER_MAX)
        note = f"Put back at the end of the {menu} menu"
    else:
        note = f"Taken out of the {menu} menu (still linked from {link.also_linked_from})"
    with transaction.atomic():
        menu_place_publish(record=link, values=values, user=user, note=note)
        content_changed()
    return True


def menu_match_english(*, language: str, user) -> int:
    """Order a language's menu like the English one: each item where its English item is (a
    page's English page, a link to the same screen), the others after them in their present
    order. Returns how many items moved."""
    items = menu_items(language=language)
    english_place = {}
    for place, item in enumerate(menu_items(language=settings.LANGUAGE_CODE)):
        key = ("page", item.pk) if isinstance(item, Page) else ("link", item.destination)
        english_place[key] = place
    unmatched = len(english_place)

    def place_of(item) -> tuple[int, int]:
        if isinstance(item, Page):
            key = ("page", item.translation_of_id)
        else:
            key = ("link", item.destination)
        return (english_place.get(key, unmatched), items.index(item))

    ordered = sorted(items, key=place_of)
    if ordered == items:
        return 0
    note = f"Ordered like the English menu in the {LANGUAGE_NAMES[language]} menu"
    moved = 0
    with transaction.atomic():
        for number, item in enumerate(ordered, start=1):
            if item.nav_order != number * ORDER_STEP:
                menu_place_publish(
                    record=item, values={"nav_order": number * ORDER_STEP}, user=user, note=note
                )
                moved += 1
        content_changed()
    return moved


def menu_rename(*, page: Page, name: str, user) -> bool:
    """Give a page a new menu name (its short title): words visitors read, so it is saved as a
    draft and goes live when a clinical reviewer publishes it. False when nothing changed."""
    name = " ".join(name.split())
    draft = page.draft_object
    if name == draft.short_title or (not name and not draft.nav_title):
        return False
    content = {**draft.revision_content(), "nav_title": "" if name == draft.title else name}
    draft_save(record=page, content=content, user=user, note=f"Menu name: {name or draft.title}")
    return True


def menu_link_rename(*, link: MenuLink, name: str, user) -> bool:
    """Give a link a new menu name: words visitors read, so it is saved as a draft and goes live
    when a clinical reviewer publishes it. False when nothing changed (or the name is empty)."""
    name = " ".join(name.split())
    draft = link.draft_object
    if not name or name == draft.label:
        return False
    content = {
        **draft.revision_content(),
        "label": name,
        # Its place and showing are live already; the draft keeps them as they are.
        "nav_order": link.nav_order,
        "show_in_nav": link.show_in_nav,
    }
    draft_save(record=link, content=content, user=user, note=f"Menu name: {name}")
    return True
