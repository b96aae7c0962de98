"""An image the logo, the home page's photo, a team member's photo or a place's map shows, live
or in a draft waiting for review, is listed where it is used and cannot be deleted."""

import pytest
from django.urls import reverse

from clinic.models import Place, TeamMember
from clinic_site.models import SiteSettings
from content.models import HomePage
from editorial.workflow import draft_publish, draft_save
from images.models import Image
from tests.clinic.records import changes_publish, changes_save, clinic_records_publish

from .conftest import library_image


def refused_with(client, image, *names):
    """Ask to delete `image` in the admin: refused, naming each of `names` with its link."""
    delete_url = reverse("admin:images_image_delete", args=[image.pk])
    for answer in (client.get(delete_url), client.post(delete_url, {"post": "yes"})):
        text = answer.content.decode()
        assert answer.status_code == 200
        assert "cannot be deleted" in text
        assert "Yes, I\u2019m sure" not in text
        for name, url in names:
            assert name in text and url in text
    assert Image.objects.filter(pk=image.pk).exists()


def used_on(client, image) -> str:
    text = client.get(reverse("admin:images_image_change", args=[image.pk])).content.decode()
    assert "Used on" in text
    return text


def test_the_published_logo_and_a_drafts_logo_cannot_be_deleted(editor_client, reviewer):
    live_logo, draft_logo = library_image(title="Logo"), library_image(title="New logo")
    changes_publish(SiteSettings.load(), user=reviewer, logo_id=live_logo.pk)
    changes_save(SiteSettings.load(), user=None, logo_id=draft_logo.pk)
    url = reverse("admin:clinic_site_sitesettings_change", args=[1])

    refused_with(editor_client, live_logo, ("Site settings (the logo)", url))
    refused_with(editor_client, draft_logo, ("Site settings (the logo)", url))
    assert "(English and Spanish, live page)" in used_on(editor_client, live_logo)
    assert "(English and Spanish, draft)" in used_on(editor_client, draft_logo)


def test_the_home_pages_photo_live_or_in_a_draft_cannot_be_deleted(editor_client, reviewer):
    photo, new_photo = library_image(title="Front desk"), library_image(title="Waiting room")
    changes_publish(HomePage.objects.get(pk=1), user=reviewer, photo_id=photo.pk)
    url = reverse("admin:content_homepage_change", args=[1])
    assert "(English and Spanish, live page)" in used_on(editor_client, photo)

    changes_save(HomePage.objects.get(pk=1), user=None, photo_id=new_photo.pk)

    refused_with(editor_client, photo, ("Home page (the photo)", url))
    refused_with(editor_client, new_photo, ("Home page (the photo)", url))
    assert "(English and Spanish, draft)" in used_on(editor_client, new_photo)


def test_team_photos_and_place_maps_cannot_be_deleted(editor_client, reviewer):
    photo, place_map = library_image(title="Ana"), library_image(title="Map")
    records = clinic_records_publish(reviewer=reviewer, photo=photo, map_image=place_map)
    member_url = reverse("admin:clinic_teammember_change", args=[records["member"].pk])
    place_url = reverse("admin:clinic_place_change", args=[records["place"].pk])

    refused_with(editor_client, photo, ("Ana Ruiz, MD (their photo)", member_url))
    refused_with(editor_client, place_map, ("Riverside clinic (its map)", place_url))
    text = used_on(editor_client, photo)
    assert member_url in text and "(English and Spanish, live page)" in text


@pytest.mark.parametrize("kind", ["new record", "draft of a live one"])
def test_a_photo_only_a_draft_shows_cannot_be_deleted(editor_client, reviewer, kind):
    photo = library_image(title="Ben")
    if kind == "new record":
        member = TeamMember.objects.create(name="Ben Cole", role="Nurse", photo=photo)
        draft_save(record=member, content=member.revision_content(), user=None)
    else:
        member = clinic_records_publish(reviewer=reviewer)["member"]
        changes_save(member, user=None, photo_id=photo.pk)
    url = reverse("admin:clinic_teammember_change", args=[member.pk])

    refused_with(editor_client, photo, (f"{member.name}", url))
    assert "(English and Spanish, draft)" in used_on(editor_client, photo)


def test_an_image_a_draft_takes_away_is_still_live_until_it_is_published(editor_client, reviewer):
    place_map = library_image(title="Old map")
    place = clinic_records_publish(reviewer=reviewer, map_image=place_map)["place"]
    changes_save(place, user=None, map_image_id=None)

    text = used_on(editor_client, place_map)
    assert "(English and Spanish, live page)" in text
    assert "live page and draft" not in text

    draft_publish(record=Place.objects.get(pk=place.pk), user=reviewer)
    assert "No page shows this image." in used_on(editor_client, place_map)
