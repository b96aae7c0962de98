"""Any change to what public pages show replaces the content version, so caches refresh."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from clinic_site.content_version import content_changed

from .models import FAQEntry, Page, PageRedirect

for model in (Page, FAQEntry, PageRedirect):
    post_save.connect(content_changed, sender=model, dispatch_uid=f"content-save-{model.__name__}")
    post_delete.connect(
        content_changed, sender=model, dispatch_uid=f"content-delete-{model.__name__}"
    )


@receiver(m2m_changed, sender=Page.related_pages.through, dispatch_uid="content-related")
def related_pages_changed(action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed()
