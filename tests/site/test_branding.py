"""The clinic's own look (issue 28): an accent colour that keeps the menu readable, reaching
every page through a small cacheable stylesheet (no inline style under the CSP), and a logo in
the header that also becomes the favicon."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image as PillowImage

from clinic_site.branding import (
    ACCENT_DEFAULT,
    ACCENT_TEXT_PAIRS,
    MINIMUM_CONTRAST,
    WHITE,
    accent_colour_problem,
    brand_css_text,
    contrast_ratio,
)
from clinic_site.models import SiteSettings
from tests.content.conftest import (  # noqa: F401  (fixtures, found by name)
    fresh_content_cache,
    reviewer,
    reviewer_client,
)
from tests.images.conftest import library_image
from tests.support.images import logo_image

CHANGE = "/admin/clinic_site/sitesettings/1/change/"
SITE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


@pytest.fixture(autouse=True)
def media_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def settings_form(**changes) -> dict:
    content = {**SiteSettings.load().draft_object.revision_content(), **changes, "_save": "Save"}
    form = {name.removesuffix("_id"): value for name, value in content.items()}
    return {
        name: "" if value is None else value for name, value in form.items() if value is not False
    }


def attribute(html: str, tag: str, name: str) -> list[str]:
    """The values of one attribute on every such tag in the HTML."""
    found = []
    for element in re.findall(rf"<{tag}\b[^>]*>", html):
        match = re.search(rf'\s{name}="([^"]*)"', element)
        if match:
            found.append(match.group(1))
    return found


# The contrast rule


def test_contrast_ratios_are_wcags():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)


def test_a_light_colour_is_refused_with_the_contrast_it_would_have():
    problem = accent_colour_problem("#66cccc")
    assert problem.startswith("This colour is too light for text: the menu's white words on it")
    assert "1.8:1" in problem and "at least 4.5:1" in problem and "darker colour" in problem
    assert accent_colour_problem("#777777"), "4.48:1 is not rounded up to a pass"
    assert accent_colour_problem("#767676") == ""
    assert accent_colour_problem(ACCENT_DEFAULT) == ""
    assert "six letters or digits" in accent_colour_problem("teal")


def test_the_stylesheet_never_carries_a_value_the_form_would_refuse():
    assert brand_css_text(accent="#7A1F5C") == ":root { --clinic-accent: #7a1f5c; }\n"
    for refused in ("#66cccc", "red;} body {display:none", ""):
        assert brand_css_text(accent=refused) == f":root {{ --clinic-accent: {ACCENT_DEFAULT}; }}\n"


def test_the_pairs_checked_are_the_ones_site_css_writes_text_in():
    """Every rule that puts text in the accent colour has it on white, and every rule that
    paints the accent behind text writes that text in the white the check assumes."""
    css = SITE_CSS.read_text()
    assert f"--clinic-accent: {ACCENT_DEFAULT};" in css, "the default is site.css's own"
    assert "--clinic-accent-text: #fff;" in css
    checked = {(text, background) for text, background, _ in ACCENT_TEXT_PAIRS}
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    accent_as_text = accent_as_background = 0
    for _selector, body in rules:
        declarations = {
            name.strip(): value.strip()
            for name, _, value in (part.partition(":") for part in body.split(";"))
            if value.strip()
        }
        color, background = declarations.get("color"), declarations.get("background")
        if color == "var(--clinic-accent)":
            accent_as_text += 1
            # Its own background, or (a hover state) the one of its rule above: white.
            assert background in ("#fff", None)
            assert ("accent", WHITE) in checked
        if background == "var(--clinic-accent)":
            accent_as_background += 1
            assert color in ("var(--clinic-accent-text)", None)
            assert (WHITE, "accent") in checked
    assert accent_as_text and accent_as_background
    assert ".site-nav__list a { color: var(--clinic-accent-text)" in css, "the menu's words"
    assert MINIMUM_CONTRAST == 4.5


# The colour on the pages


@pytest.mark.django_db
def test_a_colour_too_light_is_refused_in_the_form_with_the_reason(reviewer_client):  # noqa: F811
    response = reviewer_client.post(CHANGE, settings_form(accent_colour="#66cccc", _publish="1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This colour is too light for text" in page and "only 1.8:1" in page
    record = SiteSettings.objects.get(pk=1)
    assert record.accent_colour == ACCENT_DEFAULT and not record.has_unpublished_changes


@pytest.fixture
def manager_client(django_user_model):
    from tests.content.conftest import staff_user
    from tests.support.staff import staff_sign_in

    manager = staff_user(django_user_model, username="maria", group="Practice manager")
    client = Client()
    staff_sign_in(client, manager)
    return client


@pytest.mark.django_db
def test_a_published_colour_reaches_every_page_through_a_cacheable_stylesheet(
    reviewer_client,  # noqa: F811
    manager_client,
):
    visitor = Client()
    assert "/brand.css" not in visitor.get("/").content.decode(), "site.css's own colour"

    manager_client.post(CHANGE, settings_form(accent_colour="#7A1F5C"))
    assert "/brand.css" not in visitor.get("/").content.decode(), "a draft is not shown"
    review = reviewer_client.get("/admin/clinic_site/sitesettings/1/review/").content.decode()
    # Each colour beside its value, as a square of itself (an SVG fill: no inline style).
    swatch = '<svg class="diff-swatch"[^>]*aria-hidden="true"[^>]*><rect[^>]*fill="{}"'
    assert re.search("<del>" + swatch.format("#00665e") + r".*?</svg> #00665e</del>", review)
    assert re.search("<ins>" + swatch.format("#7a1f5c") + r".*?</svg> #7a1f5c</ins>", review)
    # As a value under "Other changes", not as words visitors read.
    assert "Other changes" in review and "Accent colour (changed)" not in review
    assert re.search(r'added: </span><svg class="diff-swatch"[^>]*>.*?fill="#7a1f5c"', review)
    reviewer_client.post("/admin/clinic_site/sitesettings/1/review/", {"action": "publish"})

    for path in ("/", "/es/", "/need-help-now/"):
        response = visitor.get(path)
        html = response.content.decode()
        [link] = [href for href in attribute(html, "link", "href") if "/brand.css" in href]
        assert "<style" not in html and " style=" not in html
        assert "style-src 'self'" in response["Content-Security-Policy"]
    stylesheet = visitor.get(link)
    assert stylesheet["Content-Type"].startswith("text/css")
    assert stylesheet.content.decode() == ":root { --clinic-accent: #7a1f5c; }\n"
    assert "immutable" in stylesheet["Cache-Control"]
    # An address of an older colour gets today's, kept only for a short time.
    old = visitor.get("/brand.css?v=000000000000")
    assert "#7a1f5c" in old.content.decode() and "max-age=300" in old["Cache-Control"]

    reviewer_client.post(CHANGE, settings_form(accent_colour="#1d4f91", _publish="1"))
    html = visitor.get("/").content.decode()
    [new_link] = [href for href in attribute(html, "link", "href") if "/brand.css" in href]
    assert new_link != link, "a new colour is a new address: no browser keeps the old one"


# The logo and its favicon


@pytest.mark.django_db
def test_without_a_logo_pages_keep_the_sites_own_icon():
    html = Client().get("/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    assert "apple-touch-icon" not in html and "site-header__logo" not in html
    # What a browser asks of a document naming no icon (robots.txt, a PDF), or for a bookmark.
    response = Client().get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == "/static/img/favicon.svg"


@pytest.mark.django_db
def test_a_published_logo_shows_in_the_header_and_becomes_the_favicon(
    reviewer_client,  # noqa: F811
    manager_client,
):
    logo = logo_image()
    manager_client.post(CHANGE, settings_form(logo_id=logo.pk))
    visitor = Client()
    assert "site-header__logo" not in visitor.get("/").content.decode(), "a draft is not shown"
    review = reviewer_client.get("/admin/clinic_site/sitesettings/1/review/").content.decode()
    assert "<h3>Logo</h3>" in review and "Clinic logo" in review
    reviewer_client.post("/admin/clinic_site/sitesettings/1/review/", {"action": "publish"})

    html = visitor.get("/es/").content.decode()
    [header_logo] = re.findall(r'<img class="site-header__logo"[^>]*>', html)
    # The name beside it says the same, so a screen reader hears it once.
    assert 'alt=""' in header_logo and 'height="40"' in header_logo and 'width="120"' in header_logo
    assert visitor.get(re.search(r'src="([^"]+)"', header_logo).group(1)).status_code == 200

    [icon] = re.findall(r'<link rel="icon" href="([^"]+)" sizes="32x32" type="image/png">', html)
    [touch] = re.findall(r'<link rel="apple-touch-icon" href="([^"]+)">', html)
    assert "favicon.svg" not in html
    assert visitor.get("/favicon.ico")["Location"] == icon
    for address, size in ((icon, 32), (touch, 180)):
        response = visitor.get(address)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert "max-age=31536000" in response["Cache-Control"]
        picture = PillowImage.open(io.BytesIO(b"".join(response.streaming_content)))
        assert picture.size == (size, size)
    # The phone's home-screen icon is on white: a phone would fill a clear corner with black.
    touch_picture = PillowImage.open(
        io.BytesIO(b"".join(visitor.get(touch).streaming_content))
    ).convert("RGBA")
    assert touch_picture.getpixel((0, 0)) == (255, 255, 255, 255)


@pytest.mark.django_db
def test_a_deleted_logo_leaves_the_pages_at_once(reviewer_client):  # noqa: F811
    logo = logo_image()
    reviewer_client.post(CHANGE, settings_form(logo_id=logo.pk, _publish="1"))
    visitor = Client()
    assert "site-header__logo" in visitor.get("/").content.decode()
    from images.services import image_delete

    image_delete(image=logo)
    html = visitor.get("/").content.decode()
    assert "site-header__logo" not in html and "favicon.svg" in html


@pytest.mark.django_db
def test_a_practice_manager_can_choose_the_logo_from_the_library(manager_client):
    client = manager_client
    library_image(title="Logo on white")
    form = client.get(CHANGE).content.decode()
    assert 'name="logo"' in form and 'type="color"' in form
    choices = client.get(
        "/admin/autocomplete/",
        {"app_label": "clinic_site", "model_name": "sitesettings", "field_name": "logo"},
    )
    assert choices.status_code == 200 and "Logo on white" in choices.content.decode()
    assert client.get("/admin/images/image/add/").status_code == 200, "or add one there"
