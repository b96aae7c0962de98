"""The clinic's own look, set in the site settings: its accent colour and its logo.

The accent colour replaces one CSS custom property (--clinic-accent in static/css/site.css).
The Content Security Policy allows no inline style, and pages are cached whole for every
visitor, so a page links a tiny stylesheet whose address carries a hash of its text
(/brand.css?v=...): a published colour is a new address on the next page, and a browser may keep
each one for a year. With the stylesheet's own colour there is no link at all.

A colour is refused when the text site.css puts on or against it would fall below WCAG's 4.5:1,
so the practice manager cannot make the menu unreadable (issue 28).

The favicon is the logo made small: PNG files at 32 and 180 pixels (the apple-touch-icon),
made when the settings are published (never in a visitor's request), named by a hash of the
logo's file and the size, so they too may be cached for a year.
"""

import hashlib
import logging
import re
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from imagekit.cachefiles import ImageCacheFile
from imagekit.processors import ResizeToFit
from imagekit.specs import ImageSpec

logger = logging.getLogger(__name__)

# The colour static/css/site.css starts with; a setting equal to it needs no stylesheet.
ACCENT_DEFAULT = "#00665e"
# WCAG 2.2, 1.4.3 (AA): text of normal size needs 4.5:1 against what is behind it.
MINIMUM_CONTRAST = 4.5
WHITE = "#ffffff"
# Each place site.css writes text in or on the accent colour, as (text, background, where): the
# menu's words are white on the accent (.site-nav__list a, and the open "Menu" button), and the
# phone's "Menu" button is the accent on white (.site-header__menu-toggle). The accent's other
# uses are edges of cards and the footer, which carry no words.
ACCENT_TEXT_PAIRS = (
    (WHITE, "accent", "the menu's white words on it"),
    ("accent", WHITE, "the word “Menu” in it on white (on phones)"),
)
HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")

# Favicon sizes in pixels: the browser tab, and the icon a phone puts on its home screen.
FAVICON_SIZE = 32
APPLE_TOUCH_ICON_SIZE = 180


def colour_normalise(value: str) -> str:
    """#RGB or #RRGGBB, any case, as #rrggbb; anything else unchanged (the validator says why)."""
    value = (value or "").strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        value = "#" + "".join(character * 2 for character in value[1:])
    return value


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a #rrggbb colour."""
    channels = []
    for start in (1, 3, 5):
        value = int(colour[start : start + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def accent_colour_problem(colour: str) -> str:
    """Why this accent colour cannot be used, in words for staff; empty when it can."""
    colour = colour_normalise(colour)
    if not HEX_COLOUR.match(colour):
        return (
            "Give the colour as # and six letters or digits, such as #00665e, or choose it "
            "with the colour picker."
        )
    failing = []
    for text, background, where in ACCENT_TEXT_PAIRS:
        ratio = contrast_ratio(
            colour if text == "accent" else text, colour if background == "accent" else background
        )
        # Rounded down, so 4.49:1 is never shown as a passing "4.5".
        if ratio < MINIMUM_CONTRAST:
            failing.append((where, int(ratio * 10) / 10))
    if not failing:
        return ""
    places = ", and ".join(where for where, _ in failing)
    ratio = min(ratio for _, ratio in failing)
    return (
        f"This colour is too light for text: {places} would have a contrast of only "
        f"{ratio}:1, and text needs at least {MINIMUM_CONTRAST}:1 to be easy to read. "
        "Choose a darker colour."
    )


def accent_colour_validate(value: str) -> None:
    problem = accent_colour_problem(value)
    if problem:
        raise ValidationError(problem, code="accent_contrast")


def brand_css_text(*, accent: str) -> str:
    """The stylesheet that gives pages this accent colour (site.css's own, should a value the
    form would refuse reach the row some other way: nothing but a checked colour is written)."""
    accent = colour_normalise(accent)
    if accent_colour_problem(accent):
        accent = ACCENT_DEFAULT
    return f":root {{ --clinic-accent: {accent}; }}\n"


def brand_css_version(*, accent: str) -> str:
    """A short hash of the stylesheet's text: its address changes when its colour does."""
    return hashlib.sha256(brand_css_text(accent=accent).encode()).hexdigest()[:12]


def accent_needs_stylesheet(accent: str) -> bool:
    """Whether pages need the brand stylesheet: not for site.css's own colour (or none)."""
    accent = colour_normalise(accent)
    return bool(accent) and accent != ACCENT_DEFAULT and not accent_colour_problem(accent)


class _Favicon(ImageSpec):
    format = "PNG"
    options = {"optimize": True}
    size = FAVICON_SIZE
    # Clear around a logo that is not square: a tab shows it on its own colour.
    mat_color = (255, 255, 255, 0)

    @property
    def processors(self):
        return [ResizeToFit(self.size, self.size, mat_color=self.mat_color)]


class Favicon(_Favicon):
    pass


class AppleTouchIcon(_Favicon):
    size = APPLE_TOUCH_ICON_SIZE
    # A phone fills a clear background with black, so the home-screen icon is on white.
    mat_color = (255, 255, 255, 255)


def stored_file_url(name: str) -> str:
    """A stored file's address on the site itself, where images/views.py serves the library's
    files (as images.models.media_url, which this floor does not import)."""
    return settings.MEDIA_URL + quote(name)


def favicon_files(*, source) -> dict:
    """The favicon files made from a logo's file: {"icon": ..., "apple_touch_icon": ...}."""
    return {
        "icon": ImageCacheFile(Favicon(source=source)),
        "apple_touch_icon": ImageCacheFile(AppleTouchIcon(source=source)),
    }


def favicons_make(*, source) -> None:
    """Make the favicon files of a logo's file, unless they are there already."""
    for file in favicon_files(source=source).values():
        try:
            file.generate()
        except (OSError, ValueError) as error:
            # A missing icon only costs the browser tab its picture: the settings still publish.
            logger.warning("Favicon not made from the logo: %s", type(error).__name__)
