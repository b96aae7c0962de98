"""Record, for each Spanish page that exists, the English revision its live text was written
against: the English version that was live when that text was saved.

Why not simply mark every pair as up to date: the issue that asked for this found a Spanish page
("What to expect") still saying what its English page no longer says. Marking today's pairs up to
date would hide exactly that drift, and a Spanish page wrongly flagged costs a reviewer one look
at the English changes, where a missed one leaves patients reading outdated advice. So a pair is
flagged when its English page was published with a change to its words after the Spanish text
was written; an English revision that changed no words (a review date, a menu place) flags
nothing, because the flag compares the words (content/translations.py).

When the Spanish text was written: the earliest revision of the Spanish page whose words are
those of its live version (a review date or menu move later copies them without rewriting),
else the row's creation. Which English version was live then: the revision of the English
page's last "created", "published" or "reviewed" step at or before that time, else its first
revision (made from what visitors saw before its first change).
"""

from django.db import migrations

TRANSLATED_FIELDS = ("title", "nav_title", "summary", "body")
LIVE_STEPS = ["created", "published", "edited_and_published", "reviewed"]


def words(content: dict) -> tuple:
    entries = sorted(content.get("faq_entries", []), key=lambda e: (e["order"], e["anchor"]))
    return (
        tuple((content.get(name) or "").strip() for name in TRANSLATED_FIELDS),
        tuple((entry["question"], entry["answer"].strip()) for entry in entries),
    )


def basis_record(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("content", "Page")
    Revision = apps.get_model("editorial", "Revision")
    Event = apps.get_model("editorial", "Event")
    page_type = ContentType.objects.filter(app_label="content", model="page").first()
    if page_type is None:
        return  # a new database: the loader records it as it creates the pages
    spanish_pages = Page.objects.exclude(language="en").exclude(translation_of=None)
    for page in spanish_pages.select_related("live_revision", "latest_revision"):
        own = Revision.objects.filter(content_type=page_type, object_id=str(page.pk))
        current = page.live_revision or page.latest_revision
        written_at = page.created_at
        if current is not None:
            same = [r for r in own.order_by("pk") if words(r.content) == words(current.content)]
            written_at = (same[0] if same else current).created_at
        english = {"content_type": page_type, "object_id": str(page.translation_of_id)}
        step = (
            Event.objects.filter(**english, action__in=LIVE_STEPS, at__lte=written_at)
            .exclude(revision=None)
            .order_by("-at", "-pk")
            .first()
        )
        basis = step.revision_id if step else None
        if basis is None:
            first = Revision.objects.filter(**english).order_by("pk").first()
            basis = first.pk if first else None
        if basis is not None:
            Page.objects.filter(pk=page.pk).update(translated_from_revision_id=basis)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0013_page_translated_from_revision"),
        ("editorial", "0001_revisions_reviews_events"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(basis_record, migrations.RunPython.noop)]
