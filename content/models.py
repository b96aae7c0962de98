"""Educational pages, their FAQ entries, redirects from old addresses, and the editorial workflow.

Over 400 lines because the workflow models (review, events, who is editing, reminders) and the
page's language rules belong with the page they describe, and Django finds models here.
"""

import calendar
import datetime
import re

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation

from clinic_site.markdown import html_to_text, markdown_render

# Addresses other parts of the site answer; a page may never take one of them.
RESERVED_SLUGS = {"admin", "static", "media", "search", "sitemap", "robots"}


def months_after(*, start: datetime.date, months: int) -> datetime.date:
    """Return the same day `months` later, clamped to the end of shorter months."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


class PageQuerySet(models.QuerySet):
    def published(self) -> "PageQuerySet":
        """The one definition of "published": pages, menus, search and the sitemap all use it.

        A working draft of a live page is never published itself: publishing copies it onto
        the live page (content.services.draft_publish).
        """
        return self.filter(status=Page.Status.PUBLISHED, live_page__isnull=True)

    def editable(self) -> "PageQuerySet":
        """The pages staff list and open: live pages and pages never yet published."""
        return self.filter(live_page__isnull=True)


class Page(models.Model):
    """One educational page, written in Markdown and published after clinical review."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Layout(models.TextChoices):
        ARTICLE = "article", "Article"
        FAQ = "faq", "Questions and answers"

    title = models.CharField(
        max_length=120,
        help_text="The page heading and the browser tab title. Say what the page is about, "
        "in the words a patient would use.",
    )
    slug = models.SlugField(
        max_length=80,
        help_text="The web address: lower-case words joined by hyphens. If you change it, the "
        "old address keeps working and sends visitors here.",
    )
    nav_title = models.CharField(
        "short title",
        max_length=40,
        blank=True,
        help_text="A shorter title for menus and breadcrumbs. Leave blank to use the title.",
    )
    summary = models.CharField(
        max_length=300,
        help_text="One or two sentences shown in search engines, search results and page lists. "
        "Aim for 150 to 160 characters.",
    )
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language the page is written in. A Spanish page is shown under /es/.",
    )
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        limit_choices_to={"language": settings.LANGUAGE_CODE, "live_page__isnull": True},
        help_text="For a Spanish page: the English page it is the Spanish version of. The "
        "language link at the top of each page goes between the two.",
    )
    body = models.TextField(
        help_text="The page text in Markdown: ## for a section heading, ### for a sub-heading, "
        "- for a bullet, 1. for a numbered step, **bold**, [link text](https://address). "
        "Scripts and other unsafe HTML are removed before visitors see the page.",
    )
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    layout = models.CharField(
        max_length=20,
        choices=Layout.choices,
        default=Layout.ARTICLE,
        help_text="Choose 'Questions and answers' for the FAQ page: its questions are edited "
        "below the body, and each shows as an expandable answer.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The section this page belongs to, shown in the breadcrumbs. Leave blank for "
        "a top-level page.",
    )
    related_pages = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        help_text="Pages listed under 'Related pages' at the end of this one.",
    )
    show_in_nav = models.BooleanField(
        "show in main menu",
        default=False,
        help_text="List this page in the menu at the top of every page.",
    )
    nav_order = models.PositiveSmallIntegerField(
        "order",
        default=100,
        help_text="Lower numbers come first in menus and page lists.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        help_text="Published pages are what visitors see. Only a clinical reviewer publishes.",
    )
    live_page = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="draft",
        editable=False,
        help_text="On a working draft: the live page it will replace when published.",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_reviewed = models.DateField(
        default=timezone.localdate,
        help_text="When a clinician last checked this page was accurate.",
    )
    review_interval_months = models.PositiveSmallIntegerField(
        "review every (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="How often the page must be checked again.",
    )
    review_due = models.DateField(
        editable=False,
        default=timezone.localdate,
        help_text="Worked out from the last review date and the review interval.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Where the loader found this page, and a fingerprint of what it wrote: a page whose
    # fingerprint no longer matches has been edited in admin, and the loader leaves it alone.
    source_path = models.CharField(max_length=200, null=True, blank=True, unique=True)
    source_fingerprint = models.CharField(max_length=64, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["nav_order", "title"]
        permissions = [
            ("publish_page", "Can publish pages and record clinical reviews"),
        ]
        constraints = [
            # A working draft may share its live page's address; no two pages visitors see may.
            models.UniqueConstraint(
                fields=["language", "slug"],
                condition=models.Q(live_page__isnull=True),
                name="page_slug_unique_per_language_unless_draft",
            ),
            # One Spanish version of an English page (its working draft aside).
            models.UniqueConstraint(
                fields=["language", "translation_of"],
                condition=models.Q(live_page__isnull=True),
                name="page_one_translation_per_language_unless_draft",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        """Store the page with its derived fields: the rendered body and the review due date.

        Side effects on other rows (redirects, search vectors) are content.services.page_save's.
        """
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body_html", "body_text", "review_due"}
        self.body_html = page_body_html(body=self.body, language=self.language)
        self.body_text = html_to_text(html_text=self.body_html)
        self.review_due = months_after(start=self.last_reviewed, months=self.review_interval_months)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        with translation.override(self.language):
            return reverse("content:page", kwargs={"slug": self.slug})

    @property
    def short_title(self) -> str:
        return self.nav_title or self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.live_page_id is None

    @property
    def is_draft(self) -> bool:
        """A working draft of a live page, or a page never yet published."""
        return not self.is_public

    @property
    def identity(self) -> "Page":
        """The page this row is about: the live page for a working draft, else itself."""
        return self.live_page if self.live_page_id else self

    @property
    def is_review_overdue(self) -> bool:
        return self.review_due < timezone.localdate()

    def clean(self):
        super().clean()
        if self.slug:
            slug_problem = page_slug_problem(slug=self.slug, language=self.language)
            if slug_problem:
                raise ValidationError({"slug": slug_problem})
        if self.parent_id and self.pk and self.parent_id in (self.pk, self.live_page_id):
            raise ValidationError({"parent": "A page cannot be its own section."})
        if self.slug and self.live_page_id:
            taken = (
                Page.objects.editable()
                .filter(slug=self.slug, language=self.language)
                .exclude(pk=self.live_page_id)
            )
            if taken.exists():
                raise ValidationError({"slug": "Another page already has this address."})
        self.translation_clean()

    def translation_clean(self):
        """An English page is nobody's translation; a Spanish one translates an English page."""
        if self.language == settings.LANGUAGE_CODE:
            if self.translation_of_id:
                raise ValidationError(
                    {"translation_of": "Only a page in another language is a translation."}
                )
            return
        if self.translation_of_id is None:
            return  # a page of its own, with no English page to switch to
        original = self.translation_of
        if original.language != settings.LANGUAGE_CODE or original.live_page_id:
            raise ValidationError({"translation_of": "Choose an English page."})
        others = (
            Page.objects.editable()
            .filter(language=self.language, translation_of=original)
            .exclude(pk__in=[pk for pk in (self.pk, self.live_page_id) if pk])
        )
        if others.exists():
            raise ValidationError(
                {"translation_of": f"“{original}” already has a version in this language."}
            )


class FAQEntry(models.Model):
    """One question and answer on a page with the questions-and-answers layout."""

    page = models.ForeignKey(
        Page,
        on_delete=models.CASCADE,
        related_name="faq_entries",
        limit_choices_to={"layout": Page.Layout.FAQ},
    )
    question = models.CharField(
        max_length=200,
        help_text="Write it as a patient would ask it, ending with a question mark.",
    )
    anchor = models.SlugField(
        max_length=80,
        help_text="The link to this answer, after the # in the address. Lower-case words and "
        "hyphens; changing it breaks links people have saved.",
    )
    answer = models.TextField(
        help_text="The answer in Markdown. Keep it short; link to the page that explains more."
    )
    answer_html = models.TextField(editable=False, default="")
    answer_text = models.TextField(editable=False, default="")
    order = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers come first.")
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"
        constraints = [
            models.UniqueConstraint(fields=["page", "anchor"], name="faq_anchor_unique_per_page")
        ]

    def __str__(self) -> str:
        return self.question

    def save(self, *args, **kwargs):
        """Store the entry with its rendered answer (its search vector: content.services)."""
        self.answer_html = markdown_render(text=self.answer)
        self.answer_text = html_to_text(html_text=self.answer_html)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.page.get_absolute_url()}#{self.anchor}"


class PageRedirect(models.Model):
    """An old address of a renamed page; visitors who use it are sent on permanently."""

    old_slug = models.SlugField(max_length=80)
    # The old address's language: /es/<old_slug>/ for a Spanish page, /<old_slug>/ for English.
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language", "old_slug"]
        verbose_name = "redirect from an old address"
        verbose_name_plural = "redirects from old addresses"
        constraints = [
            models.UniqueConstraint(
                fields=["language", "old_slug"], name="redirect_old_slug_unique_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.page.get_absolute_url()}"

    @property
    def old_path(self) -> str:
        with translation.override(self.language):
            return reverse("content:page", kwargs={"slug": self.old_slug})


class PageReview(models.Model):
    """A draft sent for clinical review, and what the reviewer decided."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Awaiting review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        SCHEDULED = "scheduled", "Scheduled"

    draft = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="review")
    state = models.CharField(max_length=20, choices=State.choices, default=State.SUBMITTED)
    note = models.TextField("note for the reviewer", blank=True)
    comment = models.TextField("reviewer's comment", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    scheduled_for = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        return f"{self.draft} ({self.get_state_display()})"


class PageEvent(models.Model):
    """One step in a page's editorial history: who did what, when."""

    class Action(models.TextChoices):
        DRAFT_SAVED = "draft_saved", "Draft saved"
        SUBMITTED = "submitted", "Submitted for review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"
        EDITED_AND_PUBLISHED = "edited_and_published", "Edited and published in one step"
        SCHEDULED = "scheduled", "Scheduled"
        DISCARDED = "discarded", "Draft discarded"
        UNPUBLISHED = "unpublished", "Unpublished"
        REVERTED = "reverted", "Earlier version restored as a draft"
        REVIEWED = "reviewed", "Marked as clinically reviewed"

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.page}"


class PageEditing(models.Model):
    """Who has a page open in the editor, so a colleague opening it too is told."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "user"], name="page_editing_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} editing {self.page}"


class ReviewReminder(models.Model):
    """A day's review reminder sent to one reviewer, so running the command twice sends once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="review_reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.user} on {self.sent_on}"


# Revision history records what staff write; derived text and search vectors are rebuilt on save.
reversion.register(
    Page, follow=["faq_entries"], exclude=["body_html", "body_text", "search_vector"]
)
reversion.register(FAQEntry, exclude=["answer_html", "answer_text", "search_vector"])


# The heading of the list of sources on a page in another language, whose cited titles stay in
# English as published.
REFERENCES_LIST = re.compile(
    r'(<h2 id="(?:referencias|fuentes)">.*?</h2>\s*<(?:ul|ol))>', re.DOTALL
)


def page_body_html(*, body: str, language: str) -> str:
    """The page's Markdown as safe HTML. On a translated page the list of sources is marked
    lang="en", so a screen reader reads the English titles as English (WCAG 3.1.2)."""
    html = markdown_render(text=body)
    if language != settings.LANGUAGE_CODE:
        html = REFERENCES_LIST.sub(r'\1 lang="en">', html, count=1)
    return html


def page_slug_problem(*, slug: str, language: str = settings.LANGUAGE_CODE) -> str:
    """Return why a page cannot use this slug, or an empty string when it can."""
    if slug in RESERVED_SLUGS:
        return "This address is used by another part of the website. Choose another."
    try:
        with translation.override(language):
            match = resolve(f"{reverse('content:home')}{slug}/")
    except Resolver404:
        return ""
    if match.view_name != "content:page":
        return "This address is used by another part of the website. Choose another."
    return ""
