"""The summary guidance texts through the same workflow as a page (issue 25): a change is a
draft until a clinical reviewer publishes it, the review shows the checks in both languages,
and the history shows old and new values."""

import pytest
from django.test import Client

from clinic_site.content_version import content_version_get
from editorial.models import Event
from screener.guidance import guidance_all
from screener.models import FactorGuidance
from tests.content.conftest import staff_user
from tests.support.staff import staff_sign_in


def guidance_form(guidance: FactorGuidance, **changes) -> dict:
    return {**guidance.draft_object.revision_content(), **changes, "_save": "Save"}


@pytest.fixture
def mood():
    return FactorGuidance.objects.get(factor="mood")


@pytest.fixture
def colleague_client(django_user_model):
    client = Client()
    staff_sign_in(client, staff_user(django_user_model, username="sam", group="Clinical reviewer"))
    return client


def admin_path(guidance: FactorGuidance, screen: str) -> str:
    return f"/admin/screener/factorguidance/{guidance.pk}/{screen}/"


@pytest.mark.django_db
def test_a_guidance_change_is_a_draft_until_a_reviewer_publishes_it(reviewer_client, mood):
    old_title = guidance_all(language="en")["mood"].title
    version = content_version_get()
    response = reviewer_client.post(
        admin_path(mood, "change"), guidance_form(mood, title="How you have felt lately")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert content_version_get() == version, "a draft save leaves the public cache alone"
    assert guidance_all(language="en")["mood"].title == old_title, "visitors see no draft"
    form = reviewer_client.get(admin_path(mood, "change")).content.decode()
    assert "You are editing the draft of a live summary guidance" in form

    reviewer_client.post(admin_path(mood, "submit"), {"note": ""})
    index = reviewer_client.get("/admin/").content.decode()
    assert "Awaiting your review" in index and admin_path(mood, "review") in index
    reviewer_client.post(admin_path(mood, "review"), {"action": "publish"})
    assert guidance_all(language="en")["mood"].title == "How you have felt lately", "at once"
    mood.refresh_from_db()
    assert not mood.has_unpublished_changes
    assert mood.events.filter(action=Event.Action.PUBLISHED).exists()


@pytest.mark.django_db
def test_eligible_in_a_guidance_draft_shows_a_warning_on_review_in_either_language(
    reviewer_client, colleague_client, mood
):
    reviewer_client.post(
        admin_path(mood, "change"),
        guidance_form(
            mood,
            why_it_matters=mood.why_it_matters + "\n\nYou may be eligible for treatment.",
            why_it_matters_es=mood.why_it_matters_es + "\n\nUsted puede ser elegible.",
        ),
    )
    review = colleague_client.get(admin_path(mood, "review")).content.decode()
    assert "Checks" in review
    assert "&quot;eligible&quot;, which the site never says" in review
    assert "&quot;elegible&quot;, which the site never says" in review
    assert "eligible" not in guidance_all(language="en")["mood"].why_it_matters_html


@pytest.mark.django_db
def test_the_guidance_history_shows_old_and_new_values(reviewer_client, colleague_client, mood):
    old_text = mood.questions_to_ask.splitlines()[0]
    reviewer_client.post(
        admin_path(mood, "change"),
        guidance_form(mood, questions_to_ask="Will ketamine change how I sleep?"),
    )
    colleague_client.post(admin_path(mood, "review"), {"action": "publish"})
    mood.refresh_from_db()
    history = reviewer_client.get(admin_path(mood, "history")).content.decode()
    assert "Published" in history and "(live version)" in history
    changes = reviewer_client.get(
        admin_path(mood, f"history/{mood.live_revision_id}/changes")
    ).content.decode()
    assert '<h3 class="editorial-change__label">Questions to ask (changed)</h3>' in changes
    assert '<ins class="diff-ins">' in changes and "sleep?" in changes
    assert "<summary>Show the Markdown changes</summary>" in changes
    assert "<h3>Questions to ask</h3>" in changes and "<ins>" in changes
    assert "<del>" in changes and old_text.split()[0] in changes


@pytest.mark.django_db
def test_a_content_editor_reads_guidance_but_cannot_change_or_publish_it(editor_client, mood):
    assert editor_client.get(admin_path(mood, "change")).status_code == 200
    response = editor_client.post(admin_path(mood, "change"), guidance_form(mood, title="Okapi"))
    assert response.status_code == 403
    assert editor_client.post(admin_path(mood, "review"), {"action": "publish"}).status_code in (
        302,
        403,
    )
    assert guidance_all(language="en")["mood"].title != "Okapi"
