"""The clinic's details and crisis numbers through the same workflow as a page (issue 25): the
practice manager's change is a draft until a clinical reviewer publishes it, a changed crisis
number needs a second person, and the history shows old and new values."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from clinic_site.content_version import content_version_get
from clinic_site.models import SiteSettings
from editorial.models import Event
from editorial.workflow import PublishRefused, draft_publish
from tests.content.conftest import staff_user
from tests.support.staff import staff_sign_in

CHANGE = "/admin/clinic_site/sitesettings/1/change/"
REVIEW = "/admin/clinic_site/sitesettings/1/review/"
CRISIS_PAGE = "/need-help-now/"
OLD_PHONE, NEW_PHONE = "(555) 010-0142", "(555) 010-7777"


def settings_form(**changes) -> dict:
    """The settings form as the admin shows it, with some fields changed."""
    content = {**SiteSettings.load().draft_object.revision_content(), **changes, "_save": "Save"}
    # The logo is held by its key (logo_id) and sent as "logo"; an unticked box is not sent.
    form = {name.removesuffix("_id"): value for name, value in content.items()}
    return {
        name: "" if value is None else value for name, value in form.items() if value is not False
    }


@pytest.fixture
def manager_client(django_user_model, client):
    manager = staff_user(django_user_model, username="maria", group="Practice manager")
    staff_sign_in(client, manager)
    return client


@pytest.fixture
def visitor():
    return Client()


@pytest.mark.django_db
def test_a_managers_change_to_the_phone_is_a_draft_until_a_reviewer_publishes_it(
    manager_client, reviewer_client, reviewer, visitor
):
    reviewer.email = "rita@clinic.example"
    reviewer.save()
    assert OLD_PHONE in visitor.get(CRISIS_PAGE).content.decode()
    version = content_version_get()

    response = manager_client.post(CHANGE, settings_form(phone=NEW_PHONE))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert content_version_get() == version, "a draft save leaves the public cache alone"
    assert NEW_PHONE not in visitor.get(CRISIS_PAGE).content.decode()
    assert NEW_PHONE not in visitor.get("/privacy/").content.decode()
    form = manager_client.get(CHANGE).content.decode()
    assert "You are editing the draft of a live site settings" in form
    assert "Save and publish now" not in form, "the manager does not publish"

    manager_client.post("/admin/clinic_site/sitesettings/1/submit/", {"note": "New number."})
    [email] = mail.outbox
    assert REVIEW in email.body
    assert manager_client.post(REVIEW, {"action": "publish"}).status_code == 403
    assert NEW_PHONE not in visitor.get(CRISIS_PAGE).content.decode()

    index = reviewer_client.get("/admin/").content.decode()
    assert "Awaiting your review" in index and REVIEW in index
    review = reviewer_client.get(REVIEW).content.decode()
    assert f"<del>{OLD_PHONE}</del>" in review and f"<ins>{NEW_PHONE}</ins>" in review
    reviewer_client.post(REVIEW, {"action": "publish"})
    assert NEW_PHONE in visitor.get(CRISIS_PAGE).content.decode(), "visible at once"
    assert NEW_PHONE in visitor.get("/privacy/").content.decode(), "on every page"
    record = SiteSettings.objects.get(pk=1)
    assert record.phone == NEW_PHONE and not record.has_unpublished_changes
    assert record.events.filter(action=Event.Action.PUBLISHED, user=reviewer).exists()


@pytest.mark.django_db
def test_the_history_shows_a_settings_change_with_its_old_and_new_values(
    manager_client, reviewer_client
):
    manager_client.post(CHANGE, settings_form(phone=NEW_PHONE))
    reviewer_client.post(REVIEW, {"action": "publish"})
    record = SiteSettings.objects.get(pk=1)
    history = reviewer_client.get("/admin/clinic_site/sitesettings/1/history/").content.decode()
    assert "Published" in history and "(live version)" in history
    changes = reviewer_client.get(
        f"/admin/clinic_site/sitesettings/1/history/{record.live_revision_id}/changes/"
    ).content.decode()
    # As visitors will read it, word by word, and the source's values a click away.
    assert '<h3 class="editorial-change__label">Phone (changed)</h3>' in changes
    assert '<span class="diff-sr">removed: </span>010-0142' in changes
    assert '<span class="diff-sr">added: </span>010-7777' in changes
    assert "<summary>Show the Markdown changes</summary>" in changes
    assert f"<del>{OLD_PHONE}</del>" in changes and f"<ins>{NEW_PHONE}</ins>" in changes


@pytest.mark.django_db
def test_a_changed_crisis_number_always_needs_a_second_person(
    reviewer_client, reviewer, django_user_model, visitor
):
    assert not SiteSettings.load().every_change_needs_second_person
    response = reviewer_client.post(
        CHANGE, settings_form(crisis_line_number="555-0199", _publish="1"), follow=True
    )
    page = response.content.decode()
    assert "another clinical reviewer needs to publish it" in page
    assert "555-0199" not in visitor.get(CRISIS_PAGE).content.decode()
    review = reviewer_client.get(REVIEW).content.decode()
    assert "another clinical reviewer needs to publish it" in review
    reviewer_client.post(REVIEW, {"action": "publish"})
    assert "555-0199" not in visitor.get(CRISIS_PAGE).content.decode()
    with pytest.raises(PublishRefused):
        draft_publish(record=SiteSettings.objects.get(pk=1), user=reviewer)

    colleague = staff_user(django_user_model, username="sam", group="Clinical reviewer")
    colleague_client = Client()
    staff_sign_in(colleague_client, colleague)
    colleague_client.post(REVIEW, {"action": "publish"})
    assert "tel:5550199" in visitor.get(CRISIS_PAGE).content.decode()


@pytest.mark.django_db
def test_a_reviewer_publishes_their_own_change_to_the_clinics_details_when_no_number_changes(
    reviewer_client, visitor
):
    reviewer_client.post(CHANGE, settings_form(opening_hours="Every day, 9am to 1pm", _publish="1"))
    assert "Every day, 9am to 1pm" in visitor.get(CRISIS_PAGE).content.decode()


@pytest.mark.django_db
def test_the_settings_review_warns_of_words_the_site_never_uses_and_numbers_without_digits(
    manager_client, reviewer_client
):
    manager_client.post(
        CHANGE,
        settings_form(opening_hours="Open to everyone who is eligible", emergency_number="SOS"),
    )
    review = reviewer_client.get(REVIEW).content.decode()
    assert "eligible" in review and "which the site never says" in review
    assert "The emergency number has no digits" in review


@pytest.mark.django_db
def test_the_settings_list_opens_the_one_row(manager_client):
    response = manager_client.get("/admin/clinic_site/sitesettings/")
    assert response.status_code == 302 and response["Location"] == CHANGE


# The "Need help now?" page's own words are settings too, in both languages.


@pytest.mark.django_db
def test_the_crisis_page_shows_its_words_from_the_settings_in_english_and_spanish(visitor):
    english = visitor.get(CRISIS_PAGE).content.decode()
    assert "you do not have to wait. Help is available now." in english
    assert f'call us on <a href="tel:5550100142">{OLD_PHONE}</a> (Monday to Friday' in english
    with translation.override("es"):
        spanish_page = reverse("crisis")
    spanish = visitor.get(spanish_page).content.decode()
    assert "Hay ayuda disponible ahora mismo." in spanish
    assert f'llámenos al <a href="tel:5550100142">{OLD_PHONE}</a> (De lunes a viernes' in spanish


@pytest.mark.django_db
def test_a_change_to_the_crisis_page_words_is_a_draft_until_published_and_escaped(
    manager_client, reviewer_client, visitor
):
    words = "Help is here now. <script>alert(1)</script>"
    manager_client.post(CHANGE, settings_form(crisis_page_lead=words))
    assert "Help is here now." not in visitor.get(CRISIS_PAGE).content.decode()
    review = reviewer_client.get(REVIEW).content.decode()
    assert "<h3>&#x27;Need help now?&#x27; first paragraph</h3>" in review
    reviewer_client.post(REVIEW, {"action": "publish"})
    page = visitor.get(CRISIS_PAGE).content.decode()
    assert "Help is here now. &lt;script&gt;" in page, "visible at once, as text"


@pytest.mark.django_db
def test_the_review_warns_when_the_crisis_page_loses_the_clinics_phone(
    manager_client, reviewer_client
):
    manager_client.post(CHANGE, settings_form(crisis_page_not_emergency_es="Hable con su médico."))
    review = reviewer_client.get(REVIEW).content.decode()
    assert "The Spanish &#x27;If it is not an emergency&#x27; paragraph no longer has" in review
