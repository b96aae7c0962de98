"""The content checks for images in a page's Markdown (images.checks.image_warnings)."""

from images.checks import image_warnings

from .conftest import library_image


def checks_of(body: str) -> list[str]:
    return [warning.check for warning in image_warnings(body=body)]


def test_a_library_image_with_alt_text_raises_no_warning(db):
    image = library_image()
    assert image_warnings(body=f"Text.\n\n![The treatment room](image:{image.pk})") == []
    assert image_warnings(body=f"![](image:{image.pk})") == [], "the library's alt text counts"


def test_an_external_image_url_must_come_from_the_library(db):
    (warning,) = image_warnings(body="![A photo](https://example.com/room.jpg)")

    assert warning.check == "image-not-from-library"
    assert "Images must come from the image library" in warning.message
    assert warning.detail == "![A photo](https://example.com/room.jpg)"
    assert checks_of('<img src="/static/img/room.png" alt="Room">') == ["image-not-from-library"]


def test_a_reference_that_does_not_resolve_is_named(db):
    (warning,) = image_warnings(body="![Room](image:424242)")

    assert warning.check == "image-missing"
    assert "not in the image library" in warning.message


def test_missing_alt_text_is_named_unless_the_image_is_decorative(db):
    no_alt = library_image(alt_text="")
    decorative = library_image(alt_text="", decorative=True)

    assert checks_of(f"![](image:{no_alt.pk})") == ["image-alt-missing"]
    assert checks_of(f"![](image:{decorative.pk})") == []


def test_alt_text_that_is_a_file_name_is_named(db):
    image = library_image()

    for alt in ("IMG_1234.jpg", "DSC01234", "room-photo-final.png", "Screenshot 2026-11-30"):
        assert checks_of(f"![{alt}](image:{image.pk})") == ["image-alt-file-name"], alt
    assert checks_of(f"![Room 12, with the chair](image:{image.pk})") == []


def test_the_checks_can_be_asked_without_the_database():
    assert image_warnings(body="![Room](image:1)", library={}) and not image_warnings(
        body="No images.", library={}
    )
