"""Images in pages: `![alt](image:42)` in the Markdown, renditions in the HTML visitors get."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from clinic_site.markdown import markdown_render
from content.models import Page

from .conftest import library_image


class _Images(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.images: list[dict] = []
        self.sources: list[dict] = []
        self.figcaptions: list[str] = []
        self._in_caption = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        if tag == "source":
            self.sources.append(dict(attrs))
        self._in_caption = self._in_caption or tag == "figcaption"
        if tag == "figcaption":
            self.figcaptions.append("")

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self._in_caption = False

    def handle_data(self, data):
        if self._in_caption:
            self.figcaptions[-1] += data


def images_in(html: str) -> list[dict]:
    return _Images(html).images


def test_an_image_reference_renders_an_img_of_its_renditions(db):
    image = library_image(width=1600, height=1200)

    html = markdown_render(text=f"Our room.\n\n![The treatment room](image:{image.pk})")
    (img,) = images_in(html)

    assert img["alt"] == "The treatment room"
    assert (img["width"], img["height"]) == ("1280", "960")
    widths = [candidate.split()[-1] for candidate in img["srcset"].split(", ")]
    assert widths == ["320w", "640w", "960w", "1280w"]
    assert all(".webp " in candidate for candidate in img["srcset"].split(", "))
    assert img["src"].startswith("/media/images/renditions/") and img["src"].endswith(".webp")
    assert img["sizes"]
    # Browsers that read AVIF take the smaller AVIF renditions, at the same widths.
    (source,) = _Images(html).sources
    assert source["type"] == "image/avif" and source["sizes"] == img["sizes"]
    assert [candidate.split()[-1] for candidate in source["srcset"].split(", ")] == widths
    assert all(".avif " in candidate for candidate in source["srcset"].split(", "))
    # The first image of a page is fetched first; it is not lazy.
    assert img["fetchpriority"] == "high" and "loading" not in img


def test_images_after_the_first_load_lazily(db):
    first, second = library_image(), library_image(title="Entrance", alt_text="The front door.")

    imgs = images_in(
        markdown_render(text=f"![](image:{first.pk})\n\nText.\n\n![](image:{second.pk})")
    )

    assert [img.get("fetchpriority") for img in imgs] == ["high", None]
    assert [img.get("loading") for img in imgs] == [None, "lazy"]
    # An empty [] takes the library's alt text.
    assert [img["alt"] for img in imgs] == ["A reclining chair by a window.", "The front door."]


def test_a_small_image_is_never_enlarged(db):
    image = library_image(width=500, height=250)

    (img,) = images_in(markdown_render(text=f"![Small](image:{image.pk})"))

    assert img["srcset"].endswith(" 500w") and img["srcset"].count("w,") == 1
    assert (img["width"], img["height"]) == ("500", "250")


def test_a_decorative_image_has_empty_alt_text(db):
    image = library_image(alt_text="", decorative=True)

    (img,) = images_in(markdown_render(text=f"![Someone wrote this anyway](image:{image.pk})"))

    assert img["alt"] == ""


def test_an_image_alone_in_a_paragraph_shows_its_caption_and_credit(db):
    image = library_image(caption="The room where sessions happen.", credit="Photo: Ana Ruiz")

    html = markdown_render(text=f"![Room](image:{image.pk})")

    assert html.startswith("<figure")
    assert _Images(html).figcaptions == ["The room where sessions happen. Photo: Ana Ruiz"]


def test_a_reference_to_a_missing_image_renders_nothing_broken(db):
    html = markdown_render(
        text="Before.\n\n![Gone](image:999999)\n\nAfter, inline ![x](image:999998)."
    )

    assert "<img" not in html and "image:" not in html
    assert "<p>Before.</p>" in html and "After, inline" in html


def test_images_from_anywhere_else_are_never_shown(db):
    html = markdown_render(
        text='![Pasted](https://example.com/photo.jpg)\n\n<img src="/media/other.jpg" alt="x">'
        '\n\n<img src="image:1" onerror="alert(1)">\n\n[link](image:3)'
    )

    assert "<img" not in html
    assert "example.com" not in html and "onerror" not in html and "image:3" not in html


@pytest.mark.urls("tests.images.urls")
def test_a_published_page_shows_the_image_to_visitors(db):
    image = library_image()
    page = Page.objects.create(
        title="What to expect",
        slug="what-to-expect-at-your-visit",
        summary="What happens on the day of a treatment session, from arrival to going home.",
        body=f"## The room\n\n![A quiet room with a reclining chair](image:{image.pk})\n",
        status=Page.Status.PUBLISHED,
    )

    response = Client().get(page.get_absolute_url())

    assert response.status_code == 200
    (img,) = [img for img in images_in(response.content.decode()) if "srcset" in img]
    assert img["alt"] == "A quiet room with a reclining chair"
    assert img["width"] and img["height"] and img["srcset"]
    # The rendition is served from the site, for a year, by its content-hashed name.
    served = Client().get(img["src"])
    assert served.status_code == 200
    assert served["Content-Type"] == "image/webp"
    assert served["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(served.streaming_content)[:4] == b"RIFF"
    avif = Client().get(_Images(response.content.decode()).sources[0]["srcset"].split()[0])
    assert avif.status_code == 200 and avif["Content-Type"] == "image/avif"


def test_the_editors_live_preview_shows_the_image(editor_client):
    image = library_image()

    response = editor_client.post(
        reverse("admin:content_page_markdown_preview"),
        {"text": f"![Room](image:{image.pk})"},
    )

    assert response.status_code == 200, response.status_code
    (img,) = images_in(response.content.decode())
    assert img["alt"] == "Room" and img["srcset"]


def test_publishing_an_images_new_alt_text_updates_the_pages_that_show_it(
    editor_client, reviewer_client
):
    image = library_image()
    page = Page.objects.create(
        title="What to expect",
        slug="what-to-expect-at-your-visit",
        summary="What happens on the day of a treatment session, from arrival to going home.",
        body=f"![](image:{image.pk})",
        status=Page.Status.PUBLISHED,
    )
    change_url = reverse("admin:images_image_change", args=[image.pk])

    response = editor_client.post(
        change_url,
        {
            "title": image.title,
            "alt_text": "The recovery chair, by the window.",
            "caption": "",
            "credit": "",
        },
    )

    assert response.status_code == 302
    page.refresh_from_db()
    (img,) = images_in(page.body_html)
    assert img["alt"] == "A reclining chair by a window.", "a draft changes no page"
    review_url = reverse("admin:images_image_review", args=[image.pk])
    response = reviewer_client.post(review_url, {"action": "publish"})
    assert response.status_code == 302
    page.refresh_from_db()
    (img,) = images_in(page.body_html)
    assert img["alt"] == "The recovery chair, by the window."


@pytest.mark.urls("tests.images.urls")
def test_the_media_folder_serves_images_only(db, media_folder):
    (media_folder / "images").mkdir(parents=True)
    (media_folder / "images" / "page.html").write_text("<script>alert(1)</script>")
    (media_folder / "images" / "drawing.svg").write_text("<svg></svg>")

    for name in ("images/page.html", "images/drawing.svg", "../settings.py", "images/none.webp"):
        assert Client().get(f"/media/{name}").status_code in (400, 404), name
