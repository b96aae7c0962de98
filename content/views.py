from django.conf import settings
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from clinic_site.languages import language_links_build, other_language
from clinic_site.models import SiteSettings
from clinic_site.page_cache import public_page

from .forms import SearchForm
from .models import Page
from .navigation import PageLink, page_index_get
from .presentation import (
    home_sections,
    home_text_get,
    page_context_build,
    page_redirect_target,
)
from .search import search_run
from .sitemaps import SITEMAPS


@require_safe
@public_page
def home(request):
    return render(
        request,
        "content/home.html",
        {
            "sections": home_sections(index=page_index_get()),
            "home": home_text_get(language=translation.get_language()),
        },
    )


@require_safe
@public_page
def page_detail(request, slug: str):
    index = page_index_get()
    link = index.by_slug.get(slug)
    if link is None:
        target = page_redirect_target(slug=slug, index=index)
        if target is not None:
            return HttpResponsePermanentRedirect(target)
        original = page_without_translation(slug=slug)
        if original is not None:
            return page_not_translated(request, original=original)
        raise Http404("No published page at this address")
    context = page_context_build(
        link=link,
        index=index,
        page_url=request.build_absolute_uri(link.url),
        clinic_name=SiteSettings.load().clinic_name,
    )
    if context is None:
        raise Http404("No published page at this address")
    # The language link goes to this page's own version in the other language: to the address
    # that says it is not translated yet, when it has none.
    with translation.override(other_language()):
        untranslated_url = reverse("content:page", kwargs={"slug": link.slug})
    context["language_links"] = language_links_build(
        alternates=link.alternates,
        switch_url=untranslated_url if link.language == settings.LANGUAGE_CODE else None,
    )
    return render(request, "content/page.html", context)


def page_without_translation(*, slug: str) -> PageLink | None:
    """The English page a visitor asked for in another language that has no version of it.

    Either the English page's own slug under /es/, or the address of a Spanish version that is
    not published (unpublished, or not yet): both say so, with a link to the English page.
    """
    language = translation.get_language()
    if language == settings.LANGUAGE_CODE:
        return None
    english = page_index_get(language=settings.LANGUAGE_CODE)
    original_id = (
        Page.objects.editable()
        .filter(language=language, slug=slug)
        .values_list("translation_of_id", flat=True)
        .first()
    )
    return english.by_id.get(original_id) or english.by_slug.get(slug)


def page_not_translated(request, *, original: PageLink):
    """Say, in the visitor's language, that this page has no version in it yet (a 404)."""
    context = {
        "original": original,
        "language_links": language_links_build(alternates={}, switch_url=original.url),
    }
    return render(request, "content/not_translated.html", context, status=404)


@require_safe
# Search words can be health information: keep result pages out of shared caches.
@cache_control(private=True, no_store=True)
def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = search_run(query=query) if query else []
    # Without results the page lists every page instead, to browse.
    sections = [] if results else home_sections(index=page_index_get())
    return render(
        request, "content/search.html", {"query": query, "results": results, "sections": sections}
    )


@require_safe
def sitemap(request):
    return sitemap_view(request, sitemaps=SITEMAPS)


@require_safe
@cache_control(max_age=60 * 60)
def robots_txt(request):
    text = render_to_string("content/robots.txt", {"request": request})
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
