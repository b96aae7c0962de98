from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Page


class HomeSitemap(Sitemap):
    priority = 1.0

    def items(self):
        return ["content:home"]

    def location(self, item):
        return reverse(item)


class PageSitemap(Sitemap):
    """Every published page; drafts and pages scheduled for later are left out."""

    def items(self):
        return Page.objects.published().only("slug", "updated_at").order_by("nav_order", "pk")

    def lastmod(self, page):
        return page.updated_at


SITEMAPS = {"home": HomeSitemap, "pages": PageSitemap}
