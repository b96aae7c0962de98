from django.apps import AppConfig


class NavigationConfig(AppConfig):
    """The main menu's entries that are not content pages: the screener, the contact page and
    the clinic's three pages, each renamed through review and moved on the menu screen."""

    name = "navigation"
    verbose_name = "Main menu"

    def ready(self):
        from . import signals  # noqa: F401  (receivers connect on import)
