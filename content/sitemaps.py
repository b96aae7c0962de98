"""sitemap.xml: the home page and every published page, in each language it is published in.

Each address lists its versions in the other languages and the English one as x-default
(Django's i18n sitemaps). A page with no published Spanish version has no Spanish address.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.translation import get_language

from clinic.sitemaps import ClinicSitemap

from .models import Page


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class HomeSitemap(TranslatedSitemap):
    priority = 1.0

    def items(self):
        return ["content:home"]

    def location(self, item):
        return reverse(item)


class PageSitemap(TranslatedSitemap):
    """Every published page, grouped with its translations; drafts and scheduled pages left out.

    An item is {language: page} for one page and its published translations.
    """

    def items(self):
        pages = (
            Page.objects.published()
            .only("slug", "language", "translation_of_id", "updated_at")
            .order_by("nav_order", "pk")
        )
        groups: dict[int, dict[str, Page]] = {}
        for page in pages:
            if page.language == settings.LANGUAGE_CODE:
                groups.setdefault(page.pk, {})[page.language] = page
        for page in pages:
            if page.language != settings.LANGUAGE_CODE:
                group = groups.get(page.translation_of_id)
                if group is None:  # no published English version: a page of its own
                    group = groups.setdefault(-page.pk, {})
                group[page.language] = page
        return list(groups.values())

    def get_languages_for_item(self, item):
        return [code for code, _name in settings.LANGUAGES if code in item]

    def location(self, item):
        return item[get_language()].get_absolute_url()

    def lastmod(self, item):
        return max(page.updated_at for page in item.values())


SITEMAPS = {"home": HomeSitemap, "pages": PageSitemap, "clinic": ClinicSitemap}
