"""Staff editing of the educational pages: drafts, review, publishing, history and preview."""

import datetime

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from clinic_site.markdown import markdown_render
from clinic_site.models import SiteSettings

from .history import page_revert, page_versions, version_compare, version_previous
from .models import FAQEntry, Page, PageRedirect, months_after
from .navigation import page_index_get
from .presentation import (
    CONTENTS_MINIMUM_SECTIONS,
    contents_from_html,
    medical_web_page_data,
)

PUBLISH_PERMISSION = "content.publish_page"
# Pages due for review within this many days are flagged in the list.
REVIEW_SOON_DAYS = 30


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


class PageAdminForm(forms.ModelForm):
    # When the editor opened the page; a different value at save time means someone else saved.
    loaded_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)
    mark_reviewed = forms.BooleanField(
        label="I have checked this page is clinically accurate",
        required=False,
        help_text="Sets 'last reviewed' to today when you save.",
    )

    class Meta:
        model = Page
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "layout",
            "nav_title",
            "parent",
            "show_in_nav",
            "nav_order",
            "related_pages",
            "status",
            "publish_at",
            "last_reviewed",
            "review_interval_months",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "body": forms.Textarea(attrs={"rows": 30, "class": "vLargeTextField markdown-body"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_updated_at"].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk:
            return cleaned_data
        loaded = self.data.get(self.add_prefix("loaded_updated_at"), "")
        current = self.instance.updated_at.isoformat()
        if loaded and loaded != current:
            # Keep every word they typed on the form; a second save, now informed, goes through.
            data = self.data.copy()
            data[self.add_prefix("loaded_updated_at")] = current
            self.data = data
            latest = page_versions(page=self.instance).first()
            who = ""
            if latest and latest.revision.user:
                user = latest.revision.user
                who = f" by {user.get_full_name() or user.get_username()}"
            when = date_format(timezone.localtime(self.instance.updated_at), "DATETIME_FORMAT")
            raise ValidationError(
                f"This page was changed{who} at {when}, while you were editing it. Your changes "
                "have not been saved, and your text is still in the form below. Open the page's "
                "history in a new tab to see what they changed. If you save again, your version "
                "will replace theirs.",
                code="edit_conflict",
            )
        return cleaned_data


class FAQEntryInline(admin.StackedInline):
    model = FAQEntry
    extra = 0
    fields = ["question", "anchor", "answer", "order"]
    prepopulated_fields = {"anchor": ["question"]}
    formfield_overrides = {
        FAQEntry._meta.get_field("answer").__class__: {
            "widget": forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"})
        }
    }

    # The entries are part of the page: whoever may change the page may change its entries.
    def has_add_permission(self, request, obj=None):
        return page_editable(user=request.user, page=obj)

    def has_change_permission(self, request, obj=None):
        return page_editable(user=request.user, page=obj)

    def has_delete_permission(self, request, obj=None):
        return page_editable(user=request.user, page=obj)


def page_editable(*, user, page: Page | None) -> bool:
    """Editors change drafts; a published or scheduled page is for clinical reviewers only."""
    if not user.has_perm("content.change_page"):
        return False
    if page is None or page.status == Page.Status.DRAFT:
        return True
    return can_publish(user)


class ReviewDueFilter(admin.SimpleListFilter):
    title = "clinical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Due in the next {REVIEW_SOON_DAYS} days"),
            ("current", "Up to date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
        if self.value() == "overdue":
            return queryset.filter(review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(review_due__gte=today, review_due__lte=soon)
        if self.value() == "current":
            return queryset.filter(review_due__gt=soon)
        return queryset


@admin.register(Page)
class PageAdmin(VersionAdmin):
    form = PageAdminForm
    change_form_template = "admin/content/page/change_form.html"
    object_history_template = "admin/content/page/object_history.html"
    list_display = ["title", "status_label", "last_reviewed", "review_due_label", "updated_at"]
    list_filter = ["status", ReviewDueFilter, "layout", "show_in_nav"]
    search_fields = ["title", "summary", "body", "slug"]
    ordering = ["nav_order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["related_pages"]
    actions = ["mark_reviewed_today", "publish_pages", "return_to_draft"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "layout"]}),
        (
            "Navigation",
            {"fields": ["nav_title", "parent", "show_in_nav", "nav_order", "related_pages"]},
        ),
        (
            "Publishing",
            {
                "fields": ["status", "publish_at"],
                "description": "Only clinical reviewers can publish. Editors save drafts, which "
                "a reviewer checks and publishes.",
            },
        ),
        (
            "Clinical review",
            {"fields": ["mark_reviewed", "last_reviewed", "review_interval_months", "review_due"]},
        ),
        (
            "Record",
            {
                "classes": ["collapse"],
                "fields": ["created_at", "updated_at", "source_path", "loaded_updated_at"],
            },
        ),
    ]

    class Media:
        css = {"all": ["css/content-admin.css"]}

    # List columns

    @admin.display(description="status", ordering="status")
    def status_label(self, page: Page) -> str:
        if page.status == Page.Status.DRAFT:
            return "Draft"
        if page.publish_at and page.publish_at > timezone.now():
            when = date_format(timezone.localtime(page.publish_at), "DATETIME_FORMAT")
            return f"Scheduled for {when}"
        return "Published"

    @admin.display(description="review due", ordering="review_due")
    def review_due_label(self, page: Page):
        due = date_format(page.review_due, "DATE_FORMAT")
        today = timezone.localdate()
        if page.review_due < today:
            return format_html('<strong class="review-overdue">Overdue since {}</strong>', due)
        if page.review_due <= today + datetime.timedelta(days=REVIEW_SOON_DAYS):
            return format_html('<span class="review-soon">Due {}</span>', due)
        return due

    # Permissions

    def get_readonly_fields(self, request, obj=None):
        readonly = ["review_due", "created_at", "updated_at", "source_path"]
        if not can_publish(request.user):
            readonly += ["status", "publish_at", "last_reviewed", "review_interval_months"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request.user):
            return fieldsets
        # An editor cannot mark a page reviewed, so the box is not offered.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "mark_reviewed"]})
            for name, options in fieldsets
        ]

    def get_inlines(self, request, obj):
        if obj is not None and obj.layout == Page.Layout.FAQ:
            return [FAQEntryInline]
        return []

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return super().has_change_permission(request, obj) and page_editable(
            user=request.user, page=obj
        )

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or obj.status == Page.Status.DRAFT or can_publish(request.user)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request.user):
            for name in ("mark_reviewed_today", "publish_pages", "return_to_draft"):
                actions.pop(name, None)
        return actions

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    def save_model(self, request, obj, form, change):
        if can_publish(request.user):
            if form.cleaned_data.get("mark_reviewed"):
                obj.last_reviewed = timezone.localdate()
        else:
            # Whatever reached the form, an editor's save is a draft with the review dates kept.
            current = Page.objects.filter(pk=obj.pk).first() if change else None
            obj.status = Page.Status.DRAFT
            if current is not None:
                obj.publish_at = current.publish_at
                obj.last_reviewed = current.last_reviewed
                obj.review_interval_months = current.review_interval_months
        super().save_model(request, obj, form, change)

    # Actions (reviewers only): one revision per page, so each can be reverted on its own.

    def pages_update(self, request, queryset, *, comment: str, **values) -> int:
        count = 0
        for page in queryset:
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(comment)
                for name, value in values.items():
                    setattr(page, name, value)
                page.save()
            count += 1
        return count

    @admin.action(description="Mark selected pages as reviewed today", permissions=["publish"])
    def mark_reviewed_today(self, request, queryset):
        count = self.pages_update(
            request,
            queryset,
            comment="Marked as clinically reviewed",
            last_reviewed=timezone.localdate(),
        )
        self.message_user(request, f"{count} page(s) marked as reviewed today.", messages.SUCCESS)

    @admin.action(description="Publish selected pages", permissions=["publish"])
    def publish_pages(self, request, queryset):
        count = self.pages_update(
            request, queryset, comment="Published", status=Page.Status.PUBLISHED
        )
        self.message_user(request, f"{count} page(s) published.", messages.SUCCESS)

    @admin.action(description="Return selected pages to draft", permissions=["publish"])
    def return_to_draft(self, request, queryset):
        count = self.pages_update(
            request, queryset, comment="Returned to draft", status=Page.Status.DRAFT
        )
        message = f"{count} page(s) returned to draft and hidden from visitors."
        self.message_user(request, message, messages.SUCCESS)

    # Extra views: preview, changes between versions, revert

    def get_urls(self):
        wrap = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("preview/", wrap(self.preview_view), name=f"{prefix}_preview_new"),
            path("<path:object_id>/preview/", wrap(self.preview_view), name=f"{prefix}_preview"),
            path(
                "<path:object_id>/history/<int:version_id>/changes/",
                wrap(self.version_changes_view),
                name=f"{prefix}_version_changes",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/revert/",
                wrap(self.version_revert_view),
                name=f"{prefix}_version_revert",
            ),
            *super().get_urls(),
        ]

    def page_or_404(self, request, object_id: str) -> Page:
        page = self.get_object(request, unquote(object_id))
        if page is None:
            raise Http404("No such page")
        if not self.has_view_or_change_permission(request, page):
            raise PermissionDenied
        return page

    def preview_view(self, request, object_id=None):
        """Show the page as visitors would see it: the saved page, or the form's unsaved text."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            page = Page()
        else:
            page = self.page_or_404(request, object_id)
        entries = list(page.faq_entries.all()) if page.pk else []
        if request.method == "POST":
            for name in ("title", "summary", "body", "nav_title", "layout"):
                if name in request.POST:
                    setattr(page, name, request.POST[name])
            entries = preview_entries_from_post(data=request.POST, fallback=entries)
        elif request.method != "GET":
            return HttpResponseNotAllowed(["GET", "POST"])
        page.body_html = markdown_render(text=page.body)
        page.review_due = months_after(start=page.last_reviewed, months=page.review_interval_months)
        contents = contents_from_html(html_text=page.body_html)
        index = page_index_get()
        parent_link = index.by_id.get(page.parent_id) if page.parent_id else None
        url = request.build_absolute_uri(page.get_absolute_url() if page.slug else "/")
        context = {
            "preview": True,
            "preview_unsaved": request.method == "POST",
            "page": page,
            "faq_entries": entries if page.layout == Page.Layout.FAQ else [],
            "canonical_url": url,
            "breadcrumbs": [*index.ancestors(page_id=parent_link.id), parent_link]
            if parent_link
            else [],
            "contents": contents if len(contents) >= CONTENTS_MINIMUM_SECTIONS else [],
            "section_pages": [],
            "related_pages": [],
            "structured_data": medical_web_page_data(
                page=page if page.updated_at else preview_dated(page=page),
                url=url,
                clinic_name=SiteSettings.load().clinic_name,
            ),
        }
        response = render(request, "content/page.html", context)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def history_view(self, request, object_id, extra_context=None):
        page = self.page_or_404(request, object_id)
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
            "can_revert": self.has_change_permission(request, page),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def version_changes_view(self, request, object_id, version_id):
        page = self.page_or_404(request, object_id)
        version = get_object_or_404(page_versions(page=page), pk=version_id)
        previous = version_previous(version=version, page=page)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": page,
            "title": f"Changes to “{page.title}”",
            "version": version,
            "previous": previous,
            "changes": version_compare(old=previous, new=version, page_id=page.pk),
            "revert_url": reverse(
                "admin:content_page_version_revert", args=[quote(page.pk), version.pk]
            ),
            "can_revert": self.has_change_permission(request, page),
            "is_current": version.pk == page_versions(page=page).values_list("pk", flat=True)[0],
        }
        return TemplateResponse(request, "admin/content/page/version_changes.html", context)

    def version_revert_view(self, request, object_id, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        page = self.page_or_404(request, object_id)
        if not self.has_change_permission(request, page):
            raise PermissionDenied
        version = get_object_or_404(page_versions(page=page), pk=version_id)
        restored = page_revert(
            page=page,
            version=version,
            user=request.user,
            keep_reviewer_fields=not can_publish(request.user),
        )
        saved_on = date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
        self.message_user(
            request, f"“{restored.title}” was reverted to the version saved on {saved_on}."
        )
        return HttpResponseRedirect(reverse("admin:content_page_change", args=[quote(page.pk)]))

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion's own revert form: the same rule as editing, applied to the page now.
        page = self.get_object(request, unquote(object_id))
        if page is None or not self.has_change_permission(request, page):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)


def preview_dated(*, page: Page) -> Page:
    """Give an unsaved page the dates its structured data needs."""
    page.updated_at = timezone.now()
    return page


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
        entry = FAQEntry(
            question=question,
            anchor=data.get(field + "anchor", "") or f"question-{number + 1}",
            answer=data.get(field + "answer", ""),
        )
        entry.answer_html = markdown_render(text=entry.answer)
        entries.append(entry)
    return entries


@admin.register(PageRedirect)
class PageRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "page", "created_at"]
    search_fields = ["old_slug", "page__title"]
    autocomplete_fields = ["page"]
