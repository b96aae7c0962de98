"""Load the page sources in content/pages/ into the database without trampling staff edits.

Each Markdown file holds one page: YAML front matter, then the body. The FAQ is one YAML file
holding the page's details and its list of questions. A page remembers which file it came from
and a fingerprint of what the loader wrote; if the page no longer matches that fingerprint,
staff have edited it in admin and the loader leaves it alone unless told to --force.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import reversion
import yaml
from django.db import transaction
from django.utils.text import slugify
from reversion.models import Version

from .models import FAQEntry, Page, page_slug_problem

PAGES_DIRECTORY = Path(__file__).resolve().parent / "pages"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

REQUIRED_FIELDS = {"title", "slug", "summary", "nav_order", "last_reviewed"}
OPTIONAL_FIELDS = {
    "nav_title",
    "show_in_nav",
    "parent",
    "related",
    "review_interval_months",
    "status",
}
FAQ_FIELDS = {"intro", "questions"}
QUESTION_FIELDS = {"question", "answer", "anchor"}


class SourceError(Exception):
    """A source file that cannot be loaded; the message names the problem."""


@dataclass
class FAQSource:
    question: str
    anchor: str
    answer: str
    order: int


@dataclass
class PageSource:
    path: str  # relative to the pages directory: the page's lasting identity
    title: str
    slug: str
    summary: str
    body: str
    nav_order: int
    last_reviewed: datetime.date
    nav_title: str = ""
    show_in_nav: bool = False
    parent: str = ""
    related: list[str] = field(default_factory=list)
    review_interval_months: int = 12
    status: str = Page.Status.PUBLISHED
    layout: str = Page.Layout.ARTICLE
    questions: list[FAQSource] = field(default_factory=list)


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def text_field(metadata: dict, name: str, *, max_length: int, required: bool = True) -> str:
    value = metadata.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise SourceError(f"'{name}' must be text, not {type(value).__name__}")
    value = value.strip()
    if required and not value:
        raise SourceError(f"'{name}' is empty")
    if len(value) > max_length:
        raise SourceError(f"'{name}' is {len(value)} characters long; the limit is {max_length}")
    return value


def integer_field(metadata: dict, name: str, *, default: int, low: int, high: int) -> int:
    value = metadata.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SourceError(f"'{name}' must be a whole number, not {value!r}")
    if not low <= value <= high:
        raise SourceError(f"'{name}' must be between {low} and {high}, not {value}")
    return value


def slug_field(value, *, name: str) -> str:
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        raise SourceError(
            f"'{name}' must be lower-case letters, digits and hyphens (like 'side-effects'), "
            f"not {value!r}"
        )
    return value


def metadata_read(metadata: dict, *, path: str, body: str, allowed: set[str]) -> PageSource:
    """Check the front matter field by field and build the page it describes."""
    unknown = sorted(set(metadata) - allowed)
    if unknown:
        raise SourceError(f"unknown field(s): {', '.join(unknown)}")
    missing = sorted(REQUIRED_FIELDS - set(metadata))
    if missing:
        raise SourceError(f"missing required field(s): {', '.join(missing)}")
    last_reviewed = metadata["last_reviewed"]
    if isinstance(last_reviewed, datetime.datetime) or not isinstance(last_reviewed, datetime.date):
        raise SourceError(f"'last_reviewed' must be a date like 2026-01-31, not {last_reviewed!r}")
    slug = slug_field(metadata["slug"], name="slug")
    slug_problem = page_slug_problem(slug=slug)
    if slug_problem:
        raise SourceError(f"slug '{slug}': {slug_problem}")
    related = metadata.get("related", [])
    if not isinstance(related, list):
        raise SourceError("'related' must be a list of page slugs")
    status = metadata.get("status", Page.Status.PUBLISHED)
    if status not in Page.Status.values:
        raise SourceError(f"'status' must be one of {', '.join(Page.Status.values)}")
    show_in_nav = metadata.get("show_in_nav", False)
    if not isinstance(show_in_nav, bool):
        raise SourceError("'show_in_nav' must be true or false")
    parent = metadata.get("parent") or ""
    if not body.strip():
        raise SourceError("the page has no body text")
    return PageSource(
        path=path,
        title=text_field(metadata, "title", max_length=120),
        slug=slug,
        summary=text_field(metadata, "summary", max_length=300),
        body=body.strip() + "\n",
        nav_order=integer_field(metadata, "nav_order", default=100, low=0, high=32767),
        last_reviewed=last_reviewed,
        nav_title=text_field(metadata, "nav_title", max_length=40, required=False),
        show_in_nav=show_in_nav,
        parent=slug_field(parent, name="parent") if parent else "",
        related=[slug_field(item, name="related") for item in related],
        review_interval_months=integer_field(
            metadata, "review_interval_months", default=12, low=1, high=60
        ),
        status=status,
    )


def page_source_read(*, path: Path, root: Path) -> PageSource:
    """Read one Markdown page; raise SourceError naming the problem."""
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as error:
        raise SourceError(f"the front matter is not valid YAML: {error}") from error
    if not post.metadata:
        raise SourceError("no front matter: the file must start with a '---' block")
    return metadata_read(
        post.metadata,
        path=path.relative_to(root).as_posix(),
        body=post.content,
        allowed=REQUIRED_FIELDS | OPTIONAL_FIELDS,
    )


def faq_source_read(*, path: Path, root: Path) -> PageSource:
    """Read the FAQ data file: the page's details, an intro and a list of questions."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise SourceError(f"not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise SourceError("the file must hold a mapping of fields, not a list or text")
    data = dict(data)
    intro = data.pop("intro", "")
    questions = data.pop("questions", None)
    if not isinstance(intro, str):
        raise SourceError("'intro' must be text")
    source = metadata_read(
        data,
        path=path.relative_to(root).as_posix(),
        body=intro,
        allowed=REQUIRED_FIELDS | OPTIONAL_FIELDS,
    )
    if not isinstance(questions, list) or not questions:
        raise SourceError("'questions' must be a list of question and answer pairs")
    source.layout = Page.Layout.FAQ
    anchors: set[str] = set()
    for number, item in enumerate(questions, start=1):
        if not isinstance(item, dict):
            raise SourceError(f"question {number} must have 'question' and 'answer' fields")
        unknown = sorted(set(item) - QUESTION_FIELDS)
        if unknown:
            raise SourceError(f"question {number}: unknown field(s): {', '.join(unknown)}")
        try:
            question = text_field(item, "question", max_length=200)
            answer = text_field(item, "answer", max_length=20000)
        except SourceError as error:
            raise SourceError(f"question {number}: {error}") from error
        anchor = item.get("anchor") or slugify(question)[:80].strip("-")
        slug_field(anchor, name=f"question {number} anchor")
        if anchor in anchors:
            raise SourceError(f"question {number}: the anchor '{anchor}' is used twice")
        anchors.add(anchor)
        source.questions.append(
            FAQSource(question=question, anchor=anchor, answer=answer + "\n", order=number * 10)
        )
    return source


