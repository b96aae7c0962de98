from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from clinic_site.models import SiteSettings
from clinic_site.page_cache import public_page

from .forms import SearchForm
from .navigation import page_index_get
from .presentation import home_sections, page_context_build, page_redirect_target
from .search import search_run
from .sitemaps import SITEMAPS


@require_safe
@public_page
def home(request):
    return render(request, "content/home.html", {"sections": home_sections(index=page_index_get())})


@require_safe
@public_page
def page_detail(request, slug: str):
    index = page_index_get()
    link = index.by_slug.get(slug)
    if link is None:
        target = page_redirect_target(slug=slug, index=index)
        if target is None:
            raise Http404("No published page at this address")
        return HttpResponsePermanentRedirect(target)
    context = page_context_build(
        link=link,
        index=index,
        page_url=request.build_absolute_uri(link.url),
        clinic_name=SiteSettings.load().clinic_name,
    )
    if context is None:
        raise Http404("No published page at this address")
    return render(request, "content/page.html", context)


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
