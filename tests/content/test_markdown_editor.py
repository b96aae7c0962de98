"""The Markdown editor: its toolbar and preview around the textarea, and the preview endpoint.

tests/browser/test_markdown_editor.py drives it in Chromium on a page of its own
(tests/content/editor_urls.py), laid out as the admin's change form lays out a field.
"""

from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib.auth.models import Permission
from django.test import Client

from content.admin.editor import PREVIEW_MAX_CHARACTERS, MarkdownEditor, markdown_preview

EDITOR_URLS = "tests.content.editor_urls"
PREVIEW_PATH = "/editor/preview/"
EDITOR_PATH = "/editor/"
PREVIEW_HEADING = "Preview (as visitors will see it)"
PREVIEW_FAILED = "Preview not available just now. Your text is safe; save as usual."


class _Elements(HTMLParser):
    """Every element of an HTML fragment: tag, attributes, text, and its ancestors' tags."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[dict] = []
        self._open: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "inside": list(self._open)}
        self.elements.append(element)
        if tag not in ("input", "br", "img", "link", "meta"):
            self._open.append(element)

    def handle_endtag(self, tag):
        while self._open and self._open.pop()["tag"] != tag:
            pass

    def handle_data(self, data):
        for element in self._open:
            element["text"] += data

    def find(self, tag: str, **attrs) -> list[dict]:
        return [
            element
            for element in self.elements
            if element["tag"] == tag
            and all(
                name in element["attrs"] and element["attrs"][name] == value
                for name, value in attrs.items()
            )
        ]


class BodyForm(forms.Form):
    body = forms.CharField(widget=MarkdownEditor(preview_url="/preview-here/"))


def editor_user(django_user_model, *, username="eddie", permission=True, **fields):
    user = django_user_model.objects.create_user(username, password="unused-here", **fields)
    if permission:
        user.user_permissions.add(
            Permission.objects.get(codename="change_page", content_type__app_label="content")
        )
    return user


# --- The widget ---------------------------------------------------------------------------------


def test_widget_wraps_the_fields_textarea_in_a_toolbar_and_a_preview_panel():
    html = str(BodyForm(initial={"body": "## Side effects\n\n<b>tags</b> stay text"})["body"])
    page = _Elements(html)

    (container,) = page.find("div", **{"data-markdown-editor": None})
    assert container["attrs"]["data-preview-url"] == "/preview-here/"
    (textarea,) = page.find("textarea", name="body", id="id_body")
    assert container in textarea["inside"]
    assert textarea["text"].strip() == "## Side effects\n\n<b>tags</b> stay text"
    assert "&lt;b&gt;" in html  # the text is escaped, as in any textarea

    (toolbar,) = page.find("div", role="toolbar")
    assert toolbar["attrs"]["aria-label"] == "Formatting"
    assert toolbar["attrs"]["aria-controls"] == "id_body"
    buttons = [element for element in page.find("button") if toolbar in element["inside"]]
    labels = [button["text"].strip() for button in buttons]
    assert labels == ["Heading", "Sub-heading", "Bold", "Bullet list", "Numbered list", "Link"]
    assert all(button["attrs"]["type"] == "button" for button in page.find("button"))
    assert all(button["attrs"].get("title") for button in buttons)
    titles = {button["text"].strip(): button["attrs"]["title"] for button in buttons}
    assert "Ctrl+B" in titles["Bold"] and "Ctrl+K" in titles["Link"]

    (preview,) = page.find("section", **{"aria-labelledby": "id_body_preview_heading"})
    (heading,) = page.find("h2", id="id_body_preview_heading")
    assert heading["text"].strip() == PREVIEW_HEADING
    (live,) = page.find("div", **{"aria-live": "polite"})
    assert preview in live["inside"]

    # Without JavaScript the toolbar, link box and preview do nothing, so they stay hidden.
    for part in (toolbar, preview, *page.find("div", **{"data-markdown-link": None})):
        assert "hidden" in part["attrs"]


def test_widget_keeps_the_classes_it_is_given_and_brings_its_script_and_styles():
    widget = MarkdownEditor(attrs={"class": "vLargeTextField", "rows": 30})
    (textarea,) = _Elements(widget.render("body", "", attrs={"id": "id_body"})).find("textarea")
    assert textarea["attrs"]["class"] == "vLargeTextField markdown-editor__input"
    assert textarea["attrs"]["rows"] == "30"
    media = str(BodyForm().media)
    assert "/static/js/markdown-editor.js" in media
    assert "/static/css/markdown-editor.css" in media


def test_widget_without_a_preview_url_leaves_the_preview_out():
    page = _Elements(MarkdownEditor().render("body", "", attrs={"id": "id_body"}))
    assert page.find("div", role="toolbar")
    assert not page.find("section")
    assert "data-preview-url" not in page.find("div")[0]["attrs"]


# --- The preview endpoint -----------------------------------------------------------------------


@pytest.mark.django_db
def test_preview_returns_the_sites_sanitised_html_never_stored(rf, django_user_model):
    request = rf.post(
        PREVIEW_PATH,
        {"text": "## Side effects\n\n<script>alert(1)</script>\n\nMost **pass** within hours."},
    )
    request.user = editor_user(django_user_model, is_staff=True)
    response = markdown_preview(request)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert '<h2 id="side-effects">Side effects</h2>' in html
    assert "<strong>pass</strong>" in html
    assert "<script" not in html and "alert(1)" not in html
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.django_db
def test_preview_reads_at_most_100000_characters(rf, django_user_model):
    request = rf.post(PREVIEW_PATH, {"text": "a" * (PREVIEW_MAX_CHARACTERS + 50)})
    request.user = editor_user(django_user_model, is_staff=True)
    assert markdown_preview(request).content.decode().count("a") == PREVIEW_MAX_CHARACTERS


@pytest.mark.urls(EDITOR_URLS)
@pytest.mark.django_db
def test_preview_refuses_get(client, django_user_model):
    client.force_login(editor_user(django_user_model, is_staff=True))
    response = client.get(PREVIEW_PATH)
    assert response.status_code == 405
    assert client.post(PREVIEW_PATH, {"text": "Hello"}).status_code == 200


@pytest.mark.urls(EDITOR_URLS)
@pytest.mark.django_db
@pytest.mark.parametrize(
    "who",
    ["signed out", "staff without change_page", "not staff, with change_page"],
)
def test_preview_refuses_anyone_who_may_not_change_pages(client, django_user_model, who):
    if who == "staff without change_page":
        client.force_login(editor_user(django_user_model, permission=False, is_staff=True))
    elif who == "not staff, with change_page":
        client.force_login(editor_user(django_user_model, is_staff=False))
    response = client.post(PREVIEW_PATH, {"text": "## Private draft"})
    assert response.status_code == 403
    assert b"Private draft" not in response.content


@pytest.mark.urls(EDITOR_URLS)
@pytest.mark.django_db
def test_preview_needs_the_csrf_token(django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_user(django_user_model, is_staff=True))
    assert client.post(PREVIEW_PATH, {"text": "Hello"}).status_code == 403


# --- In the browser -----------------------------------------------------------------------------
