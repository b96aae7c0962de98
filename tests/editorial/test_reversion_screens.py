"""Security review F3: no django-reversion screen puts another record's version live."""

import pytest
import reversion
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from reversion.models import Revision as ReversionRevision
from reversion.models import Version

from content.models import Page
from editorial.admin import TypeCheckedVersionAdmin
from screener.models import FactorGuidance


def page_version_forge(page: Page) -> Version:
    """A version of a page, as django-reversion kept them before pages moved to editorial."""
    revision = ReversionRevision.objects.create(
        comment="An old page version", date_created=timezone.now()
    )
    return Version.objects.create(
        revision=revision,
        object_id=str(page.pk),
        content_type=ContentType.objects.get_for_model(Page),
        db="default",
        format="json",
        serialized_data="[]",
        object_repr=page.title,
    )


@pytest.mark.django_db
def test_the_guidance_history_screen_refuses_a_page_version(rf, django_user_model):
    page = Page.objects.create(title="Live", slug="live", summary="s", body="b", status="published")
    version = page_version_forge(page)
    guidance_admin = admin.site.get_model_admin(FactorGuidance)
    assert isinstance(guidance_admin, TypeCheckedVersionAdmin), "the admin staff use"
    request = rf.post("/")
    request.user = django_user_model.objects.create_superuser("rita", password="unused-here")
    with pytest.raises(Http404):
        guidance_admin.revision_view(request, str(page.pk), str(version.pk))
    with pytest.raises((Http404, PermissionDenied)):
        guidance_admin.recover_view(request, str(version.pk))


@pytest.mark.django_db
def test_pages_are_not_kept_by_django_reversion_any_more(loaded_content):
    assert not reversion.is_registered(Page)
    page_type = ContentType.objects.get_for_model(Page)
    assert not Version.objects.filter(content_type=page_type).exists()


def test_the_page_admin_has_no_revert_or_recover_screen_of_django_reversion():
    from reversion.admin import VersionAdmin

    assert not isinstance(admin.site.get_model_admin(Page), VersionAdmin)
    for name, args in (("recoverlist", []), ("recover", [1]), ("revision", [1, 1])):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:content_page_{name}", args=args)
