"""Content editors, clinical reviewers and practice managers may add and change the clinic's team,
places and treatments (as drafts); publishing needs content.publish_page, as for pages."""

from django.db import migrations

CODENAMES = [
    f"{action}_{model}"
    for model in ("teammember", "place", "treatment")
    for action in ("add", "change", "view")
]
GROUPS = ["Content editor", "Clinical reviewer", "Practice manager"]


def permissions_grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("clinic")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="clinic", codename__in=CODENAMES
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0001_team_places_treatments"),
        ("accounts", "0002_practice_manager_group"),
        ("content", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(permissions_grant, migrations.RunPython.noop)]
