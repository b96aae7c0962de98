"""The page list and the change form: every editor works on drafts, reviewers publish.

Saving a change to a live page never changes what visitors see: the first save makes a
working draft (content.workflow), and the live page's form sends staff to that draft after.
"""

import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from clinic_site.models import SiteSettings

from ..models import FAQEntry, Page, PageEditing, PageRedirect, PageReview
from ..services import page_save
from ..workflow import (
    PublishRefused,
    can_publish,
    draft_for,
    draft_publish,
    draft_saved,
    page_mark_reviewed,
    page_unpublish,
)
from .filters import REVIEW_SOON_DAYS, ReviewDueFilter, StateFilter
from .forms import FAQEntryForm, PageAdminForm
from .page_views import PageViewsMixin

# How long an open editor counts as "being edited": the staff session's idle limit.
EDITING_SECONDS = 30 * 60
REVIEWER_FIELDS = ["last_reviewed", "review_interval_months"]


class FAQEntryInline(admin.StackedInline):
    model = FAQEntry
    form = FAQEntryForm
    extra = 0
    fields = ["question", "anchor", "answer", "order"]
    prepopulated_fields = {"anchor": ["question"]}

    # The entries are part of the page: whoever may change the page may change its entries.
    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("content.change_page")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("content.change_page")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("content.change_page")


