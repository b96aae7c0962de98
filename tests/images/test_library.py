"""The library in the admin: where an image is used, deleting refused while a page shows it,
and the chooser (a plain page, and the list the editor's dialog reads)."""

import pytest
from django.urls import reverse

from content.models import FAQEntry, Page
from images.models import Image

from .conftest import library_image


def page_showing(image, *, slug="what-to-expect-at-your-visit", title="What to expect"):
    return Page.objects.create(
        title=title,
        slug=slug,
        summary="What happens on the day of a treatment session, from arrival to going home.",
        body=f"## The room\n\n![The room](image:{image.pk})\n",
        status=Page.Status.PUBLISHED,
    )


def test_deleting_an_image_a_page_shows_is_refused_with_the_pages(editor_client):
    image = library_image()
    page_showing(image)
    delete_url = reverse("admin:images_image_delete", args=[image.pk])

    confirm = editor_client.get(delete_url)
    response = editor_client.post(delete_url, {"post": "yes"})

    for answer in (confirm, response):
        text = answer.content.decode()
        assert answer.status_code == 200
        assert "cannot be deleted: these pages show it" in text
        assert "What to expect" in text
        assert reverse("admin:content_page_change", args=[Page.objects.get().pk]) in text
        assert "Yes, I\u2019m sure" not in text
    assert Image.objects.filter(pk=image.pk).exists()


def test_deleting_several_images_refuses_those_in_use(editor_client):
    used, unused = library_image(), library_image(title="Spare")
    page_showing(used)

    response = editor_client.post(
        reverse("admin:images_image_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert "What to expect" in response.content.decode()
    assert Image.objects.count() == 2


def test_an_unused_image_is_deleted_with_its_files(editor_client):
    image = library_image()
    files = [image.file] + [file for _, _, file in image.renditions()]
    assert all(file.storage.exists(file.name) for file in files)
    delete_url = reverse("admin:images_image_delete", args=[image.pk])

    response = editor_client.post(delete_url, {"post": "yes"})

    assert response.status_code == 302
    assert not Image.objects.exists()
    assert not any(file.storage.exists(file.name) for file in files), "a file is still served"


def test_the_change_page_says_where_the_image_is_used(editor_client):
    image = library_image()
    other = library_image(title="Entrance")
    page_showing(image)
    faq = page_showing(other, slug="faq", title="Questions")
    faq.body = "No images here, image:4 is not a reference."
    faq.save()
    FAQEntry.objects.create(
        page=faq, question="Where is it?", anchor="where", answer=f"![]( image:{image.pk} )"
    )

    text = editor_client.get(reverse("admin:images_image_change", args=[image.pk])).content.decode()

    assert "Used on" in text
    assert "What to expect" in text and "Questions" in text
    assert f"![A reclining chair by a window.](image:{image.pk})" in text
    unused = editor_client.get(reverse("admin:images_image_change", args=[other.pk]))
    assert "No page shows this image." in unused.content.decode()


def test_the_chooser_finds_images_by_title_or_alt_text(editor_client):
    room = library_image(title="Treatment room", alt_text="A reclining chair by a window.")
    library_image(title="Entrance", alt_text="The front door, with a ramp.")

    found = editor_client.get(reverse("admin:images_image_choose_results"), {"q": "chair"})
    page = editor_client.get(reverse("admin:images_image_choose"), {"q": "treatment"})

    assert found.status_code == 200
    (result,) = found.json()["images"]
    assert result["reference"] == f"![A reclining chair by a window.](image:{room.pk})"
    assert result["thumbnail"].endswith(".webp")
    assert f"![A reclining chair by a window.](image:{room.pk})" in page.content.decode()
    assert "The front door" not in page.content.decode()


def test_staff_without_the_library_cannot_open_the_chooser(db, django_user_model, client):
    from tests.support.staff import staff_sign_in

    user = django_user_model.objects.create_user("sam", password="unused-here", is_staff=True)
    staff_sign_in(client, user)

    response = client.get(reverse("admin:images_image_choose_results"))

    assert response.status_code == 403


@pytest.mark.parametrize("group", ["Content editor", "Clinical reviewer"])
def test_the_page_editors_groups_may_use_the_library(db, group):
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name=group)
        .permissions.filter(content_type__app_label="images")
        .values_list("codename", flat=True)
    )
    assert codenames == {"add_image", "change_image", "delete_image", "view_image"}


def test_an_image_only_in_a_draft_waiting_for_review_cannot_be_deleted(editor, editor_client):
    from editorial.workflow import draft_save

    image = library_image()
    page = Page.objects.create(
        title="What to expect",
        slug="what-to-expect-at-your-visit",
        summary="What happens on the day of a treatment session, from arrival to going home.",
        body="No image yet.",
        status=Page.Status.PUBLISHED,
    )
    content = page.revision_content()
    draft_save(record=page, content={**content, "body": f"![Room](image:{image.pk})"}, user=editor)
    delete_url = reverse("admin:images_image_delete", args=[image.pk])

    response = editor_client.post(delete_url, {"post": "yes"})

    assert "What to expect</a> (draft)" in response.content.decode()
    assert Image.objects.filter(pk=image.pk).exists()
    change = editor_client.get(reverse("admin:images_image_change", args=[image.pk]))
    assert "What to expect</a> (English, draft)" in change.content.decode()


def test_the_page_editor_offers_the_image_chooser(editor_client):
    text = editor_client.get(reverse("admin:content_page_add")).content.decode()

    assert "Add an image</button>" in text
    assert f'data-results-url="{reverse("admin:images_image_choose_results")}"' in text
    # Without JavaScript: a link to the chooser as a plain page.
    assert f'<noscript><p class="help"><a href="{reverse("admin:images_image_choose")}"' in text
