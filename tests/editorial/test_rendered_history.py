"""The history's "changes" view and the discard screen show a change as visitors will read it,
as the review screen does (editorial/review.py), with the Markdown one click away."""

import re

import pytest

from content.models import Page
from editorial.workflow import draft_publish, draft_save

PREFIX = "/admin/content/page/"
BEFORE = "## On the day\n\n**Time:** about two hours.\n"
AFTER = "## On the day\n\n**Time:** about three hours. Bring a friend.\n"


@pytest.fixture
def changed_page(db, reviewer):
    page = Page.objects.create(
        title="What to expect",
        slug="what-to-expect-at-your-visit",
        summary="What happens on the day of a treatment session, from arrival to going home.",
        body=BEFORE,
        status=Page.Status.PUBLISHED,
    )
    draft_save(record=page, content=page.revision_content(), user=reviewer)
    page = draft_publish(record=Page.objects.get(pk=page.pk), user=reviewer)
    draft_save(record=page, content={**page.revision_content(), "body": AFTER}, user=reviewer)
    return Page.objects.get(pk=page.pk)


def rendered_part(html: str) -> str:
    """The page down to the Markdown changes, which follow in a details element."""
    assert "<summary>Show the Markdown changes</summary>" in html
    return html.split('<details class="editorial-source">')[0]


def assert_read_as_visitors_read_it(html: str) -> None:
    shown = rendered_part(html)
    assert '<h3 class="editorial-change__label">Body (changed)</h3>' in shown
    assert "<strong>Time:</strong>" in shown and "**Time:**" not in shown
    assert re.search(r'<del class="diff-del"><span class="diff-sr">removed: </span>two', shown)
    assert re.search(r'<ins class="diff-ins"><span class="diff-sr">added: </span>three', shown)
    assert "Bring a friend." in shown
    assert "**Time:**" in html, "the Markdown changes are on the page too"


def test_a_versions_changes_read_as_the_page_does(reviewer_client, reviewer, changed_page):
    draft = changed_page.latest_revision
    draft_publish(record=changed_page, user=reviewer)

    html = reviewer_client.get(f"{PREFIX}{changed_page.pk}/history/{draft.pk}/changes/")

    assert html.status_code == 200
    text = html.content.decode()
    assert '<h2 id="version-changes-title">What this version changed</h2>' in text
    assert_read_as_visitors_read_it(text)


def test_the_first_version_is_shown_whole_as_the_page_reads(reviewer_client, changed_page):
    first = changed_page.revisions.order_by("pk").first()

    text = reviewer_client.get(
        f"{PREFIX}{changed_page.pk}/history/{first.pk}/changes/"
    ).content.decode()

    shown = rendered_part(text)
    assert "<strong>Time:</strong> about two hours." in shown
    assert "the first saved version, so all of it is shown" in text


def test_the_discard_screen_shows_what_would_be_lost_as_the_page_reads(editor_client, changed_page):
    text = editor_client.get(f"{PREFIX}{changed_page.pk}/discard/").content.decode()

    assert "The changes you would lose" in text and "Yes, discard the draft" in text
    assert_read_as_visitors_read_it(text)
