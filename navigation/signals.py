"""A menu link is in every page's header, so a change to one renews every cached page (the
"renew everything" of clinic_site.content_version), never a narrower scope. A draft is a revision
and changes nothing here; publishing, moving or hiding a link writes the row, which is heard."""

from django.db.models.signals import post_delete, post_save

from clinic_site.content_version import content_changed

from .models import MenuLink

for signal in (post_save, post_delete):
    signal.connect(content_changed, sender=MenuLink, dispatch_uid=f"navigation-{signal}-link")
