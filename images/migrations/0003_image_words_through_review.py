"""An image's words (alt text, "decorative", caption, credit) change through review: each image
points at its editorial revisions. What visitors see now stays live, as each image's live
revision, so the history of its first change shows the old words beside the new."""

import django.db.models.deletion
from django.db import migrations, models

CONTENT_FIELDS = ["alt_text", "decorative", "caption", "credit"]


def live_revisions_make(apps, schema_editor):
    Image = apps.get_model("images", "Image")
    Revision = apps.get_model("editorial", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    image_type, _ = ContentType.objects.get_or_create(app_label="images", model="image")
    for image in Image.objects.filter(live_revision=None).iterator():
        live = Revision.objects.create(
            content_type=image_type,
            object_id=str(image.pk),
            content={name: getattr(image, name) for name in CONTENT_FIELDS},
            object_str=image.title[:255],
            note="What visitors saw when image words began to go through review",
        )
        Image.objects.filter(pk=image.pk).update(
            latest_revision=live, live_revision=live, has_unpublished_changes=False
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("editorial", "0001_revisions_reviews_events"),
        ("images", "0002_staff_group_image_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="image",
            name="has_unpublished_changes",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="image",
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
            model_name="image",
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
        migrations.RunPython(live_revisions_make, migrations.RunPython.noop),
    ]
