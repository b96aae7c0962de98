"""Links that name a page, `[words](page:42)`: the editor's link chooser, rendering, checks and
publishing."""

import json

import pytest

from clinic_site.markdown import markdown_render
from content.checks import page_warnings, site_paths_get
from content.models import Page
from editorial.workflow import draft_publish, draft_save

from .admin_support import PREFIX, draft_page, page_form_data, publish


def page_linking_to(target: Page, *, slug: str = "ketamine-and-sleep", **values) -> Page:
    return draft_page(slug=slug, body=f"## Sleep\n\nRead [what to expect](page:{target.pk}).\n")


def publish_change(*, page: Page, editor, reviewer, **changes) -> Page:
    """An editor saves a change to a page and a reviewer publishes it, as the admin does."""
    content = {**page.revision_content(), **changes}
    draft_save(record=page, content=content, user=editor)
    return draft_publish(record=Page.objects.get(pk=page.pk), user=reviewer)


@pytest.mark.django_db
def test_a_link_to_a_page_shows_the_pages_address(loaded_content):
    target = Page.objects.get(slug="what-to-expect", language="en")
    html = markdown_render(text=f"See [what to expect](page:{target.pk}).")
    assert '<a href="/what-to-expect/"' in html
    assert "what to expect</a>" in html
    spanish = Page.objects.get(slug="que-esperar")
    assert 'href="/es/que-esperar/"' in markdown_render(text=f"[Qué esperar](page:{spanish.pk})")


@pytest.mark.django_db
def test_a_link_to_a_page_survives_the_pages_slug_change(loaded_content, editor, reviewer, client):
    target = Page.objects.get(slug="what-to-expect", language="en")
    linking = page_linking_to(target)
    publish_change(page=linking, editor=editor, reviewer=reviewer)
    assert 'href="/what-to-expect/"' in client.get("/ketamine-and-sleep/").content.decode()

    publish_change(page=target, editor=editor, reviewer=reviewer, slug="your-first-visit")

    text = client.get("/ketamine-and-sleep/").content.decode()
    assert 'href="/your-first-visit/"' in text
    assert 'href="/what-to-expect/"' not in text
    assert client.get("/your-first-visit/").status_code == 200


@pytest.mark.django_db
def test_a_link_to_a_page_that_no_longer_exists_shows_the_words_and_a_warning(loaded_content):
    text = "Read [the old page](page:999999) first."
    html = markdown_render(text=text)
    assert "the old page" in html
    assert "<a" not in html
    warnings = page_warnings(
        title="Ketamine and sleep",
        summary="What is known about ketamine and sleep, in plain words for patients.",
        body=text,
        site_paths=site_paths_get(),
    )
    assert any("no longer exists" in warning.message for warning in warnings)


@pytest.mark.django_db
def test_the_checks_warn_about_a_link_to_an_unpublished_page(loaded_content):
    unpublished = draft_page(slug="not-yet", title="Not yet")
    warnings = page_warnings(
        title="Ketamine and sleep",
        summary="What is known about ketamine and sleep, in plain words for patients.",
        body=f"Read [the next page](page:{unpublished.pk}).",
        site_paths=site_paths_get(),
    )
    assert any("/not-yet/, which is not published yet" in w.message for w in warnings)


@pytest.mark.django_db
def test_publishing_a_page_that_links_to_an_unpublished_page_is_refused_kindly(
    loaded_content, editor_client, reviewer_client, client
):
    unpublished = draft_page(slug="not-yet", title="Not yet")
    linking = page_linking_to(unpublished, slug="ketamine-and-sleep")
    response = publish(reviewer_client, linking)
    text = response.content.decode()
    assert response.status_code == 200
    assert "This page links to “Not yet”, which visitors cannot see yet" in text
    assert client.get("/ketamine-and-sleep/").status_code == 404

    publish(reviewer_client, unpublished)
    publish(reviewer_client, Page.objects.get(pk=linking.pk))
    assert 'href="/not-yet/"' in client.get("/ketamine-and-sleep/").content.decode()


@pytest.mark.django_db
def test_the_link_chooser_finds_pages_by_title_in_either_language(editor_client, loaded_content):
    response = editor_client.get(f"{PREFIX}choose-link/results.json?q=esperar")
    pages = json.loads(response.content)["pages"]
    spanish = Page.objects.get(slug="que-esperar")
    assert [page["title"] for page in pages] == [spanish.title]
    assert pages[0]["reference"] == f"page:{spanish.pk}"
    assert pages[0]["language_name"] == "Español"

    pages = json.loads(editor_client.get(f"{PREFIX}choose-link/results.json?q=expect").content)
    english = Page.objects.get(slug="what-to-expect", language="en")
    assert english.title in [page["title"] for page in pages["pages"]]


@pytest.mark.django_db
def test_the_link_chooser_works_as_a_plain_page_without_javascript(editor_client, loaded_content):
    response = editor_client.get(f"{PREFIX}choose-link/?q=expect")
    text = response.content.decode()
    target = Page.objects.get(slug="what-to-expect", language="en")
    assert response.status_code == 200
    assert f"[{target.title}](page:{target.pk})" in text
    assert "mailto:" in text and "tel:" in text


@pytest.mark.django_db
def test_the_page_editor_offers_the_link_chooser(editor_client, loaded_content):
    page = Page.objects.get(slug="what-to-expect", language="en")
    text = editor_client.get(f"{PREFIX}{page.pk}/change/").content.decode()
    assert "data-link-chooser" in text
    assert f"{PREFIX}choose-link/" in text  # the plain page, for a browser without JavaScript


@pytest.mark.django_db
def test_visitors_cannot_open_the_link_chooser(client, loaded_content):
    response = client.get(f"{PREFIX}choose-link/results.json?q=a")
    assert response.status_code == 302  # to the sign-in page


@pytest.mark.django_db
def test_an_editor_saves_a_page_link_through_the_form(editor_client, loaded_content):
    target = Page.objects.get(slug="what-to-expect", language="en")
    page = draft_page()
    body = f"## Sleep\n\nRead [what to expect](page:{target.pk}).\n"
    editor_client.post(f"{PREFIX}{page.pk}/change/", page_form_data(page, body=body))
    page.refresh_from_db()
    assert 'href="/what-to-expect/"' in page.body_html


def test_a_page_reference_that_is_not_a_number_links_nowhere():
    html = markdown_render(text="Read [the FAQ](page:faq) and [more](page:12abc).")
    assert "page:" not in html
    assert "the FAQ" in html and "more" in html
