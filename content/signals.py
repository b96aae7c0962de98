"""A change to what visitors see replaces the content version, so caches refresh.

A page's draft is a revision (editorial.Revision), which visitors never see: saving one
refreshes nothing. Nor does a change to a page never published, or to its FAQ entries.
Publishing writes the live row, which is what these receivers hear.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from clinic_site.content_version import content_changed

from .models import FAQEntry, HomePage, Page, PageRedirect


def visible(page: Page | None) -> bool:
    return page is not None and page.status == Page.Status.PUBLISHED


@receiver(post_save, sender=Page, dispatch_uid="content-save-Page")
@receiver(post_delete, sender=Page, dispatch_uid="content-delete-Page")
def page_changed(instance: Page, **kwargs) -> None:
    if visible(instance) or getattr(instance, "loaded_live", False):
        content_changed()
    instance.loaded_live = visible(instance)


@receiver(post_save, sender=FAQEntry, dispatch_uid="content-save-FAQEntry")
@receiver(post_delete, sender=FAQEntry, dispatch_uid="content-delete-FAQEntry")
def faq_entry_changed(instance: FAQEntry, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).only("status").first()
    if page is None or visible(page):
        content_changed()  # a deleted page's entries: it may have been live


for signal in (post_save, post_delete):
    # The home page's row is always live: it is written only when a draft is published.
    for model in (PageRedirect, HomePage):
        signal.connect(content_changed, sender=model, dispatch_uid=f"content-{signal}-{model}")


@receiver(m2m_changed, sender=Page.related_pages.through, dispatch_uid="content-related")
def related_pages_changed(instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and (
        not isinstance(instance, Page) or visible(instance)
    ):
        content_changed()
