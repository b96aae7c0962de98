"""Search the published pages and FAQ answers.

On PostgreSQL: full-text search over stored, weighted vectors, ranked, with highlighted
excerpts. On SQLite (development): every word must appear somewhere; a title match counts most.
Each language searches its own pages, with its own stemming (PostgreSQL's "spanish" config for
Spanish: "dolores" finds "dolor").
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from clinic.search import clinic_pages_search

from .models import FAQEntry, Page
from .services import search_config

SEARCH_QUERY_MAX_LENGTH = 200
SEARCH_RESULT_LIMIT = 20
EXCERPT_WORDS = 35
# Sentinels PostgreSQL puts around matches; the excerpt is escaped, then they become <mark>.
MARK_START, MARK_END = "[[[mark]]]", "[[[/mark]]]"
WORD_PATTERN = re.compile(r"[\w'-]+")


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    excerpt: SafeString
    source: str  # "page" or "question"
    rank: float


def page_url(slug: str) -> str:
    return reverse("content:page", kwargs={"slug": slug})


def excerpt_from_marked(*, text: str) -> SafeString:
    """Escape an excerpt, then turn the match sentinels into <mark> elements."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)


def excerpt_around(*, text: str, words: list[str]) -> SafeString:
    """Cut a window of text around the first match and mark every matched word (SQLite)."""
    lowered = text.lower()
    positions = [lowered.find(word.lower()) for word in words]
    positions = [position for position in positions if position >= 0]
    start = max(0, min(positions) - 80) if positions else 0
    tokens = text[start:].split()
    window = " ".join(tokens[:EXCERPT_WORDS])
    if start > 0:
        window = "… " + window.split(" ", 1)[-1]
    if len(tokens) > EXCERPT_WORDS:
        window += " …"
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    marked = pattern.sub(lambda match: f"{MARK_START}{match.group(0)}{MARK_END}", window)
    return excerpt_from_marked(text=marked)


def published_in(language: str):
    return Page.objects.published().filter(language=language)


def search_postgresql(*, query: str, language: str) -> list[SearchResult]:
    config = search_config(language)
    search_query = SearchQuery(query, search_type="websearch", config=config)
    headline_options = {
        "start_sel": MARK_START,
        "stop_sel": MARK_END,
        "max_words": EXCERPT_WORDS,
        "min_words": 15,
        "max_fragments": 2,
        "fragment_delimiter": " … ",
        "config": config,
    }
    pages = (
        published_in(language)
        .filter(search_vector=search_query)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            headline=SearchHeadline("body_text", search_query, **headline_options),
        )
        .order_by("-rank", "nav_order")
        .values_list("title", "slug", "headline", "rank")[:SEARCH_RESULT_LIMIT]
    )
    entries = (
        FAQEntry.objects.filter(page__in=published_in(language))
        .filter(search_vector=search_query)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            headline=SearchHeadline("answer_text", search_query, **headline_options),
        )
        .order_by("-rank", "order")
        .values_list("question", "page__slug", "anchor", "headline", "rank")[:SEARCH_RESULT_LIMIT]
    )
    results = [
        SearchResult(
            title=title,
            url=page_url(slug),
            excerpt=excerpt_from_marked(text=headline),
            source="page",
            rank=rank,
        )
        for title, slug, headline, rank in pages
    ] + [
        SearchResult(
            title=question,
            url=f"{page_url(slug)}#{anchor}",
            excerpt=excerpt_from_marked(text=headline),
            source="question",
            rank=rank,
        )
        for question, slug, anchor, headline, rank in entries
    ]
    return sorted(results, key=lambda result: -result.rank)[:SEARCH_RESULT_LIMIT]


def search_simple(*, query: str, language: str) -> list[SearchResult]:
    """The development fallback: every word must appear; score title > summary > body."""
    words = WORD_PATTERN.findall(query)[:10]
    if not words:
        return []
    page_filter, entry_filter = Q(), Q()
    for word in words:
        page_filter &= (
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(body_text__icontains=word)
        )
        entry_filter &= Q(question__icontains=word) | Q(answer_text__icontains=word)
    # (score, title, address, text to excerpt, source); the address and excerpt are built only
    # for the results shown: with many pages most matches never are.
    matches = []
    for title, slug, summary, body_text in (
        published_in(language)
        .filter(page_filter)
        .values_list("title", "slug", "summary", "body_text")
    ):
        score = sum(
            4 * title.lower().count(word.lower())
            + 2 * summary.lower().count(word.lower())
            + body_text.lower().count(word.lower()) / 10
            for word in words
        )
        matches.append((score, title, (slug, ""), body_text, "page"))
    for question, slug, anchor, answer_text in (
        FAQEntry.objects.filter(page__in=published_in(language))
        .filter(entry_filter)
        .values_list("question", "page__slug", "anchor", "answer_text")
    ):
        score = sum(
            2 * question.lower().count(word.lower()) + answer_text.lower().count(word.lower()) / 10
            for word in words
        )
        matches.append((score, question, (slug, anchor), answer_text, "question"))
    shown = sorted(matches, key=lambda match: -match[0])[:SEARCH_RESULT_LIMIT]
    return [
        SearchResult(
            title=title,
            url=page_url(slug) + (f"#{anchor}" if anchor else ""),
            excerpt=excerpt_around(text=text, words=words),
            source=source,
            rank=score,
        )
        for score, title, (slug, anchor), text, source in shown
    ]


def search_run(*, query: str) -> list[SearchResult]:
    """Return the most relevant published pages and answers for what the visitor typed."""
    # PostgreSQL refuses a NUL character in a query's text; no one types one.
    query = query.replace("\x00", "").strip()[:SEARCH_QUERY_MAX_LENGTH]
    if not query:
        return []
    language = get_language()
    if connection.vendor == "postgresql":
        results = search_postgresql(query=query, language=language)
    else:
        results = search_simple(query=query, language=language)
    return [*clinic_results(query=query), *results][:SEARCH_RESULT_LIMIT]


def clinic_results(*, query: str) -> list[SearchResult]:
    """The clinic's own pages (team, visiting, costs), which are not content pages: first, as
    someone asking for "cost" or "precio" wants the costs page itself (clinic/search.py)."""
    words = WORD_PATTERN.findall(query)[:10]
    return [
        SearchResult(
            title=match.title,
            url=match.url,
            excerpt=excerpt_around(text=match.text, words=words),
            source="page",
            rank=match.score,
        )
        for match in clinic_pages_search(words=words)
    ]
