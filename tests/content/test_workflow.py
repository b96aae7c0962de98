"""Changing a live page safely: submit, review, publish, schedule, discard, reminders."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from clinic_site.models import SiteSettings
from content.models import Page, PageEvent, PageReview
from content.workflow import draft_publish, draft_schedule
from tests.support.staff import staff_sign_in

from .admin_support import PREFIX, page_form_data, publish

NEW_TEXT = "## What to look out for\n\nA new safety sentence about a quokka.\n"


@pytest.fixture
def live_page(loaded_content):
    return Page.objects.get(slug="side-effects-and-safety")


@pytest.fixture
def edited(editor_client, live_page):
    """The side-effects page with an editor's draft waiting."""
    editor_client.post(f"{PREFIX}{live_page.pk}/change/", page_form_data(live_page, body=NEW_TEXT))
    return Page.objects.get(live_page=live_page)


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
    review = PageReview.objects.get(draft=edited)
    assert review.state == PageReview.State.SUBMITTED
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
    assert not Page.objects.filter(pk=edited.pk).exists(), "the draft is used up"
    live = Page.objects.get(slug="side-effects-and-safety")
    assert live.events.filter(action=PageEvent.Action.PUBLISHED).exists()


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
    assert PageReview.objects.get(draft=edited).state == PageReview.State.CHANGES_REQUESTED
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
def test_a_scheduled_change_takes_effect_at_its_time_and_not_before(
    reviewer_client, edited, client
):
    at = timezone.now() + datetime.timedelta(days=1)
    local = timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")
    response = reviewer_client.post(
        f"{PREFIX}{edited.pk}/review/", {"action": "schedule", "publish_at": local}
    )
    assert response.status_code == 302
    assert PageReview.objects.get(draft=edited).state == PageReview.State.SCHEDULED
    assert not visible(client, "quokka")
    with time_machine.travel(at - datetime.timedelta(minutes=5), tick=False):
        assert not visible(client, "quokka")
    with time_machine.travel(at + datetime.timedelta(minutes=1), tick=False):
        assert visible(client, "quokka"), "published by the first visit after its time"
    assert not PageReview.objects.exists()


@pytest.mark.django_db
def test_a_change_after_scheduling_cancels_the_schedule(editor_client, reviewer, edited, client):
    draft_schedule(draft=edited, user=reviewer, at=timezone.now() + datetime.timedelta(hours=1))
    editor_client.post(f"{PREFIX}{edited.pk}/change/", page_form_data(edited, body="Later.\n"))
    assert not PageReview.objects.filter(draft=edited).exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2), tick=False):
        assert not visible(client, "Later.")


@pytest.mark.django_db
def test_an_overdue_scheduled_change_is_flagged_on_the_admin_home_page(
    reviewer_client, reviewer, edited
):
    review = draft_schedule(
        draft=edited, user=reviewer, at=timezone.now() + datetime.timedelta(minutes=1)
    )
    PageReview.objects.filter(pk=review.pk).update(
        scheduled_for=timezone.now() - datetime.timedelta(hours=1)
    )
    html = reviewer_client.get("/admin/").content.decode()
    assert "A scheduled change has not gone live on time" in html


@pytest.mark.django_db
def test_discarding_a_draft_asks_first_then_returns_the_page_to_its_live_version(
    editor_client, edited, live_page
):
    confirm = editor_client.get(f"{PREFIX}{edited.pk}/discard/").content.decode()
    assert "Yes, discard the draft" in confirm
    assert Page.objects.filter(pk=edited.pk).exists(), "asking changes nothing"
    response = editor_client.post(f"{PREFIX}{edited.pk}/discard/")
    assert response["Location"] == f"{PREFIX}{live_page.pk}/change/"
    assert not Page.objects.filter(live_page=live_page).exists()
    assert live_page.events.filter(action=PageEvent.Action.DISCARDED).exists()
    assert 'value="' in editor_client.get(f"{PREFIX}{live_page.pk}/change/").content.decode()


