import shutil
from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from content.loader import PAGES_DIRECTORY, content_load
from content.models import FAQEntry, Page, PageRedirect
from editorial.models import Event, Review
from editorial.workflow import draft_publish, draft_save


# Every source, English and Spanish (es/...), named as the loader reports them.
def source_files(directory: Path) -> list[str]:
    return sorted(
        path.relative_to(directory).as_posix()
        for path in directory.rglob("*")
        if path.suffix in (".md", ".yaml")
    )


GOOD_PAGE = """---
title: A test page
slug: a-test-page
summary: A page used by the loader tests.
nav_order: 5
last_reviewed: 2026-01-15
---
Some body text about ketamine.
"""


@pytest.fixture
def sources(tmp_path) -> Path:
    """A snapshot of the real sources, so a load and the files it is compared with agree while
    the pages are being edited."""
    directory = tmp_path / "sources"
    shutil.copytree(PAGES_DIRECTORY, directory)
    return directory


@pytest.fixture
def pages_copy(tmp_path) -> Path:
    """A scratch copy of the real English sources, to change without touching the repository.

    The tests that use it change English files only; leaving the Spanish pages out (which link
    to the English ones, never the other way) halves each load, and every English page still
    has the pages it links to. The tests of a whole load use `sources`.
    """
    directory = tmp_path / "pages"
    shutil.copytree(PAGES_DIRECTORY, directory, ignore=shutil.ignore_patterns("es"))
    return directory


