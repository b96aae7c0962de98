"""The team through the editorial workflow, its page in both languages, and the "Medically
reviewed by" line every content page carries (issue 28)."""

import pytest

from clinic.models import TeamMember
from content.models import Page
from editorial.models import Event

from .records import TEAM_MEMBER, admin_path, record_add, record_change


@pytest.mark.django_db
def test_the_team_page_says_details_are_coming_and_how_to_call_while_nobody_is_entered(client):
    english = client.get("/our-team/").content.decode()
    assert "Details of our team are coming soon." in english
    assert "tel:" in english
    spanish = client.get("/es/nuestro-equipo/").content.decode()
    assert "Pronto publicaremos los datos de nuestro equipo." in spanish


@pytest.mark.django_db
def test_a_team_member_is_drafted_reviewed_and_published_in_both_languages(
    editor_client, reviewer_client, client
):
    pk = record_add(editor_client, "teammember", TEAM_MEMBER)
    assert "Ana Ruiz" not in client.get("/our-team/").content.decode(), "a draft is not shown"
    response = editor_client.post(admin_path("teammember", pk, "review"), {"action": "publish"})
    assert response.status_code == 403, "an editor cannot publish"

    editor_client.post(admin_path("teammember", pk, "submit"), {"note": ""})
    home = reviewer_client.get("/admin/").content.decode()
    assert "Awaiting your review" in home and admin_path("teammember", pk, "review") in home
    review = reviewer_client.get(admin_path("teammember", pk, "review")).content.decode()
    assert "Anesthesiologist" in review and "<ins>" in review
    reviewer_client.post(admin_path("teammember", pk, "review"), {"action": "publish"})

    english = client.get("/our-team/").content.decode()
    assert "Ana Ruiz, MD" in english and "Anesthesiologist" in english
    assert "Speaks: English, Spanish." in english
    spanish = client.get("/es/nuestro-equipo/").content.decode()
    assert "Anestesióloga" in spanish and "Habla: inglés, español." in spanish
    assert "diez años" in spanish

    # A change to a live member is a draft until it is published.
    record_change(editor_client, "teammember", pk, {**TEAM_MEMBER, "role": "Lead anesthesiologist"})
    assert "Lead anesthesiologist" not in client.get("/our-team/").content.decode()
    member = TeamMember.objects.get(pk=pk)
    assert member.has_unpublished_changes
    reviewer_client.post(admin_path("teammember", pk, "review"), {"action": "publish"})
    assert "Lead anesthesiologist" in client.get("/our-team/").content.decode()
    assert member.events.filter(action=Event.Action.PUBLISHED).count() == 2
    history = reviewer_client.get(admin_path("teammember", pk, "history")).content.decode()
    assert "Published" in history


@pytest.mark.django_db
def test_only_one_team_member_can_be_the_clinical_lead(editor_client, published_lead):
    response = editor_client.post(
        admin_path("teammember", "add"), {**TEAM_MEMBER, "name": "Ben Ode", "_save": "Save"}
    )
    assert response.status_code == 200
    assert "is the clinical lead" in response.content.decode()


@pytest.mark.django_db
def test_a_content_page_names_no_medical_reviewer_while_the_clinic_has_named_none(
    loaded_content, client
):
    html = client.get("/what-to-expect/").content.decode()
    assert "Medically reviewed by" not in html


@pytest.mark.django_db
def test_a_content_page_names_the_clinical_lead_as_its_medical_reviewer_with_the_date(
    loaded_content, published_lead, client
):
    page = Page.objects.get(slug="what-to-expect", language="en")
    html = client.get("/what-to-expect/").content.decode()
    date = f"{page.last_reviewed:%B} {page.last_reviewed.day}, {page.last_reviewed.year}"
    assert f'Medically reviewed by <a href="/our-team/#team-member-{published_lead}">' in html
    assert f"Ana Ruiz, MD</a> on {date}." in html
    spanish = Page.objects.filter(language="es", status="published").first()
    html = client.get(spanish.get_absolute_url()).content.decode()
    assert f'Revisión médica: <a href="/es/nuestro-equipo/#team-member-{published_lead}">' in html


@pytest.mark.django_db
def test_a_page_published_by_a_team_member_names_them_rather_than_the_clinical_lead(
    loaded_content, published_lead, reviewer, reviewer_client, editor_client, client
):
    other = record_add(
        editor_client,
        "teammember",
        {**TEAM_MEMBER, "name": "Rita Cole", "credentials": "NP", "is_clinical_lead": "",
         "user": str(reviewer.pk)},
    )  # fmt: skip
    reviewer_client.post(admin_path("teammember", other, "review"), {"action": "publish"})
    page = Page.objects.get(slug="what-to-expect", language="en")
    from editorial.workflow import draft_publish, draft_save

    draft_save(record=page, content=page.revision_content(), user=reviewer)
    draft_publish(record=Page.objects.get(pk=page.pk), user=reviewer)
    html = client.get("/what-to-expect/").content.decode()
    assert "Medically reviewed by" in html and "Rita Cole, NP</a>" in html
    assert "Ana Ruiz" not in html


@pytest.mark.django_db
def test_a_team_members_photo_comes_from_the_library_with_its_alt_text(
    reviewer, client, settings, tmp_path
):
    from tests.images.conftest import library_image

    from .records import clinic_records_publish

    settings.MEDIA_ROOT = tmp_path / "media"
    photo = library_image(title="Ana", alt_text="Ana Ruiz smiling, in a blue shirt.")
    clinic_records_publish(reviewer=reviewer, photo=photo)
    html = client.get("/our-team/").content.decode()
    assert 'alt="Ana Ruiz smiling, in a blue shirt."' in html
    assert "<picture>" in html


@pytest.mark.django_db
def test_the_review_warns_of_words_the_site_never_uses_in_either_language(
    editor_client, reviewer_client
):
    pk = record_add(
        editor_client,
        "teammember",
        {**TEAM_MEMBER, "biography": "Tell us if you qualify.", "biography_es": "Es elegible."},
    )
    review = reviewer_client.get(admin_path("teammember", pk, "review")).content.decode()
    assert "qualify" in review and "elegible" in review and "never says" in review


@pytest.mark.django_db
def test_a_practice_manager_adds_a_team_member_as_a_draft_but_cannot_publish_it(
    django_user_model, client
):
    from django.test import Client

    from tests.content.conftest import staff_user
    from tests.support.staff import staff_sign_in

    manager = staff_user(django_user_model, username="maria", group="Practice manager")
    manager_client = Client()
    staff_sign_in(manager_client, manager)
    pk = record_add(manager_client, "teammember", TEAM_MEMBER)
    response = manager_client.post(admin_path("teammember", pk, "review"), {"action": "publish"})
    assert response.status_code == 403
    assert "Ana Ruiz" not in client.get("/our-team/").content.decode()
