"""Load the page sources in content/pages/ into the database without trampling staff edits.

Each Markdown file holds one page: YAML front matter, then the body. The FAQ is one YAML file
holding the page's details and its list of questions. A page remembers which file it came from
and a fingerprint of what the loader wrote; if the page no longer matches that fingerprint,
staff have edited it in admin and the loader leaves it alone unless told to --force.
Pages in a language folder (content/pages/es/) are that language's versions of English pages.

Over 400 lines because reading, checking, fingerprinting and writing the sources are one
process, whose steps share its types and are read together when a load goes wrong.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import reversion
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from reversion.models import Version

from .models import FAQEntry, Page
from .services import page_save
from .workflow import faq_entries_sync

PAGES_DIRECTORY = Path(__file__).resolve().parent / "pages"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

REQUIRED_FIELDS = {"title", "slug", "summary", "nav_order", "last_reviewed"}
# Front matter fields that are the page's own fields, copied as they are and checked by the
# model's own validation (Page.full_clean), so a limit is written once, on the model.
PAGE_FIELDS = [
    "title",
    "slug",
    "summary",
    "nav_order",
    "last_reviewed",
    "nav_title",
    "show_in_nav",
    "review_interval_months",
    "status",
]
OPTIONAL_FIELDS = {
    "nav_title",
    "show_in_nav",
    "parent",
    "related",
    "review_interval_months",
    "status",
    "translation_of",
}
QUESTION_FIELDS = {"question", "answer", "anchor"}
# Fields of a page the loader never sets: links are set once every page exists.
NOT_FROM_SOURCE = [
    "parent", "related_pages", "translation_of", "live_page", "changed_by", "source_path",
]  # fmt: skip
# A page's language is the folder it is in: content/pages/es/ holds the Spanish pages.
LANGUAGE_FOLDERS = {code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE}


class SourceError(Exception):
    """A source file that cannot be loaded; the message names the problem."""


@dataclass
class PageSource:
    path: str  # relative to the pages directory: the page's lasting identity
    page: Page  # unsaved: what the file says, already checked by the model's validation
    parent: str = ""
    related: list[str] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)  # question, anchor, answer, order
    translation_of: str = ""  # the slug of the English page this one translates

    @property
    def slug(self) -> str:
        return self.page.slug

    @property
    def address(self) -> tuple[str, str]:
        """Language and slug: what names a page among the sources (slugs repeat across them)."""
        return self.page.language, self.page.slug

    def linked_addresses(self) -> list[tuple[str, str]]:
        """The pages this one names: its section and related pages (in its own language), and
        the English page it translates."""
        language = self.page.language
        named = [(language, slug) for slug in ([self.parent] if self.parent else [])]
        named += [(language, slug) for slug in self.related]
        if self.translation_of:
            named.append((settings.LANGUAGE_CODE, self.translation_of))
        return named


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def validation_problem(error: ValidationError) -> str:
    """Say what the model's validation found, naming each front matter field."""
    problems = []
    for name, errors in error.error_dict.items():
        for item in errors:
            if item.code in ("blank", "required", "null"):
                problems.append(f"'{name}' is empty")
            else:
                problems.append(f"'{name}': {' '.join(item.messages)}")
    return "; ".join(problems)


