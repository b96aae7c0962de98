"""The library's images at /media/ (images/views.py), whichever store keeps them.

clinic_site/urls.py adds media_urlpatterns. With an S3-compatible store the site still serves
them, reading from the bucket, so the bucket needs no public access and a draft's images stay
private there too.
"""

from django.conf import settings
from django.urls import re_path

from .views import media_serve


def media_urlpatterns_get() -> list:
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.+)$", media_serve, name="media")]


media_urlpatterns = media_urlpatterns_get()
