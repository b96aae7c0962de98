"""Changing a live page safely: submit, review, publish, schedule, discard, reminders."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from clinic_site.models import SiteSettings
from content.models import Page
from editorial.models import Event, Review
from editorial.workflow import draft_publish, draft_schedule
from tests.support.staff import staff_sign_in

from .admin_support import PREFIX, page_form_data, publish

NEW_TEXT = "## What to look out for\n\nA new safety sentence about a quokka.\n"


@pytest.fixture
def live_page(loaded_content):
    return Page.objects.get(slug="side-effects-and-safety")


@pytest.fixture
def edited(editor_client, live_page):
    """The side-effects page with an editor's draft waiting: the page as the draft has it."""
    editor_client.post(f"{PREFIX}{live_page.pk}/change/", page_form_data(live_page, body=NEW_TEXT))
    return Page.objects.get(pk=live_page.pk).draft_object


def review_of(page: Page) -> Review:
    return Review.objects.get(object_id=str(page.pk))


def visible(client, text: str) -> bool:
    return text in client.get("/side-effects-and-safety/").content.decode()


@pytest.mark.django_db
def test_submitting_a_draft_tells_the_reviewers_and_lists_it_for_them(
    editor_client, reviewer, edited, client
):
    reviewer.email = "rita@clinic.example"
    reviewer.save()
    response = editor_client.post(
        f"{PREFIX}{edited.pk}/submit/", {"note": "Added a safety sentence."}
    )
    assert response.status_code == 302
    review = review_of(edited)
    assert review.state == Review.State.SUBMITTED
    assert review.note == "Added a safety sentence."
    [email] = mail.outbox
    assert email.to == ["rita@clinic.example"]
    assert "Side effects" in email.subject
    assert f"{PREFIX}{edited.pk}/review/" in email.body

    staff_sign_in(client, reviewer)
    home = client.get("/admin/").content.decode()
    assert "Awaiting your review" in home
    assert f"{PREFIX}{edited.pk}/review/" in home


@pytest.mark.django_db
def test_the_review_page_shows_both_versions_the_changes_and_the_note(
    editor_client, reviewer_client, edited
):
    editor_client.post(f"{PREFIX}{edited.pk}/submit/", {"note": "Please check the wording."})
    html = reviewer_client.get(f"{PREFIX}{edited.pk}/review/").content.decode()
    assert "Live now" in html and "Draft" in html
    assert "<ins>" in html and "quokka" in html
    assert "<del>" in html
    assert "Please check the wording." in html
    assert "Checks" in html
    assert 'value="publish"' in html


@pytest.mark.django_db
def test_an_editor_cannot_publish(editor_client, edited, live_page):
    response = editor_client.post(f"{PREFIX}{edited.pk}/review/", {"action": "publish"})
    assert response.status_code == 403
    html = editor_client.get(f"{PREFIX}{edited.pk}/review/").content.decode()
    assert 'value="publish"' not in html
    assert not visible(editor_client, "quokka")


@pytest.mark.django_db
def test_publishing_shows_the_change_to_visitors_at_once(reviewer_client, edited, client):
    assert not visible(client, "quokka")  # cached with the live text
    response = publish(reviewer_client, edited)
    assert "is published" in response.content.decode()
    assert visible(client, "quokka")
    assert "quokka" in client.get("/search/", {"q": "quokka"}).content.decode()
    live = Page.objects.get(slug="side-effects-and-safety")
    assert live.pk == edited.pk, "the same page, its draft now live"
    assert not live.has_unpublished_changes
    assert live.live_revision == live.latest_revision
    assert live.events.filter(action=Event.Action.PUBLISHED).exists()


@pytest.mark.django_db
def test_asking_for_changes_reaches_the_editor_on_the_page_and_by_email(
    editor, editor_client, reviewer_client, edited
):
    editor.email = "eddie@clinic.example"
    editor.save()
    editor_client.post(f"{PREFIX}{edited.pk}/submit/", {"note": ""})
    mail.outbox.clear()
    reviewer_client.post(
        f"{PREFIX}{edited.pk}/review/",
        {"action": "request_changes", "comment": "Say who to call about bladder pain."},
    )
    assert review_of(edited).state == Review.State.CHANGES_REQUESTED
    [email] = mail.outbox
    assert email.to == ["eddie@clinic.example"]
    assert "Say who to call about bladder pain." in email.body
    html = editor_client.get(f"{PREFIX}{edited.pk}/change/").content.decode()
    assert "Changes requested by rita" in html
    assert "Say who to call about bladder pain." in html