def model_check(instance, *, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise SourceError(validation_problem(error)) from error


def text(value):
    return value.strip() if isinstance(value, str) else value


def slug_list(value, *, name: str) -> list[str]:
    if value in (None, ""):
        return []
    values = value if isinstance(value, list) else [value]
    for item in values:
        if not isinstance(item, str) or not SLUG_PATTERN.match(item):
            raise SourceError(
                f"'{name}' must name pages by slug (like 'side-effects'), not {item!r}"
            )
    return values


def source_language(path: str) -> str:
    folder = path.split("/", 1)[0] if "/" in path else ""
    return folder if folder in LANGUAGE_FOLDERS else settings.LANGUAGE_CODE


def metadata_read(metadata: dict, *, path: str, body: str) -> PageSource:
    """Check the front matter and build the page it describes, without saving it."""
    unknown = sorted(set(metadata) - REQUIRED_FIELDS - OPTIONAL_FIELDS)
    if unknown:
        raise SourceError(f"unknown field(s): {', '.join(unknown)}")
    missing = sorted(REQUIRED_FIELDS - set(metadata))
    if missing:
        raise SourceError(f"missing required field(s): {', '.join(missing)}")
    if not body.strip():
        raise SourceError("the page has no body text")
    values = {name: text(metadata[name]) for name in PAGE_FIELDS if name in metadata}
    values.setdefault("status", Page.Status.PUBLISHED)  # a source file is reviewed content
    page = Page(**values, body=body.strip() + "\n", language=source_language(path))
    model_check(page, exclude=NOT_FROM_SOURCE)
    parents = slug_list(metadata.get("parent"), name="parent")
    if len(parents) > 1:
        raise SourceError("'parent' must name one page")
    originals = slug_list(metadata.get("translation_of"), name="translation_of")
    if originals and page.language == settings.LANGUAGE_CODE:
        raise SourceError("'translation_of' belongs on a page in a language folder, like es/")
    if len(originals) > 1:
        raise SourceError("'translation_of' must name one English page")
    return PageSource(
        path=path,
        page=page,
        parent=parents[0] if parents else "",
        related=slug_list(metadata.get("related"), name="related"),
        translation_of=originals[0] if originals else "",
    )


def page_source_read(*, path: Path, root: Path) -> PageSource:
    """Read one Markdown page; raise SourceError naming the problem."""
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as error:
        raise SourceError(f"the front matter is not valid YAML: {error}") from error
    if not post.metadata:
        raise SourceError("no front matter: the file must start with a '---' block")
    return metadata_read(post.metadata, path=path.relative_to(root).as_posix(), body=post.content)


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
    source = metadata_read(data, path=path.relative_to(root).as_posix(), body=intro)
    if not isinstance(questions, list) or not questions:
        raise SourceError("'questions' must be a list of question and answer pairs")
    source.page.layout = Page.Layout.FAQ
    anchors: set[str] = set()
    for number, item in enumerate(questions, start=1):
        if not isinstance(item, dict):
            raise SourceError(f"question {number} must have 'question' and 'answer' fields")
        unknown = sorted(set(item) - QUESTION_FIELDS)
        if unknown:
            raise SourceError(f"question {number}: unknown field(s): {', '.join(unknown)}")
        question, answer = text(item.get("question") or ""), text(item.get("answer") or "")
        anchor = item.get("anchor") or slugify(str(question))[:80].strip("-")
        entry = FAQEntry(question=question, anchor=anchor, answer=answer, order=number * 10)
        try:
            model_check(entry, exclude=["page"])
        except SourceError as error:
            raise SourceError(f"question {number}: {error}") from error
        if anchor in anchors:
            raise SourceError(f"question {number}: the anchor '{anchor}' is used twice")
        anchors.add(anchor)
        source.questions.append(
            {"question": question, "anchor": anchor, "answer": answer + "\n", "order": number * 10}
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
    by_address: dict[tuple[str, str], list[PageSource]] = {}
    for source in sources:
        by_address.setdefault(source.address, []).append(source)
    for (_language, slug), claimants in by_address.items():
        if len(claimants) > 1:
            for source in claimants:
                others = ", ".join(other.path for other in claimants if other is not source)
                errors.append((source.path, f"slug '{slug}' is also used by {others}"))
                sources.remove(source)
    return sources, errors


def page_address(page: Page) -> tuple[str, str]:
    return page.language, page.slug


def page_identity(page: Page) -> str:
    """How a fingerprint names a page: by its source file, which survives a change of slug."""
    return page.source_path or f"id:{page.pk}"


def content_fingerprint(
    *, page: Page, parent: str, related: list[str], questions: list, translation_of: str = ""
) -> str:
    """Fingerprint what staff can change on a page: the same for a page and its source file.

    `parent`, `related` and `translation_of` name pages by page_identity; `questions` are
    [question, anchor, answer] in order.
    """
    values = {name: getattr(page, name) for name in [*PAGE_FIELDS, "body", "layout"]}
    values.update(parent=parent, related=sorted(related), questions=questions)
    if page.language != settings.LANGUAGE_CODE:
        # Only translations carry these, so English pages keep the fingerprints they were
        # loaded with before there were translations (and are not taken for edited ones).
        values.update(language=page.language, translation_of=translation_of)
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def page_fingerprint(page: Page) -> str:
    """The fingerprint of a page as it is in the database now."""
    return content_fingerprint(
        page=page,
        parent=page_identity(page.parent) if page.parent else "",
        related=[page_identity(other) for other in page.related_pages.all()],
        questions=[
            [entry.question, entry.anchor, entry.answer]
            for entry in page.faq_entries.order_by("order", "pk")
        ],
        translation_of=page_identity(page.translation_of) if page.translation_of else "",
    )


def source_fingerprint(source: PageSource, *, references: dict[tuple[str, str], str]) -> str:
    """The fingerprint the page will have once this source is loaded."""
    language = source.page.language
    related = [(language, slug) for slug in source.related]
    original = (settings.LANGUAGE_CODE, source.translation_of)
    return content_fingerprint(
        page=source.page,
        parent=references.get((language, source.parent), "") if source.parent else "",
        related=[references[address] for address in related if address in references],
        questions=[[q["question"], q["anchor"], q["answer"]] for q in source.questions],
        translation_of=references.get(original, "") if source.translation_of else "",
    )


def deleted_in_admin(*, source_path: str) -> bool:
    """Whether staff deleted the page that came from this file (revision history keeps it)."""
    for version in Version.objects.get_deleted(Page):
        if version.field_dict.get("source_path") == source_path:
            return True
    return False


def page_write(*, page: Page, source: PageSource) -> None:
    """Copy a source into a page, with its FAQ entries (links are set afterwards)."""
    for name in [*PAGE_FIELDS, "body", "layout", "language"]:
        setattr(page, name, getattr(source.page, name))
    page.source_path = source.path
    page_save(page=page)
    faq_entries_sync(page=page, entries=source.questions)


def page_links_write(
    *, page: Page, source: PageSource, linked: dict[tuple[str, str], Page]
) -> None:
    """Set the section, related pages and original; `linked` maps each address to a page."""
    language = source.page.language
    page.parent = linked.get((language, source.parent)) if source.parent else None
    related = [(language, slug) for slug in source.related]
    page.related_pages.set([linked[address] for address in related if address in linked])
    original = (settings.LANGUAGE_CODE, source.translation_of)
    page.translation_of = linked.get(original) if source.translation_of else None
    page.source_fingerprint = page_fingerprint(page)
    page.save(update_fields=["parent", "translation_of", "source_fingerprint"])


def content_load(*, directory: Path = PAGES_DIRECTORY, force: bool = False) -> LoadReport:
    """Create, update or leave each page from its source, and say which and why."""
    report = LoadReport()
    sources, errors = sources_read(directory=directory)
    report.errors.extend(errors)
    pages = list(Page.objects.editable().select_related("parent"))
    existing = {page.source_path: page for page in pages if page.source_path}
    with_drafts = set(
        Page.objects.filter(live_page__isnull=False).values_list("live_page", flat=True)
    )

    # First decide which sources will have a page once this load is done.
    planned: list[tuple[PageSource, Page | None]] = []
    for source in sources:
        page = existing.get(source.path)
        if page is None:
            clash = next((other for other in pages if page_address(other) == source.address), None)
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

    # What an address a source names will be: a source file, or a page made in admin.
    references = {page_address(page): page_identity(page) for page in pages}
    references.update({source.address: source.path for source, _ in planned})

    to_write: list[tuple[PageSource, Page, str]] = []
    for source, page in planned:
        for address in source.linked_addresses():
            if address not in references:
                report.warnings.append(
                    (source.path, f"no page '{address[1]}' to link to; left out")
                )
        if page is None:
            clash = next((other for other in pages if page_address(other) == source.address), None)
            to_write.append((source, clash or Page(), "created"))
            continue
        if page.pk in with_drafts and not force:
            report.skipped.append(
                (source.path, "has a draft in admin waiting to be published (--force overwrites)")
            )
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
        by_identity = {page_identity(page): page for page in Page.objects.editable()}
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
