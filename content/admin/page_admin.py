"""The page list and the change form: every editor works on drafts, reviewers publish.

Saving a change to a page never changes what visitors see: it saves a revision, the page's
draft. The form opens on the latest draft, so everyone edits the same one; publishing copies it
onto the live page. The workflow's screens are editorial.admin.EditorialAdmin's; here is what is
a page's own: its list, its FAQ entries, its checks and its comparison. Over 400 lines because
the list, the form with its FAQ inline and translation beside the English, and the hooks the
workflow calls all read the same page admin; the screens of their own are in page_views.py.
"""

import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from editorial.admin import EditorialAdmin
from editorial.models import Review
from editorial.review import ReviewChildren

from ..checks import page_warnings, site_paths_get
from ..clinic_details import clinic_values_for_checks
from ..history import content_compare
from ..models import FAQEntry, Page, PageRedirect
from ..services import page_save
from ..translations import (
    english_change,
    english_entries_by_order,
    translation_basis_set,
    translation_structure,
)
from ..workflow import can_publish, page_mark_reviewed, page_unpublish
from .filters import REVIEW_SOON_DAYS, ReviewDueFilter, StateFilter
from .forms import FAQEntryForm, PageAdminForm
from .grouped_views import english_changed_flag
from .page_views import PageViewsMixin
from .staff_bar import staff_hint_set

REVIEWER_FIELDS = ["last_reviewed", "review_interval_months"]


class DraftEntriesFormSet(BaseInlineFormSet):
    """The entry forms show the draft's entries, which are a revision's, not rows."""

    def get_queryset(self):
        draft_entries = getattr(self.instance, "draft_entries", None)
        return draft_entries if draft_entries is not None else super().get_queryset()


class FAQEntryInline(admin.StackedInline):
    model = FAQEntry
    form = FAQEntryForm
    formset = DraftEntriesFormSet
    extra = 0
    fields = ["question", "anchor", "answer", "order"]
    prepopulated_fields = {"anchor": ["question"]}

    def get_extra(self, request, obj=None, **kwargs):
        # A new translation starts with one entry for each of the English page's questions.
        english = translation_english(request) if obj is None or obj.pk is None else None
        return len(english.faq_entries.all()) if english is not None else self.extra

    # The entries are part of the page: whoever may change the page may change its entries.
    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("content.change_page")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("content.change_page")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("content.change_page")


