import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A page points at its latest and live revisions (editorial.Revision)."""

    dependencies = [
        ("content", "0006_alter_pageredirect_options_and_more"),
        ("editorial", "0001_revisions_reviews_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="has_unpublished_changes",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="page",
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
            model_name="page",
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
    ]
