"""Where uploaded files are stored: the media folder by default, an S3-compatible store when
its environment variables are set; and the Content Security Policy's image sources."""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_SETTINGS = Path(settings.BASE_DIR) / "clinic_site" / "settings" / "base.py"
S3_VARIABLES = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
)


def base_settings(monkeypatch, **environment):
    """clinic_site/settings/base.py as read with this environment (a fresh copy of it)."""
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_under_test", BASE_SETTINGS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules.pop("settings_under_test", None)
    return module


def test_uploads_go_to_the_media_folder_by_default(monkeypatch):
    read = base_settings(monkeypatch)

    assert read.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert read.MEDIA_URL == "/media/"
    assert read.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] == ["'self'", "data:"]


def test_a_bucket_name_selects_the_s3_store_and_allows_its_host_for_images(monkeypatch):
    read = base_settings(monkeypatch, AWS_STORAGE_BUCKET_NAME="clinic-media")

    assert read.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert read.STORAGES["staticfiles"] == settings.STORAGES["staticfiles"]
    assert read.AWS_QUERYSTRING_AUTH is False
    assert "immutable" in read.AWS_S3_OBJECT_PARAMETERS["CacheControl"]
    assert read.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] == [
        "'self'",
        "data:",
        "https://clinic-media.s3.amazonaws.com",
    ]


@pytest.mark.parametrize(
    ("environment", "source"),
    [
        (
            {"AWS_S3_ENDPOINT_URL": "https://minio.clinic.example:9000"},
            "https://minio.clinic.example:9000",
        ),
        ({"AWS_S3_CUSTOM_DOMAIN": "images.clinic.example"}, "https://images.clinic.example"),
    ],
)
def test_another_s3_compatible_store_is_the_only_other_image_source(
    monkeypatch, environment, source
):
    read = base_settings(monkeypatch, AWS_STORAGE_BUCKET_NAME="clinic-media", **environment)

    assert read.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] == ["'self'", "data:", source]


@pytest.mark.urls("tests.images.urls")
def test_with_another_store_the_site_still_serves_the_images_itself(db, settings):
    """With an S3-compatible store, pages name the site's own /media/ addresses, never the
    bucket's, and the site reads the files from the store: the bucket needs no public access,
    and a draft's images stay private there too (images/views.py)."""
    from django.core.files.storage import storages
    from django.test import Client

    from content.models import Page

    from .conftest import library_image

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.InMemoryStorage",
            "OPTIONS": {"base_url": "https://clinic-media.s3.amazonaws.com/"},
        },
    }
    image = library_image()
    assert storages["default"].exists(image.file.name), "uploaded to the store"
    address = image.thumbnail["url"]
    assert address.startswith("/media/images/renditions/")
    assert Client().get(address).status_code == 404, "no published page shows it yet"

    Page.objects.create(
        title="What to expect",
        slug="what-to-expect-at-your-visit",
        summary="What happens on the day of a treatment session, from arrival to going home.",
        body=f"![A reclining chair by a window](image:{image.pk})",
        status=Page.Status.PUBLISHED,
    )
    served = Client().get(address)
    assert served.status_code == 200
    assert b"".join(served.streaming_content)[:4] == b"RIFF"


def test_production_with_a_bucket_but_without_boto3_refuses_to_start():
    pytest.importorskip("tests.site.test_settings")
    from tests.site.test_settings import PRODUCTION_ENVIRONMENT, manage

    try:
        import boto3  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("boto3 is installed here: the store's settings start")
    result = manage(
        "check", environment={**PRODUCTION_ENVIRONMENT, "AWS_STORAGE_BUCKET_NAME": "clinic-media"}
    )
    assert result.returncode != 0
    assert "needs boto3 installed" in result.stderr
