"""Educational pages, their FAQ entries, redirects from old addresses, who is editing, reminders.

A page's drafts, reviews and history are the editorial app's (editorial/): the Page row is what
visitors see, and a draft is a revision of it. Over 400 lines because the page's language rules
and how it is written to and read from a revision belong with the page, and Django finds
models here.
"""

import calendar
import copy
import datetime
import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DatabaseError, models
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation

from clinic_site.markdown import html_to_text, markdown_render
from editorial.models import RevisionMixin
from images.models import media_url

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

        A page's draft is a revision (editorial.Revision), never a row, so every row is a page.
        """
        return self.filter(status=Page.Status.PUBLISHED)

    def editable(self) -> "PageQuerySet":
        """The pages staff list and open: every row (drafts are revisions, not rows)."""
        return self.all()


# What a page's content is, as a revision stores it (related pages and FAQ entries besides).
CONTENT_FIELDS = [
    "title",
    "slug",
    "language",
    "translation_of",
    "nav_title",
    "summary",
    "body",
    "layout",
    "parent",
    "show_in_nav",
    "nav_order",
    "last_reviewed",
    "review_interval_months",
    "translated_from_revision",
]
ENTRY_FIELDS = ["question", "anchor", "answer", "order"]


class Page(RevisionMixin, models.Model):
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
        limit_choices_to={"language": settings.LANGUAGE_CODE},
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
    # For a Spanish page: the English page's revision its text was written against (the
    # English live version when the Spanish draft was saved). Part of what a revision says, so
    # the live page's is the one its published text was written against; the English page
    # published with a change after it shows "English changed since this translation"
    # (content/translations.py).
    translated_from_revision = models.ForeignKey(
        "editorial.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Where the loader found this page (its revisions from that file carry the same path).
    source_path = models.CharField(max_length=200, null=True, blank=True, unique=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["nav_order", "title"]
        permissions = [
            ("publish_page", "Can publish pages and record clinical reviews"),
        ]
        constraints = [
            # Drafts are revisions, so every row is a page and no two share an address.
            models.UniqueConstraint(
                fields=["language", "slug"], name="page_slug_unique_per_language"
            ),
            models.UniqueConstraint(
                fields=["language", "translation_of"], name="page_one_translation_per_language"
            ),
        ]

    publish_permission = "content.publish_page"

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

    @classmethod
    def from_db(cls, db, field_names, values):
        page = super().from_db(db, field_names, values)
        # Whether visitors saw this page as read: a save that takes it away refreshes caches.
        page.loaded_live = page.__dict__.get("status") == cls.Status.PUBLISHED
        return page

    @property
    def short_title(self) -> str:
        return self.nav_title or self.title

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.is_live

    @property
    def is_review_overdue(self) -> bool:
        return self.review_due < timezone.localdate()

    def clean(self):
        super().clean()
        if self.slug:
            slug_problem = page_slug_problem(slug=self.slug, language=self.language)
            if slug_problem:
                raise ValidationError({"slug": slug_problem})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": "A page cannot be its own section."})
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
        if original.language != settings.LANGUAGE_CODE:
            raise ValidationError({"translation_of": "Choose an English page."})
        others = Page.objects.filter(language=self.language, translation_of=original).exclude(
            pk=self.pk
        )
        if others.exists():
            raise ValidationError(
                {"translation_of": f"“{original}” already has a version in this language."}
            )

    # The editorial workflow (editorial.models.RevisionMixin): a draft is a revision.

    def revision_content(self) -> dict:
        """What the page says, as JSON-ready values by attribute name, with its related pages
        and FAQ entries: the shape of a revision's content."""
        content = {}
        for name in CONTENT_FIELDS:
            field = Page._meta.get_field(name)
            value = getattr(self, field.attname)
            content[field.attname] = value.isoformat() if hasattr(value, "isoformat") else value
        if getattr(self, "draft_related_ids", None) is not None:
            content["related_pages"] = sorted(self.draft_related_ids)
            entries = self.draft_entries
        else:
            content["related_pages"] = (
                sorted(self.related_pages.values_list("pk", flat=True)) if self.pk else []
            )
            entries = list(self.faq_entries.all()) if self.pk else []
        content["faq_entries"] = [
            {name: getattr(entry, name) for name in ENTRY_FIELDS}
            for entry in sorted(entries, key=lambda entry: (entry.order, entry.anchor))
        ]
        return content

    def revision_object(self, *, content: dict, revision=None) -> "Page":
        """An unsaved copy of this page saying what `content` says. Its FAQ entries are
        `draft_entries` (with the live entry's key where the anchor matches, so the admin's
        entry forms line up) and its related pages `draft_related_ids`."""
        draft = copy.copy(self)
        draft._state.fields_cache = {}
        draft.__dict__.pop("_prefetched_objects_cache", None)
        page_values_set(page=draft, content=content)
        live_entries = (
            {entry.anchor: entry.pk for entry in self.faq_entries.all()} if self.pk else {}
        )
        draft.draft_entries = [
            FAQEntry(
                pk=live_entries.get(values["anchor"]),
                page=draft,
                **{name: values[name] for name in ENTRY_FIELDS},
            )
            for values in content.get("faq_entries", [])
        ]
        for entry in draft.draft_entries:
            entry.answer_html = markdown_render(text=entry.answer, language=draft.language)
        draft.draft_related_ids = list(content.get("related_pages", []))
        draft.body_html = page_body_html(body=draft.body, language=draft.language)
        if revision is not None:
            # When this draft was last changed: the admin form's edit-conflict check reads it.
            draft.updated_at = revision.created_at
            draft.draft_revision = revision
        return draft

    def revision_write(self, *, content: dict) -> None:
        from .links import page_links_refresh  # links and services import this module
        from .services import page_content_write

        previous_address = self.get_absolute_url() if self.pk and self.slug else ""
        page_content_write(page=self, content=content)
        if previous_address and self.get_absolute_url() != previous_address:
            # Pages that link to this one with `page:` references show its new address.
            page_links_refresh(page=self)

    def published_state_set(self) -> None:
        if not self.is_live:
            self.status = self.Status.PUBLISHED
            self.save(update_fields=["status"])

    def publish_problem(self, *, draft: "Page") -> str:
        """A draft may not take an address or a translation another page has meanwhile."""
        taken = Page.objects.filter(slug=draft.slug, language=draft.language).exclude(pk=self.pk)
        if taken.exists():
            return (
                f"Another page now has the address /{draft.slug}/. Change this draft's address "
                "(its slug), then publish it."
            )
        slug_problem = page_slug_problem(slug=draft.slug, language=draft.language)
        if slug_problem:
            return slug_problem
        if draft.translation_of_id:
            others = Page.objects.filter(
                language=draft.language, translation_of=draft.translation_of_id
            ).exclude(pk=self.pk)
            if others.exists():
                return "Another page is already the version of its English page in this language."
        from .links import linked_pages_problem  # links imports this module

        return linked_pages_problem(draft=draft)

    @property
    def entries(self) -> list["FAQEntry"]:
        """The FAQ entries this page (or draft of it) says."""
        draft_entries = getattr(self, "draft_entries", None)
        return draft_entries if draft_entries is not None else list(self.faq_entries.all())


