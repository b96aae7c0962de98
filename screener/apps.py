from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def guidance_load_after_migrate(sender, using="default", **kwargs) -> None:
    """Give a fresh database the summary's guidance texts; staff edits are never replaced."""
    from .guidance import guidance_load
    from .models import FactorGuidance

    if FactorGuidance._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated backwards past the table
    guidance_load()


class ScreenerConfig(AppConfig):
    name = "screener"
    verbose_name = "Candidacy screener"

    def ready(self) -> None:
        post_migrate.connect(guidance_load_after_migrate, sender=self)