def run_command(*args: str) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("load_content", *args, stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
    return out.getvalue(), err.getvalue()


# The run's one full load of content/pages (tests/conftest.py), as `manage.py load_content` on an
# empty database makes it: its report and the rows it wrote.
@pytest.mark.django_db
def test_first_load_creates_every_source_page_published_with_its_faq(loaded_content):
    report = loaded_content
    assert sorted(report.created) == source_files(PAGES_DIRECTORY)
    assert Page.objects.published().count() == len(source_files(PAGES_DIRECTORY))
    faq = Page.objects.get(slug="faq")
    assert faq.layout == Page.Layout.FAQ
    assert faq.faq_entries.count() >= 12


@pytest.mark.django_db
def test_second_load_changes_nothing_and_says_so(sources):
    run_command("--directory", str(sources))
    before = list(Page.objects.values_list("pk", "updated_at"))
    entries_before = list(FAQEntry.objects.values_list("pk", flat=True))
    out, err = run_command("--directory", str(sources))
    assert "No changes" in out
    assert f"{len(source_files(sources))} unchanged" in out
    assert err == ""
    assert list(Page.objects.values_list("pk", "updated_at")) == before
    assert list(FAQEntry.objects.values_list("pk", flat=True)) == entries_before


def reviewer_get(django_user_model):
    user = django_user_model.objects.create_user("rita", is_staff=True)
    user.groups.add(Group.objects.get(name="Clinical reviewer"))
    return user


@pytest.mark.django_db
def test_a_changed_source_becomes_a_draft_sent_for_review_and_never_a_live_change(
    pages_copy, client
):
    content_load(directory=pages_copy)
    source = pages_copy / "chronic-pain-facts.md"
    live_body = Page.objects.get(slug="chronic-pain-facts").body
    source.write_text(source.read_text() + "\nA corrected sentence about a pangolin.\n")
    report = content_load(directory=pages_copy)
    assert report.drafted == ["chronic-pain-facts.md"]
    assert len(report.unchanged) == len(source_files(pages_copy)) - 1

    page = Page.objects.get(slug="chronic-pain-facts")
    assert page.body == live_body, "the live page is untouched"
    assert "pangolin" not in client.get("/chronic-pain-facts/").content.decode()
    assert page.has_unpublished_changes
    assert "pangolin" in page.draft_object.body
    review = Review.objects.get(object_id=str(page.pk))
    assert review.state == Review.State.SUBMITTED
    assert "content/pages/chronic-pain-facts.md changed" in review.note
    assert page.events.filter(action=Event.Action.SOURCE_CHANGED).exists()
    assert Page.objects.filter(source_path="chronic-pain-facts.md").count() == 1

    again = content_load(directory=pages_copy)
    assert again.drafted == [], "the same change is not sent twice"


@pytest.mark.django_db
def test_a_page_staff_changed_keeps_their_text_and_the_file_is_not_offered_again(pages_copy):
    content_load(directory=pages_copy)
    page = Page.objects.get(slug="side-effects-and-safety")
    content = page.revision_content()
    content["body"] += "\nA sentence a clinician added in admin.\n"
    draft_save(record=page, content=content, user=None)
    page.refresh_from_db()

    out, _ = run_command("--directory", str(pages_copy))
    assert "No changes" in out, "a file that did not change proposes nothing"
    page.refresh_from_db()
    assert "A sentence a clinician added in admin." in page.draft_object.body

    source = pages_copy / "side-effects-and-safety.md"
    source.write_text(source.read_text() + "\nA corrected sentence.\n")
    out, _ = run_command("--directory", str(pages_copy))
    assert "skipped    side-effects-and-safety.md: changed, but staff have a draft" in out
    page.refresh_from_db()
    assert "A sentence a clinician added in admin." in page.draft_object.body


@pytest.mark.django_db
def test_page_deleted_in_admin_is_not_brought_back_without_force(pages_copy):
    content_load(directory=pages_copy)
    Page.objects.get(slug="chronic-pain-facts").delete()
    report = content_load(directory=pages_copy)
    assert (
        "chronic-pain-facts.md",
        "deleted in admin since it was loaded (--force restores it)",
    ) in report.skipped
    assert not Page.objects.filter(slug="chronic-pain-facts").exists()
    report = content_load(directory=pages_copy, force=True)
    assert report.created == ["chronic-pain-facts.md"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("front_matter", "problem"),
    [
        ("title: No slug\nsummary: x\nnav_order: 1\nlast_reviewed: 2026-01-01", "slug"),
        ("title: [unclosed\nslug: bad", "not valid YAML"),
        (
            "title: T\nslug: t\nsummary: s\nnav_order: 1\nlast_reviewed: 2026-01-01\ncolour: red",
            "unknown field(s): colour",
        ),
        ("title: T\nslug: t\nsummary: s\nnav_order: 1\nlast_reviewed: soon", "last_reviewed"),
        ("title: T\nslug: Not A Slug\nsummary: s\nnav_order: 1\nlast_reviewed: 2026-01-01", "slug"),
        ("title: T\nslug: admin\nsummary: s\nnav_order: 1\nlast_reviewed: 2026-01-01", "another"),
        ("title: T\nslug: t\nsummary: s\nnav_order: 1\nlast_reviewed: 2026-01-01", "no body text"),
    ],
)
def test_bad_front_matter_stops_that_file_with_its_name_and_the_problem(
    pages_copy, front_matter, problem
):
    body = "" if problem == "no body text" else "Body text."
    (pages_copy / "broken.md").write_text(f"---\n{front_matter}\n---\n{body}\n")
    _, err = run_command("--directory", str(pages_copy))
    assert "broken.md" in err
    assert problem in err
    assert "not loaded" in err
    assert not Page.objects.filter(source_path="broken.md").exists()
    # The good files still load.
    assert Page.objects.count() == len(source_files(pages_copy)) - 1


@pytest.mark.django_db
def test_faq_file_with_a_missing_answer_loads_nothing_from_that_file(pages_copy):
    faq = pages_copy / "faq.yaml"
    faq.write_text(faq.read_text() + "  - question: Where is my answer?\n")
    report = content_load(directory=pages_copy)
    number = len(yaml.safe_load(faq.read_text())["questions"])
    assert [(path, problem) for path, problem in report.errors] == [
        ("faq.yaml", f"question {number}: 'answer' is empty")
    ]
    assert not Page.objects.filter(slug="faq").exists()
    assert FAQEntry.objects.filter(page__language="en").count() == 0


@pytest.mark.django_db
def test_a_source_that_changes_its_slug_keeps_the_old_address_working_once_published(
    pages_copy, client, django_user_model
):
    content_load(directory=pages_copy)
    source = pages_copy / "chronic-pain-facts.md"
    source.write_text(source.read_text().replace("slug: chronic-pain-facts", "slug: chronic-pain"))
    report = content_load(directory=pages_copy)
    assert report.drafted == ["chronic-pain-facts.md"]
    assert client.get("/chronic-pain-facts/").status_code == 200, "still live until reviewed"
    page = Page.objects.get(source_path="chronic-pain-facts.md")
    draft_publish(record=page, user=reviewer_get(django_user_model))
    assert PageRedirect.objects.filter(old_slug="chronic-pain-facts").exists()
    response = client.get("/chronic-pain-facts/")
    assert response.status_code == 301
    assert response["Location"] == "/chronic-pain/"


@pytest.mark.django_db
def test_new_source_file_is_created_alongside_unchanged_pages(pages_copy):
    content_load(directory=pages_copy)
    (pages_copy / "a-test-page.md").write_text(GOOD_PAGE)
    report = content_load(directory=pages_copy)
    assert report.created == ["a-test-page.md"]
    assert len(report.unchanged) == len(source_files(pages_copy)) - 1
    assert Page.objects.get(slug="a-test-page").is_public


@pytest.mark.django_db
def test_loading_records_one_live_revision_per_page_naming_its_file(loaded_content):
    page = Page.objects.get(slug="faq")
    [revision] = page.revisions
    assert revision.source == "faq.yaml"
    assert revision.note == "Loaded from content/pages/faq.yaml"
    assert page.live_revision == revision == page.latest_revision
    assert not page.has_unpublished_changes
    assert len(revision.content["faq_entries"]) == page.faq_entries.count()


@pytest.mark.django_db
def test_link_to_a_page_that_does_not_exist_is_left_out_with_a_warning(pages_copy):
    source = pages_copy / "chronic-pain-facts.md"
    source.write_text(source.read_text().replace("related:\n", "related:\n  - no-such-page\n"))
    out, err = run_command("--directory", str(pages_copy))
    assert "warning    chronic-pain-facts.md: no page 'no-such-page' to link to" in out
    assert err == ""
    page = Page.objects.get(slug="chronic-pain-facts")
    assert page.related_pages.count() == 3
    out, _ = run_command("--directory", str(pages_copy))
    assert "No changes" in out, "a left-out link does not make the page look changed"


@pytest.mark.django_db
def test_a_changed_faq_answer_published_changes_that_entry_only(pages_copy, django_user_model):
    content_load(directory=pages_copy)
    before = dict(FAQEntry.objects.values_list("anchor", "pk"))
    faq = pages_copy / "faq.yaml"
    data = yaml.safe_load(faq.read_text())
    [driving_source] = [item for item in data["questions"] if item.get("anchor") == "driving"]
    driving_source["answer"] = "No. You must have someone to take you home."
    faq.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    report = content_load(directory=pages_copy)
    assert report.drafted == ["faq.yaml"]
    driving = FAQEntry.objects.get(page__slug="faq", anchor="driving")
    assert not driving.answer.startswith("No. You must have someone"), "live until reviewed"
    draft_publish(record=driving.page, user=reviewer_get(django_user_model))
    assert dict(FAQEntry.objects.values_list("anchor", "pk")) == before
    driving.refresh_from_db()
    assert driving.answer.startswith("No. You must have someone")