@admin.register(Page)
class PageAdmin(PageViewsMixin, VersionAdmin):
    form = PageAdminForm
    change_form_template = "admin/content/page/change_form.html"
    object_history_template = "admin/content/page/object_history.html"
    list_display = [
        "title", "language", "state_label", "translation_label", "changed_by_label", "updated_at",
        "review_due_label",
    ]  # fmt: skip
    list_filter = [StateFilter, ReviewDueFilter, "language", "layout", "show_in_nav"]
    search_fields = ["title", "summary", "body", "slug"]
    ordering = ["nav_order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["related_pages"]
    actions = ["mark_reviewed_today", "unpublish_pages"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "layout"]}),
        (
            "Language",
            {
                "description": "A Spanish page is the Spanish version of an English page: it "
                "has its own address, review dates and clinical review, and visitors switch "
                "between the two with the language link at the top of the page.",
                "fields": ["language", "translation_of", "translations_label"],
            },
        ),
        (
            "Navigation",
            {"fields": ["nav_title", "parent", "show_in_nav", "nav_order", "related_pages"]},
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

    def get_queryset(self, request):
        # Staff list and open pages; a working draft is reached through its live page.
        drafts = Page.objects.filter(live_page=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .filter(live_page__isnull=True)
            .annotate(has_draft=Exists(drafts))
            .select_related(
                "changed_by", "review", "draft__changed_by", "draft__review", "translation_of"
            )
            .prefetch_related("translations")
        )

    # List columns

    @staticmethod
    def translation_get(page: Page) -> Page | None:
        """An English page's Spanish version (not its working draft), from the prefetched rows."""
        return next((t for t in page.translations.all() if t.live_page_id is None), None)

    @admin.display(description="other language")
    def translation_label(self, page: Page):
        """The page's version in the other language, or a link to write one."""
        if page.language != settings.LANGUAGE_CODE:
            original = page.translation_of
            return f"Spanish version of “{original}”" if original else "Spanish only"
        translated = self.translation_get(page)
        if translated is None:
            return "No Spanish version"
        return format_html(
            '<a href="{}">Spanish: {}</a>',
            reverse("admin:content_page_change", args=[translated.pk]),
            translated.title,
        )

    @admin.display(description="versions in other languages")
    def translations_label(self, page: Page):
        if page.pk is None:
            return "Save the page first."
        if page.language != settings.LANGUAGE_CODE:
            original = page.translation_of
            if original is None:
                return "This page has no English version."
            return format_html(
                'The English version is <a href="{}">{}</a>.',
                reverse("admin:content_page_change", args=[original.pk]),
                original.title,
            )
        translated = self.translation_get(page)
        if translated is not None:
            return format_html(
                'Spanish version: <a href="{}">{}</a>.',
                reverse("admin:content_page_change", args=[translated.pk]),
                translated.title,
            )
        # Django's add form takes initial values from the address.
        add_url = reverse("admin:content_page_add")
        return format_html(
            'No Spanish version yet. <a href="{}?language=es&amp;translation_of={}&amp;'
            'layout={}">Write the Spanish version</a> (it is reviewed like any other page).',
            add_url,
            page.pk,
            page.layout,
        )

    @admin.display(description="state")
    def state_label(self, page: Page) -> str:
        draft = page if page.status == Page.Status.DRAFT else getattr(page, "draft", None)
        review = getattr(draft, "review", None) if draft else None
        if review is not None:
            if review.state == PageReview.State.SCHEDULED:
                when = date_format(timezone.localtime(review.scheduled_for), "DATETIME_FORMAT")
                waiting = f"change scheduled for {when}"
            else:
                waiting = review.get_state_display().lower()
        if page.status == Page.Status.DRAFT:
            return f"Draft only ({waiting})" if review else "Draft only"
        if page.has_draft:
            return f"Live + draft ({waiting})" if review else "Live + draft"
        return "Live"

    @admin.display(description="changed last by")
    def changed_by_label(self, page: Page) -> str:
        draft = getattr(page, "draft", None) if page.has_draft else None
        user = (draft or page).changed_by
        return (user.get_full_name() or user.get_username()) if user else "Content loader"

    @admin.display(description="review due", ordering="review_due")
    def review_due_label(self, page: Page):
        due = date_format(page.review_due, "DATE_FORMAT")
        today = timezone.localdate()
        if page.review_due < today:
            return format_html('<strong class="review-overdue">Overdue since {}</strong>', due)
        if page.review_due <= today + datetime.timedelta(days=REVIEW_SOON_DAYS):
            return format_html('<span class="review-soon">Due {}</span>', due)
        return due

    # Permissions: editors and reviewers both edit drafts; only reviewers publish.

    def get_readonly_fields(self, request, obj=None):
        readonly = ["review_due", "created_at", "updated_at", "source_path", "translations_label"]
        if not can_publish(request.user):
            readonly += REVIEWER_FIELDS
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

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or obj.status == Page.Status.DRAFT or can_publish(request.user)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request.user):
            for name in ("mark_reviewed_today", "unpublish_pages"):
                actions.pop(name, None)
        return actions

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    # Opening and saving

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            "has_publish_permission": can_publish(request.user),
            "every_change_needs_second_person": (
                SiteSettings.load().every_change_needs_second_person
            ),
            **(extra_context or {}),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        page = self.get_object(request, object_id)
        if page is not None and page.is_public and request.method in ("GET", "HEAD"):
            draft = draft_for(page=page)
            if draft is not None:
                # A live page with a draft is edited through its draft.
                return HttpResponseRedirect(
                    reverse("admin:content_page_change", args=[quote(draft.pk)])
                )
        if page is not None and request.method == "GET":
            self.others_editing_warn(request, page)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        # Drafts are left out of the list, but their own change form opens them.
        queryset = Page.objects.select_related("live_page")
        try:
            return queryset.get(pk=object_id)
        except (Page.DoesNotExist, ValueError):
            return None

    def others_editing_warn(self, request, page: Page) -> None:
        """Say who else has this page open, and note that this person has it open now."""
        since = timezone.now() - datetime.timedelta(seconds=EDITING_SECONDS)
        PageEditing.objects.filter(since__lt=since).delete()
        for editing in PageEditing.objects.filter(page=page).exclude(user=request.user):
            name = editing.user.get_full_name() or editing.user.get_username()
            when = date_format(timezone.localtime(editing.since), "TIME_FORMAT")
            self.message_user(
                request,
                f"This page is being edited by {name} since {when}. If you both save, the "
                "second save is stopped so that nothing is lost.",
                messages.WARNING,
            )
        PageEditing.objects.update_or_create(
            page=page, user=request.user, defaults={"since": timezone.now()}
        )

    def save_model(self, request, obj, form, change):
        if can_publish(request.user) and form.cleaned_data.get("mark_reviewed"):
            obj.last_reviewed = timezone.localdate()
        if not can_publish(request.user) and obj.pk:
            # Whatever reached the form, an editor's save keeps the review dates.
            current = Page.objects.get(pk=obj.pk)
            for name in REVIEWER_FIELDS:
                setattr(obj, name, getattr(current, name))
        obj.changed_by = request.user
        if obj.pk and obj.is_public:
            # The first change to a live page: save it as a new draft row instead. The form and
            # its inlines now save onto the draft (see save_related).
            obj.live_page_id, obj.pk, obj.source_path = obj.pk, None, None
            obj.status = Page.Status.DRAFT
            obj._state.adding = True
            request.draft_started = True
        page_save(page=obj)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "draft_started", False):
            # The inline forms were made for the live page's entries: give the draft copies of
            # what they hold, and leave the live entries untouched.
            form.save_m2m()
            for formset in formsets:
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
                for entry_form in formset.forms:
                    data = entry_form.cleaned_data
                    if data and not data.get("DELETE"):
                        FAQEntry.objects.create(
                            page=form.instance,
                            question=data["question"],
                            anchor=data["anchor"],
                            answer=data["answer"],
                            order=data["order"],
                        )
        else:
            super().save_related(request, form, formsets, change)
        draft_saved(draft=form.instance, user=request.user)
        PageEditing.objects.filter(page=form.instance.identity, user=request.user).delete()
        if "_publish" in request.POST:
            try:
                draft_publish(draft=form.instance, user=request.user, edited_now=True)
            except PublishRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
            else:
                request.published_now = True

    def response_change(self, request, obj):
        return self.response_saved(request, obj) or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self.response_saved(request, obj) or super().response_add(request, obj)

    def response_saved(self, request, obj: Page):
        if getattr(request, "published_now", False):
            live = obj.live_page if obj.live_page_id else obj
            self.message_user(
                request, f"“{obj.title}” is published: visitors see it now.", messages.SUCCESS
            )
            return HttpResponseRedirect(reverse("admin:content_page_change", args=[live.pk]))
        if obj.live_page_id:
            self.message_user(
                request,
                f"Your changes to “{obj.title}” are saved as a draft. Visitors still see the "
                "live version until a clinical reviewer publishes the draft.",
                messages.SUCCESS,
            )
            if "_continue" in request.POST or getattr(request, "draft_started", False):
                return HttpResponseRedirect(reverse("admin:content_page_change", args=[obj.pk]))
        return None

    # Actions (reviewers only): one revision per page, so each can be reverted on its own.

    @admin.action(description="Mark selected pages as reviewed today", permissions=["publish"])
    def mark_reviewed_today(self, request, queryset):
        for page in queryset:
            page_mark_reviewed(page=page, user=request.user, on=timezone.localdate())
        count = queryset.count()
        self.message_user(request, f"{count} page(s) marked as reviewed today.", messages.SUCCESS)

    @admin.action(description="Unpublish selected pages", permissions=["publish"])
    def unpublish_pages(self, request, queryset):
        pages = list(queryset.filter(status=Page.Status.PUBLISHED))
        for page in pages:
            page_unpublish(page=page, user=request.user)
        message = f"{len(pages)} page(s) unpublished and hidden from visitors."
        self.message_user(request, message, messages.SUCCESS)


@admin.register(PageRedirect)
class PageRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "language", "page", "created_at"]
    search_fields = ["old_slug", "page__title"]
    autocomplete_fields = ["page"]
