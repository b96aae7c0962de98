"""Comments kept across review rounds: a reviewer asks for changes, the editor sees the request
while fixing it, resubmits, and the next round shows what was said before, in order."""

import re

import pytest

from content.models import Page

from ..content.admin_support import PREFIX, page_form_data

FIRST_ASK = "Please say who to call about bladder pain."
SECOND_ASK = "Thank you. Now name the source of the figure."


def said_in_order(html: str, *texts: str) -> bool:
    positions = [html.find(text) for text in texts]
    return -1 not in positions and positions == sorted(positions)


@pytest.fixture
def page(loaded_content):
    return Page.objects.get(slug="side-effects-and-safety", language="en")


def edit(client, page: Page, body: str) -> None:
    current = Page.objects.get(pk=page.pk).draft_object
    response = client.post(f"{PREFIX}{page.pk}/change/", page_form_data(current, body=body))
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_second_round_shows_the_first_rounds_comments_and_replies_in_order(
    editor_client, reviewer_client, page
):
    edit(editor_client, page, page.body + "\n\nA first sentence about bladder pain.\n")
    editor_client.post(f"{PREFIX}{page.pk}/submit/", {"note": "Added bladder pain."})
    reviewer_client.post(
        f"{PREFIX}{page.pk}/review/", {"action": "request_changes", "comment": FIRST_ASK}
    )

    # The editor sees the request on the form while fixing it.
    form = editor_client.get(f"{PREFIX}{page.pk}/change/").content.decode()
    assert "Changes requested by rita" in form
    assert FIRST_ASK in form

    edit(editor_client, page, page.body + "\n\nCall the clinic about bladder pain.\n")
    editor_client.post(f"{PREFIX}{page.pk}/submit/", {"note": "Said to call the clinic."})

    review = reviewer_client.get(f"{PREFIX}{page.pk}/review/").content.decode()
    conversation = review.split('id="review-conversation-title"')[1].split("</section>")[0]
    assert said_in_order(
        conversation,
        "eddie</strong>",
        "Added bladder pain.",
        "rita</strong>",
        FIRST_ASK,
        "Said to call the clinic.",
    )
    assert len(re.findall(r"sent it for review", conversation)) == 2
    assert "asked for changes" in conversation

    # A second request: the editor's form lists both, oldest first.
    reviewer_client.post(
        f"{PREFIX}{page.pk}/review/", {"action": "request_changes", "comment": SECOND_ASK}
    )
    form = editor_client.get(f"{PREFIX}{page.pk}/change/").content.decode()
    assert said_in_order(form, FIRST_ASK, SECOND_ASK)


@pytest.mark.django_db
def test_publishing_starts_the_next_change_with_no_old_comments(
    editor_client, reviewer_client, page
):
    edit(editor_client, page, page.body + "\n\nOne more line.\n")
    editor_client.post(f"{PREFIX}{page.pk}/submit/", {"note": "Round one note."})
    reviewer_client.post(
        f"{PREFIX}{page.pk}/review/", {"action": "request_changes", "comment": FIRST_ASK}
    )
    edit(editor_client, page, page.body + "\n\nOne more line, fixed.\n")
    editor_client.post(f"{PREFIX}{page.pk}/submit/", {"note": ""})
    reviewer_client.post(f"{PREFIX}{page.pk}/review/", {"action": "publish"})

    edit(editor_client, page, page.body + "\n\nA later, separate change.\n")
    editor_client.post(f"{PREFIX}{page.pk}/submit/", {"note": "A new change."})
    review = reviewer_client.get(f"{PREFIX}{page.pk}/review/").content.decode()
    assert "A new change." in review
    assert FIRST_ASK not in review
    assert "Round one note." not in review