def sources_read(*, directory: Path) -> tuple[list[PageSource], list[tuple[str, str]]]:
    """Read every source file; a bad file is reported and left out, the others still load."""
    sources: list[PageSource] = []
    errors: list[tuple[str, str]] = []
    for path in sorted(directory.rglob("*")):
        if path.suffix not in (".md", ".yaml", ".yml") or not path.is_file():
            continue
        name = path.relative_to(directory).as_posix()
        try:
            if path.suffix == ".md":
                sources.append(page_source_read(path=path, root=directory))
            else:
                sources.append(faq_source_read(path=path, root=directory))
        except SourceError as error:
            errors.append((name, str(error)))
    # Two files claiming one address: neither loads, so the mistake cannot go unnoticed.
    by_slug: dict[str, list[PageSource]] = {}
    for source in sources:
        by_slug.setdefault(source.slug, []).append(source)
    for slug, claimants in by_slug.items():
        if len(claimants) > 1:
            for source in claimants:
                others = ", ".join(other.path for other in claimants if other is not source)
                errors.append((source.path, f"slug '{slug}' is also used by {others}"))
                sources.remove(source)
    return sources, errors


def fingerprint(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def page_identity(page: Page) -> str:
    """How a fingerprint names a page: by its source file, which survives a change of slug."""
    return page.source_path or f"id:{page.pk}"


def page_fingerprint(page: Page) -> str:
    """Fingerprint what staff can change on a loaded page, as it is in the database now."""
    return fingerprint(
        {
            "title": page.title,
            "slug": page.slug,
            "nav_title": page.nav_title,
            "summary": page.summary,
            "body": page.body,
            "nav_order": page.nav_order,
            "last_reviewed": page.last_reviewed.isoformat(),
            "show_in_nav": page.show_in_nav,
            "parent": page_identity(page.parent) if page.parent else "",
            "related": sorted(page_identity(other) for other in page.related_pages.all()),
            "review_interval_months": page.review_interval_months,
            "status": page.status,
            "publish_at": page.publish_at.isoformat() if page.publish_at else "",
            "layout": page.layout,
            "questions": [
                [entry.question, entry.anchor, entry.answer]
                for entry in page.faq_entries.order_by("order", "pk")
            ],
        }
    )


def source_fingerprint(source: PageSource, *, references: dict[str, str]) -> str:
    """Fingerprint a source file the same way, as it will be once loaded."""
    return fingerprint(
        {
            "title": source.title,
            "slug": source.slug,
            "nav_title": source.nav_title,
            "summary": source.summary,
            "body": source.body,
            "nav_order": source.nav_order,
            "last_reviewed": source.last_reviewed.isoformat(),
            "show_in_nav": source.show_in_nav,
            "parent": references.get(source.parent, "") if source.parent else "",
            "related": sorted(references[slug] for slug in source.related if slug in references),
            "review_interval_months": source.review_interval_months,
            "status": source.status,
            "publish_at": "",
            "layout": source.layout,
            "questions": [[q.question, q.anchor, q.answer] for q in source.questions],
        }
    )


def deleted_in_admin(*, source_path: str) -> bool:
    """Whether staff deleted the page that came from this file (revision history keeps it)."""
    for version in Version.objects.get_deleted(Page):
        if version.field_dict.get("source_path") == source_path:
            return True
    return False


def page_write(*, page: Page, source: PageSource) -> None:
    """Copy a source into a page, with its FAQ entries, parent and related pages."""
    page.title = source.title
    page.slug = source.slug
    page.nav_title = source.nav_title
    page.summary = source.summary
    page.body = source.body
    page.nav_order = source.nav_order
    page.last_reviewed = source.last_reviewed
    page.show_in_nav = source.show_in_nav
    page.review_interval_months = source.review_interval_months
    page.status = source.status
    page.publish_at = None
    page.layout = source.layout
    page.source_path = source.path
    page.save()
    # Update entries in place, matched by anchor, so history shows what changed in each answer.
    entries = {entry.anchor: entry for entry in page.faq_entries.all()}
    kept = []
    for question in source.questions:
        entry = entries.get(question.anchor) or FAQEntry(page=page, anchor=question.anchor)
        values = {"question": question.question, "answer": question.answer, "order": question.order}
        if entry.pk is None or any(getattr(entry, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(entry, name, value)
            entry.save()
        kept.append(entry.pk)
    page.faq_entries.exclude(pk__in=kept).delete()


def page_links_write(*, page: Page, source: PageSource, linked: dict[str, Page]) -> None:
    """Set the section and related pages; `linked` maps each slug the source uses to a page."""
    page.parent = linked.get(source.parent) if source.parent else None
    page.related_pages.set([linked[slug] for slug in source.related if slug in linked])
    page.source_fingerprint = page_fingerprint(page)
    page.save(update_fields=["parent", "source_fingerprint"])


def content_load(*, directory: Path = PAGES_DIRECTORY, force: bool = False) -> LoadReport:
    """Create, update or leave each page from its source, and say which and why."""
    report = LoadReport()
    sources, errors = sources_read(directory=directory)
    report.errors.extend(errors)
    pages = list(Page.objects.select_related("parent"))
    existing = {page.source_path: page for page in pages if page.source_path}

    # First decide which sources will have a page once this load is done.
    planned: list[tuple[PageSource, Page | None]] = []
    for source in sources:
        page = existing.get(source.path)
        if page is None:
            clash = next((other for other in pages if other.slug == source.slug), None)
            if clash is not None and not force:
                message = f"the address '{source.slug}' is taken by a page created in admin"
                report.errors.append((source.path, f"{message} ('{clash.title}')"))
                continue
            if not force and deleted_in_admin(source_path=source.path):
                report.skipped.append(
                    (source.path, "deleted in admin since it was loaded (--force restores it)")
                )
                continue
        planned.append((source, page))

    # What a parent or related slug will name: a source file, or a page made in admin.
    references = {page.slug: page_identity(page) for page in pages}
    references.update({source.slug: source.path for source, _ in planned})

    to_write: list[tuple[PageSource, Page, str]] = []
    for source, page in planned:
        for slug in ([source.parent] if source.parent else []) + source.related:
            if slug not in references:
                report.warnings.append((source.path, f"no page '{slug}' to link to; left out"))
        if page is None:
            clash = next((other for other in pages if other.slug == source.slug), None)
            to_write.append((source, clash or Page(), "created"))
            continue
        current = page_fingerprint(page)
        if current != page.source_fingerprint and not force:
            report.skipped.append(
                (source.path, "edited in admin since it was loaded (--force overwrites it)")
            )
            continue
        if source_fingerprint(source, references=references) == current:
            report.unchanged.append(source.path)
            continue
        to_write.append((source, page, "updated"))

    if not to_write:
        return report
    with transaction.atomic():
        # First every page exists, then links between them; one revision per page records the
        # finished page, so reverting one page never touches another.
        for source, page, _ in to_write:
            page_write(page=page, source=source)
        by_identity = {page_identity(page): page for page in Page.objects.all()}
        linked = {
            slug: by_identity[identity]
            for slug, identity in references.items()
            if identity in by_identity
        }
        for source, page, outcome in to_write:
            with reversion.create_revision():
                reversion.set_comment(f"Loaded from content/pages/{source.path}")
                page_links_write(page=page, source=source, linked=linked)
            getattr(report, outcome).append(source.path)
    return report
