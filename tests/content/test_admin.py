"""Staff editing in admin: who may publish, conflicts, history, revert, preview."""

import re

import pytest
import reversion
from django.contrib.auth.models import Group
from django.utils import timezone
from reversion.models import Version

from content.models import Page

PREFIX = "/admin/content/page/"


def page_form_data(page: Page, **changes) -> dict:
    """What the admin form posts for a page, as a member of staff would submit it."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "body": page.body,
        "layout": page.layout,
        "nav_title": page.nav_title,
        "parent": page.parent_id or "",
        "show_in_nav": "on" if page.show_in_nav else "",
        "nav_order": page.nav_order,
        "related_pages": [other.pk for other in page.related_pages.all()] if page.pk else [],
        "status": page.status,
        "publish_at_0": "",
        "publish_at_1": "",
        "last_reviewed": page.last_reviewed.isoformat(),
        "review_interval_months": page.review_interval_months,
        "loaded_updated_at": page.updated_at.isoformat() if page.pk else "",
        "_save": "Save",
    }
    if page.pk and page.layout == Page.Layout.FAQ:
        entries = list(page.faq_entries.all())
        data.update(
            {
                "faq_entries-TOTAL_FORMS": len(entries),
                "faq_entries-INITIAL_FORMS": len(entries),
                "faq_entries-MIN_NUM_FORMS": 0,
                "faq_entries-MAX_NUM_FORMS": 1000,
            }
        )
        for number, entry in enumerate(entries):
            for name in ("id", "question", "anchor", "answer", "order"):
                data[f"faq_entries-{number}-{name}"] = getattr(entry, name)
            data[f"faq_entries-{number}-page"] = page.pk
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def draft_page(**values) -> Page:
    fields = {
        "title": "Ketamine and sleep",
        "slug": "ketamine-and-sleep",
        "summary": "What is known about ketamine and sleep.",
        "body": "## Sleep\n\nA first draft.\n",
        "status": Page.Status.DRAFT,
        **values,
    }
    with reversion.create_revision():
        reversion.set_comment("Added.")
        return Page.objects.create(**fields)


@pytest.mark.django_db
def test_migration_creates_editor_and_reviewer_groups_and_only_reviewers_publish():
    editor_permissions = set(
        Group.objects.get(name="Content editor").permissions.values_list("codename", flat=True)
    )
    reviewer_permissions = set(
        Group.objects.get(name="Clinical reviewer").permissions.values_list("codename", flat=True)
    )
    assert {"add_page", "change_page", "view_page"} <= editor_permissions
    assert "publish_page" not in editor_permissions
    assert "delete_page" not in editor_permissions
    assert {"change_page", "publish_page", "delete_page"} <= reviewer_permissions


@pytest.mark.django_db
def test_an_editor_cannot_publish_a_new_page_even_by_posting_the_status(editor_client):
    page = Page(
        title="Ketamine and sleep",
        slug="ketamine-and-sleep",
        summary="What is known about ketamine and sleep.",
        body="Text.",
    )
    data = page_form_data(page, status="published", last_reviewed="2020-01-01")
    response = editor_client.post(f"{PREFIX}add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Page.objects.get(slug="ketamine-and-sleep")
    assert saved.status == Page.Status.DRAFT
    assert saved.last_reviewed == timezone.localdate()  # the posted review date was ignored
    assert editor_client.get("/ketamine-and-sleep/").status_code == 404


@pytest.mark.django_db
def test_an_editor_edits_a_draft_and_it_stays_a_draft(editor_client):
    page = draft_page()
    response = editor_client.post(
        f"{PREFIX}{page.pk}/change/", page_form_data(page, body="Better.", status="published")
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "Better."
    assert page.status == Page.Status.DRAFT


@pytest.mark.django_db
def test_an_editor_can_only_view_a_published_page(editor_client, loaded_content):
    page = Page.objects.get(slug="faq")
    html = editor_client.get(f"{PREFIX}{page.pk}/change/").content.decode()
    assert 'name="_save"' not in html
    response = editor_client.post(f"{PREFIX}{page.pk}/change/", page_form_data(page, body="x"))
    assert response.status_code == 403
    page.refresh_from_db()
    assert page.body != "x"


@pytest.mark.django_db
def test_a_reviewer_publishes_a_draft_and_visitors_see_it(reviewer_client):
    page = draft_page()
    response = reviewer_client.post(
        f"{PREFIX}{page.pk}/change/",
        page_form_data(page, status="published", mark_reviewed="on"),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == Page.Status.PUBLISHED
    assert page.last_reviewed == timezone.localdate()
    assert "A first draft." in reviewer_client.get("/ketamine-and-sleep/").content.decode()


@pytest.mark.django_db
def test_second_save_of_the_same_page_is_refused_and_keeps_the_text(reviewer_client):
    page = draft_page()
    mine = page_form_data(page, body="My careful rewrite of the page.")
    # Someone else saves while this form is open.
    other = Page.objects.get(pk=page.pk)
    other.body = "Their change."
    other.save()

    response = reviewer_client.post(f"{PREFIX}{page.pk}/change/", mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "while you were editing it" in html
    assert "My careful rewrite of the page." in html, "their text stays on the form"
    page.refresh_from_db()
    assert page.body == "Their change."

    # Having read the warning, saving again replaces the other change knowingly.
    token = re.search(r'name="loaded_updated_at" value="([^"]+)"', html).group(1)
    mine["loaded_updated_at"] = token
    response = reviewer_client.post(f"{PREFIX}{page.pk}/change/", mine)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "My careful rewrite of the page."


@pytest.mark.django_db
def test_history_shows_who_changed_what_and_the_differences(reviewer_client, reviewer):
    page = draft_page()
    reviewer_client.post(
        f"{PREFIX}{page.pk}/change/",
        page_form_data(page, body="## Sleep\n\nA second draft, clearer.\n"),
    )
    html = reviewer_client.get(f"{PREFIX}{page.pk}/history/").content.decode()
    assert "rita" in html
    assert "Changed Body" in html
    latest = Version.objects.get_for_object(page).order_by("-pk").first()
    html = reviewer_client.get(f"{PREFIX}{page.pk}/history/{latest.pk}/changes/").content.decode()
    assert "<h2>Body</h2>" in html
    assert "<del>first</del>" in html
    assert "<ins>second</ins>" in html


@pytest.mark.django_db
def test_one_click_revert_restores_an_earlier_version(reviewer_client, loaded_content):
    page = Page.objects.get(slug="chronic-pain-facts")
    original = Version.objects.get_for_object(page).get()
    reviewer_client.post(
        f"{PREFIX}{page.pk}/change/",
        page_form_data(page, title="Chronic pain: the facts", slug="chronic-pain"),
    )
    assert reviewer_client.get("/chronic-pain/").status_code == 200

    response = reviewer_client.post(f"{PREFIX}{page.pk}/history/{original.pk}/revert/")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Facts about chronic pain"
    assert page.slug == "chronic-pain-facts"
    html = reviewer_client.get("/chronic-pain-facts/").content.decode()
    assert "<h1>Facts about chronic pain</h1>" in html
    assert reviewer_client.get("/chronic-pain/")["Location"] == "/chronic-pain-facts/"
    latest = Version.objects.get_for_object(page).order_by("-pk").first()
    assert latest.revision.comment.startswith("Reverted to the version saved on")
    assert latest.revision.user.username == "rita"


@pytest.mark.django_db
def test_revert_restores_faq_entries_too(reviewer_client, loaded_content):
    page = Page.objects.get(slug="faq")
    original = Version.objects.get_for_object(page).get()
    entry = page.faq_entries.get(anchor="driving")
    data = page_form_data(page)
    number = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-id") and value == entry.pk
    )
    data[f"faq_entries-{number}-answer"] = "Changed answer."
    assert reviewer_client.post(f"{PREFIX}{page.pk}/change/", data).status_code == 302
    assert "Changed answer." in reviewer_client.get("/faq/").content.decode()

    reviewer_client.post(f"{PREFIX}{page.pk}/history/{original.pk}/revert/")
    html = reviewer_client.get("/faq/").content.decode()
    assert "Changed answer." not in html
    assert "You need someone to take you home" in html


@pytest.mark.django_db
def test_an_editor_cannot_revert_a_published_page(editor_client, loaded_content):
    page = Page.objects.get(slug="faq")
    version = Version.objects.get_for_object(page).get()
    response = editor_client.post(f"{PREFIX}{page.pk}/history/{version.pk}/revert/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_preview_shows_unsaved_text_sanitised_and_saves_nothing(editor_client):
    page = draft_page()
    data = page_form_data(
        page, body="## New heading\n\nUnsaved words. <script>alert(1)</script><b onclick=x>b</b>"
    )
    response = editor_client.post(f"{PREFIX}{page.pk}/preview/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview" in html
    assert "Unsaved words." in html
    assert "<script>alert" not in html
    assert "onclick" not in html
    assert response["X-Robots-Tag"] == "noindex"
    page.refresh_from_db()
    assert page.body == "## Sleep\n\nA first draft.\n"


@pytest.mark.django_db
def test_page_list_highlights_overdue_reviews_and_filters_them(reviewer_client):
    overdue = draft_page(last_reviewed=timezone.localdate().replace(year=2020))
    draft_page(slug="recently-checked", title="Recently checked")
    html = reviewer_client.get(f"{PREFIX}?review=overdue").content.decode()
    assert "Overdue since" in html
    assert overdue.title in html
    assert "Recently checked" not in html


@pytest.mark.django_db
def test_a_slug_changed_in_admin_keeps_the_old_address_working(reviewer_client, loaded_content):
    page = Page.objects.get(slug="side-effects-and-safety")
    reviewer_client.post(f"{PREFIX}{page.pk}/change/", page_form_data(page, slug="safety"))
    response = reviewer_client.get("/side-effects-and-safety/")
    assert response.status_code == 301
    assert response["Location"] == "/safety/"


@pytest.mark.django_db
def test_a_page_cannot_take_an_address_another_part_of_the_site_uses(reviewer_client):
    page = draft_page()
    response = reviewer_client.post(
        f"{PREFIX}{page.pk}/change/", page_form_data(page, slug="screener")
    )
    assert response.status_code == 200
    assert "This address is used by another part of the website" in response.content.decode()
