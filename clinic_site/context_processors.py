from django.conf import settings as django_settings
from django.utils.functional import SimpleLazyObject

from .languages import language_links_for_request
from .models import SiteSettings


def site(request):
    """Give every template the clinic's settings, read once per request and only if used."""
    return {
        "site_settings": SimpleLazyObject(SiteSettings.load),
        "consultation_retention_days": django_settings.CONSULTATION_RETENTION_DAYS,
    }


def language_alternates(request):
    """This page in each language, unless the view gave its own (content pages do)."""
    return {"language_links": SimpleLazyObject(lambda: language_links_for_request(request))}
