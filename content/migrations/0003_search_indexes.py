"""GIN indexes for full-text search, on PostgreSQL only (SQLite has no tsvector search)."""

from django.db import migrations

INDEXES = [
    ("content_page_search_vector_gin", "content_page"),
    ("content_faqentry_search_vector_gin", "content_faqentry"),
]


def indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_vector)"
        )


def indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("content", "0002_staff_groups")]

    operations = [migrations.RunPython(indexes_create, indexes_drop)]
