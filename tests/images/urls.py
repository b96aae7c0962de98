"""The site's addresses with the media folder served, as clinic_site/urls.py adds them."""

from clinic_site.urls import *  # noqa: F403
from clinic_site.urls import urlpatterns as site_urlpatterns
from images.urls import media_urlpatterns

urlpatterns = [*media_urlpatterns, *site_urlpatterns]
