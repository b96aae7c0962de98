"""The home page's text as the template had it becomes its record, live, with a first revision;
editors may change it (as a draft) and clinical reviewers publish it, as for pages."""

from django.db import migrations

from content.home_seed import HOME_PAGE_SEED

EDITOR_PERMISSIONS = ["change_homepage", "view_homepage"]
GROUPS = {"Content editor": EDITOR_PERMISSIONS, "Clinical reviewer": EDITOR_PERMISSIONS}


def home_page_seed(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("content")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="content", codename__in=codenames)
        )

    HomePage = apps.get_model("content", "HomePage")
    Revision = apps.get_model("editorial", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    home_type, _ = ContentType.objects.get_or_create(app_label="content", model="homepage")
    home, created = HomePage.objects.get_or_create(pk=1, defaults=HOME_PAGE_SEED)
    if created:
        revision = Revision.objects.create(
            content_type=home_type,
            object_id="1",
            content=dict(HOME_PAGE_SEED),
            object_str="Home page",
            note="The text of templates/content/home.html when the home page became a record",
        )
        HomePage.objects.filter(pk=1).update(latest_revision=revision, live_revision=revision)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0010_home_page_record"),
        ("editorial", "0001_revisions_reviews_events"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(home_page_seed, migrations.RunPython.noop)]
