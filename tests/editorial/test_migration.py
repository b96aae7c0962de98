"""Migration 0008: pages, drafts in flight, reviews and history move onto editorial revisions.

It runs in a database of its own, in a separate process (tests/support/migrations.py says why).
"""

from tests.support.migrations import migration_script_run

# Run by `manage.py shell` in the migration's own database (tests/support/migrations.py).
SCRIPT = r"""
from content.models import Page
from editorial.models import Event, Review

BEFORE = [("content", "0006_alter_pageredirect_options_and_more")]
REVERSION = ("reversion", "0002_add_index_on_version_for_content_type_and_db")


def old_pages_make(apps) -> dict:
    # A live FAQ page with a draft waiting (sent for review), a page never published, their
    # events, and the version django-reversion kept of the live page, as the old release left them.
    User = apps.get_model("auth", "User")
    Page = apps.get_model("content", "Page")
    FAQEntry = apps.get_model("content", "FAQEntry")
    PageReview = apps.get_model("content", "PageReview")
    PageEvent = apps.get_model("content", "PageEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    Reversion = apps.get_model("reversion", "Revision")
    eddie = User.objects.create(username="eddie-migrated")
    common = {"summary": "A page.", "last_reviewed": datetime.date(2026, 1, 1), "layout": "faq"}
    live = Page.objects.create(
        title="Travel", slug="travel", body="Live text.\n", status="published", **common
    )
    FAQEntry.objects.create(page=live, question="Bus?", anchor="bus", answer="Yes.", order=10)
    draft = Page.objects.create(
        title="Travel",
        slug="travel",
        body="Draft text about a narwhal.\n",
        status="draft",
        live_page=live,
        changed_by=eddie,
        **common,
    )
    FAQEntry.objects.create(page=draft, question="Bus?", anchor="bus", answer="No.", order=10)
    PageReview.objects.create(draft=draft, state="submitted", note="Check it", submitted_by=eddie)
    PageEvent.objects.create(page=live, action="draft_saved", user=eddie)
    PageEvent.objects.create(page=live, action="submitted", user=eddie, note="Check it")
    never = Page.objects.create(
        title="Parking", slug="parking", body="Planned.\n", status="draft", **common
    )
    page_type = ContentType.objects.get(app_label="content", model="page")
    revision = Reversion.objects.create(
        date_created=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        comment="Loaded from content/pages/travel.md",
    )
    fields = {"title": "Travel", "slug": "travel", "body": "Loaded text.\n", "status": "published"}
    Version.objects.create(
        revision=revision,
        object_id=str(live.pk),
        content_type=page_type,
        db="default",
        format="json",
        serialized_data=json.dumps([{"model": "content.page", "pk": live.pk, "fields": fields}]),
        object_repr="Travel",
    )
    return {"live": live.pk, "never": never.pk, "eddie": eddie.pk}


executor = migrate([*BEFORE, REVERSION])
state = executor.loader.project_state([*BEFORE, REVERSION])
made = old_pages_make(state.apps)
migrate_to_latest()

assert Page.objects.filter(slug="travel").count() == 1, "one row a page"
page = Page.objects.get(pk=made["live"])
assert page.is_live and page.body == "Live text.\n", "visitors keep the live text"
assert page.faq_entries.get().answer == "Yes."
assert page.has_unpublished_changes
draft = page.draft_object
assert draft.body == "Draft text about a narwhal.\n"
assert [entry.answer for entry in draft.entries] == ["No."]
assert page.latest_revision.user_id == made["eddie"]

review = Review.objects.get(object_id=str(page.pk))
assert review.state == Review.State.SUBMITTED and review.note == "Check it"
assert review.revision == page.latest_revision
assert list(page.events.order_by("pk").values_list("action", flat=True)) == [
    Event.Action.DRAFT_SAVED,
    Event.Action.SUBMITTED,
]
history = list(page.revisions.order_by("pk"))
assert history[0].content["body"] == "Loaded text.\n", "django-reversion's versions move"
assert history[0].source == "travel.md"
assert page.live_revision.content["body"] == "Live text.\n"

never = Page.objects.get(pk=made["never"])
assert not never.is_live and never.has_unpublished_changes
assert never.latest_revision.content["body"] == "Planned.\n"

page_type = ContentType.objects.get_for_model(Page)
assert not Version.objects.filter(content_type=page_type).exists(), (
    "no page version is left where django-reversion's screens could revert it (F3)"
)
assert page.revisions.count() == 3, "the kept version, the live page and the draft"
print("MIGRATED")
"""


def test_the_migration_moves_a_page_with_a_draft_in_flight_without_losing_it(
    migration_database_url,
):
    migration_script_run(script=SCRIPT, database_url=migration_database_url)
