"""Notifications that fit (issue 27): review emails to the clinical reviewers (the group, not
every superuser); the editor told on the admin home and by email when their change is published,
scheduled or sent back; their changes in review listed for them."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from content.models import Page
from editorial.models import Notification

from ..content.admin_support import PREFIX, page_form_data
from ..support.staff import staff_sign_in

DRAFT_WORDS = "A sentence about a numbat that only the draft has."


@pytest.fixture
def page(loaded_content):
    return Page.objects.get(slug="side-effects-and-safety", language="en")


@pytest.fixture
def emails(editor, reviewer):
    editor.email, editor.first_name = "eddie@clinic.example", "Eddie"
    editor.save()
    reviewer.email, reviewer.first_name = "rita@clinic.example", "Rita"
    reviewer.save()


def submitted(editor_client, page: Page) -> None:
    body = f"{page.body}\n\n{DRAFT_WORDS}\n"
    editor_client.post(f"{PREFIX}{page.pk}/change/", page_form_data(page, body=body))
    editor_client.post(f"{PREFIX}{page.pk}/submit/", {"note": "Added a line."})


@pytest.mark.django_db
def test_review_emails_go_to_the_reviewers_group_not_to_every_superuser(
    django_user_model, editor_client, page, emails
):
    django_user_model.objects.create_superuser("owner", "owner@clinic.example", "unused-here")
    lead = django_user_model.objects.create_superuser("lead", "lead@clinic.example", "unused")
    lead.groups.add(Group.objects.get(name="Clinical reviewer"))
    mail.outbox.clear()

    submitted(editor_client, page)

    recipients = sorted(address for email in mail.outbox for address in email.to)
    assert recipients == ["lead@clinic.example", "rita@clinic.example"]
    assert all("owner@clinic.example" not in email.to for email in mail.outbox)


@pytest.mark.django_db
def test_the_editor_is_told_on_the_admin_home_and_by_email_when_it_is_published(
    editor_client, reviewer_client, page, emails
):
    submitted(editor_client, page)
    mail.outbox.clear()
    reviewer_client.post(f"{PREFIX}{page.pk}/review/", {"action": "publish"})

    [email] = mail.outbox
    assert email.to == ["eddie@clinic.example"]
    assert email.subject == f"Published: {page.title}"
    assert f"Rita published your change to “{page.title}”: visitors see it now." in email.body
    assert f"{PREFIX}{page.pk}/change/" in email.body
    assert DRAFT_WORDS not in email.body  # titles and links only

    home = editor_client.get("/admin/").content.decode()
    assert "News about your changes" in home
    assert "Rita published it: visitors see it now." in home
    # The reviewer did it, so is not told.
    assert not Notification.objects.filter(user__username="rita").exists()

    editor_client.post("/admin/editorial/notification/read/")
    home = editor_client.get("/admin/").content.decode()
    assert "News about your changes" not in home


@pytest.mark.django_db
def test_the_editor_is_told_when_it_is_scheduled_and_again_when_it_goes_live(
    editor_client, reviewer_client, page, emails
):
    submitted(editor_client, page)
    mail.outbox.clear()
    when = timezone.localtime() + datetime.timedelta(days=2)
    reviewer_client.post(
        f"{PREFIX}{page.pk}/review/",
        {"action": "schedule", "publish_at": when.strftime("%Y-%m-%dT%H:%M")},
    )
    [email] = mail.outbox
    assert email.to == ["eddie@clinic.example"]
    assert email.subject == f"Scheduled: {page.title}"
    assert "It will be published on" in email.body
    home = editor_client.get("/admin/").content.decode()
    assert "My changes in review" in home
    assert "Approved by Rita: goes live on its own" in home

    from editorial.workflow import scheduled_publish

    mail.outbox.clear()
    assert scheduled_publish(now=timezone.now() + datetime.timedelta(days=3)) == (1, 0)
    [email] = mail.outbox
    assert email.subject == f"Published: {page.title}"
    assert email.to == ["eddie@clinic.example"]


@pytest.mark.django_db
def test_the_editor_is_told_when_it_is_sent_back_and_sees_it_in_their_list(
    editor_client, reviewer_client, page, emails
):
    submitted(editor_client, page)
    home = editor_client.get("/admin/").content.decode()
    mine = home.split('id="editorial-mine-title"')[1].split("</section>")[0]
    assert page.title in mine
    assert "Awaiting review" in mine
    assert "The clinical reviewers: waiting for one of them" in mine

    mail.outbox.clear()
    reviewer_client.post(
        f"{PREFIX}{page.pk}/review/",
        {"action": "request_changes", "comment": "Please cite a source."},
    )
    [email] = mail.outbox
    assert email.to == ["eddie@clinic.example"]
    assert email.subject == f"Changes requested: {page.title}"
    assert "Please cite a source." in email.body
    home = editor_client.get("/admin/").content.decode()
    assert "Rita sent it back and asked for changes." in home
    assert "You: Rita asked for changes" in home


@pytest.mark.django_db
def test_someone_who_writes_no_content_gets_no_empty_panel(django_user_model, client):
    desk = django_user_model.objects.create_user("desk", password="unused-here", is_staff=True)
    staff_sign_in(client, desk)
    home = client.get("/admin/").content.decode()
    assert "My changes in review" not in home


@pytest.mark.django_db
def test_a_visitor_cannot_mark_anything_read(client, editor, page):
    Notification.objects.create(user=editor, kind="published", title=page.title, message="x")
    response = client.post("/admin/editorial/notification/read/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Notification.objects.filter(read_at=None).count() == 1
