"""What changed between two contents of a record: the word-level comparison every review and
history screen shows, for every kind of content.

A kind names the fields it compares and how a value reads (`fields_compare`); children, such as
a page's FAQ entries, the kind compares itself with `text_diff`.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .models import Revision

TOKEN_PATTERN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str
    # A colour the value is (an accent colour), shown as a small square beside its text.
    swatch: str = ""


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


def fields_compare(
    *,
    old: dict,
    new: dict,
    fields: list[tuple[str, str]],
    long_text: set[str],
    value_text: Callable[..., str],
    value_swatch: Callable[..., str] | None = None,
) -> list[FieldChange]:
    """List what differs between two contents, field by field in `fields` (name, label): long
    text word by word, other values as old → new. Everything is new when `old` is empty.
    `value_swatch` gives the colour a value is, if any, to show beside it."""

    def swatch(name: str, value) -> str:
        return value_swatch(name=name, value=value) if value_swatch else ""

    changes = []
    for name, label in fields:
        before, after = old.get(name), new.get(name)
        if isinstance(before, list) or isinstance(after, list):
            before, after = sorted(before or []), sorted(after or [])
        if before == after:
            continue
        if name in long_text:
            blocks = text_diff(old=before or "", new=after or "")
        else:
            removed = Segment("delete", value_text(name=name, value=before), swatch(name, before))
            added = Segment("insert", value_text(name=name, value=after), swatch(name, after))
            both = [removed, Segment("equal", " → "), added]
            blocks = [DiffBlock(segments=both if old else [added])]
        changes.append(FieldChange(label=label, blocks=blocks))
    return changes


def revision_previous(*, revision: Revision) -> Revision | None:
    return (
        Revision.objects.filter(
            content_type=revision.content_type_id,
            object_id=revision.object_id,
            pk__lt=revision.pk,
        )
        .order_by("-pk")
        .first()
    )
