"""The educational pages loaded once per test run (per worker) and restored for each test.

`content_load()` reads, renders and checks every source: about a second, which a hundred tests
paid each. The rows it makes are kept here as serialised objects and written back for each test
that asks for the content, which takes a small part of that. Whatever the loader writes (pages,
their FAQ entries, history, whatever the models become) is caught by comparing every model's rows
before and after, so this file need not know the content models.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class ContentSnapshot:
    report: object  # the loader's report, as a test that loads the pages itself would get it
    objects: list  # serialised rows, in the order the loader's tables depend on each other
    models: list  # the models those rows belong to, for resetting their id sequences


def _stored_models() -> list:
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def content_snapshot_take(*, load) -> ContentSnapshot:
    """Run `load()` inside a transaction that is rolled back; keep the rows it created."""
    models = _stored_models()
    with transaction.atomic():
        before = {
            model: set(model._default_manager.values_list("pk", flat=True)) for model in models
        }
        report = load()
        created = []
        for model in models:
            rows = [
                row for row in model._default_manager.order_by("pk") if row.pk not in before[model]
            ]
            if rows:
                created.append((model, rows))
        # Content types by name, not id: a live-server test's flush renumbers them.
        objects = serializers.serialize(
            "python",
            [row for _, rows in created for row in rows],
            use_natural_foreign_keys=True,
        )
        transaction.set_rollback(True)
    return ContentSnapshot(report=report, objects=objects, models=[m for m, _ in created])


def content_snapshot_restore(snapshot: ContentSnapshot) -> None:
    """Write the rows back, one INSERT a table, and move id sequences past them.

    As `loaddata` would, but in bulk: signals are not sent (a raw save's handlers do nothing
    either), and many-to-many links are written as rows of their link tables.
    """
    by_model: dict = {}
    for deserialised in serializers.deserialize("python", snapshot.objects):
        instance = deserialised.object
        by_model.setdefault(type(instance), []).append(instance)
        # Many-to-many links as rows of their link tables, one INSERT a table: set() on each
        # row asked the database first what it had, and took most of the restore's time.
        for name, targets in (deserialised.m2m_data or {}).items():
            field = instance._meta.get_field(name)
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            by_model.setdefault(through, []).extend(
                through(**{source: instance.pk, target: pk}) for pk in targets
            )
    # In one transaction: foreign keys are checked when it ends (deferred on both engines), so a
    # row may refer to one written after it, as a page refers to its translation, and a link row
    # to the rows it links.
    with transaction.atomic():
        for model, rows in by_model.items():
            model._default_manager.bulk_create(rows)
        statements = connection.ops.sequence_reset_sql(no_style(), snapshot.models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
