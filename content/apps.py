from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Educational pages"

    def ready(self):
        # The cache-refresh receivers, and pages naming a clinic detail made again when the
        # details change.
        from . import clinic_details, signals  # noqa: F401