@pytest.mark.django_db
def test_asking_for_changes_needs_a_comment(editor_client, reviewer_client, edited):
    editor_client.post(f"{PREFIX}{edited.pk}/submit/", {"note": ""})
    response = reviewer_client.post(
        f"{PREFIX}{edited.pk}/review/", {"action": "request_changes", "comment": ""}
    )
    assert response.status_code == 200
    assert "Say what needs to change" in response.content.decode()


@pytest.mark.django_db
def test_a_scheduled_change_goes_live_when_the_command_runs_at_or_after_its_time(
    reviewer_client, edited, client
):
    at = (timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    local = timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")
    response = reviewer_client.post(
        f"{PREFIX}{edited.pk}/review/", {"action": "schedule", "publish_at": local}
    )
    assert response.status_code == 302
    assert review_of(edited).state == Review.State.SCHEDULED
    assert not visible(client, "quokka")
    with time_machine.travel(at - datetime.timedelta(minutes=5), tick=False):
        call_command("publish_scheduled")
        assert not visible(client, "quokka")
    with time_machine.travel(at + datetime.timedelta(minutes=1), tick=False):
        assert not visible(client, "quokka"), "a visitor's request never publishes"
        assert review_of(edited).state == Review.State.SCHEDULED
    with time_machine.travel(at, tick=False):
        call_command("publish_scheduled")
        assert visible(client, "quokka"), "published by the command at its time"
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_the_routine_jobs_command_publishes_scheduled_changes_too(reviewer, edited, client):
    at = timezone.now() + datetime.timedelta(hours=1)
    draft_schedule(record=edited, user=reviewer, at=at)
    with time_machine.travel(at + datetime.timedelta(minutes=1), tick=False):
        call_command("run_routine_jobs")
        assert visible(client, "quokka")


@pytest.mark.django_db
def test_a_change_after_scheduling_cancels_the_schedule(editor_client, reviewer, edited, client):
    draft_schedule(record=edited, user=reviewer, at=timezone.now() + datetime.timedelta(hours=1))
    editor_client.post(f"{PREFIX}{edited.pk}/change/", page_form_data(edited, body="Later.\n"))
    assert not Review.objects.filter(object_id=str(edited.pk)).exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2), tick=False):
        call_command("publish_scheduled")
        assert not visible(client, "Later.")


@pytest.mark.django_db
def test_an_overdue_scheduled_change_is_flagged_on_the_admin_home_page(
    reviewer_client, reviewer, edited
):
    review = draft_schedule(
        record=edited, user=reviewer, at=timezone.now() + datetime.timedelta(minutes=1)
    )
    Review.objects.filter(pk=review.pk).update(
        scheduled_for=timezone.now() - datetime.timedelta(hours=1)
    )
    html = reviewer_client.get("/admin/").content.decode()
    assert "A scheduled change has not gone live on time" in html
    assert "publish_scheduled" in html, "says which job has not run"


@pytest.mark.django_db
def test_discarding_a_draft_asks_first_then_returns_the_page_to_its_live_version(
    editor_client, edited, live_page
):
    confirm = editor_client.get(f"{PREFIX}{edited.pk}/discard/").content.decode()
    assert "Yes, discard the draft" in confirm
    assert Page.objects.get(pk=live_page.pk).has_unpublished_changes, "asking changes nothing"
    response = editor_client.post(f"{PREFIX}{edited.pk}/discard/")
    assert response["Location"] == f"{PREFIX}{live_page.pk}/change/"
    page = Page.objects.get(pk=live_page.pk)
    assert not page.has_unpublished_changes
    assert page.latest_revision == page.live_revision
    assert live_page.events.filter(action=Event.Action.DISCARDED).exists()
    html = editor_client.get(f"{PREFIX}{live_page.pk}/change/").content.decode()
    assert "quokka" not in html and "This page is live." in html


