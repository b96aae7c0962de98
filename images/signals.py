"""An image's words going live renders again the pages that show it and refreshes the caches.

A change to an image's words is a draft (an editorial revision) and saves no row: visitors see
nothing of it, so nothing is refreshed. Publishing writes the row, which is what these receivers
hear (as content/signals.py and clinic/signals.py do for their kinds). A new image refreshes
nothing: no page can show it yet. Its title is for staff alone.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import Image
from .services import image_pages_refresh


@receiver(pre_save, sender=Image, dispatch_uid="images-before-save-Image")
def image_before_save(instance: Image, **kwargs) -> None:
    """Read the words the row holds now, to compare after the save."""
    instance.words_saved = (
        Image.objects.filter(pk=instance.pk).values(*Image.revision_fields).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Image, dispatch_uid="images-save-Image")
def image_saved(instance: Image, created: bool, **kwargs) -> None:
    before = getattr(instance, "words_saved", None)
    if created or before is None:
        return
    if before != {name: getattr(instance, name) for name in Image.revision_fields}:
        image_pages_refresh(image_id=instance.pk)
