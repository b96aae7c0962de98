"""The summary's guidance texts: loaded from screener/guidance_texts/, edited in admin."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from clinic_site.models import SiteSettings
from screener.guidance import GUIDANCE_DIRECTORY, guidance_all, guidance_load, guidance_sources
from screener.models import FactorGuidance
from tests.support.staff import staff_sign_in

pytestmark = pytest.mark.django_db


def test_migrating_loads_every_source_file():
    assert set(FactorGuidance.objects.values_list("factor", flat=True)) == set(guidance_sources())


def test_loading_again_keeps_staff_edits():
    row = FactorGuidance.objects.get(factor="opioids")
    row.title = "Edited by staff"
    row.save()
    assert guidance_load() == 0
    assert FactorGuidance.objects.get(factor="opioids").title == "Edited by staff"


def test_overwrite_restores_the_source_files():
    FactorGuidance.objects.filter(factor="opioids").update(title="Edited by staff")
    out = io.StringIO()
    call_command("load_screener_guidance", "--overwrite", stdout=out)
    assert "Guidance texts loaded: " in out.getvalue()
    assert FactorGuidance.objects.get(factor="opioids").title == "Opioid painkillers"


def test_a_missing_row_is_recreated_from_its_file():
    FactorGuidance.objects.filter(factor="ride-home").delete()
    call_command("load_screener_guidance", stdout=io.StringIO())
    assert FactorGuidance.objects.filter(factor="ride-home").exists()


def test_summary_falls_back_to_the_file_when_a_row_is_missing():
    FactorGuidance.objects.all().delete()
    guidance = guidance_all()
    assert "moderate evidence" in guidance["chronic-pain"].why_it_matters_html
    assert guidance["ride-home"].questions


def test_markdown_is_rendered_and_sanitised_on_save():
    row = FactorGuidance.objects.get(factor="mood")
    row.why_it_matters = "See **this** <script>alert(1)</script> [link](javascript:alert(1))"
    row.save()
    html = guidance_all()["mood"].why_it_matters_html
    assert "<strong>this</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_the_clinics_details_named_by_tokens_show_as_they_are_now():
    row = FactorGuidance.objects.get(factor="mood")
    row.why_it_matters += "\n\nTo talk it through, call us on [[clinic:phone]]."
    row.save()
    phone = SiteSettings.load().phone
    assert '<a href="tel:' in guidance_all()["mood"].why_it_matters_html
    assert f">{phone}</a>." in guidance_all()["mood"].why_it_matters_html
    assert "[[clinic:" not in guidance_all()["mood"].why_it_matters_html


def test_an_edit_shows_at_once_despite_the_cache():
    assert guidance_all()["mood"].title == "Your mood over the last 2 weeks"
    row = FactorGuidance.objects.get(factor="mood")
    row.title = "How you have been feeling"
    row.save()
    assert guidance_all()["mood"].title == "How you have been feeling"


def test_staff_can_list_and_edit_guidance_in_admin(client, admin_user):
    staff_sign_in(client, admin_user)  # the admin asks every member of staff for a second factor
    admin_client = client
    listing = admin_client.get(reverse("admin:screener_factorguidance_changelist"))
    assert listing.status_code == 200
    assert "Opioid painkillers" in listing.content.decode()
    row = FactorGuidance.objects.get(factor="opioids")
    change_url = reverse("admin:screener_factorguidance_change", args=[row.pk])
    assert admin_client.get(change_url).status_code == 200
    response = admin_client.post(
        change_url,
        {
            "title": "Opioids",
            "why_it_matters": "New text.",
            "questions_to_ask": "One?\nTwo?",
            "_publish": "Save and publish now",  # a superuser's save goes live through review
        },
    )
    assert response.status_code == 302
    assert guidance_all()["opioids"].questions == ("One?", "Two?")
    assert admin_client.get(reverse("admin:screener_factorguidance_add")).status_code == 403


def test_clinical_reviewers_may_change_guidance_and_editors_only_read_it(django_user_model):
    from django.contrib.auth.models import Group

    reviewer = django_user_model.objects.create_user("reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Clinical reviewer"))
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Content editor"))
    assert reviewer.has_perm("screener.change_factorguidance")
    assert editor.has_perm("screener.view_factorguidance")
    assert not editor.has_perm("screener.change_factorguidance")


# Spanish (issue 18): each text has its Spanish beside it, from screener/guidance_texts/es/.


def test_migrating_gives_every_text_its_spanish_and_the_spanish_summary_uses_it():
    spanish = guidance_sources(directory=GUIDANCE_DIRECTORY / "es")
    assert set(spanish) == set(guidance_sources())
    mood = FactorGuidance.objects.get(factor="mood")
    assert mood.title_es == "Su estado de ánimo en las últimas 2 semanas"
    assert "PHQ-9 de Pfizer" in mood.why_it_matters_es_html
    guidance = guidance_all(language="es")["mood"]
    assert (guidance.title, guidance.language) == (mood.title_es, "es")
    assert guidance.questions == tuple(mood.questions_es)
    assert guidance_all(language="en")["mood"].title == "Your mood over the last 2 weeks"


def test_a_text_that_had_no_spanish_gets_it_and_spanish_staff_wrote_is_kept():
    FactorGuidance.objects.filter(factor="opioids").update(why_it_matters_es="")
    FactorGuidance.objects.filter(factor="mood").update(
        why_it_matters_es="Escrito por el personal."
    )
    guidance_load()
    assert FactorGuidance.objects.get(factor="opioids").why_it_matters_es.strip()
    assert FactorGuidance.objects.get(factor="mood").why_it_matters_es == "Escrito por el personal."


def test_a_text_whose_spanish_is_left_blank_shows_the_english_marked_as_english():
    FactorGuidance.objects.filter(factor="mood").update(why_it_matters_es="")
    guidance = guidance_all(language="es")["mood"]
    assert guidance.language == "en"
    assert guidance.title == "Your mood over the last 2 weeks"


def test_the_corrections_reach_texts_staff_never_edited_and_spare_their_edits(monkeypatch):
    """Migration 0004: a field still holding the earlier seed word for word takes the corrected
    seed; a field staff changed is kept."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "screener.migrations.0004_guidance_corrections_from_clinical_review"
    )
    old_text = "Guidelines say to take care with heart disease (Cohen and others, 2018)."
    FactorGuidance.objects.filter(factor="precaution-heart").update(
        why_it_matters=old_text, title="Edited by a clinical reviewer"
    )
    FactorGuidance.objects.filter(factor="ride-home").update(why_it_matters="Staff wrote this.")
    monkeypatch.setattr(
        migration,
        "PREVIOUS_SEEDS",
        {
            "precaution-heart": {
                "why_it_matters": migration._digest(old_text),
                "title": migration._digest("Serious heart disease, as first seeded"),
            },
            "ride-home": {"why_it_matters": migration._digest("The seed before.")},
        },
    )
    migration.guidance_corrections_apply(apps, None)
    heart = FactorGuidance.objects.get(factor="precaution-heart")
    assert "advise against ketamine" in heart.why_it_matters
    assert "advise against ketamine" in heart.why_it_matters_html
    assert heart.title == "Edited by a clinical reviewer", "an edited field is kept"
    assert FactorGuidance.objects.get(factor="ride-home").why_it_matters == "Staff wrote this."