@pytest.mark.django_db
def test_a_reviewer_can_edit_and_publish_in_one_step_and_it_is_recorded(
    reviewer_client, live_page, client
):
    reviewer_client.post(
        f"{PREFIX}{live_page.pk}/change/",
        page_form_data(live_page, body=NEW_TEXT, _publish="Save and publish now"),
    )
    assert visible(client, "quokka")
    assert live_page.events.filter(action=Event.Action.EDITED_AND_PUBLISHED).exists()


@pytest.mark.django_db
def test_with_a_second_person_required_a_reviewer_cannot_publish_their_own_change(
    reviewer_client, reviewer, live_page, client, django_user_model
):
    SiteSettings.objects.update_or_create(pk=1, defaults={"every_change_needs_second_person": True})
    reviewer_client.post(
        f"{PREFIX}{live_page.pk}/change/",
        page_form_data(live_page, body=NEW_TEXT, _publish="Save and publish now"),
    )
    assert not visible(client, "quokka")
    response = reviewer_client.post(f"{PREFIX}{live_page.pk}/review/", {"action": "publish"})
    assert "another clinical reviewer needs to publish it" in response.content.decode()
    assert not visible(client, "quokka")

    from .conftest import staff_user

    colleague = staff_user(django_user_model, username="sam", group="Clinical reviewer")
    draft_publish(record=Page.objects.get(pk=live_page.pk), user=colleague)
    assert visible(client, "quokka")


@pytest.mark.django_db
def test_with_a_second_person_required_an_editors_re_save_does_not_let_the_author_publish(
    reviewer_client, editor_client, live_page, client
):
    """Security review F5: anyone who wrote any part of the draft may not publish it."""
    SiteSettings.objects.update_or_create(pk=1, defaults={"every_change_needs_second_person": True})
    change_url = f"{PREFIX}{live_page.pk}/change/"
    reviewer_client.post(change_url, page_form_data(live_page, body=NEW_TEXT))
    draft = Page.objects.get(pk=live_page.pk).draft_object
    editor_client.post(f"{PREFIX}{live_page.pk}/change/", page_form_data(draft))  # unchanged
    response = reviewer_client.post(f"{PREFIX}{live_page.pk}/review/", {"action": "publish"})
    assert "another clinical reviewer needs to publish it" in response.content.decode()
    assert not visible(client, "quokka")


@pytest.mark.django_db
def test_the_preview_is_for_signed_in_staff_and_never_cached(editor_client, edited, client):
    url = f"{PREFIX}{edited.pk}/preview/"
    assert client.get(url).status_code == 302, "visitors are sent to sign in"
    response = editor_client.get(url)
    html = response.content.decode()
    assert "Draft: not visible to patients" in html
    assert "quokka" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "<h1>" in html and html.count("<h1") == 1


@pytest.mark.django_db
def test_the_checks_warn_the_reviewer_about_a_page_that_breaks_the_rules(
    editor_client, reviewer_client, live_page
):
    body = "# A top heading\n\nYou are eligible for ketamine. See [this](/no-such-page/).\n"
    editor_client.post(
        f"{PREFIX}{live_page.pk}/change/", page_form_data(live_page, body=body, summary="Short.")
    )
    html = reviewer_client.get(f"{PREFIX}{live_page.pk}/review/").content.decode()
    assert "eligible" in html
    assert "/no-such-page/" in html
    assert "top-level heading" in html
    assert "characters" in html


