"""Fixtures for the image library: uploads in a folder of the test's own, staff in the real
groups (which the image permissions migration gave the library to)."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from PIL import Image as PillowImage

from clinic_site.content_version import content_version_bump
from tests.support.staff import staff_sign_in


@pytest.fixture(autouse=True)
def media_folder(settings, tmp_path):
    """Each test's uploads and renditions go to its own folder, deleted afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_content_cache():
    cache.clear()
    content_version_bump()
    yield
    cache.clear()


def staff_user(django_user_model, *, username: str, group: str):
    user = django_user_model.objects.create_user(username, password="unused-here", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return staff_user(django_user_model, username="eddie", group="Content editor")


@pytest.fixture
def editor_client(editor):
    client = Client()
    staff_sign_in(client, editor)
    return client


@pytest.fixture
def reviewer(db, django_user_model):
    return staff_user(django_user_model, username="rita", group="Clinical reviewer")


@pytest.fixture
def reviewer_client(reviewer):
    client = Client()
    staff_sign_in(client, reviewer)
    return client


# Small by default: every upload makes its AVIF and WebP renditions, which take CPU seconds at
# full size. Tests about the renditions' widths upload a large photo themselves.
def photo_bytes(*, width=700, height=525, kind="JPEG", exif=None, color=(40, 120, 90)) -> bytes:
    """A photo as a camera would save it, with EXIF when given (a PIL.Image.Exif)."""
    picture = PillowImage.new("RGB", (width, height), color)
    # Some detail, so the encoders have something to keep.
    for x in range(0, width, 40):
        for y in range(0, height, 40):
            picture.putpixel((x, y), (255, 255, 255))
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    picture.save(buffer, format=kind, **options)
    return buffer.getvalue()


def gps_exif(*, orientation: int | None = None):
    """EXIF with the clinic's position (GPS), the camera's make and model, and the time."""
    exif = PillowImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "PhoneModel 12"  # Model
    exif[0x0132] = "2026:11:30 10:15:00"  # DateTime
    if orientation:
        exif[0x0112] = orientation
    gps = {
        1: "N",  # GPSLatitudeRef
        2: (40.0, 44.0, 54.36),  # GPSLatitude
        3: "W",
        4: (73.0, 59.0, 8.5),
    }
    exif[0x8825] = gps  # GPSInfo
    return exif


def library_image(*, width=700, height=525, **fields):
    """An image in the library, uploaded as the admin's form does (cleaned, renditions made)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from images.models import Image
    from images.services import image_upload_clean

    upload = SimpleUploadedFile("photo.jpg", photo_bytes(width=width, height=height))
    values = {"title": "Treatment room", "alt_text": "A reclining chair by a window.", **fields}
    return Image.objects.create(file=image_upload_clean(upload=upload), **values)
