"""Load the page sources in content/pages/ into the database: files seed what does not exist.

Each Markdown file holds one page: YAML front matter, then the body. The FAQ is one YAML file
holding the page's details and its list of questions. Pages in a language folder
(content/pages/es/) are that language's versions of English pages.

A source with no page yet creates it, live (a source file is reviewed content). A page that
exists is never changed by a load: when its file says something new, that becomes a draft of the
page (a revision recorded as coming from the file), sent for clinical review like any change.
Each revision the loader writes names its file, which is how the next load knows what the file
said last time, and that a page made from it was deleted in admin.

Over 400 lines because reading, checking and writing the sources are one process, whose steps
share its types and are read together when a load goes wrong.
"""

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from editorial.models import Event, Revision
from editorial.workflow import draft_save, draft_submit, event_record, pointers_set, revision_create

from .models import FAQEntry, Page
from .services import faq_entries_sync, page_save
from .translations import BASIS, english_revision_now

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
NOT_FROM_SOURCE = ["parent", "related_pages", "translation_of", "source_path"]
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
    # Sources that say something new about an existing page: each is now a draft for review.
    drafted: list[str] = field(default_factory=list)
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


def page_links_set(*, page: Page, source: PageSource, linked: dict[tuple[str, str], Page]) -> None:
    """Point a page (saved or a draft) at its section, related pages and original, as the
    source names them; `linked` maps each address to a page."""
    language = source.page.language
    parent = linked.get((language, source.parent)) if source.parent else None
    page.parent_id = parent.pk if parent else None
    related = [(language, slug) for slug in source.related]
    page.draft_related_ids = [linked[address].pk for address in related if address in linked]
    original = linked.get((settings.LANGUAGE_CODE, source.translation_of))
    page.translation_of_id = original.pk if original and source.translation_of else None


def source_content(*, source: PageSource, page: Page, linked: dict) -> dict:
    """What the page would say if it said what its source says: revision content."""
    draft = copy.copy(source.page)
    draft.pk = page.pk
    page_links_set(page=draft, source=source, linked=linked)
    draft.draft_entries = [FAQEntry(**values) for values in source.questions]
    # Which English a translation follows is the page's record, not the file's.
    draft.translated_from_revision_id = page.translated_from_revision_id
    return draft.revision_content()


def content_words(content: dict) -> dict:
    """Revision content without the English revision a translation was written against, which
    a source file never says."""
    return {name: value for name, value in content.items() if name != BASIS}


def loaded_translation_basis(*, english: Page) -> int | None:
    """The English revision a Spanish file's text is written against: the English file's own
    waiting draft, when this load (or an earlier one) made one, else what visitors see."""
    english = Page.objects.select_related("latest_revision").get(pk=english.pk)
    waiting = english.latest_revision if english.has_unpublished_changes else None
    if waiting is not None and waiting.source:
        return waiting.pk
    return english_revision_now(english=english)


def source_revisions(*, path: str):
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(Page), source=path
    )


def deleted_in_admin(*, source_path: str) -> bool:
    """Whether staff deleted the page that came from this file (its revisions outlive it)."""
    existing = [str(pk) for pk in Page.objects.values_list("pk", flat=True)]
    return source_revisions(path=source_path).exclude(object_id__in=existing).exists()


def page_create(*, source: PageSource) -> Page:
    """A new page from a source, with its FAQ entries (links are set once every page exists)."""
    page = Page()
    for name in [*PAGE_FIELDS, "body", "layout", "language"]:
        setattr(page, name, getattr(source.page, name))
    page.source_path = source.path
    page_save(page=page)
    faq_entries_sync(page=page, entries=source.questions)
    return page


def page_created_record(*, page: Page, source: PageSource) -> None:
    """The created page's first revision, live if the page is, and the history's first step."""
    revision = revision_create(
        record=page,
        content=page.revision_content(),
        note=f"Loaded from content/pages/{source.path}",
        source=source.path,
    )
    pointers_set(
        record=page,
        latest_revision=revision,
        live_revision=revision if page.is_live else None,
        has_unpublished_changes=not page.is_live,
    )
    event_record(
        record=page, action=Event.Action.CREATED, note=f"content/pages/{source.path}",
        revision=revision,
    )  # fmt: skip


