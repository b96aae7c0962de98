"""The main menu's order, changed from the admin's menu screen by moving a page up or down.

Where a page sits in the menu says nothing clinical, so an order-only change goes live at once,
without clinical review; each page it moves gets a revision of its new live state and an event
in its history, like any publication (editorial.workflow). A page with a draft waiting keeps its
draft, whose menu place is moved too, so publishing the draft later does not undo the move.
"""

from django.conf import settings
from django.db import transaction

from editorial.models import Event, Revision
from editorial.workflow import draft_save, event_record, pointers_set, revision_create

from .models import Page

ORDER_STEP = 10
# In the admin's words (English), not each language's own name for itself.
LANGUAGE_NAMES = {**dict(settings.LANGUAGES), "en": "English", "es": "Spanish"}


def menu_pages(*, language: str) -> list[Page]:
    """The published pages of one language's main menu, in the order visitors see them
    (content.navigation's index orders them the same way)."""
    return list(
        Page.objects.published()
        .filter(language=language, show_in_nav=True)
        .order_by("nav_order", "title", "pk")
    )


def menu_move(*, page: Page, direction: str, user) -> bool:
    """Move a page one place up or down its language's menu; False when it cannot go further.

    The whole menu is numbered again in steps of ten, so two pages never share a number and a
    page added later can go between them.
    """
    pages = menu_pages(language=page.language)
    ids = [other.pk for other in pages]
    if page.pk not in ids:
        return False
    place = ids.index(page.pk)
    target = place - 1 if direction == "up" else place + 1
    if direction not in ("up", "down") or not 0 <= target < len(pages):
        return False
    pages[place], pages[target] = pages[target], pages[place]
    where = f"{'up' if direction == 'up' else 'down'} in the {LANGUAGE_NAMES[page.language]} menu"
    with transaction.atomic():
        for number, other in enumerate(pages, start=1):
            order = number * ORDER_STEP
            if other.nav_order == order:
                continue
            moved = "Moved " + where if other.pk == page.pk else f"Moved as “{page}” moved {where}"
            menu_order_publish(page=other, order=order, user=user, note=moved)
    return True


def menu_order_publish(*, page: Page, order: int, user, note: str) -> None:
    """Make `order` the page's live menu place, recorded as a published revision."""
    page.nav_order = order
    page.save(update_fields=["nav_order"])  # visitors' caches refresh (content.signals)
    revision = revision_create(record=page, content=page.revision_content(), user=user, note=note)
    Revision.objects.filter(pk=revision.pk).update(
        published_at=revision.created_at, published_by=user
    )
    if page.has_unpublished_changes and page.latest_revision_id:
        draft = page.latest_revision
        draft.content = {**draft.content, "nav_order": order}
        Revision.objects.filter(pk=draft.pk).update(content=draft.content)
        pointers_set(record=page, live_revision=revision)
    else:
        pointers_set(record=page, live_revision=revision, latest_revision=revision)
    event_record(
        record=page,
        action=Event.Action.PUBLISHED,
        user=user,
        note=f"{note}: an order-only change, live without clinical review.",
        revision=revision,
    )


def menu_match_english(*, language: str, user) -> int:
    """Order a language's menu like the English one: each page where its English page is, the
    pages without one after them in their present order. Returns how many pages moved."""
    pages = menu_pages(language=language)
    english_place = {
        page.pk: place for place, page in enumerate(menu_pages(language=settings.LANGUAGE_CODE))
    }
    unmatched = len(english_place)
    ordered = sorted(
        pages,
        key=lambda page: (english_place.get(page.translation_of_id, unmatched), pages.index(page)),
    )
    if ordered == pages:
        return 0
    note = f"Ordered like the English menu in the {LANGUAGE_NAMES[language]} menu"
    moved = 0
    with transaction.atomic():
        for number, page in enumerate(ordered, start=1):
            if page.nav_order != number * ORDER_STEP:
                menu_order_publish(page=page, order=number * ORDER_STEP, user=user, note=note)
                moved += 1
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
