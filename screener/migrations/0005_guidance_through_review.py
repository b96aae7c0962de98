"""The summary guidance changes through review (issue 25): each text points at its editorial
revisions. The versions django-reversion kept of it (its admin's history) become editorial
revisions, with who saved them and when, and leave django-reversion, whose screens could put a
version live outside review (F3); what visitors see now is each text's live revision."""

import json

import django.db.models.deletion
from django.db import migrations, models

CONTENT_FIELDS = [
    "title", "title_es", "why_it_matters", "why_it_matters_es", "questions_to_ask",
    "questions_to_ask_es",
]  # fmt: skip


def history_move(apps, schema_editor):
    FactorGuidance = apps.get_model("screener", "FactorGuidance")
    Revision = apps.get_model("editorial", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    guidance_type, _ = ContentType.objects.get_or_create(
        app_label="screener", model="factorguidance"
    )
    versions = []
    if apps.is_installed("reversion"):
        Version = apps.get_model("reversion", "Version")
        versions = Version.objects.filter(content_type=guidance_type).select_related("revision")
    rows = {str(row.pk): row for row in FactorGuidance.objects.all()}
    for version in versions.order_by("pk") if versions else []:
        try:
            fields = json.loads(version.serialized_data)[0]["fields"]
        except (ValueError, LookupError, TypeError):
            continue
        if version.object_id not in rows:
            continue  # a text since deleted: the files make it again
        saved = version.revision
        Revision.objects.create(
            content_type=guidance_type,
            object_id=version.object_id,
            content={name: fields.get(name) or "" for name in CONTENT_FIELDS},
            object_str=(fields.get("title") or version.object_repr or "")[:255],
            user_id=saved.user_id,
            created_at=saved.date_created,
            note=(saved.comment or "")[:255],
            # Guidance went live as it was saved.
            published_at=saved.date_created,
            published_by_id=saved.user_id,
        )
    for object_id, row in rows.items():
        content = {name: getattr(row, name) for name in CONTENT_FIELDS}
        live = (
            Revision.objects.filter(content_type=guidance_type, object_id=object_id)
            .order_by("-pk")
            .first()
        )
        if live is None or live.content != content:
            live = Revision.objects.create(
                content_type=guidance_type,
                object_id=object_id,
                content=content,
                object_str=row.title[:255],
                note="What visitors saw when guidance changes began to go through review",
            )
        FactorGuidance.objects.filter(pk=row.pk).update(
            latest_revision=live, live_revision=live, has_unpublished_changes=False
        )
    if versions:
        versions.delete()
        Reversion = apps.get_model("reversion", "Revision")
        Reversion.objects.filter(version__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_revisions_reviews_events"),
        ("screener", "0004_guidance_corrections_from_clinical_review"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.AddField(
            model_name="factorguidance",
            name="has_unpublished_changes",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="factorguidance",
            name="latest_revision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="editorial.revision",
            ),
        ),
        migrations.AddField(
            model_name="factorguidance",
            name="live_revision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="editorial.revision",
            ),
        ),
        migrations.RunPython(history_move, migrations.RunPython.noop),
    ]
