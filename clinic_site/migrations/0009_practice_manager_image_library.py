"""Let the practice manager choose the clinic's logo from the image library, or add it there.

They set the site settings, the logo among them (issue 28); the logo is a library image. They
may add, change and view images, not delete them (a delete takes an image off every page).
"""

from django.db import migrations

CODENAMES = ["add_image", "change_image", "view_image"]
GROUP = "Practice manager"


def permissions_grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations run; make them now to assign them.
    app_config = apps.get_app_config("images")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="images", codename__in=CODENAMES)
    )


def permissions_revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="images", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_site", "0008_site_settings_logo_and_accent"),
        ("accounts", "0002_practice_manager_group"),
        ("images", "0002_staff_group_image_permissions"),
    ]

    operations = [migrations.RunPython(permissions_grant, permissions_revoke)]
