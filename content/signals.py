"""Any change to what public pages show replaces the content version, so caches refresh."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from clinic_site.models import SiteSettings

from .caching import content_version_bump
from .models import FAQEntry, Page, PageRedirect


def content_changed(**kwargs) -> None:
    content_version_bump()
    # Again after commit: a request that rendered the old text between the save and the
    # commit cached it under the token just replaced, never under the one that follows.
    transaction.on_commit(content_version_bump)


for model in (Page, FAQEntry, PageRedirect, SiteSettings):
    post_save.connect(content_changed, sender=model, dispatch_uid=f"content-save-{model.__name__}")
    post_delete.connect(
        content_changed, sender=model, dispatch_uid=f"content-delete-{model.__name__}"
    )


@receiver(m2m_changed, sender=Page.related_pages.through, dispatch_uid="content-related")
def related_pages_changed(action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed()
