"""Create the Front desk group: the only staff, with superusers, who can see requests."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FRONT_DESK_GROUP = "Front desk"
CODENAMES = [
    "view_consultationrequest",
    "change_consultationrequest",
    "delete_consultationrequest",
]


def front_desk_group_create(apps, schema_editor):
    # Permissions are normally made after all migrations run; make this app's now.
    app_config = apps.get_app_config("consultations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=FRONT_DESK_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="consultations", codename__in=CODENAMES)
    )


def front_desk_group_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=FRONT_DESK_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(front_desk_group_create, front_desk_group_delete),
    ]
