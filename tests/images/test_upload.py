"""Uploading to the image library through the admin's form, as a content editor does."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

from images.models import Image
from images.services import MAX_BYTES

from .conftest import gps_exif, photo_bytes

ADD_URL = reverse("admin:images_image_add")


def upload(client, content: bytes, *, name="treatment-room.jpg", **fields):
    data = {
        "title": "Treatment room",
        "alt_text": "A reclining chair by a window in the treatment room.",
        "caption": "",
        "credit": "",
        **fields,
        "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
    }
    return client.post(ADD_URL, data)


def errors_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("kind", "name"), [("JPEG", "room.jpg"), ("PNG", "room.png"), ("WEBP", "room.webp")]
)
def test_a_photo_with_gps_comes_out_without_location_or_camera_details(editor_client, kind, name):
    original = photo_bytes(exif=gps_exif(), kind=kind)
    assert PillowImage.open(io.BytesIO(original)).getexif().get_ifd(0x8825), (
        "the test photo has GPS"
    )

    response = upload(editor_client, original, name=name)

    assert response.status_code == 302, errors_of(response)
    image = Image.objects.get()
    with image.file.open("rb") as stored:
        stored_bytes = stored.read()
    saved = PillowImage.open(io.BytesIO(stored_bytes))
    exif = saved.getexif()
    assert not exif.get_ifd(0x8825), "GPS position left in the file"
    assert 0x010F not in exif and 0x0110 not in exif, "camera make or model left in the file"
    assert not exif, f"EXIF left in the file: {dict(exif)}"
    assert b"PhoneModel" not in stored_bytes
    assert (image.width, image.height) == (700, 525)
    # Its name is its content's hash (a new photo is a new address, cacheable for ever).
    extension = name.rsplit(".")[-1]
    assert image.file.name.startswith("images/") and image.file.name.endswith(f".{extension}")
    assert len(image.file.name.split("/")[-1]) == len("0" * 32 + f".{extension}")
    assert image.uploaded_by.username == "eddie"


def test_a_photo_taken_sideways_is_turned_the_way_it_was_held(editor_client):
    # Orientation 6: the camera was turned 90° clockwise; the pixels are stored on their side.
    response = upload(
        editor_client, photo_bytes(width=800, height=600, exif=gps_exif(orientation=6))
    )

    assert response.status_code == 302, errors_of(response)
    image = Image.objects.get()
    assert (image.width, image.height) == (600, 800)
    with image.file.open("rb") as stored:
        assert not PillowImage.open(stored).getexif()


def test_renditions_are_made_in_webp_at_a_few_widths_never_enlarged(editor_client):
    response = upload(editor_client, photo_bytes(width=1000, height=500), name="wide.jpg")

    assert response.status_code == 302, errors_of(response)
    image = Image.objects.get()
    renditions = image.renditions()
    assert [(width, height) for width, height, _ in renditions] == [
        (320, 160),
        (640, 320),
        (960, 480),
        (1000, 500),
    ]
    avif = image.renditions(kind="avif")
    assert [(width, height) for width, height, _ in avif] == [
        (width, height) for width, height, _ in renditions
    ]
    for width, height, file in renditions + avif:
        assert file.name.endswith((".webp", ".avif"))
        assert file.storage.exists(file.name), "renditions are made when the image is saved"
        with file.storage.open(file.name) as made:
            assert PillowImage.open(made).size == (width, height)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "clinic-map.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG drawings cannot be added",
        ),
        (
            "map.png",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
            "SVG drawings cannot be added",
        ),
        (
            "notes.jpg",
            b"These are my notes, not a photo.\n" * 20,
            "is not a JPEG, PNG or WebP image",
        ),
        ("damaged.jpg", photo_bytes()[:600], "is not a JPEG, PNG or WebP image"),
        ("photo.png", photo_bytes(width=200, height=100), "but it is a JPEG image inside"),
        (
            "animation.gif",
            photo_bytes(width=200, height=100, kind="GIF"),
            "is not a JPEG, PNG or WebP image",
        ),
    ],
)
def test_a_file_that_is_not_a_library_image_is_refused_with_a_message(
    editor_client, name, content, message
):
    response = upload(editor_client, content, name=name)

    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Image.objects.exists()


def test_a_file_over_15_mb_is_refused_with_its_size(editor_client):
    too_big = photo_bytes(width=200, height=100) + b"\0" * MAX_BYTES

    response = upload(editor_client, too_big, name="huge.jpg")

    assert response.status_code == 200
    assert "Images can be up to 15.0\xa0MB" in errors_of(response)
    assert not Image.objects.exists()


def test_an_image_over_40_megapixels_is_refused_before_it_is_decoded(editor_client):
    # A PNG of one colour compresses to almost nothing, however many pixels it says it has.
    buffer = io.BytesIO()
    PillowImage.new("L", (8000, 5001)).save(buffer, format="PNG")

    response = upload(editor_client, buffer.getvalue(), name="poster.png")

    assert response.status_code == 200
    assert "Images can be up to 40 megapixels" in errors_of(response)
    assert not Image.objects.exists()


def test_alt_text_is_required_unless_the_image_is_decorative(editor_client):
    response = upload(editor_client, photo_bytes(), alt_text="")
    assert response.status_code == 200
    assert "Say what the image shows" in errors_of(response)

    response = upload(editor_client, photo_bytes(), alt_text="IMG_1234.jpg")
    assert response.status_code == 200
    assert "This looks like a file name" in errors_of(response)
    assert not Image.objects.exists()

    response = upload(editor_client, photo_bytes(), alt_text="", decorative="on")
    assert response.status_code == 302, errors_of(response)
    assert Image.objects.get().decorative


def test_clinical_reviewers_use_the_library_too(reviewer_client):
    response = upload(reviewer_client, photo_bytes())
    assert response.status_code == 302, errors_of(response)
    listing = reviewer_client.get(reverse("admin:images_image_changelist"), {"q": "reclining"})
    assert "Treatment room" in listing.content.decode()
