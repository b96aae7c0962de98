"""An image's words (alt text, "decorative", caption, credit) through the editorial workflow: a
change is a draft that visitors do not see, a clinical reviewer publishes it, the pages that
show the image (cached whole) then show the new words, and the history keeps both."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from content.models import Page
from editorial.models import Event, Review
from editorial.workflow import draft_save
from images.checks import image_words_warnings
from images.models import Image
from tests.clinic.records import ANA_IN_FULL, team_member_publish

from .conftest import library_image, photo_bytes
from .test_rendering import images_in

OLD_ALT = "A reclining chair by a window."
NEW_ALT = "The recovery chair, by the window."
PAGE_URL = "/what-to-expect-at-your-visit/"
TEAM_URL = "/our-team/"


def image_url(image, name: str, *more) -> str:
    return reverse(f"admin:images_image_{name}", args=[image.pk, *more])


def words(image, **changes) -> dict:
    """The change form's data: the image's title and words, with these changed."""
    return {
        "title": image.title,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        **({"decorative": "on"} if image.decorative else {}),
        **changes,
    }


def shown_alts(html: str) -> list[str]:
    return [img["alt"] for img in images_in(html) if "srcset" in img]


@pytest.fixture
def shown_image(reviewer):
    """An image a published page shows (with the library's alt text) and a published team
    member has as her photo."""
    image = library_image(alt_text=OLD_ALT)
    Page.objects.create(
        title="What to expect",
        slug="what-to-expect-at-your-visit",
        summary="What happens on the day of a treatment session, from arrival to going home.",
        body=f"## The room\n\n![](image:{image.pk})\n",
        status=Page.Status.PUBLISHED,
    )
    team_member_publish(reviewer=reviewer, **ANA_IN_FULL, photo=image)
    return image


def test_a_new_alt_text_is_a_draft_until_a_reviewer_publishes_it_then_pages_show_it(
    shown_image, editor_client, reviewer_client, django_assert_num_queries
):
    visitor = Client()
    for address in (PAGE_URL, TEAM_URL):
        assert shown_alts(visitor.get(address).content.decode()) == [OLD_ALT], address

    response = editor_client.post(
        image_url(shown_image, "change"), words(shown_image, alt_text=NEW_ALT)
    )
    assert response.status_code == 302
    assert response.url == image_url(shown_image, "change"), "back to the form, to submit it"
    image = Image.objects.get(pk=shown_image.pk)
    assert image.alt_text == OLD_ALT, "the live row keeps what visitors see"
    assert image.draft_object.alt_text == NEW_ALT
    for address in (PAGE_URL, TEAM_URL):
        with django_assert_num_queries(0):  # still the cached page: a draft renews nothing
            html = visitor.get(address).content.decode()
        assert shown_alts(html) == [OLD_ALT], address
    form = editor_client.get(image_url(shown_image, "change")).content.decode()
    assert f'value="{NEW_ALT}"' in form, "the form shows the draft"
    assert f"![{OLD_ALT}](image:{image.pk})" in form, "a page's reference has the live words"

    response = editor_client.post(image_url(image, "submit"), {"note": "New alt text."})
    assert response.status_code == 302
    assert Review.objects.filter(**image.editorial_filter()).exists()
    review = reviewer_client.get(image_url(image, "review"))
    assert review.status_code == 200
    assert OLD_ALT in review.content.decode() and NEW_ALT in review.content.decode()
    # The picture the words describe is beside them, and the reviewer's browser may fetch it.
    shown = review.content.decode()
    [picture] = re.findall(r'<figure class="image-review"><img src="([^"]+)"', shown)
    assert reviewer_client.get(picture).status_code == 200
    response = reviewer_client.post(image_url(image, "review"), {"action": "publish"})
    assert response.status_code == 302

    image.refresh_from_db()
    assert image.alt_text == NEW_ALT and not image.has_unpublished_changes
    for address in (PAGE_URL, TEAM_URL):
        assert shown_alts(visitor.get(address).content.decode()) == [NEW_ALT], address


def test_the_history_shows_the_old_and_the_new_alt_text(shown_image, reviewer_client):
    reviewer_client.post(
        image_url(shown_image, "change"),
        {**words(shown_image, alt_text=NEW_ALT), "_publish": "Save and publish now"},
    )
    image = Image.objects.get(pk=shown_image.pk)
    assert image.alt_text == NEW_ALT, "a reviewer may save and publish in one step"

    history = reviewer_client.get(image_url(image, "history")).content.decode()
    assert "Edited and published in one step" in history
    changes = reviewer_client.get(
        image_url(image, "version_changes", image.live_revision_id)
    ).content.decode()
    assert "Alt text" in changes
    assert OLD_ALT in changes and NEW_ALT in changes
    # Words typed in plain fields: no Markdown to show beside them.
    assert "<summary>Show the changes field by field</summary>" in changes
    assert "Markdown" not in changes
    first = image.revisions.order_by("pk").first()
    assert first.content["alt_text"] == OLD_ALT


def test_an_editor_without_the_publish_permission_cannot_publish(shown_image, editor_client):
    editor_client.post(image_url(shown_image, "change"), words(shown_image, alt_text=NEW_ALT))

    refused = editor_client.post(image_url(shown_image, "review"), {"action": "publish"})
    assert refused.status_code == 403
    editor_client.post(
        image_url(shown_image, "change"),
        {**words(shown_image, alt_text=NEW_ALT), "_publish": "Save and publish now"},
    )

    image = Image.objects.get(pk=shown_image.pk)
    assert image.alt_text == OLD_ALT and image.has_unpublished_changes
    assert not image.events.filter(action__in=["published", "edited_and_published"]).exists()


def test_a_discarded_draft_leaves_the_live_words(shown_image, editor_client):
    editor_client.post(image_url(shown_image, "change"), words(shown_image, caption="Our room."))

    response = editor_client.post(image_url(shown_image, "discard"))

    assert response.status_code == 302
    image = Image.objects.get(pk=shown_image.pk)
    assert image.caption == "" and not image.has_unpublished_changes
    assert image.events.filter(action=Event.Action.DISCARDED).exists()


def test_the_chooser_and_the_pages_give_the_live_words_while_a_draft_waits(
    shown_image, editor_client
):
    editor_client.post(image_url(shown_image, "change"), words(shown_image, alt_text=NEW_ALT))

    found = editor_client.get(reverse("admin:images_image_choose_results"), {"q": "reclining"})
    (result,) = found.json()["images"]
    assert result["alt"] == OLD_ALT
    assert result["reference"] == f"![{OLD_ALT}](image:{shown_image.pk})"
    assert not editor_client.get(
        reverse("admin:images_image_choose_results"), {"q": "recovery"}
    ).json()["images"], "a draft's words are not searched"
    assert shown_alts(Client().get(PAGE_URL).content.decode()) == [OLD_ALT]


def test_a_new_title_is_saved_at_once_without_a_draft(shown_image, editor_client):
    response = editor_client.post(
        image_url(shown_image, "change"), words(shown_image, title="Recovery chair")
    )

    assert response.status_code == 302
    image = Image.objects.get(pk=shown_image.pk)
    assert image.title == "Recovery chair"
    assert not image.has_unpublished_changes and not image.revisions.exists()


def test_a_draft_keeps_the_title_staff_change_meanwhile(shown_image, editor_client):
    editor_client.post(image_url(shown_image, "change"), words(shown_image, alt_text=NEW_ALT))
    draft = Image.objects.get(pk=shown_image.pk).draft_object

    editor_client.post(
        image_url(shown_image, "change"), words(draft, title="Recovery chair", credit="Jo Lee")
    )

    image = Image.objects.get(pk=shown_image.pk)
    assert (image.title, image.alt_text, image.credit) == ("Recovery chair", OLD_ALT, "")
    assert image.draft_object.alt_text == NEW_ALT and image.draft_object.credit == "Jo Lee"


def test_an_upload_is_live_at_once_with_its_words_as_the_first_version(editor, editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = editor_client.get(reverse("admin:images_image_add")).content.decode()
    assert "Visitors see the image only when a page or record that shows it is published" in form
    assert "Save and publish now" not in form

    response = editor_client.post(
        reverse("admin:images_image_add"),
        {
            **words(Image(title="Entrance", alt_text="The front door, with a ramp.")),
            "file": SimpleUploadedFile("door.jpg", photo_bytes(), content_type="image/jpeg"),
        },
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.alt_text == "The front door, with a ramp." and not image.has_unpublished_changes
    assert image.live_revision.content["alt_text"] == "The front door, with a ramp."
    assert image.live_revision.user == editor
    assert not Review.objects.exists()


def test_the_reviewer_is_warned_of_words_the_site_never_uses_and_a_file_name(
    shown_image, editor, reviewer_client
):
    draft_save(
        record=shown_image,
        content={**shown_image.revision_content(), "alt_text": "IMG_2041.jpg",
                 "caption": "Relief guaranteed."},
        user=editor,
    )  # fmt: skip

    review = reviewer_client.get(image_url(shown_image, "review")).content.decode()

    assert "This image&#x27;s alt text is a file name" in review
    assert "guaranteed" in review and "No result is certain" in review


def test_the_checks_pass_plain_words_and_skip_a_decorative_images_alt_text(db):
    plain = Image(alt_text=OLD_ALT, caption="Our treatment room.")
    assert image_words_warnings(image=plain) == []
    decorative = Image(alt_text="", decorative=True)
    assert image_words_warnings(image=decorative) == []
    missing = Image(alt_text=" ")
    assert [warning.check for warning in image_words_warnings(image=missing)] == [
        "image-alt-missing"
    ]


def test_publishing_the_words_of_a_team_photo_alone_refreshes_the_team_page(reviewer):
    from editorial.workflow import draft_publish

    photo = library_image(alt_text=OLD_ALT)
    team_member_publish(reviewer=reviewer, **ANA_IN_FULL, photo=photo)
    visitor = Client()
    assert shown_alts(visitor.get(TEAM_URL).content.decode()) == [OLD_ALT]

    draft_save(record=photo, content={**photo.revision_content(), "alt_text": NEW_ALT}, user=None)
    draft_publish(record=Image.objects.get(pk=photo.pk), user=reviewer)

    assert shown_alts(visitor.get(TEAM_URL).content.decode()) == [NEW_ALT]
