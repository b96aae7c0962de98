"""Security review F3: no revision screen of any admin puts content live outside its review, nor
another record's version anywhere."""

import pytest
import reversion
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from content.models import Page
from editorial.models import Revision
from screener.models import FactorGuidance
from tests.content.conftest import staff_user

OPIOIDS = "opioids"


def test_no_admin_has_django_reversions_revert_or_recover_screens():
    with_reversion = [
        str(model._meta) for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, VersionAdmin)
    ]  # fmt: skip
    assert with_reversion == []
    for model in (Page, FactorGuidance):
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for name, args in (("recoverlist", []), ("recover", [1]), ("revision", [1, 1])):
            with pytest.raises(NoReverseMatch):
                reverse(f"{prefix}_{name}", args=args)


@pytest.mark.django_db
def test_pages_and_guidance_are_not_kept_by_django_reversion_any_more(loaded_content):
    assert not reversion.is_registered(Page)
    assert not reversion.is_registered(FactorGuidance)
    page_type = ContentType.objects.get_for_model(Page)
    assert not Version.objects.filter(content_type=page_type).exists()


@pytest.mark.django_db
def test_the_guidance_history_refuses_to_restore_a_page_version(reviewer_client, client):
    """What the old guidance revert screen allowed: a page's version restored through the
    guidance admin. Editorial's restore looks only among the guidance text's own revisions."""
    page = Page.objects.create(title="Live", slug="live", summary="s", body="b", status="published")
    page_revision = Revision.objects.create(
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(page.pk),
        content={"title": "A page version about a narwhal", "body": "narwhal"},
        object_str="Live",
    )
    guidance = FactorGuidance.objects.get(factor=OPIOIDS)
    revert = f"/admin/screener/factorguidance/{guidance.pk}/history/{page_revision.pk}/revert/"
    assert reviewer_client.post(revert).status_code == 404
    guidance.refresh_from_db()
    assert not guidance.has_unpublished_changes
    assert "narwhal" not in guidance.title


@pytest.mark.django_db
def test_restoring_an_old_guidance_version_makes_a_draft_not_a_live_change(
    reviewer_client, reviewer
):
    from editorial.workflow import draft_publish, draft_save

    guidance = FactorGuidance.objects.get(factor=OPIOIDS)
    old_title = guidance.title
    draft_save(
        record=guidance,
        content={**guidance.revision_content(), "title": "Opioids and a pangolin"},
        user=reviewer,
    )
    old = guidance.live_revision  # what visitors saw before: kept when the first draft is saved
    colleague = staff_user(type(reviewer), username="sam", group="Clinical reviewer")
    draft_publish(record=FactorGuidance.objects.get(pk=guidance.pk), user=colleague)
    assert FactorGuidance.objects.get(pk=guidance.pk).title == "Opioids and a pangolin"

    revert = f"/admin/screener/factorguidance/{guidance.pk}/history/{old.pk}/revert/"
    assert reviewer_client.post(revert).status_code == 302
    guidance = FactorGuidance.objects.get(pk=guidance.pk)
    assert guidance.title == "Opioids and a pangolin", "visitors keep the live version"
    assert guidance.has_unpublished_changes
    assert guidance.draft_object.title == old_title
