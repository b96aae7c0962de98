"""The clinic's three pages in sitemap.xml, in both languages (content/sitemaps.py lists them)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class ClinicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["clinic:team", "clinic:visiting", "clinic:treatments"]

    def location(self, item):
        return reverse(item)
