"""An image that no published content shows stays private: visitors get "Page not found" for
its renditions and its original; staff previewing the draft see it; publishing makes it public."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from clinic.models import TeamMember
from content.models import Page
from editorial.workflow import draft_publish, draft_save
from images.models import media_url

from .conftest import library_image

pytestmark = pytest.mark.urls("tests.images.urls")
PUBLIC = "public, max-age=31536000, immutable"


class _Sources(HTMLParser):
    """Every image address a browser could fetch from the page: src and each srcset entry."""

    def __init__(self, html: str):
        super().__init__()
        self.addresses: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("img", "source"):
            if attributes.get("src"):
                self.addresses.append(attributes["src"])
            for candidate in (attributes.get("srcset") or "").split(","):
                if candidate.strip():
                    self.addresses.append(candidate.split()[0])


def image_addresses(html: str) -> list[str]:
    return [address for address in _Sources(html).addresses if address.startswith("/media/")]


def page_with_draft_image(*, editor, image) -> Page:
    """A live page without the image, and a draft of it that adds the image."""
    page = Page.objects.create(
        title="What to expect",
        slug="what-to-expect-at-your-visit",
        summary="What happens on the day of a treatment session, from arrival to going home.",
        body="## The room\n\nA quiet room.\n",
        status=Page.Status.PUBLISHED,
    )
    content = page.revision_content()
    body = f"## The room\n\n![A reclining chair by a window](image:{image.pk})\n"
    draft_save(record=page, content={**content, "body": body}, user=editor)
    return page


def assert_not_found(response):
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_drafts_image_is_not_found_by_visitors_and_shown_in_the_staff_preview(
    editor, editor_client
):
    image = library_image()
    page = page_with_draft_image(editor=editor, image=image)
    visitor = Client()

    assert image_addresses(visitor.get(page.get_absolute_url()).content.decode()) == []
    preview = editor_client.get(reverse("admin:content_page_preview", args=[page.pk]))
    addresses = set(image_addresses(preview.content.decode()))
    assert len(addresses) == 6, "three widths (700 pixels at most), in AVIF and WebP"
    for address in addresses:
        assert_not_found(visitor.get(address))
        served = editor_client.get(address)
        assert served.status_code == 200, address
        assert served["Content-Type"] in ("image/webp", "image/avif")
        # Only the member of staff's browser may keep it; no shared cache.
        assert served["Cache-Control"] == "private, no-store"
    assert_not_found(visitor.get(media_url(image.file.name)))


def test_publishing_the_page_serves_its_image_to_visitors_for_a_year(
    editor, reviewer, editor_client
):
    image = library_image()
    page = page_with_draft_image(editor=editor, image=image)
    draft_publish(record=page, user=reviewer)
    visitor = Client()

    addresses = set(image_addresses(visitor.get(page.get_absolute_url()).content.decode()))

    assert len(addresses) == 6
    for address in addresses:
        served = visitor.get(address)
        assert served.status_code == 200, address
        assert served["Cache-Control"] == PUBLIC
        assert served["X-Content-Type-Options"] == "nosniff"
        # The same for everyone, so a shared cache may keep it: no cookie read or set.
        assert "Cookie" not in served.get("Vary", "") and not served.cookies
        assert b"".join(served.streaming_content)
    # The original is never served, to visitors or staff: only renditions, which carry no
    # metadata, leave the store.
    assert_not_found(visitor.get(media_url(image.file.name)))
    assert editor_client.get(media_url(image.file.name)).status_code == 404


def test_an_image_only_in_the_library_or_an_unpublished_page_stays_private(editor_client):
    image = library_image()
    Page.objects.create(
        title="Coming soon",
        slug="coming-soon",
        summary="A page that has never been published, with the image in its text.",
        body=f"![A reclining chair](image:{image.pk})",
        status=Page.Status.DRAFT,
    )
    address = image.thumbnail["url"]

    assert_not_found(Client().get(address))
    assert editor_client.get(address).status_code == 200, "the library's own list shows it"


def test_a_published_team_members_photo_is_public_and_an_unpublished_ones_is_not(db):
    published_photo = library_image(title="Dr Rivera")
    draft_photo = library_image(title="New nurse", width=600, height=450)
    TeamMember.objects.create(
        name="Dr Ana Rivera", role="Anesthesiologist", photo=published_photo, published=True
    )
    TeamMember.objects.create(name="Sam Lee", role="Nurse", photo=draft_photo, published=False)

    assert Client().get(published_photo.thumbnail["url"]).status_code == 200
    assert_not_found(Client().get(draft_photo.thumbnail["url"]))


def test_a_signed_in_session_without_the_second_factor_is_a_visitor(editor):
    image = library_image()
    client = Client()
    client.force_login(editor)  # password step only

    assert_not_found(client.get(image.thumbnail["url"]))