@pytest.mark.django_db
def test_a_reviewer_can_edit_and_publish_in_one_step_and_it_is_recorded(
    reviewer_client, live_page, client
):
    reviewer_client.post(
        f"{PREFIX}{live_page.pk}/change/",
        page_form_data(live_page, body=NEW_TEXT, _publish="Save and publish now"),
    )
    assert visible(client, "quokka")
    assert live_page.events.filter(action=PageEvent.Action.EDITED_AND_PUBLISHED).exists()


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
    draft = Page.objects.get(live_page=live_page)
    response = reviewer_client.post(f"{PREFIX}{draft.pk}/review/", {"action": "publish"})
    assert "another clinical reviewer needs to publish it" in response.content.decode()
    assert not visible(client, "quokka")

    from .conftest import staff_user

    colleague = staff_user(django_user_model, username="sam", group="Clinical reviewer")
    draft_publish(draft=draft, user=colleague)
    assert visible(client, "quokka")


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
    draft = Page.objects.get(live_page=live_page)
    html = reviewer_client.get(f"{PREFIX}{draft.pk}/review/").content.decode()
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
    draft = Page.objects.get(live_page=live_page)
    assert "\r" not in draft.body
    html = reviewer_client.get(f"{PREFIX}{draft.pk}/review/").content.decode()
    assert "unchanged paragraph" in html
    # One insertion and no deletion, besides the key above the comparison.
    assert html.count("<ins>") == 2 and "<ins>One new paragraph about an axolotl." in html
    assert html.count("<del>") == 1


@pytest.mark.django_db
def test_a_draft_whose_address_another_page_took_meanwhile_is_refused_kindly(
    reviewer_client, edited, loaded_content
):
    Page.objects.filter(pk=edited.pk).update(slug="faq")  # as if the FAQ had taken it since
    response = publish(reviewer_client, edited)
    assert response.status_code == 200
    assert "Another page now has the address /faq/" in response.content.decode()
    assert Page.objects.filter(pk=edited.pk).exists(), "the draft is kept"


@pytest.mark.django_db
def test_a_scheduled_change_that_cannot_be_published_goes_back_to_the_reviewers(
    reviewer_client, reviewer, edited, client
):
    at = timezone.now() + datetime.timedelta(hours=1)
    draft_schedule(draft=edited, user=reviewer, at=at)
    Page.objects.filter(pk=edited.pk).update(slug="faq")  # another page took the address
    with time_machine.travel(at + datetime.timedelta(minutes=1), tick=False):
        assert client.get("/side-effects-and-safety/").status_code == 200, "no error page"
        assert not visible(client, "quokka")
        review = PageReview.objects.get(draft=edited)
        assert review.state == PageReview.State.SUBMITTED
        assert "Another page now has the address /faq/" in review.comment
    home = reviewer_client.get("/admin/").content.decode()
    assert f"{PREFIX}{edited.pk}/review/" in home, "listed under Awaiting your review again"


@pytest.mark.django_db
def test_an_editor_cannot_bring_a_deleted_page_back_live(
    editor_client, reviewer_client, loaded_content, client
):
    from reversion.models import Version

    live = Page.objects.get(slug="side-effects-and-safety")
    reviewer_client.post(f"{PREFIX}{live.pk}/delete/", {"post": "yes"})
    version = Version.objects.get_deleted(Page).filter(object_id=str(live.pk)).first()
    assert editor_client.get(f"{PREFIX}recover/").status_code == 403
    assert editor_client.get(f"{PREFIX}recover/{version.pk}/").status_code == 403
    assert (
        editor_client.post(f"{PREFIX}recover/{version.pk}/", page_form_data(live)).status_code
        == 403
    )
    assert client.get("/side-effects-and-safety/").status_code == 404
    assert reviewer_client.get(f"{PREFIX}recover/{version.pk}/").status_code == 200


@pytest.mark.django_db
def test_recovering_is_only_for_deleted_pages(reviewer_client, live_page):
    from reversion.models import Version

    version = Version.objects.get_for_object(live_page).first()
    assert reviewer_client.get(f"{PREFIX}recover/{version.pk}/").status_code == 404


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
    assert Page.objects.filter(live_page=live_page).count() == 1


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
