"""The media folder's files, served by the site when they are stored on its own disk.

clinic_site/urls.py adds media_urlpatterns. With an S3-compatible store (settings,
AWS_STORAGE_BUCKET_NAME) the store serves them and this list is empty.
"""

from django.conf import settings
from django.urls import re_path

from .views import media_serve


def media_urlpatterns_get() -> list:
    if settings.STORAGES["default"]["BACKEND"] != "django.core.files.storage.FileSystemStorage":
        return []
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>.+)$", media_serve, name="media")]


media_urlpatterns = media_urlpatterns_get()
