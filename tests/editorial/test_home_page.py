"""The home page's text through the same workflow as a page: draft, review with checks, publish,
history with old and new values (issue 25)."""

import re

import pytest
from django.core import mail

from clinic_site.content_version import content_version_get
from content.home_seed import HOME_PAGE_SEED
from content.models import HomePage
from editorial.models import Event, Review

CHANGE = "/admin/content/homepage/1/change/"
NEW_FACT = "- Ketamine makes a capybara sleepy (Doe et al., 2026).\n"


def home_form(**changes) -> dict:
    """The home page's form as the admin shows it, with some fields changed: the photo and the
    lead clinician by their keys, under the form's names ("photo", not "photo_id")."""
    home = HomePage.objects.get(pk=1).draft_object
    content = {**home.revision_content(), **changes, "_save": "Save"}
    form = {name.removesuffix("_id"): value for name, value in content.items()}
    return {name: "" if value is None else value for name, value in form.items()}


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
    # As visitors will read it: the new fact is a list item, marked as added.
    assert '<h3 class="editorial-change__label">Key facts (changed)</h3>' in changes
    assert '<span class="diff-sr">added: </span>Ketamine makes a capybara sleepy' in changes
    assert "<summary>Show the Markdown changes</summary>" in changes
    assert "<h3>Key facts</h3>" in changes and re.search(r"<ins>[^<]*capybara", changes)


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


# The photo and the lead clinician (issue 28): fields of the same record, through the same
# review, shown in both languages.


@pytest.fixture
def media_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def first_tag(html: str, pattern: str) -> str:
    match = re.search(pattern, html)
    assert match, f"no {pattern} in the page"
    return match.group(0)


@pytest.mark.django_db
def test_the_home_pages_photo_and_lead_clinician_go_through_review_in_both_languages(
    media_folder, editor_client, reviewer_client, reviewer, client
):
    from tests.clinic.records import team_member_publish
    from tests.images.conftest import library_image

    photo = library_image(
        width=1400, height=900, title="Treatment room", alt_text="A reclining chair by a window."
    )
    portrait = library_image(title="Ana", alt_text="Ana Ruiz smiling.")
    member = team_member_publish(reviewer=reviewer, photo=portrait)

    refused = editor_client.post(CHANGE, home_form(photo_id=photo.pk))
    assert refused.status_code == 200, "a photo needs its Spanish description"
    assert "Say in Spanish what the photo shows" in refused.content.decode()

    response = editor_client.post(
        CHANGE,
        home_form(
            photo_id=photo.pk,
            photo_alt_es="Un sillón reclinable junto a una ventana.",
            lead_clinician_id=member.pk,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Ana Ruiz" not in client.get("/").content.decode(), "a draft is not shown"
    preview = editor_client.get("/admin/content/homepage/1/preview/").content.decode()
    assert "A reclining chair by a window." in preview and "Ana Ruiz, MD" in preview
    review = reviewer_client.get("/admin/content/homepage/1/review/").content.decode()
    assert "Treatment room" in review and "Ana Ruiz, MD" in review
    reviewer_client.post("/admin/content/homepage/1/review/", {"action": "publish"})

    english = client.get("/").content.decode()
    img = first_tag(english, r'<img class="page-image__img"[^>]*>')
    assert 'alt="A reclining chair by a window."' in img
    assert 'fetchpriority="high"' in img and "loading=" not in img, "first screen: not lazy"
    assert 'width="1280"' in img and 'height="823"' in img
    assert "srcset=" in img and "320w" in img and 'sizes="(min-width: 62rem)' in img
    assert english.index("<h1>") < english.index("page-image__img"), "the heading comes first"
    assert 'href="/our-team/#team-member-' in english and "Ana Ruiz, MD" in english
    assert "Anesthesiologist" in english and "Who will look after you" in english

    spanish = client.get("/es/").content.decode()
    img = first_tag(spanish, r'<img class="page-image__img"[^>]*>')
    assert 'alt="Un sillón reclinable junto a una ventana."' in img
    assert "Anestesióloga" in spanish and "Quién le va a atender" in spanish
    assert f"#{member.anchor}" in spanish and "/es/our-team/" not in spanish

    history = reviewer_client.get(
        f"/admin/content/homepage/1/history/{HomePage.objects.get(pk=1).live_revision_id}/changes/"
    ).content.decode()
    assert '<th scope="row">Photo</th>' in history
    assert '<th scope="row">Lead clinician</th>' in history
    assert "<h3>Photo</h3>" in history and "<h3>Lead clinician</h3>" in history  # the source's


@pytest.mark.django_db
def test_a_lead_clinician_not_yet_published_is_not_shown(editor_client, reviewer_client, client):
    from clinic.models import TeamMember

    member = TeamMember.objects.create(name="Ben Cole", role="Nurse")  # a draft-only row
    home = HomePage.objects.get(pk=1)
    home.lead_clinician = member
    home.save()
    assert "Ben Cole" not in client.get("/").content.decode()
    form = editor_client.get(CHANGE).content.decode()
    assert "Ben Cole" not in form, "only published team members can be chosen"


@pytest.mark.django_db
def test_a_revision_saved_before_the_photo_existed_still_reads_and_publishes(reviewer, client):
    """Revisions written when the home page was text alone hold only the text: they open,
    compare and publish as before, leaving the photo and the clinician as they are."""
    from editorial.workflow import draft_publish, draft_save

    home = HomePage.objects.get(pk=1)
    old_content = {name: getattr(home, name) for name in HomePage.TEXT_FIELDS}
    old_content["headline"] = "A headline from before the photo"
    draft_save(record=home, content=old_content, user=reviewer)
    record = HomePage.objects.get(pk=1)
    draft = record.latest_revision.as_object(record=record)
    assert draft.headline == "A headline from before the photo" and draft.photo_id is None
    draft_publish(record=record, user=reviewer)
    assert "A headline from before the photo" in client.get("/").content.decode()
