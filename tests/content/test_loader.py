import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from content.loader import PAGES_DIRECTORY, content_load
from content.models import FAQEntry, Page, PageRedirect

# Every source, English and Spanish (es/...), named as the loader reports them.
SOURCE_FILES = sorted(
    path.relative_to(PAGES_DIRECTORY).as_posix()
    for path in PAGES_DIRECTORY.rglob("*")
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
def pages_copy(tmp_path) -> Path:
    """A scratch copy of the real sources, to change without touching the repository."""
    directory = tmp_path / "pages"
    shutil.copytree(PAGES_DIRECTORY, directory)
    return directory


def run_command(*args: str) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("load_content", *args, stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_first_load_creates_every_source_page_published_with_its_faq():
    report = content_load()
    assert sorted(report.created) == SOURCE_FILES
    assert Page.objects.published().count() == len(SOURCE_FILES)
    faq = Page.objects.get(slug="faq")
    assert faq.layout == Page.Layout.FAQ
    assert faq.faq_entries.count() >= 12


@pytest.mark.django_db
def test_second_load_changes_nothing_and_says_so():
    run_command()
    before = list(Page.objects.values_list("pk", "updated_at"))
    entries_before = list(FAQEntry.objects.values_list("pk", flat=True))
    out, err = run_command()
    assert "No changes" in out
    assert f"{len(SOURCE_FILES)} unchanged" in out
    assert err == ""
    assert list(Page.objects.values_list("pk", "updated_at")) == before
    assert list(FAQEntry.objects.values_list("pk", flat=True)) == entries_before


@pytest.mark.django_db
def test_changed_source_is_reported_as_updated(pages_copy):
    content_load(directory=pages_copy)
    source = pages_copy / "chronic-pain-facts.md"
    source.write_text(source.read_text().replace("Chronic pain is common.", "It is common."))
    report = content_load(directory=pages_copy)
    assert report.updated == ["chronic-pain-facts.md"]
    assert len(report.unchanged) == len(SOURCE_FILES) - 1
    assert "It is common." in Page.objects.get(slug="chronic-pain-facts").body


@pytest.mark.django_db
def test_page_edited_in_admin_is_skipped_and_reported_then_force_overwrites(pages_copy):
    content_load(directory=pages_copy)
    page = Page.objects.get(slug="side-effects-and-safety")
    page.body += "\nA sentence a clinician added in admin.\n"
    page.save()
    source = pages_copy / "side-effects-and-safety.md"
    source.write_text(source.read_text().replace("Like all medicines", "As with all medicines"))

    out, _ = run_command("--directory", str(pages_copy))
    assert "skipped    side-effects-and-safety.md: edited in admin" in out
    assert "1 skipped" in out
    page.refresh_from_db()
    assert "A sentence a clinician added in admin." in page.body

    out, _ = run_command("--directory", str(pages_copy), "--force")
    assert "updated    side-effects-and-safety.md" in out
    page.refresh_from_db()
    assert "A sentence a clinician added in admin." not in page.body
    assert page.body.startswith("As with all medicines")


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
    assert Page.objects.count() == len(SOURCE_FILES)


@pytest.mark.django_db
def test_faq_file_with_a_missing_answer_loads_nothing_from_that_file(pages_copy):
    faq = pages_copy / "faq.yaml"
    faq.write_text(faq.read_text() + "  - question: Where is my answer?\n")
    report = content_load(directory=pages_copy)
    assert [(path, problem) for path, problem in report.errors] == [
        ("faq.yaml", "question 22: 'answer' is empty")
    ]
    assert not Page.objects.filter(slug="faq").exists()
    assert FAQEntry.objects.filter(page__language="en").count() == 0


@pytest.mark.django_db
def test_a_source_that_changes_its_slug_keeps_the_old_address_working(pages_copy, client):
    content_load(directory=pages_copy)
    source = pages_copy / "chronic-pain-facts.md"
    source.write_text(source.read_text().replace("slug: chronic-pain-facts", "slug: chronic-pain"))
    report = content_load(directory=pages_copy)
    assert report.updated == ["chronic-pain-facts.md"]
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
    assert len(report.unchanged) == len(SOURCE_FILES)
    assert Page.objects.get(slug="a-test-page").is_public


@pytest.mark.django_db
def test_loading_records_a_revision_per_page():
    from reversion.models import Version

    content_load()
    page = Page.objects.get(slug="faq")
    versions = Version.objects.get_for_object(page)
    assert versions.count() == 1
    assert versions.first().revision.comment == "Loaded from content/pages/faq.yaml"


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
def test_changed_faq_answer_updates_that_entry_only(pages_copy):
    content_load(directory=pages_copy)
    before = dict(FAQEntry.objects.values_list("anchor", "pk"))
    faq = pages_copy / "faq.yaml"
    faq.write_text(faq.read_text().replace("No. You need someone", "No. You must have someone"))
    report = content_load(directory=pages_copy)
    assert report.updated == ["faq.yaml"]
    assert dict(FAQEntry.objects.values_list("anchor", "pk")) == before
    driving = FAQEntry.objects.get(page__slug="faq", anchor="driving")
    assert driving.answer.startswith("No. You must have someone")


@pytest.mark.django_db
def test_a_site_loaded_by_the_earlier_release_still_gets_the_corrected_pages(pages_copy):
    """Migration 0005: unedited pages get the new fingerprint; an edited page stays edited."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("content.migrations.0005_fingerprints_recomputed")
    shutil.rmtree(pages_copy / "es")  # that release had no Spanish pages
    content_load(directory=pages_copy)
    for page in Page.objects.all():  # as the earlier release's loader left them
        page.source_fingerprint = migration.fingerprint_before(page)
        page.save(update_fields=["source_fingerprint"])
    edited = Page.objects.get(slug="chronic-pain-facts")
    edited.body += "\nA sentence a clinician added in admin.\n"
    edited.save()

    migration.fingerprints_recompute(apps, None)
    side_effects = pages_copy / "side-effects-and-safety.md"
    side_effects.write_text(side_effects.read_text() + "\nA corrected sentence.\n")
    report = content_load(directory=pages_copy)
    assert report.updated == ["side-effects-and-safety.md"]
    assert [path for path, _ in report.skipped] == ["chronic-pain-facts.md"]


@pytest.mark.django_db
def test_a_page_with_a_draft_waiting_is_left_alone(pages_copy, django_user_model):
    from content.workflow import draft_create

    content_load()
    page = Page.objects.get(slug="side-effects-and-safety")
    draft_create(live=page, user=django_user_model.objects.create_user("eddie"))
    side_effects = pages_copy / "side-effects-and-safety.md"
    side_effects.write_text(side_effects.read_text() + "\nA corrected sentence.\n")
    report = content_load(directory=pages_copy)
    assert report.skipped == [
        (
            "side-effects-and-safety.md",
            "has a draft in admin waiting to be published (--force overwrites)",
        )
    ]
    page.refresh_from_db()
    assert "A corrected sentence." not in page.body
