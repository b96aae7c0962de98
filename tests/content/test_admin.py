"""Staff editing in admin: drafts, conflicts, history, revert, preview, the page list.

The review workflow (submit, review, publish, schedule, discard) is in test_workflow.py.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from clinic_site.models import SiteSettings
from content.models import FAQEntry, Page
from editorial.models import Event
from tests.support.staff import staff_sign_in

from .admin_support import PREFIX, draft_page, page_form_data, publish


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
    data = page_form_data(page, status="published", last_reviewed="2020-01-01", _publish="1")
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
def test_an_editor_changes_a_live_page_and_visitors_keep_the_live_version(
    editor_client, loaded_content
):
    page = Page.objects.get(slug="side-effects-and-safety")
    live_body = page.body
    response = editor_client.post(
        f"{PREFIX}{page.pk}/change/", page_form_data(page, body="## Draft\n\nA zebra sentence.\n")
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == live_body, "the live page is untouched"
    assert Page.objects.filter(slug="side-effects-and-safety").count() == 1, "one row a page"
    draft = page.draft_object
    assert draft.body.strip() == "## Draft\n\nA zebra sentence."
    assert page.latest_revision.user.username == "eddie"
    assert response["Location"] == f"{PREFIX}{page.pk}/change/"

    # Visitors, search and the sitemap keep the live version.
    assert "zebra" not in editor_client.get("/side-effects-and-safety/").content.decode()
    assert "No results for" in editor_client.get("/search/", {"q": "zebra"}).content.decode()
    sitemap = editor_client.get("/sitemap.xml").content.decode()
    assert sitemap.count("<loc>http://testserver/side-effects-and-safety/</loc>") == 1
    # Opening the page again opens its draft.
    html = editor_client.get(f"{PREFIX}{page.pk}/change/").content.decode()
    assert "You are editing the draft of a live page" in html
    assert "A zebra sentence." in html


@pytest.mark.django_db
def test_the_page_list_says_which_pages_have_a_draft_and_who_changed_them(
    editor_client, loaded_content
):
    page = Page.objects.get(slug="side-effects-and-safety")
    editor_client.post(f"{PREFIX}{page.pk}/change/", page_form_data(page, body="Changed.\n"))
    draft_page()
    html = editor_client.get(PREFIX).content.decode()
    assert "Live + draft" in html
    assert "Draft only" in html
    assert ">Live<" in html
    assert "eddie" in html
    assert "Content loader" in html
    filtered = editor_client.get(PREFIX, {"state": "live-draft"}).content.decode()
    assert "Side effects" in filtered and "Facts about chronic pain" not in filtered


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
def test_opening_a_page_someone_else_has_open_says_who_and_since_when(client, editor, reviewer):
    page = draft_page()
    staff_sign_in(client, reviewer)
    client.get(f"{PREFIX}{page.pk}/change/")
    staff_sign_in(client, editor)
    html = client.get(f"{PREFIX}{page.pk}/change/").content.decode()
    assert "This page is being edited by rita since" in html


@pytest.mark.django_db
def test_history_shows_every_step_and_the_differences(reviewer_client, loaded_content):
    page = Page.objects.get(slug="chronic-pain-facts")
    reviewer_client.post(
        f"{PREFIX}{page.pk}/change/", page_form_data(page, body="## Pain\n\nA second draft.\n")
    )
    reviewer_client.post(f"{PREFIX}{page.pk}/submit/", {"note": "Shorter."})
    publish(reviewer_client, page)
    html = reviewer_client.get(f"{PREFIX}{page.pk}/history/").content.decode()
    for step in ("Draft saved", "Submitted for review", "Published", "Shorter.", "(live version)"):
        assert step in html
    assert "rita" in html
    latest = page.revisions.first()
    html = reviewer_client.get(f"{PREFIX}{page.pk}/history/{latest.pk}/changes/").content.decode()
    # As visitors will read it, and the Markdown changes a click away.
    assert '<h3 class="editorial-change__label">Body (changed)</h3>' in html
    assert re.search(r'<ins class="diff-ins"><span class="diff-sr">added: </span>[^<]*second', html)
    assert "<summary>Show the Markdown changes</summary>" in html and "<h3>Body</h3>" in html
    assert re.search(r"<ins>[^<]*second draft", html)


@pytest.mark.django_db
def test_restoring_an_earlier_version_makes_a_draft_that_publishing_puts_live(
    reviewer_client, loaded_content
):
    page = Page.objects.get(slug="chronic-pain-facts")
    original = page.revisions.get()
    reviewer_client.post(
        f"{PREFIX}{page.pk}/change/",
        page_form_data(page, title="Chronic pain: the facts", slug="chronic-pain", _publish="1"),
    )
    assert reviewer_client.get("/chronic-pain/").status_code == 200

    response = reviewer_client.post(f"{PREFIX}{page.pk}/history/{original.pk}/revert/")
    assert response.status_code == 302
    assert Page.objects.get(pk=page.pk).draft_object.title == "Facts about chronic pain"
    assert reviewer_client.get("/chronic-pain/").status_code == 200, "live until published"

    publish(reviewer_client, page)
    page.refresh_from_db()
    assert page.slug == "chronic-pain-facts"
    html = reviewer_client.get("/chronic-pain-facts/").content.decode()
    assert "<h1>Facts about chronic pain</h1>" in html
    assert reviewer_client.get("/chronic-pain/")["Location"] == "/chronic-pain-facts/"
    assert page.events.filter(action=Event.Action.REVERTED, user__username="rita").exists()


@pytest.mark.django_db
def test_restoring_a_version_restores_faq_entries_too(reviewer_client, loaded_content):
    page = Page.objects.get(slug="faq")
    original = page.revisions.get()
    entry = page.faq_entries.get(anchor="driving")
    original_answer = entry.answer
    data = page_form_data(page, _publish="1")
    number = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-id") and value == entry.pk
    )
    data[f"faq_entries-{number}-answer"] = "Changed answer."
    assert reviewer_client.post(f"{PREFIX}{page.pk}/change/", data).status_code == 302
    assert "Changed answer." in reviewer_client.get("/faq/").content.decode()

    reviewer_client.post(f"{PREFIX}{page.pk}/history/{original.pk}/revert/")
    publish(reviewer_client, page)
    html = reviewer_client.get("/faq/").content.decode()
    assert "Changed answer." not in html
    assert page.faq_entries.get(anchor="driving").answer == original_answer


@pytest.mark.django_db
def test_an_editor_restoring_a_version_only_makes_a_draft(editor_client, loaded_content):
    page = Page.objects.get(slug="faq")
    revision = page.revisions.get()
    response = editor_client.post(f"{PREFIX}{page.pk}/history/{revision.pk}/revert/")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert page.status == Page.Status.PUBLISHED
    assert page.live_revision == revision


@pytest.mark.django_db
def test_preview_shows_unsaved_text_sanitised_and_saves_nothing(editor_client):
    page = draft_page()
    data = page_form_data(
        page, body="## New heading\n\nUnsaved words. <script>alert(1)</script><b onclick=x>b</b>"
    )
    response = editor_client.post(f"{PREFIX}{page.pk}/preview/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft: not visible to patients" in html
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
    assert reviewer_client.get("/side-effects-and-safety/").status_code == 200, "a draft"
    publish(reviewer_client, page)
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


@pytest.mark.django_db
def test_the_admin_names_the_clinic_not_django(reviewer_client):
    SiteSettings.objects.update_or_create(pk=1, defaults={"clinic_name": "Lakeside Clinic"})
    html = reviewer_client.get("/admin/").content.decode()
    assert "Lakeside Clinic" in html
    assert "<title>" in html and "Lakeside Clinic staff" in html
    assert "Django administration" not in html


@pytest.mark.django_db
def test_the_review_names_images_not_from_the_library_in_the_body_and_faq_answers(
    editor_client, loaded_content
):
    page = draft_page(body="## Sleep\n\n![A chart](https://example.com/chart.png)\n")
    response = editor_client.get(f"{PREFIX}{page.pk}/review/")
    text = response.content.decode()
    assert "Images must come from the image library" in text
    assert "https://example.com/chart.png" in text

    faq = draft_page(slug="sleep-questions", layout=Page.Layout.FAQ, body="Questions.\n")
    FAQEntry.objects.create(
        page=faq, question="Can I sleep?", anchor="sleep", answer="![A photo](image:999999)\n"
    )
    response = editor_client.get(f"{PREFIX}{faq.pk}/review/")
    assert "This image is not in the image library" in response.content.decode()


STAFF_BAR = f"{PREFIX}staff-bar/"


@pytest.mark.django_db
def test_staff_are_told_where_a_live_page_is_edited_and_visitors_get_nothing(
    editor_client, client, loaded_content
):
    english = Page.objects.get(slug="what-to-expect", language="en")
    spanish = Page.objects.get(slug="que-esperar")
    for page in (english, spanish):
        answer = editor_client.get(STAFF_BAR, {"path": page.get_absolute_url()}).json()
        assert answer == {"edit_url": f"{PREFIX}{page.pk}/change/", "label": "Edit this page"}
    visitor = client.get(STAFF_BAR, {"path": english.get_absolute_url()})
    assert visitor.status_code == 204
    assert visitor.content == b""
    assert "no-cache" in visitor["Cache-Control"] or "max-age=0" in visitor["Cache-Control"]
    assert editor_client.get(STAFF_BAR, {"path": "/no-such-page/"}).status_code == 204


@pytest.mark.django_db
def test_opening_the_page_list_leaves_the_hint_that_lets_the_live_site_ask(editor_client):
    response = editor_client.get(PREFIX)
    assert response.cookies["clinic_staff_hint"].value == "1"


@pytest.mark.django_db
def test_no_page_served_to_a_visitor_contains_the_staff_link(
    editor_client, client, loaded_content, settings
):
    """Staff read every public page first, so any page the cache stored for them is what the
    visitor gets next."""
    settings.ALLOWED_HOSTS = ["testserver"]  # the cache stores pages of the site's own name
    paths = ["/", "/es/"] + [page.get_absolute_url() for page in Page.objects.published()]
    for path in paths:
        assert editor_client.get(path).status_code == 200, path
    for path in paths:
        response = client.get(path)
        text = response.content.decode()
        assert response.status_code == 200, path
        assert "Edit this page" not in text, path
        assert "/admin/content/page/" not in text.replace(STAFF_BAR, ""), path
        assert "clinic_staff_hint" not in response.cookies, path


@pytest.mark.django_db
def test_the_side_by_side_list_shows_each_english_page_with_its_spanish_version(
    editor_client, loaded_content
):
    response = editor_client.get(f"{PREFIX}side-by-side/")
    text = response.content.decode()
    english = Page.objects.get(slug="what-to-expect", language="en")
    spanish = Page.objects.get(slug="que-esperar")
    rows = re.findall(r"<tr>(.*?)</tr>", text, re.DOTALL)
    row = next(row for row in rows if f"{PREFIX}{english.pk}/change/" in row)
    assert f"{PREFIX}{spanish.pk}/change/" in row
    assert row.count("Live") == 2
    assert (
        len([r for r in rows if '<th scope="row"' in r])
        == Page.objects.filter(language="en").count()
        + Page.objects.filter(language="es", translation_of=None).count()
    )
