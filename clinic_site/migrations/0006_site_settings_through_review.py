"""The clinic's details and crisis numbers change through review (issue 25): the row points at
its editorial revisions, and clinical reviewers, who publish the changes, may read and change
the settings (the practice manager already could)."""

import django.db.models.deletion
from django.db import migrations, models

REVIEWER_GROUP = "Clinical reviewer"
REVIEWER_PERMISSIONS = ["view_sitesettings", "change_sitesettings"]


def reviewers_permit(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations run; make them now to assign them.
    app_config = apps.get_app_config("clinic_site")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=REVIEWER_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="clinic_site", codename__in=REVIEWER_PERMISSIONS
        )
    )


def reviewers_unpermit(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=REVIEWER_GROUP):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="clinic_site", codename__in=REVIEWER_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_site", "0005_staff_activity_account_actions"),
        ("editorial", "0001_revisions_reviews_events"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitesettings",
            name="has_unpublished_changes",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="sitesettings",
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
            model_name="sitesettings",
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
        migrations.RunPython(reviewers_permit, reviewers_unpermit),
    ]
