"""The header's fixed menu items become menu links with the words they had, in English and
Spanish, plus the clinic's three pages (issue 28); editors and clinical reviewers may rename them
as drafts (publishing needs content.publish_page, as for pages)."""

from django.db import migrations

from navigation.seed import MENU_LINK_SEED

CODENAMES = ["change_menulink", "view_menulink"]
GROUPS = ["Content editor", "Clinical reviewer"]


def menu_links_seed(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("navigation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="navigation", codename__in=CODENAMES
    )
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)

    MenuLink = apps.get_model("navigation", "MenuLink")
    for entry in MENU_LINK_SEED:
        for language, label in entry["labels"].items():
            MenuLink.objects.get_or_create(
                destination=entry["destination"],
                language=language,
                defaults={"label": label, "nav_order": entry["nav_order"]},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("navigation", "0001_menu_links"),
        ("content", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(menu_links_seed, migrations.RunPython.noop)]
