"""What changed between two versions of a page: its fields and its FAQ entries (the comparison
itself is editorial.history's, the same for every kind of content)."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format

from editorial.history import (
    DiffBlock,
    FieldChange,
    Segment,
    fields_compare,
    text_diff,
)
from editorial.models import Revision

from .models import Page

# Fields shown in a comparison, in form order, with the label staff see.
COMPARED_FIELDS = [
    ("title", "Title"),
    ("slug", "Address (slug)"),
    ("nav_title", "Short title"),
    ("summary", "Summary"),
    ("body", "Body"),
    ("layout", "Layout"),
    ("parent_id", "Section"),
    ("related_pages", "Related pages"),
    ("show_in_nav", "Show in main menu"),
    ("nav_order", "Order"),
    ("last_reviewed", "Last reviewed"),
    ("review_interval_months", "Review every (months)"),
    # A translation's: publishing a draft that follows a newer English clears "English changed".
    ("translated_from_revision_id", "Written beside the English version"),
]

LONG_TEXT = {"body", "summary", "title", "nav_title"}


def value_text(*, name: str, value) -> str:
    """Show a stored value the way staff know it: titles for pages, words for choices."""
    if value is None or value == "":
        return "(none)"
    if name == "parent_id":
        title = Page.objects.filter(pk=value).values_list("title", flat=True).first()
        return title or f"(deleted page {value})"
    if name == "translated_from_revision_id":
        saved = Revision.objects.filter(pk=value).values_list("created_at", flat=True).first()
        when = date_format(timezone.localtime(saved), "DATETIME_FORMAT") if saved else ""
        return f"saved {when}" if when else "(not known)"
    if name == "related_pages":
        titles = dict(Page.objects.filter(pk__in=value).values_list("pk", "title"))
        return ", ".join(titles.get(int(pk), f"(deleted page {pk})") for pk in value) or "(none)"
    if name == "status":
        return Page.Status(value).label
    if name == "layout":
        return Page.Layout(value).label
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "tzinfo"):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if hasattr(value, "isoformat"):
        return date_format(value, "DATE_FORMAT")
    if name == "last_reviewed":
        return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    return str(value)


def entries_by_anchor(content: dict) -> dict[str, dict]:
    """The FAQ entries of a revision's content, by anchor."""
    return {entry["anchor"]: entry for entry in content.get("faq_entries", [])}


def faq_entry_text(values: dict) -> str:
    return f"{values['question']}\n\n{values['answer']}"


def entries_compare(*, old: dict[str, dict], new: dict[str, dict]) -> list[FieldChange]:
    """What differs between two sets of FAQ entries, by anchor."""
    changes = []
    for anchor in sorted(set(old) | set(new)):
        before, after = old.get(anchor), new.get(anchor)
        if before and after:
            if faq_entry_text(before) == faq_entry_text(after):
                continue
            label = f"Question: {after['question']}"
            blocks = text_diff(old=faq_entry_text(before), new=faq_entry_text(after))
        elif after:
            label = f"Question added: {after['question']}"
            blocks = [DiffBlock(segments=[Segment("insert", faq_entry_text(after))])]
        else:
            label = f"Question removed: {before['question']}"
            blocks = [DiffBlock(segments=[Segment("delete", faq_entry_text(before))])]
        changes.append(FieldChange(label=label, blocks=blocks))
    return changes


def content_compare(*, old: dict, new: dict) -> list[FieldChange]:
    """List what differs between two contents of a page; everything, when `old` is empty."""
    return [
        *fields_compare(
            old=old,
            new=new,
            fields=COMPARED_FIELDS,
            long_text=LONG_TEXT,
            value_text=value_text,
        ),
        *entries_compare(old=entries_by_anchor(old), new=entries_by_anchor(new)),
    ]


def revision_compare(*, old: Revision | None, new: Revision) -> list[FieldChange]:
    """List what differs between two revisions of a page; everything, for the first one."""
    return content_compare(old=old.content if old else {}, new=new.content)


def draft_compare(*, live: Page | None, draft: Page) -> list[FieldChange]:
    """What publishing the draft would change for visitors; everything, for a new page."""
    return content_compare(
        old=live.revision_content() if live else {}, new=draft.revision_content()
    )
