"""A change to what visitors see replaces the content versions it touches, so caches refresh.

A page's draft is a revision (editorial.Revision), which visitors never see: saving one
refreshes nothing. Nor does a change to a page never published, or to its FAQ entries.
Publishing writes the live row, which is what these receivers hear.

What a change refreshes (clinic_site/content_version.py):
- a live page's text, FAQ answers or review date: that page's address alone, and what is read
  per live page version (the reviewer it names). Nothing else shows them: search and the
  sitemap are never cached.
- anything the page index holds (title, menu title, summary, address, section, menu place,
  related pages, a page appearing or going): every page, as menus, breadcrumbs, section lists,
  the home page and the language links show it.
- the home page's text: the home page's address in each language.
- anything else, or a change not narrowed down here: every page. When in doubt, everything:
  a page showing old text costs more than one rendered again.
"""

from urllib.parse import unquote

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation

from clinic_site.content_version import PUBLISHED_PAGES, address_scope, content_changed

from .models import FAQEntry, HomePage, Page, PageRedirect

# What content/navigation.py reads into the page index, and the page's address.
INDEX_FIELDS = (
    "status",
    "slug",
    "language",
    "title",
    "nav_title",
    "summary",
    "parent_id",
    "show_in_nav",
    "nav_order",
    "layout",
    "translation_of_id",
)


def visible(page: Page | None) -> bool:
    return page is not None and page.status == Page.Status.PUBLISHED


def page_address_changed(page: Page) -> None:
    """Refresh the one cached page at this page's address."""
    content_changed(scopes=[address_scope(unquote(page.get_absolute_url())), PUBLISHED_PAGES])


@receiver(pre_save, sender=Page, dispatch_uid="content-before-save-Page")
def page_before_save(instance: Page, **kwargs) -> None:
    """Read what the index holds of the row as it is, to compare after the save."""
    instance.index_values_saved = (
        Page.objects.filter(pk=instance.pk).values_list(*INDEX_FIELDS).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Page, dispatch_uid="content-save-Page")
def page_saved(instance: Page, **kwargs) -> None:
    before = getattr(instance, "index_values_saved", None)
    shown_before = before is not None and before[0] == Page.Status.PUBLISHED
    if shown_before or visible(instance):
        if before == tuple(getattr(instance, name) for name in INDEX_FIELDS):
            page_address_changed(instance)
        else:
            content_changed()
    instance.loaded_live = visible(instance)


@receiver(post_delete, sender=Page, dispatch_uid="content-delete-Page")
def page_deleted(instance: Page, **kwargs) -> None:
    if visible(instance) or getattr(instance, "loaded_live", False):
        content_changed()


@receiver(post_save, sender=FAQEntry, dispatch_uid="content-save-FAQEntry")
@receiver(post_delete, sender=FAQEntry, dispatch_uid="content-delete-FAQEntry")
def faq_entry_changed(instance: FAQEntry, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).only("status", "slug", "language").first()
    if page is None:
        content_changed()  # a deleted page's entries: it may have been live
    elif visible(page):
        page_address_changed(page)


@receiver(post_save, sender=HomePage, dispatch_uid="content-save-HomePage")
@receiver(post_delete, sender=HomePage, dispatch_uid="content-delete-HomePage")
def home_page_changed(**kwargs) -> None:
    # The row is always live: it is written only when a draft is published. Its text is on
    # the home page alone (the clinic's name in its lead comes from the site settings).
    content_changed(scopes=home_page_scopes())


def home_page_scopes() -> list[str]:
    """The cache scopes of the home page at its address in each language."""
    scopes = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            scopes.append(address_scope(unquote(reverse("content:home"))))
    return scopes


for signal in (post_save, post_delete):
    # A redirect is never cached, but it is rare and comes with an address change: everything.
    signal.connect(content_changed, sender=PageRedirect, dispatch_uid=f"content-{signal}-redirect")


@receiver(m2m_changed, sender=Page.related_pages.through, dispatch_uid="content-related")
def related_pages_changed(instance, action: str, **kwargs) -> None:
    # Related pages are in the page index, which holds live pages only.
    if action in ("post_add", "post_remove", "post_clear") and (
        not isinstance(instance, Page) or visible(instance)
    ):
        content_changed()
