"""The image library: photos staff upload once and put in any page by reference.

A page's Markdown says `![alt text](image:42)`; clinic_site.markdown turns that into an <img>
of this image's renditions (images/rendering.py). The file itself never changes after upload
(its name is its content hash, so a URL can be cached for a year): a new photo is a new image.
Visitors only ever get renditions, from the site's own address (images/views.py), and only of
images that published content shows.

The words visitors read with an image (alt text, "decorative", caption, credit) are on the one
editorial system (editorial.models.RevisionMixin): a change to an image's words is a draft that a
clinical reviewer publishes. A new image's words go on its row at once: no visitor sees an image
until a page or record that shows it is reviewed and published, and that review shows them. The
title (for staff) and the file are not part of a revision.
"""

from urllib.parse import quote

from django.conf import settings
from django.db import models
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFit

from editorial.models import RevisionMixin

# Rendition widths in pixels: a phone, a large phone or small tablet, a tablet, a desktop.
# An image narrower than a width is never enlarged: that rendition is the image's own width.
RENDITION_WIDTHS = (320, 640, 960, 1280)
# Each width in AVIF (smallest; most browsers) and WebP (for the others), by Pillow.
RENDITION_FORMATS = {
    "avif": ("AVIF", {"quality": 60, "speed": settings.IMAGE_AVIF_ENCODER_SPEED}),
    "webp": ("WEBP", {"quality": 80}),
}


def _rendition(width: int, kind: str) -> ImageSpecField:
    # Optimistic: renditions are made when the image is saved, in the staff member's request,
    # and are then assumed to exist, so a visitor's request never checks or writes storage.
    return ImageSpecField(
        source="file",
        processors=[ResizeToFit(width=width, upscale=False)],
        format=RENDITION_FORMATS[kind][0],
        options=RENDITION_FORMATS[kind][1],
        cachefile_strategy="imagekit.cachefiles.strategies.Optimistic",
    )


def media_url(name: str) -> str:
    """The site's own address of a stored file, whichever store keeps it: images/views.py
    serves it there, checking who may see it (an S3 store's own address would skip that)."""
    return settings.MEDIA_URL + quote(name)


class ImageQuerySet(models.QuerySet):
    def search(self, query: str) -> "ImageQuerySet":
        """Images whose title or alt text contains every word of the query."""
        images = self
        for word in query.split():
            images = images.filter(
                models.Q(title__icontains=word) | models.Q(alt_text__icontains=word)
            )
        return images


class Image(RevisionMixin, models.Model):
    title = models.CharField(
        max_length=120,
        help_text="A name for finding this image in the library, such as 'Treatment room, "
        "evening light'. Visitors do not see it.",
    )
    file = models.ImageField(
        upload_to="images/",
        width_field="width",
        height_field="height",
        help_text="A JPEG, PNG or WebP photo, up to 15 MB and 40 megapixels. Location and camera "
        "details are removed when it is uploaded.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows, for people who cannot see it, in one short sentence: "
        "'A reclining chair by a window in the treatment room.' Not the file name.",
    )
    decorative = models.BooleanField(
        "decorative only",
        default=False,
        help_text="Tick only if the image adds nothing to the words around it. Screen readers "
        "then skip it, and the alt text is left empty on purpose.",
    )
    caption = models.CharField(
        max_length=300,
        blank=True,
        help_text="Optional words shown under the image on the page.",
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional: who took the photo or owns it, shown after the caption.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    rendition_320 = _rendition(320, "webp")
    rendition_640 = _rendition(640, "webp")
    rendition_960 = _rendition(960, "webp")
    rendition_1280 = _rendition(1280, "webp")
    rendition_avif_320 = _rendition(320, "avif")
    rendition_avif_640 = _rendition(640, "avif")
    rendition_avif_960 = _rendition(960, "avif")
    rendition_avif_1280 = _rendition(1280, "avif")

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    # The editorial workflow (editorial.models.RevisionMixin): the one reviewers' permission,
    # and the words visitors read. An image is always "live": it is a page or record showing
    # it that decides whether visitors see it.
    publish_permission = "content.publish_page"
    revision_fields = ("alt_text", "decorative", "caption", "credit")

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        """What a page's Markdown says to show this image (the chooser inserts it)."""
        alt = "" if self.decorative else self.alt_text.replace("[", "(").replace("]", ")")
        return f"![{alt}](image:{self.pk})"

    @property
    def shown_alt(self) -> str:
        return "" if self.decorative else self.alt_text

    @property
    def thumbnail(self) -> dict | None:
        """The smallest rendition, for the library's lists: url, width and height."""
        renditions = self.renditions()
        if not renditions:
            return None
        width, height, file = renditions[0]
        return {"url": media_url(file.name), "width": width, "height": height}

    def renditions(self, kind: str = "webp") -> list[tuple[int, int, object]]:
        """(width, height, file) of each distinct rendition in this format ("webp" or "avif"),
        smallest first, never enlarged."""
        if not self.width or not self.height:
            return []
        made = []
        for width in RENDITION_WIDTHS:
            shown = min(width, self.width)
            if made and made[-1][0] == shown:
                break
            made.append(
                (
                    shown,
                    round(self.height * shown / self.width),
                    getattr(self, f"rendition_{'avif_' if kind == 'avif' else ''}{width}"),
                )
            )
        return made
