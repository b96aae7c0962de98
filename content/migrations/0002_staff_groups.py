"""Create the two staff groups: editors write drafts, clinical reviewers also publish."""

from django.db import migrations

EDITOR_PERMISSIONS = [
    ("content", "page", "add_page"),
    ("content", "page", "change_page"),
    ("content", "page", "view_page"),
    ("content", "faqentry", "add_faqentry"),
    ("content", "faqentry", "change_faqentry"),
    ("content", "faqentry", "delete_faqentry"),
    ("content", "faqentry", "view_faqentry"),
    ("content", "pageredirect", "view_pageredirect"),
]
REVIEWER_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    ("content", "page", "delete_page"),
    ("content", "page", "publish_page"),
    ("content", "pageredirect", "add_pageredirect"),
    ("content", "pageredirect", "change_pageredirect"),
    ("content", "pageredirect", "delete_pageredirect"),
]
GROUPS = {"Content editor": EDITOR_PERMISSIONS, "Clinical reviewer": REVIEWER_PERMISSIONS}


def groups_create(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations run; make them now to assign them.
    app_config = apps.get_app_config("content")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, codename in codes:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename=codename,
                )
            )


def groups_delete(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(groups_create, groups_delete)]
