"""Translating side by side, and "English changed since this translation" (issue 27).

A Spanish page records the English revision it was written against; the page list, the pages
side by side and the Spanish page's form say so once the English is published with a change
to its words, until a Spanish version written against the newer English is published.
"""

import html
import importlib
import re

import pytest
from django.apps import apps

from content.models import Page
from content.translations import english_change
from editorial.models import Revision
from editorial.workflow import draft_publish, draft_save

from .admin_support import PREFIX, page_form_data, publish

FLAG = "English changed since this translation"
pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(loaded_content):
    english = Page.objects.get(language="en", slug="what-to-expect")
    spanish = Page.objects.get(language="es", slug="que-esperar")
    return english, spanish


def english_published_with(client, english: Page, **changes) -> Page:
    """An editor's change to the English page, published by a reviewer."""
    response = client.post(
        f"{PREFIX}{english.pk}/change/", page_form_data(english, **changes), follow=True
    )
    assert response.status_code == 200
    english.refresh_from_db()
    return english


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def test_loaded_translations_follow_the_english_they_were_loaded_with(pair, editor_client):
    english, spanish = pair
    assert spanish.translated_from_revision_id == english.live_revision_id
    assert (
        not Page.objects.filter(language="es", translation_of__isnull=False)
        .filter(translated_from_revision=None)
        .exists()
    )
    listing = editor_client.get(f"{PREFIX}?language__exact=es")
    assert FLAG not in text_of(listing)


def test_english_published_with_a_change_flags_its_spanish_page_everywhere(
    pair, editor_client, reviewer_client
):
    english, spanish = pair
    editor_client.post(
        f"{PREFIX}{english.pk}/change/",
        page_form_data(english, body=english.body + "\nBring a warm jumper.\n"),
    )
    # A draft of the English changes nothing visitors read: no flag yet.
    assert FLAG not in text_of(editor_client.get(f"{PREFIX}{spanish.pk}/change/"))
    publish(reviewer_client, english)

    listing = text_of(editor_client.get(PREFIX))
    row = next(r for r in listing.split("<tr") if f"{PREFIX}{spanish.pk}/change/" in r)
    assert FLAG in row
    english_row = next(r for r in listing.split("<tr") if f"{PREFIX}{english.pk}/change/" in r)
    assert FLAG in english_row  # beside "Spanish: Qué esperar"
    side_by_side = text_of(editor_client.get(f"{PREFIX}side-by-side/"))
    assert FLAG in side_by_side

    form = text_of(editor_client.get(f"{PREFIX}{spanish.pk}/change/"))
    assert f"{FLAG}." in form
    assert "See what changed in the English" in form
    changes = text_of(editor_client.get(f"{PREFIX}{spanish.pk}/english-changes/"))
    assert "<ins>Bring a warm jumper.</ins>" in changes
    assert "What to expect" in changes


def test_an_english_revision_that_changes_no_words_flags_nothing(
    pair, editor_client, reviewer_client
):
    english, spanish = pair
    english_published_with(reviewer_client, english, nav_order=english.nav_order + 1, _publish=1)
    english.refresh_from_db()
    assert english.live_revision_id > spanish.translated_from_revision_id
    assert english_change(spanish=spanish) is None
    assert FLAG not in text_of(editor_client.get(PREFIX))


def test_the_flag_stays_until_a_spanish_version_written_against_the_new_english_is_published(
    pair, editor_client, reviewer_client
):
    english, spanish = pair
    editor_client.post(
        f"{PREFIX}{english.pk}/change/",
        page_form_data(english, summary=english.summary + " Updated."),
    )
    publish(reviewer_client, english)
    spanish.refresh_from_db()
    assert english_change(spanish=spanish) is not None

    editor_client.post(
        f"{PREFIX}{spanish.pk}/change/",
        page_form_data(spanish, summary=spanish.summary + " Actualizado."),
    )
    form = text_of(editor_client.get(f"{PREFIX}{spanish.pk}/change/"))
    assert FLAG in form  # visitors still read the old Spanish
    assert "The draft below was saved beside the English as it is now" in form

    publish(reviewer_client, spanish)
    spanish.refresh_from_db()
    english.refresh_from_db()
    assert spanish.translated_from_revision_id == english.live_revision_id
    assert english_change(spanish=spanish) is None
    assert FLAG not in text_of(editor_client.get(PREFIX))
    assert FLAG not in text_of(editor_client.get(f"{PREFIX}{spanish.pk}/change/"))


def test_a_spanish_draft_written_before_the_english_changed_keeps_the_flag(pair, reviewer):
    english, spanish = pair
    spanish_draft = {**spanish.revision_content(), "summary": spanish.summary + " Otra vez."}
    draft_save(record=spanish, content=spanish_draft, user=reviewer)
    english_draft = {**english.revision_content(), "title": "What to expect at the clinic"}
    draft_save(record=english, content=english_draft, user=reviewer)
    draft_publish(record=english, user=reviewer)
    draft_publish(record=spanish, user=reviewer)
    spanish.refresh_from_db()
    change = english_change(spanish=spanish)
    assert change is not None and change.changed_fields == {"title"}