def page_values_set(*, page: Page, content: dict) -> None:
    """Set a page's own fields from revision content (related pages and entries aside)."""
    for name in CONTENT_FIELDS:
        field = Page._meta.get_field(name)
        if field.attname in content:
            setattr(page, field.attname, field.to_python(content[field.attname]))


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
        language = self.page.language if self.page_id else settings.LANGUAGE_CODE
        self.answer_html = markdown_render(text=self.answer, language=language)
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


# The heading of the list of sources on a page in another language, whose cited titles stay in
# English as published.
REFERENCES_LIST = re.compile(
    r'(<h2 id="(?:referencias|fuentes)">.*?</h2>\s*<(?:ul|ol))>', re.DOTALL
)


def page_body_html(*, body: str, language: str) -> str:
    """The page's Markdown as safe HTML. On a translated page the list of sources is marked
    lang="en", so a screen reader reads the English titles as English (WCAG 3.1.2)."""
    html = markdown_render(text=body, language=language)
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


class HomePage(RevisionMixin, models.Model):
    """The home page's own text, in English and Spanish: one record, changed through review like
    a page (its key facts are clinical claims, each with its source)."""

    headline = models.CharField(max_length=120, help_text="The page heading.")
    headline_es = models.CharField("headline (Spanish)", max_length=120)
    lead = models.TextField(
        help_text="The first paragraph. {clinic_name} is replaced by the clinic's name."
    )
    lead_es = models.TextField("lead (Spanish)")
    intro = models.TextField("second paragraph")
    intro_es = models.TextField("second paragraph (Spanish)")
    call_to_action = models.CharField(
        "button", max_length=60, help_text="The button that starts the preparation questions."
    )
    call_to_action_es = models.CharField("button (Spanish)", max_length=60)
    what_we_offer = models.TextField(
        help_text="A Markdown list: one line a point, each starting with '- '."
    )
    what_we_offer_es = models.TextField("what we offer (Spanish)")
    key_facts = models.TextField(
        help_text="A Markdown list of clinical facts, each naming its source in brackets, as "
        "(Cohen et al., 2018)."
    )
    key_facts_es = models.TextField("key facts (Spanish)")
    photo = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A photo of the clinic beside the heading, from the image library (or added "
        "there with the + button). Its alt text there describes it in English.",
    )
    photo_alt_es = models.CharField(
        "photo's description (Spanish)",
        max_length=250,
        blank=True,
        help_text="What the photo shows, in Spanish, for people who cannot see it.",
    )
    lead_clinician = models.ForeignKey(
        "clinic.TeamMember",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The clinician the home page introduces, with their photo and a link to "
        "them on the 'Our team' page. Only published team members are shown.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    publish_permission = "content.publish_page"
    TEXT_FIELDS = [
        "headline", "headline_es", "lead", "lead_es", "intro", "intro_es", "call_to_action",
        "call_to_action_es", "what_we_offer", "what_we_offer_es", "key_facts", "key_facts_es",
    ]  # fmt: skip
    # What a draft holds (editorial.models.RevisionMixin): the text, and the photo and the
    # clinician by their keys. Revisions saved before the photo hold only the text, which
    # reads the same: a field a revision lacks keeps the live row's value.
    revision_fields = (*TEXT_FIELDS, "photo_id", "photo_alt_es", "lead_clinician_id")

    class Meta:
        verbose_name = "home page"
        verbose_name_plural = "home page"

    def __str__(self) -> str:
        return "Home page"

    def get_absolute_url(self) -> str:
        return reverse("content:home")

    @classmethod
    def current(cls) -> "HomePage":
        """What visitors see: the live row, or the text it was seeded with if there is none."""
        from .home_seed import HOME_PAGE_SEED

        try:
            home = cls.objects.select_related("photo", "lead_clinician__photo").filter(pk=1)
            return home.first() or cls(pk=1, **HOME_PAGE_SEED)
        except DatabaseError:
            return cls(pk=1, **HOME_PAGE_SEED)  # error pages and menus carry on the same way

    def in_language(self, language: str) -> dict:
        """The text in one language, by the English field names, with the photo and the lead
        clinician as visitors see them."""
        suffix = "" if language == settings.LANGUAGE_CODE else f"_{language}"
        return {
            **{
                name: getattr(self, f"{name}{suffix}", getattr(self, name))
                for name in self.TEXT_FIELDS
                if not name.endswith("_es")
            },
            "photo": self.photo_shown(language=language),
            "lead_clinician": self.lead_clinician_shown(),
        }

    def photo_shown(self, *, language: str) -> dict | None:
        """The photo as the page shows it: its renditions for templates/images/image.html, with
        its description in this language; None without one."""
        photo = self.photo if self.photo_id else None
        renditions = photo.renditions() if photo is not None else []
        if not renditions:
            return None
        width, height, _ = renditions[-1]
        if photo.decorative:
            alt = ""
        elif language != settings.LANGUAGE_CODE and self.photo_alt_es:
            alt = self.photo_alt_es
        else:
            alt = photo.alt_text
        return {
            "alt": alt,
            "src": media_url(renditions[min(1, len(renditions) - 1)][2].name),
            "srcset": ", ".join(f"{media_url(file.name)} {w}w" for w, _, file in renditions),
            "avif_srcset": ", ".join(
                f"{media_url(file.name)} {w}w" for w, _, file in photo.renditions(kind="avif")
            ),
            # Beside the text from 48em (site.css, .home-intro--with-photo): about 40% of the
            # 60rem column; under it on a phone, the width of the screen less the card's padding.
            "sizes": "(min-width: 62rem) 23rem, (min-width: 48em) 38vw, calc(100vw - 4rem)",
            "width": width,
            "height": height,
        }

    def lead_clinician_shown(self):
        """The lead clinician's live record when visitors may see it (published), else None."""
        member = self.lead_clinician if self.lead_clinician_id else None
        return member if member is not None and member.published else None
