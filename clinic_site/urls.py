from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from content import views as content_views
from images.urls import media_urlpatterns

from . import views
from .page_cache import public_page

# Addresses with one meaning whatever the language: the admin (English, as Django ships it),
# the health check, and the two files search engines read (the sitemap lists both languages).
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # The clinic's accent colour, when staff chose one (clinic_site/branding.py).
    path("brand.css", views.brand_css, name="brand_css"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Staff's "forgot your password" (Django's own views), under the admin's address.
    path(f"{settings.ADMIN_URL}password-reset/", include("accounts.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("sitemap.xml", content_views.sitemap, name="sitemap"),
    path("robots.txt", content_views.robots_txt, name="robots"),
    # The image library's renditions, from whichever store keeps them (images/views.py).
    *media_urlpatterns,
]

# What visitors read: English at /, Spanish under /es/ with its own words for each address
# (locale/es/LC_MESSAGES/django.po translates these paths, and content pages have Spanish slugs).
urlpatterns += i18n_patterns(
    path(
        _("privacy/"),
        public_page(TemplateView.as_view(template_name="clinic_site/privacy.html")),
        name="privacy",
    ),
    path(
        _("need-help-now/"),
        public_page(TemplateView.as_view(template_name="clinic_site/crisis.html")),
        name="crisis",
    ),
    path(_("screener/"), include("screener.urls")),
    path("", include("consultations.urls")),
    # The clinic's team, places and treatments: before content, whose page addresses take any slug.
    path("", include("clinic.urls")),
    path("", include("content.urls")),
    prefix_default_language=False,
)

handler400 = "clinic_site.views.bad_request"
handler403 = "clinic_site.views.permission_denied"
handler404 = "clinic_site.views.page_not_found"
handler500 = "clinic_site.views.server_error"
