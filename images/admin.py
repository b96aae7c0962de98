"""The image library in the admin: upload, describe, find, reuse, and delete when unused.

An image's words (alt text, "decorative", caption, credit) are words patients read, so a change
to them goes through the one editorial workflow (editorial.admin.EditorialAdmin): saving makes a
draft, a clinical reviewer publishes it, the history shows each version. Uploading puts a new
image's words on its row at once (images/models.py says why); its title, for staff alone,
changes at once too.

Besides Django's list and forms: a chooser (a plain page, and the JSON the editor's dialog
reads) for putting an image in a page, and deleting refused while a page shows the image. The
chooser, like the pages, gives an image's published words, never a draft's.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from editorial.admin import EditorialAdmin

from .checks import image_words_warnings
from .forms import ImageForm
from .models import Image, media_url
from .services import image_delete, image_uploaded, image_usage

CHOOSER_RESULTS = 48
UPLOAD_HELP = (
    "The words you give a new image are saved with it at once. Visitors see the image only "
    "when a page or record that shows it is published, and the clinical reviewer checks these "
    "words then. A later change to the words is a draft, which a clinical reviewer publishes."
)


@admin.register(Image)
class ImageAdmin(EditorialAdmin, admin.ModelAdmin):
    form = ImageForm
    change_form_template = "admin/editorial/change_form.html"
    checks_done = "no words the site never uses, and alt text that says what the image shows."
    source_changes_label = "Show the changes field by field"
    # An upload's words go on its row at once: no visitor sees it until a reviewed page or
    # record shows it.
    added_live = True
    list_display = [
        "thumbnail", "title", "alt_summary", "state_label", "reference_shown", "created_at"
    ]  # fmt: skip
    list_display_links = ["thumbnail", "title"]
    search_fields = ["title", "alt_text"]
    search_help_text = "Search by title or alt text."
    list_filter = ["decorative"]
    list_per_page = 50

    class Media:
        css = {"all": ["css/image-library.css"]}

    def get_fields(self, request, obj=None):
        words = ["title", "alt_text", "decorative", "caption", "credit"]
        if obj is None:
            return ["file", *words]
        return ["preview", "reference_shown", "size_shown", *words, "usage_shown"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            name, options = fieldsets[0]
            fieldsets = [(name, {**options, "description": UPLOAD_HELP}), *fieldsets[1:]]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["preview", "reference_shown", "size_shown", "usage_shown"]

    @admin.display(description="Image")
    def thumbnail(self, image):
        thumbnail = image.thumbnail
        if thumbnail is None:
            return "—"
        return format_html(
            '<img src="{url}" width="{width}" height="{height}" alt="" '
            'class="image-library__thumbnail">',
            **thumbnail,
        )

    @admin.display(description="Image")
    def preview(self, image):
        renditions = image.renditions()
        if not renditions:
            return "—"
        width, height, file = renditions[min(1, len(renditions) - 1)]
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" class="image-library__preview">',
            media_url(file.name),
            width,
            height,
            image.shown_alt,
        )

    @admin.display(description="Alt text")
    def alt_summary(self, image):
        return "Decorative (no alt text)" if image.decorative else image.alt_text

    @admin.display(description="Reference for a page")
    def reference_shown(self, image):
        # The published words, as the chooser gives them: a draft's are not reviewed yet.
        return format_html("<code>{}</code>", live_words(image).reference)

    @admin.display(description="Size")
    def size_shown(self, image):
        return f"{image.width} by {image.height} pixels"

    @admin.display(description="Used on")
    def usage_shown(self, image):
        uses = image_usage(image_id=image.pk)
        if not uses:
            return "No page shows this image."
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", '<li><a href="{}">{}</a> ({}, {})</li>', _use_rows(uses)),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
            obj.save()
        elif "title" in form.changed_data:
            # Staff's own name for the image changes at once, outside review; `obj` is the
            # draft, whose words must not reach the row.
            Image.objects.filter(pk=obj.pk).update(title=obj.title, updated_at=timezone.now())
            self.message_user(request, "The new title is saved: only staff see it.", messages.INFO)
        # A change to the words is saved as a draft (save_related).

    def save_related(self, request, form, formsets, change):
        if not change:
            super().save_related(request, form, formsets, change)
            image_uploaded(image=form.instance, user=request.user)
            return
        words_changed = set(Image.revision_fields) & set(form.changed_data)
        draft_to_publish = "_publish" in request.POST and form.instance.has_unpublished_changes
        if words_changed or draft_to_publish:
            super().save_related(request, form, formsets, change)

    def draft_warnings(self, draft) -> list:
        return image_words_warnings(image=draft)

    def review_illustration(self, record) -> str:
        # Alt text and a caption can only be judged beside the picture they describe. Its own
        # alt is empty: the words under review, just below, say what it shows.
        renditions = record.renditions()
        if not renditions:
            return ""
        width, height, file = renditions[min(1, len(renditions) - 1)]
        return format_html(
            '<figure class="image-review"><img src="{}" width="{}" height="{}" alt="" '
            'class="image-library__preview"><figcaption>The image these words describe.'
            "</figcaption></figure>",
            media_url(file.name),
            width,
            height,
        )

    def delete_model(self, request, obj):
        image_delete(image=obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            image_delete(image=image)

    def get_deleted_objects(self, objs, request):
        """Django's list of what a delete takes with it, and as "protected" (which makes the
        admin refuse the delete) every page that shows one of these images."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            for use in image_usage(image_id=image.pk):
                protected.append(
                    format_html(
                        '“{}” is shown on <a href="{}">{}</a> ({})',
                        image,
                        use.url,
                        use.title,
                        use.where,
                    )
                )
        return deleted, model_count, perms_needed, protected

    def get_urls(self):
        # admin_view: signed in with the second factor, and never cached.
        chooser = self.admin_site.admin_view(self.chooser_view)
        results = self.admin_site.admin_view(self.chooser_results_view)
        return [
            path("choose/", chooser, name="images_image_choose"),
            path("choose/results.json", results, name="images_image_choose_results"),
            *super().get_urls(),
        ]

    def _chooser_images(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:100]
        return query, Image.objects.search(query)[:CHOOSER_RESULTS]

    def chooser_view(self, request):
        """A plain page (no JavaScript needed): find an image and copy its reference."""
        query, images = self._chooser_images(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Choose an image",
            "query": query,
            "images": images,
        }
        return TemplateResponse(request, "admin/images/image/choose.html", context)

    def chooser_results_view(self, request):
        """The images matching ?q=, for the editor's image dialog (static/js/image-chooser.js)."""
        query, images = self._chooser_images(request)
        rows = []
        for image in images:
            thumbnail = image.thumbnail
            rows.append(
                {
                    "id": image.pk,
                    "title": image.title,
                    "alt": image.shown_alt,
                    "decorative": image.decorative,
                    "reference": image.reference,
                    "thumbnail": thumbnail["url"] if thumbnail else "",
                }
            )
        return JsonResponse({"query": query, "images": rows})


def live_words(image: Image) -> Image:
    """The image with the words visitors get: itself, unless it is a draft of them."""
    if not image.has_unpublished_changes:
        return image
    return Image.objects.get(pk=image.pk)


def _use_rows(uses):
    return ((use.url, use.title, use.language, use.where) for use in uses)
