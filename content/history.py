"""Revision history of pages: what changed between two versions, and reverting to one."""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from .models import FAQEntry, Page, PageEvent
from .workflow import (
    draft_create,
    draft_for,
    draft_saved,
    event_record,
    page_content_write,
    page_entries,
    page_values,
)

TOKEN_PATTERN = re.compile(r"\s+|[^\s]+")
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
]


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class DiffBlock:
    segments: list[Segment] = field(default_factory=list)
    skipped: int = 0  # a run of unchanged paragraphs, shown as a count


@dataclass
class FieldChange:
    label: str
    blocks: list[DiffBlock]


def words_diff(*, old: str, new: str) -> list[Segment]:
    """Mark inserted and deleted words between two versions of a paragraph."""
    old_tokens, new_tokens = TOKEN_PATTERN.findall(old), TOKEN_PATTERN.findall(new)
    matcher = SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    segments = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", "".join(old_tokens[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(old_tokens[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", "".join(new_tokens[j1:j2])))
    return segments


def text_diff(*, old: str, new: str) -> list[DiffBlock]:
    """Compare paragraph by paragraph; unchanged paragraphs collapse to a count."""
    old, new = (text.replace("\r\n", "\n") for text in (old, new))
    old_paragraphs = [part for part in re.split(r"\n\s*\n", old.strip()) if part]
    new_paragraphs = [part for part in re.split(r"\n\s*\n", new.strip()) if part]
    matcher = SequenceMatcher(a=old_paragraphs, b=new_paragraphs, autojunk=False)
    blocks = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks.append(DiffBlock(skipped=i2 - i1))
        elif tag == "replace" and i2 - i1 == j2 - j1:
            pairs = zip(old_paragraphs[i1:i2], new_paragraphs[j1:j2], strict=True)
            blocks.extend(
                DiffBlock(segments=words_diff(old=old_part, new=new_part))
                for old_part, new_part in pairs
            )
        else:
            blocks.extend(
                DiffBlock(segments=[Segment("delete", part)]) for part in old_paragraphs[i1:i2]
            )
            blocks.extend(
                DiffBlock(segments=[Segment("insert", part)]) for part in new_paragraphs[j1:j2]
            )
    return blocks


def value_text(*, name: str, value) -> str:
    """Show a stored value the way staff know it: titles for pages, words for choices."""
    if value is None or value == "":
        return "(none)"
    if name == "parent_id":
        title = Page.objects.filter(pk=value).values_list("title", flat=True).first()
        return title or f"(deleted page {value})"
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
    return str(value)


def faq_entries_in(*, version: Version, page_id: int) -> dict[str, dict]:
    """The FAQ entries saved with a page version, by anchor."""
    content_type = ContentType.objects.get_for_model(FAQEntry)
    entries = {}
    for entry_version in version.revision.version_set.filter(content_type=content_type):
        values = entry_version.field_dict
        if values.get("page_id") == page_id:
            entries[values["anchor"]] = values
    return entries


def faq_entry_text(values: dict) -> str:
    return f"{values['question']}\n\n{values['answer']}"


def values_compare(
    *, old: dict, new: dict, old_entries: dict[str, dict], new_entries: dict[str, dict]
) -> list[FieldChange]:
    """List what differs between two states of a page (a saved version, or a live page and its
    draft), each given as field values by attribute name and FAQ entries by anchor."""
    changes = []
    for name, label in COMPARED_FIELDS:
        before, after = old.get(name), new.get(name)
        if name == "related_pages":
            before, after = sorted(before or []), sorted(after or [])
        if before == after:
            continue
        if name in ("body", "summary", "title", "nav_title"):
            blocks = text_diff(old=before or "", new=after or "")
        else:
            blocks = [
                DiffBlock(
                    segments=[
                        Segment("delete", value_text(name=name, value=before)),
                        Segment("equal", " → "),
                        Segment("insert", value_text(name=name, value=after)),
                    ]
                    if old
                    else [Segment("insert", value_text(name=name, value=after))]
                )
            ]
        changes.append(FieldChange(label=label, blocks=blocks))

    for anchor in sorted(set(old_entries) | set(new_entries)):
        before, after = old_entries.get(anchor), new_entries.get(anchor)
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


def version_compare(*, old: Version | None, new: Version, page_id: int) -> list[FieldChange]:
    """List what differs between two versions of a page; everything, for the first version."""
    return values_compare(
        old=old.field_dict if old else {},
        new=new.field_dict,
        old_entries=faq_entries_in(version=old, page_id=page_id) if old else {},
        new_entries=faq_entries_in(version=new, page_id=page_id),
    )


def draft_compare(*, live: Page | None, draft: Page) -> list[FieldChange]:
    """What publishing the draft would change for visitors; everything, for a new page."""
    return values_compare(
        old=page_values(page=live) if live else {},
        new=page_values(page=draft),
        old_entries=page_entries(page=live) if live else {},
        new_entries=page_entries(page=draft),
    )


def page_versions(*, page: Page):
    """A page's versions, newest first."""
    return (
        Version.objects.get_for_object(page)
        .select_related("revision", "revision__user")
        .order_by("-pk")
    )


def version_previous(*, version: Version, page: Page) -> Version | None:
    return page_versions(page=page).filter(pk__lt=version.pk).order_by("-pk").first()


def page_revert(*, page: Page, version: Version, user) -> Page:
    """Make an earlier version of a page its working draft, to be reviewed and published.

    Visitors keep seeing the live page until then. Only this page changes, even if other
    pages were saved in the same revision.
    """
    values = version.field_dict
    entries = faq_entries_in(version=version, page_id=page.pk)
    saved_on = date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"Restored the version saved on {saved_on}")
        draft = draft_for(page=page) or draft_create(live=page, user=user)
        page_content_write(
            target=draft,
            values=values,
            entries=sorted(entries.values(), key=lambda entry: (entry["order"], entry["anchor"])),
        )
        draft_saved(draft=draft, user=user)
        event_record(
            page=draft, action=PageEvent.Action.REVERTED, user=user, note=f"Saved on {saved_on}"
        )
    return draft
