"""Educational pages, their FAQ entries, and redirects from the old addresses of renamed pages."""

import calendar
import datetime
import html
import re

import reversion
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from clinic_site.markdown import markdown_render

# Addresses other parts of the site answer; a page may never take one of them.
RESERVED_SLUGS = {"admin", "static", "media", "search", "sitemap", "robots"}

TAG_PATTERN = re.compile(r"<[^>]+>")
SPACE_PATTERN = re.compile(r"\s+")
BLOCK_END_PATTERN = re.compile(
    r"</(?:p|h[1-6]|li|dt|dd|td|th|summary|blockquote|pre)>|<br\s*/?>", re.IGNORECASE
)


def html_to_text(*, html_text: str) -> str:
    """Reduce sanitised HTML to plain text for search and excerpts.

    A heading or list item that ends without punctuation is followed by a middle dot, so an
    excerpt never runs a heading into the sentence after it.
    """
    text = html.unescape(TAG_PATTERN.sub(" ", BLOCK_END_PATTERN.sub("\n", html_text)))
    parts = [SPACE_PATTERN.sub(" ", part).strip() for part in text.split("\n")]
    joined = ""
    for part in filter(None, parts):
        if joined:
            joined += " " if joined[-1] in ".?!:;,)" else " · "
        joined += part
    return joined


def months_after(*, start: datetime.date, months: int) -> datetime.date:
    """Return the same day `months` later, clamped to the end of shorter months."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def published_condition() -> models.Q:
    """The one definition of "published": pages, menus, search and the sitemap all use it.

    A page a visitor may see is published, and any publish-at time has passed.
    """
    return models.Q(status=Page.Status.PUBLISHED) & (
        models.Q(publish_at__isnull=True) | models.Q(publish_at__lte=timezone.now())
    )


class PageQuerySet(models.QuerySet):
    def published(self) -> "PageQuerySet":
        return self.filter(published_condition())

    def published_or_scheduled(self) -> "PageQuerySet":
        """Published pages and those scheduled to be, each marked `is_live` or not yet."""
        return self.filter(status=Page.Status.PUBLISHED).annotate(
            is_live=models.ExpressionWrapper(
                published_condition(), output_field=models.BooleanField()
            )
        )


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
        unique=True,
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
        help_text="Drafts are never shown to visitors. Only a clinical reviewer can publish.",
    )
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="Optional: a published page stays hidden until this date and time.",
    )
    last_reviewed = models.DateField(
        default=timezone.localdate,
        help_text="When a clinician last checked this page was accurate.",
    )
    review_interval_months = models.PositiveSmallIntegerField(
        "review every (months)",
        default=12,
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

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_html = markdown_render(text=self.body)
            self.body_text = html_to_text(html_text=self.body_html)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "body_html", "body_text"}
        self.review_due = months_after(start=self.last_reviewed, months=self.review_interval_months)
        if update_fields is not None and "last_reviewed" in update_fields:
            kwargs["update_fields"] = {*kwargs["update_fields"], "review_due"}
        previous_slug = None
        if self.pk and (update_fields is None or "slug" in update_fields):
            previous_slug = Page.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        super().save(*args, **kwargs)
        if update_fields is None or "slug" in update_fields:
            page_redirects_update(page=self, previous_slug=previous_slug)
        if update_fields is None or {"title", "summary", "body"} & set(update_fields):
            page_search_vector_update(page_id=self.pk)

    def get_absolute_url(self) -> str:
        return reverse("content:page", kwargs={"slug": self.slug})

    @property
    def short_title(self) -> str:
        return self.nav_title or self.title

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and (
            self.publish_at is None or self.publish_at <= timezone.now()
        )

    @property
    def is_review_overdue(self) -> bool:
        return self.review_due < timezone.localdate()

    def clean(self):
        super().clean()
        if self.slug:
            slug_problem = page_slug_problem(slug=self.slug)
            if slug_problem:
                raise ValidationError({"slug": slug_problem})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": "A page cannot be its own section."})


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
        self.answer_html = markdown_render(text=self.answer)
        self.answer_text = html_to_text(html_text=self.answer_html)
        super().save(*args, **kwargs)
        faq_entry_search_vector_update(entry_id=self.pk)

    def get_absolute_url(self) -> str:
        return f"{self.page.get_absolute_url()}#{self.anchor}"


class PageRedirect(models.Model):
    """An old address of a renamed page; visitors who use it are sent on permanently."""

    old_slug = models.SlugField(max_length=80, unique=True)
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]
        verbose_name = "redirect from an old address"
        verbose_name_plural = "redirects from old addresses"

    def __str__(self) -> str:
        return f"/{self.old_slug}/ → {self.page.get_absolute_url()}"


# Revision history records what staff write; derived text and search vectors are rebuilt on save.
reversion.register(
    Page, follow=["faq_entries"], exclude=["body_html", "body_text", "search_vector"]
)
reversion.register(FAQEntry, exclude=["answer_html", "answer_text", "search_vector"])


def page_slug_problem(*, slug: str) -> str:
    """Return why a page cannot use this slug, or an empty string when it can."""
    if slug in RESERVED_SLUGS:
        return "This address is used by another part of the website. Choose another."
    try:
        match = resolve(f"/{slug}/")
    except Resolver404:
        return ""
    if match.view_name != "content:page":
        return "This address is used by another part of the website. Choose another."
    return ""


def page_redirects_update(*, page: Page, previous_slug: str | None) -> None:
    """Keep a renamed page's old address working, and let a page reclaim a redirected slug."""
    PageRedirect.objects.filter(old_slug=page.slug).delete()
    if previous_slug and previous_slug != page.slug:
        PageRedirect.objects.update_or_create(old_slug=previous_slug, defaults={"page": page})


def page_search_vector() -> SearchVector:
    """Title outranks summary, summary outranks body: a page about a word names it early."""
    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body_text", weight="C", config="english")
    )


def faq_entry_search_vector() -> SearchVector:
    return SearchVector("question", weight="B", config="english") + SearchVector(
        "answer_text", weight="C", config="english"
    )


def page_search_vector_update(*, page_id: int) -> None:
    """Store the page's full-text vector (PostgreSQL only; SQLite searches the text directly)."""
    if connection.vendor == "postgresql":
        Page.objects.filter(pk=page_id).update(search_vector=page_search_vector())


def faq_entry_search_vector_update(*, entry_id: int) -> None:
    if connection.vendor == "postgresql":
        FAQEntry.objects.filter(pk=entry_id).update(search_vector=faq_entry_search_vector())


def search_vectors_rebuild() -> None:
    """Recompute every stored search vector, e.g. after rows were bulk-created."""
    if connection.vendor == "postgresql":
        Page.objects.update(search_vector=page_search_vector())
        FAQEntry.objects.update(search_vector=faq_entry_search_vector())
