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

from .models import FAQEntry, Page, page_redirects_update

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
    ("status", "Status"),
    ("publish_at", "Publish at"),
    ("last_reviewed", "Last reviewed"),
    ("review_interval_months", "Review every (months)"),
]
# Fields a reviewer controls: reverting on behalf of an editor leaves them as they are now.
REVIEWER_FIELDS = ["status", "publish_at", "last_reviewed", "review_interval_months"]


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


def faq_entries_in(*, version: Version, page_id: int) -> dict[int, dict]:
    """The FAQ entries saved with a page version, by id."""
    content_type = ContentType.objects.get_for_model(FAQEntry)
    entries = {}
    for entry_version in version.revision.version_set.filter(content_type=content_type):
        values = entry_version.field_dict
        if values.get("page_id") == page_id:
            entries[int(entry_version.object_id)] = values
    return entries


def faq_entry_text(values: dict) -> str:
    return f"{values['question']}\n\n{values['answer']}"


def version_compare(*, old: Version | None, new: Version, page_id: int) -> list[FieldChange]:
    """List what differs between two versions of a page; everything, for the first version."""
    old_values = old.field_dict if old else {}
    new_values = new.field_dict
    changes = []
    for name, label in COMPARED_FIELDS:
        before, after = old_values.get(name), new_values.get(name)
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

    old_entries = faq_entries_in(version=old, page_id=page_id) if old else {}
    new_entries = faq_entries_in(version=new, page_id=page_id)
    for entry_id in sorted(set(old_entries) | set(new_entries)):
        before, after = old_entries.get(entry_id), new_entries.get(entry_id)
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


def page_versions(*, page: Page):
    """A page's versions, newest first."""
    return (
        Version.objects.get_for_object(page)
        .select_related("revision", "revision__user")
        .order_by("-pk")
    )


def version_previous(*, version: Version, page: Page) -> Version | None:
    return page_versions(page=page).filter(pk__lt=version.pk).order_by("-pk").first()


def page_revert(*, page: Page, version: Version, user, keep_reviewer_fields: bool) -> Page:
    """Restore a page and its FAQ entries to a saved version, recorded as a new revision.

    Only this page changes, even if other pages were saved in the same revision. An editor's
    revert keeps the page's current status and review dates, which only reviewers may change.
    """
    current = {name: getattr(page, name) for name in REVIEWER_FIELDS}
    previous_slug = page.slug
    entry_versions = faq_entries_in(version=version, page_id=page.pk)
    saved_on = date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"Reverted to the version saved on {saved_on}")
        page.faq_entries.exclude(pk__in=list(entry_versions)).delete()
        version.revert()
        content_type = ContentType.objects.get_for_model(FAQEntry)
        for entry_version in version.revision.version_set.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in entry_versions]
        ):
            entry_version.revert()
        restored = Page.objects.get(pk=page.pk)
        if keep_reviewer_fields:
            for name, value in current.items():
                setattr(restored, name, value)
        # The revert wrote stored fields as they were; saving renders the text afresh.
        restored.save()
        page_redirects_update(page=restored, previous_slug=previous_slug)
        for entry in restored.faq_entries.all():
            entry.save()
    return restored
