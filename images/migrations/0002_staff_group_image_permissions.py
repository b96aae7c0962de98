"""Let the staff who write and review pages use the image library.

Content editors and clinical reviewers may add, change, view and delete images (deleting is
refused while a page shows the image, images/admin.py).
"""

from django.db import migrations

CODENAMES = ["add_image", "change_image", "delete_image", "view_image"]
GROUPS = ["Content editor", "Clinical reviewer"]


def permissions_grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations run; make them now to assign them.
    app_config = apps.get_app_config("images")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="images", codename__in=CODENAMES
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def permissions_revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="images"))


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_image_library"),
        ("content", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(permissions_grant, permissions_revoke)]