@pytest.mark.django_db
def test_review_reminders_go_to_each_reviewer_once_a_day(reviewer, live_page):
    reviewer.email = "rita@clinic.example"
    reviewer.save()
    Page.objects.filter(pk=live_page.pk).update(
        review_due=timezone.localdate() + datetime.timedelta(days=10)
    )
    call_command("send_review_reminders")
    call_command("send_review_reminders")
    [email] = mail.outbox
    assert email.to == ["rita@clinic.example"]
    assert "Side effects" in email.body
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        call_command("send_review_reminders")
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_review_shows_only_the_paragraphs_that_changed_whatever_line_endings_arrive(
    editor_client, reviewer_client, live_page
):
    # Browsers send a textarea's lines with CRLF.
    body = live_page.body.rstrip("\n") + "\n\nOne new paragraph about an axolotl.\n"
    editor_client.post(
        f"{PREFIX}{live_page.pk}/change/",
        page_form_data(live_page, body=body.replace("\n", "\r\n")),
    )
    draft = Page.objects.get(pk=live_page.pk).draft_object
    assert "\r" not in draft.body
    html = reviewer_client.get(f"{PREFIX}{draft.pk}/review/").content.decode()
    assert "unchanged paragraph" in html
    # One insertion and no deletion, besides the key above the comparison.
    assert html.count("<ins>") == 2 and "<ins>One new paragraph about an axolotl." in html
    assert html.count("<del>") == 1


def draft_slug_set(page: Page, slug: str) -> None:
    """As if an editor had changed the draft's address (the form would refuse a taken one)."""
    revision = Page.objects.get(pk=page.pk).latest_revision
    revision.content["slug"] = slug
    revision.save()


@pytest.mark.django_db
def test_a_draft_whose_address_another_page_took_meanwhile_is_refused_kindly(
    reviewer_client, edited, loaded_content
):
    draft_slug_set(edited, "faq")  # as if the FAQ had taken it since
    response = publish(reviewer_client, edited)
    assert response.status_code == 200
    assert "Another page now has the address /faq/" in response.content.decode()
    assert Page.objects.get(pk=edited.pk).has_unpublished_changes, "the draft is kept"


@pytest.mark.django_db
def test_a_spanish_page_can_be_published_with_the_address_of_an_english_page(
    reviewer_client, editor_client, loaded_content, client
):
    """Issue 25: publishing looked for the address in every language."""
    spanish = Page.objects.filter(language="es", translation_of__isnull=False).first()
    english_slug = spanish.translation_of.slug
    editor_client.post(f"{PREFIX}{spanish.pk}/change/", page_form_data(spanish, slug=english_slug))
    response = publish(reviewer_client, spanish)
    assert "is published" in response.content.decode()
    assert client.get(f"/es/{english_slug}/").status_code == 200


@pytest.mark.django_db
def test_a_scheduled_change_that_cannot_be_published_goes_back_to_the_reviewers(
    reviewer_client, reviewer, edited, client
):
    at = timezone.now() + datetime.timedelta(hours=1)
    draft_schedule(record=edited, user=reviewer, at=at)
    draft_slug_set(edited, "faq")  # another page took the address
    with time_machine.travel(at + datetime.timedelta(minutes=1), tick=False):
        call_command("publish_scheduled")
        assert client.get("/side-effects-and-safety/").status_code == 200, "no error page"
        assert not visible(client, "quokka")
        review = review_of(edited)
        assert review.state == Review.State.SUBMITTED
        assert "Another page now has the address /faq/" in review.comment
    home = reviewer_client.get("/admin/").content.decode()
    assert f"{PREFIX}{edited.pk}/review/" in home, "listed under Awaiting your review again"


@pytest.mark.django_db
def test_a_deleted_page_comes_back_only_as_a_draft_and_only_for_a_reviewer(
    editor_client, reviewer_client, loaded_content, client
):
    live = Page.objects.get(slug="side-effects-and-safety")
    reviewer_client.post(f"{PREFIX}{live.pk}/delete/", {"post": "yes"})
    assert editor_client.get(f"{PREFIX}deleted/").status_code == 403
    listing = reviewer_client.get(f"{PREFIX}deleted/").content.decode()
    assert "Side effects" in listing
    revision = live.revisions.first()
    url = f"{PREFIX}deleted/{revision.pk}/restore/"
    assert editor_client.post(url).status_code == 403
    response = reviewer_client.post(url)
    assert response.status_code == 302
    restored = Page.objects.get(slug="side-effects-and-safety")
    assert not restored.is_live, "it needs review to go live again"
    assert client.get("/side-effects-and-safety/").status_code == 404


@pytest.mark.django_db
def test_published_drafts_are_not_listed_as_deleted_pages(reviewer_client, edited, loaded_content):
    """Issue 25: every published draft used to appear under "Recover deleted pages"."""
    publish(reviewer_client, edited)
    listing = reviewer_client.get(f"{PREFIX}deleted/").content.decode()
    assert "Side effects" not in listing
    assert "No deleted pages" in listing