def test_the_guidance_says_advise_against_as_the_guidelines_do_never_take_care():
    sources = guidance_sources()
    for factor in (
        "precaution-blood-pressure",
        "precaution-heart",
        "precaution-stroke",
        "precaution-pregnancy",
        "precaution-liver",
        "precaution-substance-misuse",
    ):
        text = sources[factor].why_it_matters
        assert "advise against" in text or "advise avoiding" in text, factor
        assert "take care" not in text, factor
    assert "advise avoiding" in sources["precaution-psychosis-mania"].why_it_matters
    assert "not to use ketamine infusions" in sources["precaution-raised-pressure"].why_it_matters
    # The ketamine injection label's own contraindication, with its revision date.
    blood_pressure = sources["precaution-blood-pressure"].why_it_matters
    assert "must not be used when a big rise in blood pressure would be a serious" in (
        " ".join(blood_pressure.split())
    )
    assert "Ketalar prescribing information, revised 10/2024" in " ".join(blood_pressure.split())


def test_every_label_reference_in_the_guidance_carries_its_date():
    for directory in (GUIDANCE_DIRECTORY, GUIDANCE_DIRECTORY / "es"):
        for factor, source in guidance_sources(directory=directory).items():
            text = " ".join(source.why_it_matters.split())
            for cited in re.finditer(
                r"\((?:esketamine|Ketalar) prescribing information[^)]*\)", text
            ):
                assert re.search(r"\d\d/20\d\d", cited.group(0)), (factor, cited.group(0))
            for cited in re.finditer(r"prescripción de (?:la esketamina|Ketalar)[^)]*\)", text):
                assert re.search(r"\d\d/20\d\d", cited.group(0)), (factor, cited.group(0))
