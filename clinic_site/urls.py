from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import views
from .page_cache import public_page

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(
        "privacy/",
        public_page(TemplateView.as_view(template_name="clinic_site/privacy.html")),
        name="privacy",
    ),
    path(
        "need-help-now/",
        public_page(TemplateView.as_view(template_name="clinic_site/crisis.html")),
        name="crisis",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("screener/", include("screener.urls")),
    path("", include("consultations.urls")),
    path("", include("content.urls")),
]

handler400 = "clinic_site.views.bad_request"
handler403 = "clinic_site.views.permission_denied"
handler404 = "clinic_site.views.page_not_found"
handler500 = "clinic_site.views.server_error"
