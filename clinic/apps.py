from django.apps import AppConfig


class ClinicConfig(AppConfig):
    """The clinic itself (issue 28): its team, its places and its treatments and costs."""

    name = "clinic"
    verbose_name = "The clinic"

    def ready(self):
        from . import signals  # noqa: F401  (receivers connect on import)
