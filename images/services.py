"""What happens to an image: checking and cleaning an upload, finding where it is used, which
images visitors may fetch, and keeping the pages that show it up to date when its words are
published."""

import contextlib
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
# What each format may be called, and the name an upload is stored under.
FORMATS = {"JPEG": ("jpg", {"jpg", "jpeg"}), "PNG": ("png", {"png"}), "WEBP": ("webp", {"webp"})}
FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# How long an unused answer of images_shown_publicly stays in the cache: the content versions in
# its key, not this, keep it correct.
SHOWN_CACHE_SECONDS = 24 * 60 * 60
# `![alt](image:42)` in a page's Markdown; also `![alt](image:42 "title")`.
REFERENCE = re.compile(r"!\[[^\]]*\]\(\s*image:(\d+)(?:\s+\"[^\"]*\")?\s*\)")

NOT_AN_IMAGE = (
    "This file is not a JPEG, PNG or WebP image, or it is damaged. Open it on your computer, "
    "save or export it as a JPEG or PNG, and upload that."
)


def image_upload_clean(*, upload) -> ContentFile:
    """Check an uploaded file and return a clean copy to store, or raise ValidationError.

    The copy is decoded and saved again by Pillow: that drops EXIF (GPS position, camera,
    time), XMP and comments, and a photo taken sideways is turned the way it was held. Its name
    is its content's hash, so a URL to it can be cached for ever.
    """
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension == "svg" or _looks_like_svg(upload):
        raise ValidationError(
            "SVG drawings cannot be added: they can carry code that runs in the browser. "
            "Save the drawing as a PNG and upload that.",
            code="svg",
        )
    if upload.size > MAX_BYTES:
        raise ValidationError(
            f"This file is {filesizeformat(upload.size)}. Images can be up to "
            f"{filesizeformat(MAX_BYTES)}: save it smaller (a photo 3000 pixels wide is plenty) "
            "and upload it again.",
            code="too_big",
        )
    upload.seek(0)
    try:
        picture = PillowImage.open(upload)
        kind = picture.format
    except (UnidentifiedImageError, OSError, ValueError, PillowImage.DecompressionBombError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    if kind not in FORMATS:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    stored_extension, extensions = FORMATS[kind]
    if extension not in extensions:
        raise ValidationError(
            f"This file is called “{name}” but it is a {FORMAT_NAMES[kind]} image inside. "
            f"Rename it to end in .{stored_extension}, or export it again, and upload it again.",
            code="mismatch",
        )
    width, height = picture.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            f"This image is {width} by {height} pixels ({width * height / 1e6:.0f} megapixels). "
            f"Images can be up to {MAX_PIXELS // 1_000_000} megapixels: make it smaller "
            "and upload it again.",
            code="too_many_pixels",
        )
    try:
        picture.load()
        cleaned = ImageOps.exif_transpose(picture)
    except (OSError, ValueError, SyntaxError, PillowImage.DecompressionBombError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    encoded = _encode(cleaned, kind=kind)
    return ContentFile(
        encoded, name=f"{hashlib.sha256(encoded).hexdigest()[:32]}.{stored_extension}"
    )


def _looks_like_svg(upload) -> bool:
    upload.seek(0)
    start = upload.read(512).lstrip().lower()
    upload.seek(0)
    return start.startswith(b"<svg") or (start.startswith(b"<?xml") and b"<svg" in start)


def _encode(picture: PillowImage.Image, *, kind: str) -> bytes:
    """The picture saved anew with nothing but its pixels and colour profile."""
    icc_profile = picture.info.get("icc_profile")
    picture.info = {}  # comments, XMP, EXIF, PNG text: none of it is copied
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if kind == "JPEG":
        if picture.mode not in ("RGB", "L", "CMYK"):
            picture = picture.convert("RGB")
        options.update(quality=90, optimize=True)
    elif kind == "PNG":
        options.update(optimize=True)
    else:
        options.update(quality=90)
    buffer = io.BytesIO()
    picture.save(buffer, format=kind, **options)
    return buffer.getvalue()


def image_references(*, text: str) -> list[int]:
    """The library images a piece of Markdown refers to, in order, each once."""
    return list(dict.fromkeys(int(number) for number in REFERENCE.findall(text or "")))


@dataclass(frozen=True)
class ImageUse:
    title: str
    url: str  # where staff open it in the admin
    language: str
    where: str  # "live page", "draft" or "live page and draft"


def _page_texts(page) -> list[str]:
    entries = getattr(page, "draft_entries", None)
    if entries is None:
        entries = page.faq_entries.all() if page.pk else []
    return [page.body, *(entry.answer for entry in entries)]


def image_usage(*, image_id: int) -> list[ImageUse]:
    """The pages whose text (body or a question's answer) shows this image, then the records
    that show it by key (the logo, the home page's photo, team photos, place maps): what
    visitors see now, and a draft waiting for review (editorial.RevisionMixin.draft_object)."""
    from django.urls import reverse

    from content.models import FAQEntry, Page

    # A cheap filter in the database, then the exact reference in Python (image:4 is not 42).
    needle = f"image:{image_id}"
    live = {
        page.pk: page
        for page in Page.objects.filter(body__contains=needle)
        if image_id in image_references(text=page.body)
    }
    for entry in FAQEntry.objects.filter(answer__contains=needle).select_related("page"):
        if image_id in image_references(text=entry.answer):
            live.setdefault(entry.page_id, entry.page)
    drafts = {}
    for page in Page.objects.filter(has_unpublished_changes=True).select_related("latest_revision"):
        draft = page.draft_object
        if draft is not page and any(
            image_id in image_references(text=text) for text in _page_texts(draft)
        ):
            drafts[page.pk] = page
    uses = []
    for pk, page in sorted({**drafts, **live}.items(), key=lambda item: (item[1].title, item[0])):
        where = " and ".join(
            name for name, found in (("live page", pk in live), ("draft", pk in drafts)) if found
        )
        uses.append(
            ImageUse(
                title=page.title,
                url=reverse("admin:content_page_change", args=[pk]),
                language=page.get_language_display(),
                where=where,
            )
        )
    return uses + _record_uses(image_id=image_id)


def _image_holders():
    """The records that show one library image by a key of their own, and what it is to them."""
    from clinic.models import Place, TeamMember
    from clinic_site.models import SiteSettings
    from content.models import HomePage

    return (
        (SiteSettings, "logo", "the logo"),
        (HomePage, "photo", "the photo"),
        (TeamMember, "photo", "their photo"),
        (Place, "map_image", "its map"),
    )


def _record_uses(*, image_id: int) -> list[ImageUse]:
    """The records that show this image (the logo, the home page's photo, a team member's
    photo, a place's map), live or in a draft waiting for review. A clinic record never
    published is a draft in its own row; once published, its drafts are revisions."""
    from django.urls import reverse

    uses = []
    for model, name, role in _image_holders():
        key = model._meta.get_field(name).attname
        found = models.Q(**{key: image_id}) | models.Q(has_unpublished_changes=True)
        for record in model.objects.filter(found).select_related("latest_revision"):
            live = record.is_live and getattr(record, key) == image_id
            draft = record.draft_object
            in_draft = getattr(draft, key) == image_id and (draft is not record or not live)
            if not (live or in_draft):
                continue
            where = " and ".join(
                word for word, yes in (("live page", live), ("draft", in_draft)) if yes
            )
            admin_name = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
            uses.append(
                ImageUse(
                    title=f"{record} ({role})",
                    url=reverse(admin_name, args=[record.pk]),
                    language="English and Spanish",
                    where=where,
                )
            )
    return uses


def image_pages_refresh(*, image_id: int) -> int:
    """Render again the pages that show this image, after its published words changed (a page
    keeps its body rendered as HTML), and refresh the public caches if visitors see it anywhere
    (a team member's photo or a place's map is rendered with the page, from the image's row).
    Return how many pages and answers were rendered again. images/signals.py calls it."""
    from clinic_site.content_version import content_changed
    from clinic_site.markdown import html_to_text, markdown_render
    from content.models import FAQEntry, Page, page_body_html

    refreshed = 0
    needle = f"image:{image_id}"
    for page in Page.objects.filter(body__contains=needle):
        if image_id in image_references(text=page.body):
            body_html = page_body_html(body=page.body, language=page.language)
            Page.objects.filter(pk=page.pk).update(
                body_html=body_html, body_text=html_to_text(html_text=body_html)
            )
            refreshed += 1
    for entry in FAQEntry.objects.filter(answer__contains=needle):
        if image_id in image_references(text=entry.answer):
            answer_html = markdown_render(text=entry.answer, language=entry.page.language)
            FAQEntry.objects.filter(pk=entry.pk).update(
                answer_html=answer_html, answer_text=html_to_text(html_text=answer_html)
            )
            refreshed += 1
    if refreshed or images_shown_publicly(image_ids={image_id}):
        # Every page: the footer's logo, the team's photos and the places' maps are on many.
        # Now and again once the publish commits (clinic_site/content_version.py says why).
        content_changed()
    return refreshed


def image_uploaded(*, image, user) -> None:
    """Keep a new image's words as its live revision, by who uploaded it: they are on its row
    at once (images/models.py says why), and the history of a later change starts from them."""
    from editorial.workflow import pointers_set, revision_create

    revision = revision_create(
        record=image,
        content=image.revision_content(),
        user=user,
        note="Uploaded: reviewed with the first page or record that shows the image",
    )
    pointers_set(record=image, latest_revision=revision, live_revision=revision)


def image_delete(*, image) -> None:
    """Delete the image and its files (the original and every rendition): a photo taken out
    of the library is no longer served at any address. A draft of its words waiting for review
    goes too; its revisions stay, as every deleted record's do."""
    from editorial.models import Review

    files = [file for _, _, file in image.renditions()] + [image.file]
    Review.objects.filter(**image.editorial_filter()).delete()
    image.delete()
    for file in files:
        if file.name and file.storage.exists(file.name):
            file.storage.delete(file.name)


# A file imagekit made from an original (images/models.py's renditions, and the favicons
# clinic_site/branding.py makes from the logo), named by its default namer from the original's
# name: images/renditions/images/<original's content hash>/<spec hash>.webp
RENDITION_NAME = re.compile(
    rf"^{re.escape(settings.IMAGEKIT_CACHEFILE_DIR)}/(?P<stem>images/[0-9a-f]+)/[0-9a-f]+"
    r"\.(?:webp|avif|png)$"
)


def images_of_rendition(*, name: str) -> set[int]:
    """The library images that `name` is a rendition of (more than one when the same photo was
    uploaded twice); none for an original, another file in the store, or a rendition of a
    deleted image."""
    from .models import Image

    match = RENDITION_NAME.match(name)
    if match is None:
        return set()
    stem = match["stem"]
    return set(Image.objects.filter(file__startswith=f"{stem}.").values_list("pk", flat=True))


def images_shown_publicly(*, image_ids: set[int]) -> bool:
    """Whether published content shows any of these images: a published page's text or FAQ
    answer, the home page, or a live record that names it (a team member's photo, a place's
    map, the home page's photo, the clinic's logo).

    Asked on every request for a rendition, so the answer is cached under the content versions
    a change to any of those renews (clinic_site/content_version.py): EVERYTHING (a page
    published or taken down, the team, the places, the logo), PUBLISHED_PAGES (a live page's
    text or answers) and the home page's addresses (its text and photo). The versions are read
    before the database, so an answer read while a change commits is kept under versions that
    the commit replaces. A kind that comes to show library images must renew one of these.
    """
    from django.core.cache import cache

    from clinic_site.content_version import PUBLISHED_PAGES, content_version_get
    from content.signals import home_page_scopes

    version = content_version_get(PUBLISHED_PAGES, *home_page_scopes())
    key = f"images:shown:{version}:{','.join(str(pk) for pk in sorted(image_ids))}"
    shown = None
    # When the cache does not answer (Redis down), the database does.
    with contextlib.suppress(Exception):
        shown = cache.get(key)
    if shown is None:
        shown = _images_shown_publicly_ask(image_ids=image_ids)
        with contextlib.suppress(Exception):
            cache.set(key, shown, timeout=SHOWN_CACHE_SECONDS)
    return shown


def _images_shown_publicly_ask(*, image_ids: set[int]) -> bool:
    """images_shown_publicly's answer from the database. Each query looks for these images
    alone."""
    from content.models import FAQEntry, HomePage, Page

    from .models import Image

    def shown_in(texts) -> bool:
        return any(image_ids & set(image_references(text=text)) for text in texts)

    def mentioning(field: str) -> models.Q:
        # A cheap filter in the database; shown_in reads the exact reference (4 is not 42).
        found = models.Q()
        for image_id in image_ids:
            found |= models.Q(**{f"{field}__contains": f"image:{image_id}"})
        return found

    published = Page.objects.published()
    if shown_in(published.filter(mentioning("body")).values_list("body", flat=True)):
        return True
    answers = FAQEntry.objects.filter(mentioning("answer"), page__in=published)
    if shown_in(answers.values_list("answer", flat=True)):
        return True
    for home in HomePage.objects.all():  # its row is live: drafts are revisions
        if shown_in(getattr(home, name) for name in home.TEXT_FIELDS):
            return True
    relations = Image._meta.get_fields(include_hidden=True)
    for relation in (field for field in relations if field.one_to_many and field.auto_created):
        rows = relation.related_model._default_manager.all()
        if hasattr(rows, "published"):  # a kind whose drafts are rows (the clinic's records)
            rows = rows.published()
        if rows.filter(**{f"{relation.field.attname}__in": image_ids}).exists():
            return True
    return False
