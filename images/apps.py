import mimetypes

from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = "Image library"

    def ready(self):
        # The media view (images/views.py) sends renditions with their type, which not every
        # system's mime.types lists.
        mimetypes.add_type("image/avif", ".avif")
        mimetypes.add_type("image/webp", ".webp")
        from . import signals  # noqa: F401  (receivers connect on import)
