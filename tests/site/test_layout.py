"""The layout every page shares: the notices in the footer in each language, the phone menu's
no-JavaScript fallback, the disclaimer once, and colours that keep 4.5:1 contrast.

How the menu behaves in a browser (opening, closing, the first screen) is tested in
tests/browser/test_phone_layout.py; these tests read the HTML and the stylesheet.
"""

import re
from pathlib import Path

import pytest

from content.models import Page

ROOT = Path(__file__).resolve().parents[2]
SITE_CSS = (ROOT / "static" / "css" / "site.css").read_text()

NOTICES = {
    "en": {
        "/notice-of-privacy-practices/": "Notice of Privacy Practices (HIPAA)",
        "/accessibility-statement/": "Accessibility statement",
        "/language-assistance/": "Language help and interpreters",
    },
    "es": {
        "/es/aviso-de-practicas-de-privacidad/": "Aviso de prácticas de privacidad (HIPAA)",
        "/es/declaracion-de-accesibilidad/": "Declaración de accesibilidad",
        "/es/asistencia-con-el-idioma/": "Ayuda con el idioma e intérpretes",
    },
}
HOMES = {"en": "/", "es": "/es/"}
DISCLAIMER = {
    "en": "educational information, not medical advice",
    "es": "información educativa, no consejos médicos",
}


def footer_of(html: str) -> str:
    return re.search(r"<footer\b.*?</footer>", html, re.S).group(0)


def main_of(html: str) -> str:
    return re.search(r"<main\b.*?</main>", html, re.S).group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_footer_links_each_notice_in_the_pages_language(client, loaded_content, language):
    for page in (HOMES[language], "/privacy/" if language == "en" else "/es/privacidad/"):
        footer = footer_of(client.get(page).content.decode())
        for address, words in NOTICES[language].items():
            assert f'<a href="{address}">{words}</a>' in footer, (page, address)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_each_notice_is_a_published_page_with_one_h1_and_its_other_language_version(
    client, loaded_content, language
):
    for address in NOTICES[language]:
        response = client.get(address)
        assert response.status_code == 200, address
        html = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, address
        page = Page.objects.published().get(slug=address.strip("/").rsplit("/", 1)[-1])
        assert page.language == language
        other = page.translation_of if language == "es" else page.translations.get()
        assert other.is_live, address


@pytest.mark.django_db
def test_the_privacy_practices_notice_says_where_the_clinic_fills_in_its_own_details(
    client, loaded_content
):
    html = main_of(client.get("/notice-of-privacy-practices/").content.decode())
    assert "Clinic to fill in the name, phone number and email" in html
    assert "Model Notices of Privacy Practices" in html  # HHS's model, cited
    html = main_of(client.get("/es/aviso-de-practicas-de-privacidad/").content.decode())
    assert "La clínica debe completar el nombre, el teléfono y el correo" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_phone_menu_is_a_link_to_the_menu_that_works_without_javascript(
    client, loaded_content, language
):
    html = client.get(HOMES[language]).content.decode()
    words = {"en": ("Menu", "Close menu"), "es": ("Menú", "Cerrar el menú")}[language]
    assert (
        f'<a class="site-header__menu-toggle" href="#site-nav" data-menu-toggle>{words[0]}</a>'
        in (html)
    )
    assert '<nav class="site-nav" id="site-nav"' in html
    assert f'<a href="#main-content" data-menu-close>{words[1]}</a>' in html
    assert re.search(r'<script src="/static/js/menu\.js" defer></script>', html)
    # Without JavaScript, the menu shows on a phone while it is the address's target.
    assert "html:not(.js-menu) .site-nav:target" in SITE_CSS


@pytest.mark.django_db
def test_a_page_with_its_own_disclaimer_leaves_out_the_footer_copy_and_others_keep_it(
    client, loaded_content
):
    for address in ("/", "/what-to-expect/", "/search/?q=pain", "/screener/"):
        html = client.get(address).content.decode()
        assert DISCLAIMER["en"] in main_of(html), address
        assert 'class="site-footer__disclaimer"' not in footer_of(html), address
        assert html.count(DISCLAIMER["en"]) == 1, address
    for address in ("/privacy/", "/need-help-now/", "/contact/", "/es/privacidad/"):
        html = client.get(address).content.decode()
        language = "es" if address.startswith("/es/") else "en"
        assert DISCLAIMER[language] not in main_of(html), address
        assert html.count(DISCLAIMER[language]) == 1, address


# Colours: every pair of text and background the stylesheet sets up, by custom property name or
# colour. WCAG 1.4.3 asks 4.5:1 for body text.
TEXT_ON_BACKGROUND = [
    ("--clinic-text", "--clinic-header-bg"),
    ("--bs-link-color", "--clinic-header-bg"),
    ("--bs-link-hover-color", "--clinic-header-bg"),
    ("--clinic-accent", "--clinic-header-bg"),  # the Menu button's word, closed
    ("--clinic-accent", "#ffffff"),
    ("--clinic-accent-text", "--clinic-accent"),  # the menu bar, the Menu button when open
    ("--clinic-text", "--clinic-focus"),  # a focused link in the menu bar
    ("--clinic-text", "--clinic-warm-bg"),  # the footer
    ("--bs-link-color", "--clinic-warm-bg"),
    ("--bs-link-hover-color", "--clinic-warm-bg"),
    ("--clinic-secondary-text", "--clinic-warm-bg"),
    ("--clinic-text", "--clinic-card-bg"),  # cards and callouts
    ("--bs-link-color", "--clinic-card-bg"),
    ("--bs-link-hover-color", "--clinic-card-bg"),
    ("--clinic-secondary-text", "--clinic-card-bg"),
    ("--clinic-error", "--clinic-card-bg"),
    ("#ffffff", "#007f3b"),  # the green button, on a card
]


def css_variables() -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", SITE_CSS, re.S).group(1)
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", root))


def colour(value: str, variables: dict[str, str]) -> str:
    value = variables.get(value, value).lstrip("#")
    return "".join(c * 2 for c in value) if len(value) == 3 else value


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_text_and_background_pair_of_the_warm_colours_reads_at_4_5_to_1():
    variables = css_variables()
    failures = []
    for text, background in TEXT_ON_BACKGROUND:
        ratio = contrast(colour(text, variables), colour(background, variables))
        if ratio < 4.5:
            failures.append(f"{text} on {background}: {ratio:.2f}:1")
    assert not failures, failures


def test_the_accent_colour_is_one_custom_property_the_rules_use():
    variables = css_variables()
    assert "--clinic-accent" in variables and "--clinic-accent-text" in variables
    assert SITE_CSS.count("var(--clinic-accent)") >= 5
    # Set once, in :root, so a site setting can replace it with one declaration.
    assert len(re.findall(r"--clinic-accent:", SITE_CSS)) == 1


def test_the_stylesheet_loads_nothing_from_another_site():
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", SITE_CSS)
