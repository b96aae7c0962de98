"""What the review screen shows: the change as visitors will read it.

Text is rendered as the site renders it (Markdown through clinic_site.markdown, plain text as
paragraphs) and compared there (editorial.rendered_diff), so a reviewer reads "Time:" in bold,
not `**Time:**`. A kind's children (a page's FAQ entries) are listed only when they changed; the
rest are counted. Everything else (an address, a menu place, a date) is the kind's own
comparison (EditorialAdmin.changes_compare), and the Markdown source comparison stays one click
away for editors who want it.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from clinic_site.markdown import markdown_render

from .rendered_diff import html_changed, html_compare, inline_compare, text_html

INLINE, MARKDOWN, TEXT = "inline", "markdown", "text"


@dataclass(frozen=True)
class ReviewChildren:
    """How a kind's children sit in its content: a list of dicts under `field`, each known
    across versions by `key`, shown as a one-line `title` and a Markdown `text`."""

    field: str
    key: str
    title: str
    text: str
    singular: str
    plural: str


@dataclass
class RenderedChange:
    label: str
    html: SafeString
    state: str  # "changed", "added", "removed" or "new" (the whole record is new)
    inline: bool = False


@dataclass
class ChildChange:
    title_html: SafeString
    text_html: SafeString
    state: str  # "changed", "added" or "removed"


@dataclass
class RenderedReview:
    fields: list[RenderedChange] = field(default_factory=list)
    children: list[ChildChange] = field(default_factory=list)
    children_unchanged: int = 0
    children_reordered: bool = False
    children_titles: list[str] = field(default_factory=list)  # the draft's, in its order
    children_spec: ReviewChildren | None = None
    # The kind's own comparison of everything not shown rendered (editorial.history).
    other: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.fields or self.children or self.children_reordered or self.other)


def fields_get(*, model, keys, markdown: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """The text fields among a content's keys, in its order: (key, label, how it renders)."""
    by_attname = {model_field.attname: model_field for model_field in model._meta.concrete_fields}
    found = []
    for key in keys:
        model_field = by_attname.get(key)
        if model_field is None:
            continue
        label = capfirst(str(model_field.verbose_name))
        if isinstance(model_field, models.TextField):
            found.append((key, label, MARKDOWN if key in markdown else TEXT))
        elif type(model_field) is models.CharField and not model_field.choices:
            found.append((key, label, INLINE))
    return found


def html_get(text: str, how: str) -> str:
    if how == MARKDOWN:
        return markdown_render(text=text or "")
    return text_html(text)


def field_render(*, label: str, how: str, old, new, is_new: bool) -> RenderedChange | None:
    old, new = old or "", new or ""
    if old == new and not is_new:
        return None
    if how == INLINE:
        if is_new:
            return RenderedChange(label, inline_compare(old=new, new=new), "new", inline=True)
        state = "added" if not old else "removed" if not new else "changed"
        return RenderedChange(label, inline_compare(old=old, new=new), state, inline=True)
    new_html = html_get(new, how)
    if is_new:
        return RenderedChange(label, html_compare(old=new_html, new=new_html), "new")
    old_html = html_get(old, how)
    if not html_changed(old=old_html, new=new_html):
        return None  # a change that renders the same (spacing in the source)
    state = "added" if not old else "removed" if not new else "changed"
    if state == "removed":
        # What is gone, marked as removed, since the draft shows nothing.
        return RenderedChange(label, html_compare(old=old_html, new=""), state)
    return RenderedChange(label, html_compare(old=old_html, new=new_html), state)


def children_compare(*, old: list[dict], new: list[dict], spec: ReviewChildren):
    """The children that were added, removed or changed (in the draft's order, removed ones
    after), and how many are the same."""
    old_by_key = {child[spec.key]: child for child in old}
    new_keys = {child[spec.key] for child in new}
    changes, unchanged = [], 0
    for child in new:
        before = old_by_key.get(child[spec.key])
        title, text = child.get(spec.title, ""), child.get(spec.text, "")
        if before is None:
            changes.append(
                ChildChange(
                    inline_compare(old="", new=title),
                    html_compare(old="", new=markdown_render(text=text)),
                    "added",
                )
            )
            continue
        old_title, old_text = before.get(spec.title, ""), before.get(spec.text, "")
        old_html, new_html = markdown_render(text=old_text), markdown_render(text=text)
        if old_title == title and not html_changed(old=old_html, new=new_html):
            unchanged += 1
            continue
        changes.append(
            ChildChange(
                inline_compare(old=old_title, new=title),
                html_compare(old=old_html, new=new_html),
                "changed",
            )
        )
    for child in old:
        if child[spec.key] not in new_keys:
            changes.append(
                ChildChange(
                    inline_compare(old=child.get(spec.title, ""), new=""),
                    html_compare(old=markdown_render(text=child.get(spec.text, "")), new=""),
                    "removed",
                )
            )
    return changes, unchanged


def review_render(
    *,
    model,
    old: dict,
    new: dict,
    markdown: tuple[str, ...] = (),
    children: ReviewChildren | None = None,
    other_compare=None,
    not_text: tuple[str, ...] = (),
) -> RenderedReview:
    """The change from `old` to `new` (two contents of a record) as visitors will read it;
    everything is new when `old` is empty. `other_compare(old=, new=)` compares what is left,
    with the fields in `not_text`: short text fields that visitors do not read as words (an
    accent colour)."""
    is_new = not old
    keys = [key for key in dict.fromkeys([*new, *old]) if key not in not_text]
    rendered = RenderedReview(children_spec=children)
    text_fields = fields_get(model=model, keys=keys, markdown=markdown)
    for key, label, how in text_fields:
        change = field_render(
            label=label, how=how, old=old.get(key), new=new.get(key), is_new=is_new
        )
        if change is not None:
            rendered.fields.append(change)
    shown = {key for key, _label, _how in text_fields}
    if children is not None:
        shown.add(children.field)
        old_children, new_children = old.get(children.field) or [], new.get(children.field) or []
        rendered.children, rendered.children_unchanged = children_compare(
            old=old_children, new=new_children, spec=children
        )
        rendered.children_reordered = order_changed(
            old=[child[children.key] for child in old_children],
            new=[child[children.key] for child in new_children],
        )
        rendered.children_titles = [child.get(children.title, "") for child in new_children]
    if other_compare is not None:
        rest_old = {key: value for key, value in old.items() if key not in shown}
        rest_new = {key: value for key, value in new.items() if key not in shown}
        rendered.other = other_compare(old=rest_old, new=rest_new)
    return rendered


def order_changed(*, old: list, new: list) -> bool:
    """Whether the children both versions have come in a different order."""
    both = set(old) & set(new)
    return [key for key in old if key in both] != [key for key in new if key in both]
