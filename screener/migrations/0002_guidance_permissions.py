"""Let the clinic's staff groups work on the summary guidance.

Guidance goes live as soon as it is saved (there is no draft), so only clinical reviewers may
change it; content editors may read it.
"""

from django.db import migrations

GROUP_PERMISSIONS = {
    "Content editor": ["view_factorguidance"],
    "Clinical reviewer": ["view_factorguidance", "change_factorguidance"],
}


def permissions_grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations run; make them now to assign them.
    app_config = apps.get_app_config("screener")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="screener", codename__in=codenames)
        )


def permissions_revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="screener"))


class Migration(migrations.Migration):
    dependencies = [
        ("screener", "0001_initial"),
        ("content", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(permissions_grant, permissions_revoke)]
