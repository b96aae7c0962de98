"""Whether visitors may fetch an image is cached between changes (images_shown_publicly): asked
again, it costs no query; each way content comes to show an image, or stops, renews it."""

import pytest
from django.test import Client

from clinic.models import TeamMember
from content.models import HomePage, Page
from editorial.workflow import draft_publish
from images.services import images_shown_publicly
from tests.clinic.records import ANA, changes_publish, team_member_publish

from .conftest import library_image
from .test_privacy import page_with_draft_image

pytestmark = pytest.mark.urls("tests.images.urls")


def fetched_by_a_visitor(image) -> bool:
    status = Client().get(image.thumbnail["url"]).status_code
    assert status in (200, 404)
    return status == 200


def test_the_answer_is_kept_until_content_changes(db, django_assert_num_queries):
    image = library_image()
    assert images_shown_publicly(image_ids={image.pk}) is False

    with django_assert_num_queries(0):
        assert images_shown_publicly(image_ids={image.pk}) is False


def test_publishing_a_page_that_shows_the_image_serves_it(editor, reviewer):
    image = library_image()
    page = page_with_draft_image(editor=editor, image=image)
    assert not fetched_by_a_visitor(image)

    draft_publish(record=page, user=reviewer)

    assert fetched_by_a_visitor(image)
    page.status = Page.Status.DRAFT  # taken down
    page.save()
    assert not fetched_by_a_visitor(image)


def test_publishing_the_home_pages_photo_serves_it(reviewer):
    photo = library_image(title="Front desk")
    assert not fetched_by_a_visitor(photo)

    changes_publish(HomePage.objects.get(pk=1), user=reviewer, photo_id=photo.pk)

    assert fetched_by_a_visitor(photo)


def test_publishing_a_team_member_with_a_photo_serves_it(reviewer):
    photo = library_image(title="Ana")
    assert not fetched_by_a_visitor(photo)

    member = team_member_publish(reviewer=reviewer, **ANA)
    changes_publish(TeamMember.objects.get(pk=member.pk), user=reviewer, photo_id=photo.pk)

    assert fetched_by_a_visitor(photo)