@admin.register(Page)
class PageAdmin(PageViewsMixin, EditorialAdmin, admin.ModelAdmin):
    form = PageAdminForm
    change_form_template = "admin/content/page/change_form.html"
    change_list_template = "admin/content/page/change_list.html"
    has_preview = True
    # The review screen renders these as visitors read them (editorial.review).
    review_markdown_fields = ("body",)
    review_children = ReviewChildren(
        field="faq_entries", key="anchor", title="question", text="answer",
        singular="question", plural="questions",
    )  # fmt: skip
    checks_done = (
        "no words the site never uses, reading grade 8 or below, headings in order, links to "
        "published pages that exist, a summary of 50 to 160 characters, a references section "
        "where the page makes medical claims, and images from the library with alt text."
    )
    list_display = [
        "title", "language", "state_label", "translation_label", "last_change_label",
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
        css = {"all": ["css/content-admin.css", "css/translation-admin.css"]}

    def get_queryset(self, request):
        reviews = Review.objects.filter(
            content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                review_state=Subquery(reviews.values("state")[:1]),
                review_scheduled_for=Subquery(reviews.values("scheduled_for")[:1]),
            )
            .select_related("latest_revision__user", "translation_of")
            .prefetch_related("translations")
        )

    # List columns

    @staticmethod
    def translation_get(page: Page) -> Page | None:
        """An English page's Spanish version, from the prefetched rows."""
        return next(iter(page.translations.all()), None)

    @admin.display(description="other language")
    def translation_label(self, page: Page):
        """The page's version in the other language, or a link to write one."""
        if page.language != settings.LANGUAGE_CODE:
            original = page.translation_of
            if original is None:
                return "Spanish only"
            return format_html(
                "Spanish version of “{}”{}", original, english_changed_flag(spanish=page)
            )
        translated = self.translation_get(page)
        if translated is None:
            return "No Spanish version"
        return format_html(
            '<a href="{}">Spanish: {}</a>{}',
            reverse("admin:content_page_change", args=[translated.pk]),
            translated.title,
            english_changed_flag(spanish=translated, english=page),
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
        state = getattr(page, "review_state", None)
        if state == Review.State.SCHEDULED:
            when = date_format(timezone.localtime(page.review_scheduled_for), "DATETIME_FORMAT")
            waiting = f" (change scheduled for {when})"
        else:
            waiting = f" ({Review.State(state).label.lower()})" if state else ""
        if not page.is_live:
            return f"Draft only{waiting}"
        if page.has_unpublished_changes:
            return f"Live + draft{waiting}"
        return "Live"

    # When and by whom in one column: with a column each, and the time of day, the list was wider
    # than a 1280px screen beside the admin's menu, and "review due" went out of sight.
    @admin.display(description="last change", ordering="updated_at")
    def last_change_label(self, page: Page):
        user = page.latest_revision.user if page.latest_revision_id else None
        by = (user.get_full_name() or user.get_username()) if user else "Content loader"
        when = date_format(timezone.localtime(page.updated_at), "DATE_FORMAT")
        return format_html('{}<br><span class="quiet">{}</span>', when, by)

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
        english = translation_english(request) if obj is None or obj.pk is None else None
        if english is not None and english.layout == Page.Layout.FAQ:
            return [FAQEntryInline]
        return []

    # A translation: its English page beside each field, and a new one's structure copied.

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        english = translation_english(request)
        if english is not None:
            language = initial.get("language") or request.GET.get("language")
            initial.update(translation_structure(english=english, language=language))
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if not isinstance(inline, FAQEntryInline):
            return kwargs
        adding = obj is None or obj.pk is None
        english = translation_english(request) if adding else None
        if english is None and not adding and obj.language != settings.LANGUAGE_CODE:
            english = obj.translation_of
        if english is None:
            return kwargs
        entries = english_entries_by_order(english=english)
        change = english_change(spanish=obj) if not adding else None
        kwargs["form_kwargs"] = {
            "english_entries": entries,
            "english_changed": bool(change and "faq_entries" in change.changed_fields),
        }
        if adding:
            # One entry to translate for each English question; left empty, it is not saved.
            kwargs["initial"] = [{"order": order} for order in sorted(entries)]
        return kwargs

    def get_urls(self):
        view = self.admin_site.admin_view(self.english_changes_view)
        return [
            path(
                "<path:object_id>/english-changes/",
                view,
                name=f"{self.opts.app_label}_{self.opts.model_name}_english_changes",
            ),
            *super().get_urls(),
        ]

    def english_changes_view(self, request, object_id):
        """What changed in the English page since this Spanish page's translation."""
        spanish = self.live_get(self.record_or_404(request, object_id))
        change = english_change(spanish=spanish)
        if change is None:
            self.message_user(
                request,
                f"“{spanish}” follows its English page as it is now: nothing to catch up on.",
                messages.INFO,
            )
            return self.redirect_to_change(spanish)
        words = ("title", "nav_title", "summary", "body", "faq_entries")
        since = change.since.content if change.since else {}
        return TemplateResponse(
            request,
            "admin/content/page/english_changes.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": spanish,
                "title": f"What changed in the English since “{spanish}” was translated",
                "change": change,
                "changes": content_compare(
                    old={name: since.get(name) for name in words if name in since},
                    new={name: change.now.content.get(name) for name in words},
                ),
                "english_url": reverse("admin:content_page_change", args=[change.english.pk]),
            },
        )

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or not obj.is_live or can_publish(request.user)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request.user):
            for name in ("mark_reviewed_today", "unpublish_pages"):
                actions.pop(name, None)
        return actions

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_live else None

    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_recover": can_publish(request.user), **(extra_context or {})}
        response = super().changelist_view(request, extra_context)
        staff_hint_set(response)  # "Edit this page" on the live site (staff_bar.py)
        return response

    # Opening and saving (editorial.admin.EditorialAdmin saves each change as a draft)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        page = self.get_object(request, object_id)
        if page is not None and page.language != settings.LANGUAGE_CODE:
            change = english_change(spanish=self.live_get(page))
            extra_context = {
                "english_change": change,
                # A waiting draft already written against the English visitors see now.
                "english_change_answered": change is not None
                and (page.translated_from_revision_id or 0) >= change.now.pk,
                **(extra_context or {}),
            }
        response = super().change_view(request, object_id, form_url, extra_context)
        staff_hint_set(response)
        return response

    def save_model(self, request, obj, form, change):
        if can_publish(request.user) and form.cleaned_data.get("mark_reviewed"):
            obj.last_reviewed = timezone.localdate()
        if not change:
            # A new page is a row visitors cannot see until it is published.
            obj.status = Page.Status.DRAFT
            page_save(page=obj)

    # What editorial.admin.EditorialAdmin asks of a kind of content

    def draft_content(self, request, form, formsets) -> dict:
        """The page as the form has it, with its related pages and its FAQ entries' forms."""
        draft = form.instance
        related = form.cleaned_data.get("related_pages")
        if related is not None:
            draft.draft_related_ids = [page.pk for page in related]
        elif getattr(draft, "draft_related_ids", None) is None:
            draft.draft_related_ids = list(draft.related_pages.values_list("pk", flat=True))
        entries = draft.entries
        for formset in formsets:
            entries = entries_from_formset(formset=formset, page=draft)
        draft.draft_entries = entries
        # A translation records the English version it is written against, now.
        return translation_basis_set(content=draft.revision_content(), language=draft.language)

    def changes_compare(self, *, old: dict, new: dict) -> list:
        return content_compare(old=old, new=new)

    def draft_warnings(self, draft: Page) -> list:
        return page_warnings(
            title=draft.title,
            summary=draft.summary,
            body=draft.body,
            faq_answers=[entry.answer for entry in draft.entries],
            site_paths=site_paths_get(),
            language=draft.language,
            clinic=clinic_values_for_checks(language=draft.language),
        )

    # Actions (reviewers only): one revision per page, so each can be reverted on its own.

    @admin.action(description="Mark selected pages as reviewed today", permissions=["publish"])
    def mark_reviewed_today(self, request, queryset):
        for page in queryset:
            page_mark_reviewed(page=page, user=request.user, on=timezone.localdate())
        count = queryset.count()
        self.message_user(request, f"{count} page(s) marked as reviewed today.", messages.SUCCESS)

    @admin.action(description="Unpublish selected pages", permissions=["publish"])
    def unpublish_pages(self, request, queryset):
        pages = [page for page in queryset if page.is_live]
        for page in pages:
            page_unpublish(page=page, user=request.user)
        message = f"{len(pages)} page(s) unpublished and hidden from visitors."
        self.message_user(request, message, messages.SUCCESS)


@admin.register(PageRedirect)
class PageRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "language", "page", "created_at"]
    search_fields = ["old_slug", "page__title"]
    autocomplete_fields = ["page"]


def entries_from_formset(*, formset, page: Page) -> list[FAQEntry]:
    """The FAQ entries the inline forms hold, those marked for deletion and blank ones aside."""
    entries = []
    for number, entry_form in enumerate(formset.forms):
        data = getattr(entry_form, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        if number >= formset.initial_form_count() and not entry_form.has_changed():
            continue
        entries.append(
            FAQEntry(
                page=page,
                **{name: data[name] for name in ("question", "anchor", "answer")},
                order=data.get("order") or 100,
            )
        )
    return entries


def translation_english(request) -> Page | None:
    """On "Write the Spanish version" (the add form, asked for or posted): the English page
    the new page translates; None for any other page."""
    if not hasattr(request, "translation_english"):
        values = request.POST if request.method == "POST" else request.GET
        english_id = values.get("translation_of", "")
        language = values.get("language", "")
        english = None
        if english_id.isdigit() and language and language != settings.LANGUAGE_CODE:
            english = Page.objects.filter(pk=english_id, language=settings.LANGUAGE_CODE).first()
        request.translation_english = english
    return request.translation_english
