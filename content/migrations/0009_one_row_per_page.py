import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Drafts are revisions now: every page row is a page, with one address in its language.
    The working-draft link, the loader's fingerprints, and page reviews and events (moved to
    editorial by 0008) go."""

    dependencies = [
        ("content", "0008_drafts_and_history_to_revisions"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="page",
            name="page_slug_unique_per_language_unless_draft",
        ),
        migrations.RemoveConstraint(
            model_name="page",
            name="page_one_translation_per_language_unless_draft",
        ),
        migrations.RemoveField(model_name="page", name="changed_by"),
        migrations.RemoveField(model_name="page", name="live_page"),
        migrations.RemoveField(model_name="page", name="source_fingerprint"),
        migrations.AlterField(
            model_name="page",
            name="translation_of",
            field=models.ForeignKey(
                blank=True,
                help_text="For a Spanish page: the English page it is the Spanish version of. "
                "The language link at the top of each page goes between the two.",
                limit_choices_to={"language": "en"},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="translations",
                to="content.page",
            ),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.UniqueConstraint(
                fields=("language", "slug"), name="page_slug_unique_per_language"
            ),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.UniqueConstraint(
                fields=("language", "translation_of"), name="page_one_translation_per_language"
            ),
        ),
        migrations.DeleteModel(name="PageEvent"),
        migrations.DeleteModel(name="PageReview"),
    ]