def page_source_changed(*, page: Page, source: PageSource, content: dict) -> None:
    """A source that says something new about an existing page: a draft, sent for review."""
    note = f"The file content/pages/{source.path} changed."
    draft_save(
        record=page,
        content=content,
        user=None,
        action=Event.Action.SOURCE_CHANGED,
        note=note,
        source=source.path,
    )
    draft_submit(record=page, user=None, note=note, site_url=getattr(settings, "SITE_URL", ""))


def source_is_known(*, page: Page, source: PageSource, content: dict) -> bool:
    """Whether the page, its draft or what this file said last time already say this."""
    content = content_words(content)
    if content == content_words(page.revision_content()):
        return True
    if page.latest_revision_id and content_words(page.latest_revision.content) == content:
        return True
    last_loaded = source_revisions(path=source.path).filter(object_id=str(page.pk)).first()
    return last_loaded is not None and content_words(last_loaded.content) == content


def content_load(*, directory: Path = PAGES_DIRECTORY, force: bool = False) -> LoadReport:
    """Create each page that does not exist from its source; make a changed source a draft for
    review; say which and why. `force` recreates pages deleted in admin."""
    report = LoadReport()
    sources, errors = sources_read(directory=directory)
    report.errors.extend(errors)
    pages = list(Page.objects.select_related("latest_revision"))
    existing = {page.source_path: page for page in pages if page.source_path}
    by_address = {page_address(page): page for page in pages}

    new: list[PageSource] = []
    known: list[tuple[PageSource, Page]] = []
    for source in sources:
        page = existing.get(source.path)
        if page is not None:
            known.append((source, page))
            continue
        clash = by_address.get(source.address)
        if clash is not None:
            message = f"the address '{source.slug}' is taken by a page created in admin"
            report.errors.append((source.path, f"{message} ('{clash.title}')"))
            continue
        if not force and deleted_in_admin(source_path=source.path):
            report.skipped.append(
                (source.path, "deleted in admin since it was loaded (--force restores it)")
            )
            continue
        new.append(source)

    addresses = set(by_address) | {source.address for source in new}
    for source in [*new, *(source for source, _ in known)]:
        for address in source.linked_addresses():
            if address not in addresses:
                report.warnings.append(
                    (source.path, f"no page '{address[1]}' to link to; left out")
                )

    with transaction.atomic():
        # First every new page exists, then links between them.
        created = [(source, page_create(source=source)) for source in new]
        linked = {page_address(page): page for page in Page.objects.all()}
        # English pages first, so that a translation records the English version it follows.
        for source, page in sorted(created, key=lambda item: bool(item[0].translation_of)):
            page_links_set(page=page, source=source, linked=linked)
            if page.translation_of_id:
                page.translated_from_revision_id = english_revision_now(
                    english=Page.objects.get(pk=page.translation_of_id)
                )
            page.save(update_fields=["parent", "translation_of", "translated_from_revision"])
            page.related_pages.set(page.draft_related_ids)
            del page.draft_related_ids
            page_created_record(page=page, source=source)
            report.created.append(source.path)
        for source, page in sorted(known, key=lambda item: bool(item[0].translation_of)):
            content = source_content(source=source, page=page, linked=linked)
            if source_is_known(page=page, source=source, content=content):
                report.unchanged.append(source.path)
                continue
            waiting = page.latest_revision if page.has_unpublished_changes else None
            if waiting is not None and not waiting.source:
                # Staff are working on a draft: the file's change waits for the next load.
                report.skipped.append(
                    (
                        source.path,
                        "changed, but staff have a draft of the page waiting; load again once "
                        "it is published or discarded",
                    )
                )
                continue
            if content.get("translation_of_id"):
                english = Page.objects.get(pk=content["translation_of_id"])
                content[BASIS] = loaded_translation_basis(english=english)
            page_source_changed(page=page, source=source, content=content)
            report.drafted.append(source.path)
    return report