@pytest.mark.django_db
def test_a_second_save_of_a_live_page_opened_before_the_first_draft_keeps_the_text(
    editor_client, reviewer_client, live_page
):
    opened_meanwhile = page_form_data(live_page, body="The second person's text.\n")
    editor_client.post(f"{PREFIX}{live_page.pk}/change/", page_form_data(live_page, body=NEW_TEXT))
    response = reviewer_client.post(f"{PREFIX}{live_page.pk}/change/", opened_meanwhile)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone saved a draft of this page while you were editing it" in html
    assert "The second person&#x27;s text." in html
    assert Page.objects.filter(slug="side-effects-and-safety").count() == 1, "one row a page"
    assert live_page.revisions.count() == 2, "the loaded version and the first draft"


@pytest.mark.django_db
def test_a_new_faq_pages_questions_are_found_by_search_once_published(
    editor_client, reviewer_client
):
    from content.search import search_run

    data = {
        "title": "Questions about parking",
        "slug": "parking-questions",
        "language": "en",
        "summary": "Answers to common questions about parking at the clinic on the day.",
        "body": "Some text.\n",
        "layout": "faq",
        "nav_order": 100,
        "last_reviewed": "2026-01-01",
        "review_interval_months": 12,
        "_continue": "Save",
    }
    editor_client.post(f"{PREFIX}add/", data)
    page = Page.objects.get(slug="parking-questions")
    editor_client.post(
        f"{PREFIX}{page.pk}/change/",
        {
            **data,
            "loaded_updated_at": page.updated_at.isoformat(),
            "faq_entries-TOTAL_FORMS": 1,
            "faq_entries-INITIAL_FORMS": 0,
            "faq_entries-MIN_NUM_FORMS": 0,
            "faq_entries-MAX_NUM_FORMS": 1000,
            "faq_entries-0-question": "Is there a zeppelin bay?",
            "faq_entries-0-anchor": "zeppelin",
            "faq_entries-0-answer": "Yes, beside the zeppelin mast.",
            "faq_entries-0-order": 1,
        },
    )
    assert search_run(query="zeppelin") == []
    publish(reviewer_client, page)
    assert search_run(query="zeppelin") != []


@pytest.mark.django_db
def test_a_draft_save_leaves_the_public_cache_as_it_was(
    editor_client, live_page, client, django_assert_num_queries
):
    """Issue 25: every draft save used to empty the whole public page cache."""
    from clinic_site.content_version import content_version_get

    client.get("/faq/")
    version = content_version_get()
    editor_client.post(f"{PREFIX}{live_page.pk}/change/", page_form_data(live_page, body=NEW_TEXT))
    assert Page.objects.get(pk=live_page.pk).has_unpublished_changes
    assert content_version_get() == version
    with django_assert_num_queries(0):
        assert client.get("/faq/").status_code == 200, "still served from the cache"
    assert not visible(client, "quokka")
    assert "No results for" in client.get("/search/", {"q": "quokka"}).content.decode()


@pytest.mark.django_db
def test_a_change_to_a_page_never_published_leaves_the_public_cache_as_it_was(
    editor_client, client
):
    from clinic_site.content_version import content_version_get

    from .admin_support import draft_page

    page = draft_page()
    client.get("/privacy/")
    version = content_version_get()
    editor_client.post(f"{PREFIX}{page.pk}/change/", page_form_data(page, body="Better.\n"))
    assert Page.objects.get(pk=page.pk).body.strip() == "Better."
    assert content_version_get() == version


@pytest.mark.django_db
def test_publishing_a_draft_that_changes_nothing_leaves_the_public_cache_as_it_was(
    editor_client, reviewer_client, live_page, client
):
    from clinic_site.content_version import content_version_get

    editor_client.post(f"{PREFIX}{live_page.pk}/change/", page_form_data(live_page))
    client.get("/faq/")
    version = content_version_get()
    assert "is published" in publish(reviewer_client, live_page).content.decode()
    assert content_version_get() == version
