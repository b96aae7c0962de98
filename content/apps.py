from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Educational pages"

    def ready(self):
        from . import signals  # noqa: F401  (connects the cache-refresh receivers)
