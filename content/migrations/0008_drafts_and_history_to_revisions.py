"""Move drafts, reviews and history onto editorial's revisions, reviews and events.

- Every version django-reversion kept of a page (with its FAQ entries) becomes a revision of
  that page, a deleted page's too (that is how it is recovered); a working draft's versions
  belong to its live page. Those versions then leave django-reversion, whose admin screens
  could otherwise put one live outside review (security review F3).
- Each page's current row becomes its live revision (or its draft, if never published).
- Each working draft (a second Page row pointing at its live page) becomes the live page's
  latest revision, with its review; then the draft row goes.
- Page events become editorial events.
"""

import json

from django.db import migrations

CONTENT_FIELDS = [
    "title", "slug", "language", "translation_of", "nav_title", "summary", "body", "layout",
    "parent", "show_in_nav", "nav_order", "last_reviewed", "review_interval_months",
]  # fmt: skip
ENTRY_FIELDS = ["question", "anchor", "answer", "order"]


def row_content(page, FAQEntry) -> dict:
    content = {}
    for name in CONTENT_FIELDS:
        attname = f"{name}_id" if name in ("translation_of", "parent") else name
        value = getattr(page, attname)
        content[attname] = value.isoformat() if hasattr(value, "isoformat") else value
    content["related_pages"] = sorted(page.related_pages.values_list("pk", flat=True))
    entries = FAQEntry.objects.filter(page_id=page.pk).order_by("order", "anchor")
    content["faq_entries"] = [{name: getattr(e, name) for name in ENTRY_FIELDS} for e in entries]
    return content


def version_content(fields: dict, entries: list[dict]) -> dict:
    content = {}
    for name in CONTENT_FIELDS:
        attname = f"{name}_id" if name in ("translation_of", "parent") else name
        content[attname] = fields.get(name)
    content["related_pages"] = sorted(fields.get("related_pages") or [])
    content["faq_entries"] = sorted(
        ({name: entry.get(name) for name in ENTRY_FIELDS} for entry in entries),
        key=lambda entry: (entry["order"] or 0, entry["anchor"] or ""),
    )
    return content


def reversion_history_move(apps, page_type, faq_type, Revision) -> None:
    if not apps.is_installed("reversion"):
        return
    Version = apps.get_model("reversion", "Version")
    versions = Version.objects.filter(content_type__in=[page_type, faq_type]).select_related(
        "revision"
    )
    entries_by_revision: dict[tuple[int, str], list[dict]] = {}
    page_versions = []
    for version in versions.order_by("pk"):
        try:
            fields = json.loads(version.serialized_data)[0]["fields"]
        except (ValueError, LookupError, TypeError):
            continue
        if version.content_type_id == faq_type.pk:
            key = (version.revision_id, str(fields.get("page")))
            entries_by_revision.setdefault(key, []).append(fields)
        else:
            page_versions.append((version, fields))
    for version, fields in page_versions:
        revision = version.revision
        comment = revision.comment or ""
        source = ""
        if comment.startswith("Loaded from content/pages/"):
            source = comment.removeprefix("Loaded from content/pages/")
        owner = fields.get("live_page") or version.object_id
        entries = entries_by_revision.get((version.revision_id, str(version.object_id)), [])
        published = fields.get("status") == "published" and not fields.get("live_page")
        Revision.objects.create(
            content_type=page_type,
            object_id=str(owner),
            content=version_content(fields, entries),
            object_str=(fields.get("title") or version.object_repr or "")[:255],
            user_id=revision.user_id,
            created_at=revision.date_created,
            note=comment[:255],
            source=source,
            published_at=revision.date_created if published else None,
            published_by_id=revision.user_id if published else None,
        )
    Version.objects.filter(content_type__in=[page_type, faq_type]).delete()
    Reversion = apps.get_model("reversion", "Revision")
    Reversion.objects.filter(version__isnull=True).delete()


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("content", "Page")
    FAQEntry = apps.get_model("content", "FAQEntry")
    PageReview = apps.get_model("content", "PageReview")
    PageEvent = apps.get_model("content", "PageEvent")
    Revision = apps.get_model("editorial", "Revision")
    Review = apps.get_model("editorial", "Review")
    Event = apps.get_model("editorial", "Event")
    page_type, _ = ContentType.objects.get_or_create(app_label="content", model="page")
    faq_type, _ = ContentType.objects.get_or_create(app_label="content", model="faqentry")

    reversion_history_move(apps, page_type, faq_type, Revision)

    def revision_new(*, page_id: int, content: dict, row, note: str, published: bool):
        return Revision.objects.create(
            content_type=page_type,
            object_id=str(page_id),
            content=content,
            object_str=content["title"][:255],
            user_id=row.changed_by_id,
            created_at=row.updated_at,
            note=note,
            published_at=row.updated_at if published else None,
        )

    for page in Page.objects.filter(live_page__isnull=True).order_by("pk"):
        content = row_content(page, FAQEntry)
        live = page.status == "published"
        last = Revision.objects.filter(content_type=page_type, object_id=str(page.pk))
        last = last.order_by("-pk").first()
        if last is None or last.content != content:
            note = "The page as it was when drafts became revisions"
            last = revision_new(
                page_id=page.pk, content=content, row=page, note=note, published=live
            )
        Page.objects.filter(pk=page.pk).update(
            latest_revision=last,
            live_revision=last if live else None,
            has_unpublished_changes=not live,
        )

    for draft in Page.objects.filter(live_page__isnull=False).order_by("pk"):
        content = row_content(draft, FAQEntry)
        revision = revision_new(
            page_id=draft.live_page_id,
            content=content,
            row=draft,
            note="A draft waiting when drafts became revisions",
            published=False,
        )
        Page.objects.filter(pk=draft.live_page_id).update(
            latest_revision=revision, has_unpublished_changes=True
        )

    for review in PageReview.objects.select_related("draft"):
        page_id = review.draft.live_page_id or review.draft_id
        page = Page.objects.get(pk=page_id)
        Review.objects.create(
            content_type=page_type,
            object_id=str(page_id),
            revision_id=page.latest_revision_id,
            state=review.state,
            note=review.note,
            comment=review.comment,
            submitted_by_id=review.submitted_by_id,
            submitted_at=review.submitted_at,
            decided_by_id=review.decided_by_id,
            decided_at=review.decided_at,
            scheduled_for=review.scheduled_for,
        )

    for event in PageEvent.objects.select_related("page").order_by("pk"):
        Event.objects.create(
            content_type=page_type,
            object_id=str(event.page.live_page_id or event.page_id),
            action=event.action,
            user_id=event.user_id,
            at=event.at,
            note=event.note,
        )

    Page.objects.filter(live_page__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0007_page_revision_pointers"),
        ("editorial", "0001_revisions_reviews_events"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
