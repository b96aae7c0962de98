"""What a page view shows: the page, its place in the site, its contents list and its metadata."""

import re
from dataclasses import dataclass

from django.utils.translation import get_language

from clinic_site.markdown import html_to_text, markdown_render
from clinic_site.models import SiteSettings

from .models import FAQEntry, HomePage, Page, PageRedirect
from .navigation import PageIndex, PageLink

# A page with at least this many sections gets a contents list at the top.
CONTENTS_MINIMUM_SECTIONS = 4
# schema.org's inLanguage: the US forms of each language.
IN_LANGUAGE = {"en": "en-US", "es": "es-US"}
HEADING_PATTERN = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>', re.DOTALL)


@dataclass(frozen=True)
class ContentsItem:
    anchor: str
    text: str


def contents_from_html(*, html_text: str) -> list[ContentsItem]:
    """List the page's section headings, which Markdown rendering gave ids."""
    return [
        ContentsItem(anchor=anchor, text=html_to_text(html_text=inner))
        for anchor, inner in HEADING_PATTERN.findall(html_text)
    ]


def page_redirect_target(*, slug: str, index: PageIndex) -> str | None:
    """Return where an old address of a renamed page now lives, if that page is published."""
    redirects = PageRedirect.objects.filter(old_slug=slug, language=get_language())
    page_id = redirects.values_list("page_id", flat=True).first()
    link = index.by_id.get(page_id) if page_id else None
    return link.url if link else None


def page_with_entries_get(*, link: PageLink) -> tuple[Page | None, list[FAQEntry]]:
    """Fetch a published page, and its FAQ entries if it has that layout, in one query."""
    text_only = ("search_vector", "body", "body_text")
    if link.layout == Page.Layout.FAQ:
        entries = list(
            FAQEntry.objects.filter(page__in=Page.objects.published().filter(pk=link.id))
            .select_related("page")
            .defer("search_vector", "answer", *(f"page__{name}" for name in text_only))
        )
        if entries:
            return entries[0].page, entries
    page = Page.objects.published().defer(*text_only).filter(pk=link.id).first()
    return page, []


def medical_web_page_data(*, page: Page, url: str, clinic_name: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.title,
        "headline": page.title,
        "description": page.summary,
        "url": url,
        "inLanguage": IN_LANGUAGE.get(page.language, page.language),
        "lastReviewed": page.last_reviewed.isoformat(),
        "dateModified": page.updated_at.isoformat(),
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "publisher": {"@type": "MedicalOrganization", "name": clinic_name},
    }


def faq_page_data(*, page: Page, entries: list[FAQEntry], url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": page.title,
        "description": page.summary,
        "url": url,
        "inLanguage": IN_LANGUAGE.get(page.language, page.language),
        "lastReviewed": page.last_reviewed.isoformat(),
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": {"@type": "Answer", "text": entry.answer_text},
            }
            for entry in entries
        ],
    }


def page_context(
    *, page: Page, entries: list[FAQEntry], index: PageIndex, page_url: str, clinic_name: str
) -> dict:
    """Everything the page template shows, for a published page or a draft being previewed."""
    contents = contents_from_html(html_text=page.body_html)
    place = page.pk  # a draft is the page itself, so it sits where its live version is
    if place in index.by_id:
        breadcrumbs = index.ancestors(page_id=place)
        section_top, section_pages = index.section(page_id=place)
    else:  # a page not yet published: its section, if that is
        parent = index.by_id.get(page.parent_id)
        breadcrumbs = [*index.ancestors(page_id=parent.id), parent] if parent else []
        section_top, section_pages = None, []
    if page.layout == Page.Layout.FAQ:
        structured_data = faq_page_data(page=page, entries=entries, url=page_url)
    else:
        structured_data = medical_web_page_data(page=page, url=page_url, clinic_name=clinic_name)
    return {
        "page": page,
        "faq_entries": entries if page.layout == Page.Layout.FAQ else [],
        "canonical_url": page_url,
        "breadcrumbs": breadcrumbs,
        "contents": contents if len(contents) >= CONTENTS_MINIMUM_SECTIONS else [],
        "section_pages": [section_top, *section_pages] if section_pages else [],
        "related_pages": index.related(page_id=place)
        if page.is_public
        else [
            index.by_id[pk]
            for pk in page.related_pages.values_list("pk", flat=True)
            if pk in index.by_id
        ],
        "structured_data": structured_data,
    }


def page_context_build(
    *, link: PageLink, index: PageIndex, page_url: str, clinic_name: str
) -> dict | None:
    """Gather what a published page shows; None when the page is not published."""
    page, entries = page_with_entries_get(link=link)
    if page is None:
        return None
    return page_context(
        page=page, entries=entries, index=index, page_url=page_url, clinic_name=clinic_name
    )


def home_sections(*, index: PageIndex) -> list[tuple[PageLink, list[PageLink]]]:
    """Top-level pages in menu order, each with the pages in its section."""
    return [
        (link, index.children(page_id=link.id)) for link in index.links if link.parent_id is None
    ]


def home_text_get(*, language: str, home: HomePage | None = None) -> dict:
    """The home page's text in this language (the published one, unless a draft is given),
    its lists as safe HTML."""
    text = (home or HomePage.current()).in_language(language)
    clinic_name = SiteSettings.load().clinic_name
    text["lead"] = text["lead"].replace("{clinic_name}", clinic_name)
    # In the page's language, with the clinic's details its tokens name ([[clinic:phone]]).
    text["what_we_offer_html"] = markdown_render(text=text["what_we_offer"], language=language)
    # The key facts keep the list's own look (.key-facts__list).
    text["key_facts_html"] = markdown_render(text=text["key_facts"], language=language).replace(
        "<ul>", '<ul class="key-facts__list">', 1
    )
    return text
