"""Migration screener 0005: the guidance admin's django-reversion history becomes editorial
revisions, and each text's live revision is what visitors see.

It runs in a database of its own, in a separate process (tests/support/migrations.py says why).
"""

from tests.support.migrations import migration_script_run

# Run by `manage.py shell` in the migration's own database (tests/support/migrations.py).
SCRIPT = r"""
from screener.models import FactorGuidance

BEFORE = [("screener", "0004_guidance_corrections_from_clinical_review")]
REVERSION = ("reversion", "0002_add_index_on_version_for_content_type_and_db")


def old_history_make(apps) -> dict:
    # A guidance text edited in the old admin: django-reversion kept its earlier version.
    User = apps.get_model("auth", "User")
    FactorGuidance = apps.get_model("screener", "FactorGuidance")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    Reversion = apps.get_model("reversion", "Revision")
    rita = User.objects.create(username="rita-migrated")
    # The texts come from the files after `migrate` (post_migrate), which a bare migration to
    # the release before does not run: the text as that release kept it.
    row, _ = FactorGuidance.objects.get_or_create(
        factor="mood", defaults={"title": "Your mood", "why_it_matters": "Why it matters."}
    )
    revision = Reversion.objects.create(
        date_created=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        comment="Changed why it matters.",
        user=rita,
    )
    fields = {"factor": "mood", "title": "Your mood, as it was", "why_it_matters": "Older text."}
    guidance_type, _ = ContentType.objects.get_or_create(
        app_label="screener", model="factorguidance"
    )
    Version.objects.create(
        revision=revision,
        object_id=str(row.pk),
        content_type=guidance_type,
        db="default",
        format="json",
        serialized_data=json.dumps([{"model": "screener.factorguidance", "fields": fields}]),
        object_repr="Your mood, as it was",
    )
    return {"mood": row.pk, "title": row.title, "rita": rita.pk}


executor = migrate([*BEFORE, REVERSION])
made = old_history_make(executor.loader.project_state([*BEFORE, REVERSION]).apps)
migrate_to_latest()

mood = FactorGuidance.objects.get(pk=made["mood"])
assert mood.title == made["title"], "visitors keep what they saw"
assert not mood.has_unpublished_changes
assert mood.live_revision.content["title"] == made["title"]
old, live = mood.revisions.order_by("pk")
assert old.content["title"] == "Your mood, as it was" and old.user_id == made["rita"]
assert old.note == "Changed why it matters."
assert live == mood.live_revision
assert FactorGuidance.objects.exclude(live_revision=None).count() == (
    FactorGuidance.objects.count()
), "every text has its live revision"
guidance_type = ContentType.objects.get_for_model(FactorGuidance)
assert not Version.objects.filter(content_type=guidance_type).exists(), (
    "no guidance version is left where django-reversion's screens could revert it (F3)"
)
print("MIGRATED")
"""


def test_the_guidance_history_moves_to_editorial_and_leaves_django_reversion(
    migration_database_url,
):
    migration_script_run(script=SCRIPT, database_url=migration_database_url)
