"""The page admin's own screens: the preview as visitors will see it, and deleted pages.

The workflow's screens (review, submit, discard, history, restore) are editorial.admin's, the
same for a page as for every other kind of content.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from clinic_site.markdown import markdown_render
from clinic_site.models import SiteSettings
from editorial.models import Event, Revision
from editorial.workflow import can_publish, draft_save

from ..models import FAQEntry, Page, page_body_html, page_values_set
from ..navigation import page_index_get
from ..presentation import page_context
from ..services import page_save
from .editor import markdown_preview
from .grouped_views import GroupedMixin
from .link_chooser import LinkChooserMixin
from .menu_views import MenuMixin
from .staff_bar import staff_bar_view


class PageViewsMixin(LinkChooserMixin, MenuMixin, GroupedMixin):
    """The page's own screens beside the change form, each checking who may use it.

    admin_site.admin_view wraps each one: staff only, and never cached.
    """

    def get_urls(self):
        wrap = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        views = [
            ("preview/", self.preview_view, "preview_new"),
            ("markdown-preview/", markdown_preview, "markdown_preview"),
            ("deleted/", self.deleted_view, "deleted"),
            ("menu/", self.menu_view, "menu"),
            ("side-by-side/", self.grouped_view, "grouped"),
            ("choose-link/", self.link_chooser_view, "choose_link"),
            ("choose-link/results.json", self.link_chooser_results_view, "choose_link_results"),
            ("deleted/<int:revision_id>/restore/", self.deleted_restore_view, "deleted_restore"),
            ("<path:object_id>/preview/", self.preview_view, "preview"),
        ]
        return [
            *(path(route, wrap(view), name=f"{prefix}_{name}") for route, view, name in views),
            # Not admin_view: visitors get an empty answer here, not the sign-in page.
            path("staff-bar/", staff_bar_view, name=f"{prefix}_staff_bar"),
            *super().get_urls(),
        ]

    # Preview

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def preview_view(self, request, object_id=None):
        """Show a draft as visitors will see it: the saved draft, or the form's unsaved text.

        The admin never caches its pages (admin_view sends never_cache's headers).
        """
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            page, entries = Page(), []
        else:
            page = self.record_or_404(request, object_id)
            entries = page.entries
        if request.method == "POST":
            for name in ("title", "summary", "body", "nav_title", "layout", "language"):
                if name in request.POST:
                    setattr(page, name, request.POST[name])
            entries = preview_entries_from_post(data=request.POST, fallback=entries)
        if page.language not in dict(settings.LANGUAGES):
            page.language = settings.LANGUAGE_CODE
        if request.method == "POST":
            for entry in entries:
                entry.answer_html = markdown_render(text=entry.answer, language=page.language)
        page.body_html = page_body_html(body=page.body, language=page.language)
        page.updated_at = page.updated_at or timezone.now()
        # The preview shows the page as its visitors will see it: a Spanish page in Spanish,
        # with the Spanish menus, though the admin around it is English.
        with translation.override(page.language):
            url = request.build_absolute_uri(page.get_absolute_url() if page.slug else "/")
            context = page_context(
                page=page,
                entries=entries,
                index=page_index_get(language=page.language),
                page_url=url,
                clinic_name=SiteSettings.load().clinic_name,
            )
            context.update(preview=True, preview_unsaved=request.method == "POST")
            response = render(request, "content/page.html", context)
        response["X-Robots-Tag"] = "noindex"
        return response

    # Deleted pages: their revisions outlive them. One comes back as a page never published,
    # so it goes live again only through review.

    def deleted_revisions(self) -> list[Revision]:
        """The last revision of each deleted page, newest first."""
        existing = [str(pk) for pk in Page.objects.values_list("pk", flat=True)]
        revisions = Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(Page)
        ).exclude(object_id__in=existing)
        latest: dict[str, Revision] = {}
        for revision in revisions.select_related("user").order_by("-pk"):
            latest.setdefault(revision.object_id, revision)
        return list(latest.values())

    @method_decorator(require_http_methods(["GET", "HEAD"]))
    def deleted_view(self, request):
        if not can_publish(request.user, Page):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Deleted pages",
            "revisions": self.deleted_revisions(),
        }
        return TemplateResponse(request, "admin/content/page/deleted.html", context)

    @method_decorator(require_http_methods(["POST"]))
    def deleted_restore_view(self, request, revision_id):
        if not can_publish(request.user, Page):
            raise PermissionDenied
        revisions = {revision.pk: revision for revision in self.deleted_revisions()}
        revision = revisions.get(revision_id)
        if revision is None:
            raise Http404("No such deleted page")
        content = dict(revision.content)
        if Page.objects.filter(slug=content["slug"], language=content["language"]).exists():
            self.message_user(
                request,
                f"Another page now has the address /{content['slug']}/, so “{content['title']}” "
                "cannot come back as it was. Change that page's address first.",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:content_page_deleted"))
        for name in ("parent_id", "translation_of_id"):
            if content.get(name) and not Page.objects.filter(pk=content[name]).exists():
                content[name] = None  # that page was deleted too
        page = Page(status=Page.Status.DRAFT)
        page_values_set(page=page, content=content)
        page_save(page=page)
        draft_save(
            record=page,
            content=content,
            user=request.user,
            action=Event.Action.REVERTED,
            note="Brought back after it was deleted, as a draft",
        )
        self.message_user(
            request,
            f"“{page.title}” is back as a draft. Visitors see it once it is reviewed and "
            "published.",
            messages.SUCCESS,
        )
        return self.redirect_to_change(page)


def preview_entries_from_post(*, data, fallback: list[FAQEntry]) -> list[FAQEntry]:
    """Read the FAQ entries typed into the inline forms, skipping those marked for deletion."""
    prefix = "faq_entries"
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", ""))
    except ValueError:
        return fallback
    entries = []
    for number in range(min(total, 1000)):
        field = f"{prefix}-{number}-"
        if data.get(field + "DELETE"):
            continue
        question = data.get(field + "question", "").strip()
        if not question:
            continue
        entries.append(
            FAQEntry(
                question=question,
                anchor=data.get(field + "anchor", "") or f"question-{number + 1}",
                answer=data.get(field + "answer", ""),
            )
        )
    return entries
