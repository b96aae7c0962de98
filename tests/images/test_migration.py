"""Migration images 0003: an image's words join the editorial workflow, and what visitors see
stays live as each image's live revision.

It runs in a database of its own, in a separate process (tests/support/migrations.py says why).
"""

from tests.support.migrations import migration_script_run

# Run by `manage.py shell` in the migration's own database (tests/support/migrations.py).
SCRIPT = r"""
from images.models import Image

BEFORE = [("images", "0002_staff_group_image_permissions")]


def old_images_make(apps) -> dict:
    # Two images as the library kept them before: words on the row, no revisions.
    Image = apps.get_model("images", "Image")
    room = Image.objects.create(
        title="Treatment room",
        file="images/0123456789abcdef0123456789abcdef.jpg",
        width=700,
        height=525,
        alt_text="A reclining chair by a window.",
        caption="Our quiet room.",
        credit="Jo Lee",
    )
    line = Image.objects.create(
        title="Divider",
        file="images/fedcba9876543210fedcba9876543210.png",
        width=800,
        height=4,
        decorative=True,
    )
    return {"room": room.pk, "line": line.pk}


executor = migrate(BEFORE)
made = old_images_make(executor.loader.project_state(BEFORE).apps)
migrate_to_latest()

room = Image.objects.get(pk=made["room"])
assert (room.alt_text, room.caption, room.credit) == (
    "A reclining chair by a window.", "Our quiet room.", "Jo Lee"
), "visitors keep the words they saw"
assert not room.has_unpublished_changes and room.draft_object is room
assert room.live_revision == room.latest_revision
assert room.live_revision.content == {
    "alt_text": "A reclining chair by a window.",
    "decorative": False,
    "caption": "Our quiet room.",
    "credit": "Jo Lee",
}
assert list(room.revisions) == [room.live_revision]
line = Image.objects.get(pk=made["line"])
assert line.decorative and line.live_revision.content["decorative"] is True
print("MIGRATED")
"""


def test_existing_images_keep_their_words_live_as_their_first_revision(migration_database_url):
    migration_script_run(script=SCRIPT, database_url=migration_database_url)
