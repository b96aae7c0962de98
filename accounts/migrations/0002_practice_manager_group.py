"""Create the Practice manager group: adds staff, sets their roles, edits the clinic's details.

Not a superuser: it cannot make anyone a superuser or give raw permissions (accounts/admin.py
shows a manager only the roles), and it reads, but cannot change, the staff sign-in activity.
"""

from django.db import migrations

PRACTICE_MANAGER_GROUP = "Practice manager"
PERMISSIONS = [
    ("auth", "user", "view_user"),
    ("auth", "user", "add_user"),
    ("auth", "user", "change_user"),
    ("clinic_site", "sitesettings", "view_sitesettings"),
    ("clinic_site", "sitesettings", "change_sitesettings"),
    ("clinic_site", "staffactivity", "view_staffactivity"),
]


def practice_manager_group_create(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations run; make these apps' now.
    for label in ("auth", "clinic_site"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=PRACTICE_MANAGER_GROUP)
    for app_label, model, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
        )


def practice_manager_group_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PRACTICE_MANAGER_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("clinic_site", "0003_staff_activity"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(practice_manager_group_create, practice_manager_group_delete),
    ]
