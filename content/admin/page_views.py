"""The page admin's extra screens: preview, review, submit, discard, history and revert."""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods
from reversion.models import Version

from clinic_site.markdown import markdown_render
from clinic_site.models import SiteSettings

from ..checks import page_warnings, site_paths_get
from ..history import draft_compare, page_revert, page_versions, version_compare, version_previous
from ..models import FAQEntry, Page, PageReview, page_body_html
from ..navigation import page_index_get
from ..presentation import page_context
from ..workflow import (
    PublishRefused,
    can_publish,
    draft_discard,
    draft_for,
    draft_publish,
    draft_request_changes,
    draft_schedule,
    draft_submit,
    publish_check,
)
from .editor import markdown_preview
from .forms import RequestChangesForm, ScheduleForm, SubmitForm


def site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


class PageViewsMixin:
    """Screens beside the change form, each checking who may use it.

    admin_site.admin_view wraps each one: staff only, and never cached.
    """

    def get_urls(self):
        wrap = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        views = [
            ("preview/", self.preview_view, "preview_new"),
            ("markdown-preview/", markdown_preview, "markdown_preview"),
            ("<path:object_id>/preview/", self.preview_view, "preview"),
            ("<path:object_id>/review/", self.review_view, "review"),
            ("<path:object_id>/submit/", self.submit_view, "submit"),
            ("<path:object_id>/discard/", self.discard_view, "discard"),
            (
                "<path:object_id>/history/<int:version_id>/changes/",
                self.version_changes_view,
                "version_changes",
            ),
            (
                "<path:object_id>/history/<int:version_id>/revert/",
                self.version_revert_view,
                "version_revert",
            ),
        ]
        return [
            *(path(route, wrap(view), name=f"{prefix}_{name}") for route, view, name in views),
            *super().get_urls(),
        ]

    def page_or_404(self, request, object_id: str) -> Page:
        page = self.get_object(request, unquote(object_id))
        if page is None:
            raise Http404("No such page")
        if not self.has_view_or_change_permission(request, page):
            raise PermissionDenied
        return page

    def draft_or_redirect(self, request, object_id: str, view_name: str):
        """The draft this screen is about; a live page's address leads to its draft's."""
        page = self.page_or_404(request, object_id)
        draft = draft_for(page=page)
        if draft is None:
            self.message_user(request, f"“{page.title}” has no draft waiting.", messages.INFO)
            return None, HttpResponseRedirect(reverse("admin:content_page_change", args=[page.pk]))
        if draft.pk != page.pk:
            url = reverse(f"admin:content_page_{view_name}", args=[quote(draft.pk)])
            return None, HttpResponseRedirect(url)
        return draft, None

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
            page = self.page_or_404(request, object_id)
            page = draft_for(page=page) or page
            entries = list(page.faq_entries.all())
        if request.method == "POST":
            for name in ("title", "summary", "body", "nav_title", "layout", "language"):
                if name in request.POST:
                    setattr(page, name, request.POST[name])
            entries = preview_entries_from_post(data=request.POST, fallback=entries)
            for entry in entries:
                entry.answer_html = markdown_render(text=entry.answer)
        page.body_html = page_body_html(body=page.body, language=page.language)
        page.updated_at = page.updated_at or timezone.now()
        if page.language not in dict(settings.LANGUAGES):
            page.language = settings.LANGUAGE_CODE
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

    # Review

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def review_view(self, request, object_id):
        draft, redirect = self.draft_or_redirect(request, object_id, "review")
        if redirect:
            return redirect
        live = draft.live_page
        review = PageReview.objects.filter(draft=draft).select_related("submitted_by").first()
        changes_form, schedule_form = RequestChangesForm(), ScheduleForm()
        if request.method == "POST":
            if not can_publish(request.user):
                raise PermissionDenied
            action = request.POST.get("action")
            try:
                if action == "publish":
                    published = draft_publish(draft=draft, user=request.user)
                    self.message_user(
                        request,
                        f"“{published.title}” is published: visitors see it now.",
                        messages.SUCCESS,
                    )
                    return self.redirect_to_change(published)
                if action == "schedule":
                    schedule_form = ScheduleForm(request.POST)
                    if schedule_form.is_valid():
                        at = schedule_form.cleaned_data["publish_at"]
                        draft_schedule(draft=draft, user=request.user, at=at)
                        when = date_format(timezone.localtime(at), "DATETIME_FORMAT")
                        self.message_user(
                            request,
                            f"“{draft.title}” will be published on {when}. Until then visitors "
                            "see the current version.",
                            messages.SUCCESS,
                        )
                        return self.redirect_to_change(draft)
                if action == "request_changes":
                    changes_form = RequestChangesForm(request.POST)
                    if changes_form.is_valid() and review is not None:
                        draft_request_changes(
                            draft=draft,
                            user=request.user,
                            comment=changes_form.cleaned_data["comment"],
                            site_url=site_url(request),
                        )
                        self.message_user(
                            request,
                            f"The editor has been asked to change “{draft.title}”.",
                            messages.SUCCESS,
                        )
                        return self.redirect_to_change(draft)
            except PublishRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
        publish_refused = ""
        try:
            publish_check(draft=draft, user=request.user)
        except PublishRefused as refused:
            publish_refused = str(refused)
        return self.screen(
            request,
            "review.html",
            page=draft,
            title=f"Review “{draft.title}”",
            draft=draft,
            live=live,
            review=review,
            changes=draft_compare(live=live, draft=draft),
            warnings=self.draft_warnings(draft),
            can_publish=can_publish(request.user),
            publish_refused=publish_refused,
            changes_form=changes_form,
            schedule_form=schedule_form,
        )

    @staticmethod
    def draft_warnings(draft: Page):
        return page_warnings(
            title=draft.title,
            summary=draft.summary,
            body=draft.body,
            faq_answers=[entry.answer for entry in draft.faq_entries.all()],
            site_paths=site_paths_get(),
            language=draft.language,
        )

    def screen(self, request, template: str, *, page: Page, title: str, **context):
        """Render one of these screens inside the admin, about this page."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": page,
            "title": title,
            **context,
        }
        return TemplateResponse(request, f"admin/content/page/{template}", context)

    def redirect_to_change(self, page: Page) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:content_page_change", args=[quote(page.pk)]))

    # Submit and discard

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def submit_view(self, request, object_id):
        draft, redirect = self.draft_or_redirect(request, object_id, "submit")
        if redirect:
            return redirect
        if not self.has_change_permission(request, draft):
            raise PermissionDenied
        form = SubmitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            draft_submit(
                draft=draft,
                user=request.user,
                note=form.cleaned_data["note"],
                site_url=site_url(request),
            )
            self.message_user(
                request,
                f"“{draft.title}” is sent for clinical review. The reviewers have been told by "
                "email. Visitors see the current version until it is published.",
                messages.SUCCESS,
            )
            return self.redirect_to_change(draft)
        return self.screen(
            request,
            "submit.html",
            page=draft,
            title=f"Send “{draft.title}” for review",
            form=form,
            warnings=self.draft_warnings(draft),
        )

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def discard_view(self, request, object_id):
        page = self.page_or_404(request, object_id)
        draft = draft_for(page=page)
        if draft is None or draft.live_page_id is None:
            raise Http404("Only a live page's draft can be discarded")
        if not self.has_change_permission(request, draft):
            raise PermissionDenied
        if request.method == "POST":
            live = draft_discard(draft=draft, user=request.user)
            self.message_user(
                request,
                f"The draft of “{live.title}” is discarded. The page is as visitors see it.",
                messages.SUCCESS,
            )
            return self.redirect_to_change(live)
        return self.screen(
            request,
            "discard.html",
            page=draft,
            title=f"Discard the draft of “{draft.title}”?",
            draft=draft,
            changes=draft_compare(live=draft.live_page, draft=draft),
        )

    # History

    def history_view(self, request, object_id, extra_context=None):
        page = self.page_or_404(request, object_id).identity
        versions = list(page_versions(page=page))
        rows = [
            {
                "version": version,
                "changes_url": reverse(
                    "admin:content_page_version_changes", args=[quote(page.pk), version.pk]
                ),
                "revert_url": reverse(
                    "admin:content_page_version_revert", args=[quote(page.pk), version.pk]
                ),
                "is_current": position == 0,
            }
            for position, version in enumerate(versions)
        ]
        context = {
            "history_rows": rows,
            "events": page.events.select_related("user")[:200],
            "can_revert": self.has_change_permission(request, page),
            **(extra_context or {}),
        }
        return super().history_view(request, str(page.pk), context)

    def version_changes_view(self, request, object_id, version_id):
        page = self.page_or_404(request, object_id)
        version = get_object_or_404(page_versions(page=page), pk=version_id)
        previous = version_previous(version=version, page=page)
        return self.screen(
            request,
            "version_changes.html",
            page=page,
            title=f"Changes to “{page.title}”",
            version=version,
            previous=previous,
            changes=version_compare(old=previous, new=version, page_id=page.pk),
            revert_url=reverse(
                "admin:content_page_version_revert", args=[quote(page.pk), version.pk]
            ),
            can_revert=self.has_change_permission(request, page),
            is_current=version.pk == page_versions(page=page).values_list("pk", flat=True)[0],
        )

    @method_decorator(require_http_methods(["POST"]))
    def version_revert_view(self, request, object_id, version_id):
        page = self.page_or_404(request, object_id)
        if not self.has_change_permission(request, page):
            raise PermissionDenied
        version = get_object_or_404(page_versions(page=page), pk=version_id)
        draft = page_revert(page=page, version=version, user=request.user)
        saved_on = date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
        note = (
            " It is a draft: visitors see the current version until it is published."
            if draft.pk != page.pk or not page.is_public
            else ""
        )
        self.message_user(request, f"The version saved on {saved_on} is restored.{note}")
        return self.redirect_to_change(draft)

    def recoverlist_view(self, request, extra_context=None):
        # Bringing back a deleted page puts it live again: a clinical reviewer's decision.
        if not can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not can_publish(request.user):
            raise PermissionDenied
        # Only a deleted page: an old version of a page that exists is restored as a draft.
        get_object_or_404(Version.objects.get_deleted(Page), pk=version_id)
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion's own revert screen would write to the live page: use ours instead.
        return HttpResponseRedirect(
            reverse("admin:content_page_version_changes", args=[object_id, version_id])
        )


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