def test_the_spanish_form_shows_the_english_beside_each_field(pair, editor_client):
    english, spanish = pair
    form = editor_client.get(f"{PREFIX}{spanish.pk}/change/").content.decode()
    for label, value in (("English title", english.title), ("English summary", english.summary)):
        assert label in form
        assert html.escape(value.strip(), quote=False) in form
    english_body = re.search(r'id="id_body_english"[^>]*>(.*?)</div>', form, re.DOTALL)
    assert english_body and html.unescape(english_body.group(1)) == english.body.strip()
    assert 'lang="en"' in form
    # The English page's own form shows no English beside its fields.
    english_form = editor_client.get(f"{PREFIX}{english.pk}/change/").content.decode()
    assert "translate-pair" not in english_form


def test_write_the_spanish_version_copies_the_structure_of_the_english_page(
    loaded_content, editor_client
):
    english = Page.objects.get(language="en", slug="what-to-expect")
    spanish_section = Page.objects.create(
        title="Sección", slug="seccion", summary="s" * 60, body="Texto.\n", language="es"
    )
    english.parent = Page.objects.create(
        title="Section", slug="section", summary="s" * 60, body="Text.\n", language="en"
    )
    english.show_in_nav, english.nav_order = True, 37
    english.save()
    spanish_section.translation_of = english.parent
    spanish_section.save()
    Page.objects.filter(language="es", translation_of=english).delete()

    response = editor_client.get(
        f"{PREFIX}add/?language=es&translation_of={english.pk}&layout={english.layout}"
    )
    form = response.content.decode()
    assert re.search(rf'<option value="{spanish_section.pk}" selected>', form)
    assert re.search(r'name="nav_order" value="37"', form)
    assert re.search(r'name="show_in_nav"[^>]*checked', form)
    assert html.escape(english.summary.strip(), quote=False) in form
    assert "English body" in form


def test_a_new_spanish_faq_starts_with_a_question_to_translate_for_each_english_one(
    loaded_content, editor_client
):
    english = Page.objects.get(language="en", layout=Page.Layout.FAQ)
    questions = list(english.faq_entries.all())
    Page.objects.filter(language="es", translation_of=english).delete()
    form = editor_client.get(
        f"{PREFIX}add/?language=es&translation_of={english.pk}&layout=faq"
    ).content.decode()
    assert f'name="faq_entries-TOTAL_FORMS" value="{len(questions)}"' in form
    for entry in questions[:3]:
        assert html.escape(entry.question, quote=False) in form
    assert 'name="faq_entries-0-answer"' in form
    answer = re.search(r'<textarea name="faq_entries-0-answer"[^>]*>(.*?)</textarea>', form, re.S)
    assert answer and answer.group(1).strip() == ""

    # Translating two questions and leaving the rest: the page has those two.
    data = {
        "title": "Preguntas frecuentes",
        "slug": "preguntas-frecuentes-nuevas",
        "language": "es",
        "translation_of": english.pk,
        "summary": "Respuestas cortas a las preguntas que más nos hacen sobre la terapia.",
        "body": "Respuestas cortas.\n",
        "layout": "faq",
        "nav_order": english.nav_order,
        "last_reviewed": english.last_reviewed.isoformat(),
        "review_interval_months": 12,
        "faq_entries-TOTAL_FORMS": len(questions),
        "faq_entries-INITIAL_FORMS": 0,
        "faq_entries-MIN_NUM_FORMS": 0,
        "faq_entries-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for number, entry in enumerate(questions):
        data[f"faq_entries-{number}-order"] = entry.order
    data.update(
        {
            "faq_entries-0-question": "¿Qué es la ketamina?",
            "faq_entries-0-answer": "Es un medicamento.\n",
            "faq_entries-1-question": "¿Duele?",
            "faq_entries-1-answer": "No suele doler.\n",
        }
    )
    response = editor_client.post(f"{PREFIX}add/", data, follow=True)
    assert response.status_code == 200
    spanish = Page.objects.get(language="es", slug="preguntas-frecuentes-nuevas")
    assert [(e.question, e.anchor) for e in spanish.entries] == [
        ("¿Qué es la ketamina?", "que-es-la-ketamina"),
        ("¿Duele?", "duele"),
    ]
    assert spanish.translated_from_revision_id == english.live_revision_id


def test_the_data_migration_flags_a_pair_whose_english_changed_after_the_spanish(pair, reviewer):
    """Existing pairs: the English revision live when the Spanish text was written."""
    english, spanish = pair
    migration = importlib.import_module("content.migrations.0014_translation_basis_recorded")
    loaded_english = english.live_revision_id
    changed = {**english.revision_content(), "body": english.body + "\nNew advice.\n"}
    draft_save(record=english, content=changed, user=reviewer)
    draft_publish(record=english, user=reviewer)
    # Another pair, whose English changed only its review date afterwards.
    other_en = Page.objects.get(language="en", slug="side-effects-and-safety")
    other_es = Page.objects.get(language="es", translation_of=other_en)
    draft_save(
        record=other_en,
        content={**other_en.revision_content(), "review_interval_months": 6},
        user=reviewer,
    )
    draft_publish(record=other_en, user=reviewer)
    Page.objects.filter(language="es").update(translated_from_revision=None)

    migration.basis_record(apps, None)

    spanish.refresh_from_db()
    other_es.refresh_from_db()
    assert spanish.translated_from_revision_id == loaded_english
    assert english_change(spanish=spanish) is not None
    assert english_change(spanish=other_es) is None
    assert Revision.objects.filter(pk=other_es.translated_from_revision_id).exists()
