"""The home page's text through the same workflow as a page: draft, review with checks, publish,
history with old and new values (issue 25)."""

import pytest
from django.core import mail

from clinic_site.content_version import content_version_get
from content.home_seed import HOME_PAGE_SEED
from content.models import HomePage
from editorial.models import Event, Review

CHANGE = "/admin/content/homepage/1/change/"
NEW_FACT = "- Ketamine makes a capybara sleepy (Doe et al., 2026).\n"


def home_form(**changes) -> dict:
    home = HomePage.objects.get(pk=1).draft_object
    return {**home.revision_content(), **changes, "_save": "Save"}


@pytest.mark.django_db
def test_the_home_page_shows_its_record_in_english_and_spanish(client):
    english = client.get("/").content.decode()
    assert "Key facts" in english
    assert "(Rikard et al., 2023)" in english
    assert HOME_PAGE_SEED["headline"] in english
    spanish = client.get("/es/").content.decode()
    assert HOME_PAGE_SEED["headline_es"] in spanish
    assert "1 de cada 5 adultos" in spanish


@pytest.mark.django_db
def test_a_change_to_the_key_facts_is_reviewed_and_published_like_a_page(
    editor_client, reviewer_client, reviewer, client
):
    reviewer.email = "rita@clinic.example"
    reviewer.save()
    client.get("/")
    version = content_version_get()
    key_facts = HomePage.objects.get(pk=1).key_facts + NEW_FACT
    response = editor_client.post(CHANGE, home_form(key_facts=key_facts))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert content_version_get() == version, "a draft save leaves the public cache alone"
    assert "capybara" not in client.get("/").content.decode()
    html = editor_client.get(CHANGE).content.decode()
    assert "You are editing the draft of a live home page" in html
    preview = editor_client.get("/admin/content/homepage/1/preview/")
    assert "Draft: not visible to patients" in preview.content.decode()
    assert "capybara" in preview.content.decode()
    assert "private" in preview["Cache-Control"]
    spanish = editor_client.get("/admin/content/homepage/1/preview/", {"language": "es"})
    assert HOME_PAGE_SEED["headline_es"] in spanish.content.decode()

    editor_client.post("/admin/content/homepage/1/submit/", {"note": "A new fact."})
    [email] = mail.outbox
    assert "/admin/content/homepage/1/review/" in email.body
    home = reviewer_client.get("/admin/").content.decode()
    assert "Awaiting your review" in home and "/admin/content/homepage/1/review/" in home

    review = reviewer_client.get("/admin/content/homepage/1/review/").content.decode()
    assert "Live now" in review and "<ins>" in review and "capybara" in review
    assert "Checks" in review
    reviewer_client.post("/admin/content/homepage/1/review/", {"action": "publish"})
    assert "capybara" in client.get("/").content.decode(), "visible at once"
    record = HomePage.objects.get(pk=1)
    assert not record.has_unpublished_changes
    assert not Review.objects.filter(object_id="1", content_type__model="homepage").exists()
    assert record.events.filter(action=Event.Action.PUBLISHED).exists()

    history = reviewer_client.get("/admin/content/homepage/1/history/").content.decode()
    assert "Published" in history and "(live version)" in history
    changes = reviewer_client.get(
        f"/admin/content/homepage/1/history/{record.live_revision_id}/changes/"
    ).content.decode()
    assert "<h2>Key facts</h2>" in changes
    assert "<ins>" in changes and "capybara" in changes


@pytest.mark.django_db
def test_the_home_page_review_warns_of_words_the_site_never_uses_in_either_language(
    editor_client, reviewer_client
):
    editor_client.post(
        CHANGE, home_form(intro_es="Usted es elegible para la ketamina.", intro="You qualify.")
    )
    review = reviewer_client.get("/admin/content/homepage/1/review/").content.decode()
    assert "elegible" in review and "qualify" in review


@pytest.mark.django_db
def test_an_editor_cannot_publish_the_home_page(editor_client, client):
    editor_client.post(CHANGE, home_form(headline="A headline about an okapi"))
    response = editor_client.post("/admin/content/homepage/1/review/", {"action": "publish"})
    assert response.status_code == 403
    assert "okapi" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_a_field_that_always_needs_a_second_person_stops_its_author_publishing(
    reviewer_client, reviewer, django_user_model, client, monkeypatch
):
    """The mechanism a crisis number uses (RevisionMixin.second_person_fields), whatever the
    site settings say."""
    from editorial.workflow import PublishRefused, draft_publish
    from tests.content.conftest import staff_user

    monkeypatch.setattr(HomePage, "second_person_fields", ("key_facts",))
    reviewer_client.post(CHANGE, home_form(headline="A headline about a tapir"))
    record = HomePage.objects.get(pk=1)
    draft_publish(record=record, user=reviewer)  # not a second-person field: published
    assert "tapir" in client.get("/").content.decode()

    key_facts = record.key_facts + NEW_FACT
    reviewer_client.post(CHANGE, home_form(key_facts=key_facts, _publish="1"))
    record = HomePage.objects.get(pk=1)
    with pytest.raises(PublishRefused):
        draft_publish(record=record, user=reviewer)
    assert "capybara" not in client.get("/").content.decode()
    colleague = staff_user(django_user_model, username="sam", group="Clinical reviewer")
    draft_publish(record=record, user=colleague)
    assert "capybara" in client.get("/").content.decode()
