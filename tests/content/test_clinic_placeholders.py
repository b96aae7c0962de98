"""One source for the clinic's details (issue 27): page text names the phone, hours, address and
email with a token, each page shows the details as the records have them now, and the checks
name details typed out instead."""

import html
import re
from pathlib import Path

import pytest

from clinic_site.markdown import markdown_render
from clinic_site.models import SiteSettings
from content.checks import ClinicValues, page_warnings, time_ranges
from content.clinic_details import clinic_values_for_checks
from content.loader import PAGES_DIRECTORY
from content.models import FAQEntry, HomePage, Page
from editorial.workflow import draft_publish, draft_save
from tests.clinic.records import changes_publish, place_publish

from .admin_support import PREFIX

CLINIC = ClinicValues(phone="(555) 010-0142", hours="Monday to Friday, 8am to 5pm")
PAGE = {
    "title": "Visiting",
    "summary": "How to reach the clinic, when it is open and where to find it on the day.",
    "site_paths": {},
}


def checks(body: str, **values) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for warning in page_warnings(**{**PAGE, "body": body, "clinic": CLINIC, **values}):
        found.setdefault(warning.check, []).append(warning.detail)
    return found


@pytest.mark.django_db
def test_each_token_shows_the_clinics_detail_from_the_site_settings():
    settings = SiteSettings.load()
    rendered = markdown_render(
        text="Call [[clinic:phone]] ([[clinic:hours]]), write to [[clinic:email]] or visit "
        "[[clinic:address]].",
        language="en",
    )
    assert f'<a href="tel:{settings.phone_tel}">{html.escape(settings.phone)}</a>' in rendered
    assert f"({settings.opening_hours})" in rendered
    assert f'<a href="mailto:{settings.email}">{settings.email}</a>' in rendered
    assert ", ".join(settings.address.splitlines()) in rendered
    assert "[[clinic:" not in rendered


@pytest.mark.django_db
def test_a_spanish_page_shows_the_hours_in_spanish():
    rendered = markdown_render(text="Horario: [[clinic:hours]].", language="es")
    assert SiteSettings.load().opening_hours_es in rendered


@pytest.mark.django_db
def test_an_unknown_token_or_one_in_code_is_left_as_typed():
    rendered = markdown_render(
        text="Fax [[clinic:fax]]. Write `[[clinic:phone]]` for the phone.", language="en"
    )
    assert "Fax [[clinic:fax]]." in rendered
    assert "<code>[[clinic:phone]]</code>" in rendered


@pytest.mark.django_db
def test_the_hours_come_from_the_clinics_place_when_it_has_one_as_in_the_footer(reviewer):
    place_publish(reviewer=reviewer)
    rendered = markdown_render(text="Open [[clinic:hours]].", language="en")
    assert "Monday to Friday: 9 a.m. to 5 p.m." in rendered
    spanish = markdown_render(text="Abierto [[clinic:hours]].", language="es")
    assert "lunes" in spanish.lower()


@pytest.mark.django_db
def test_the_seed_pages_name_the_phone_with_a_token_and_show_the_number(loaded_content, client):
    sources = [path.read_text() for path in Path(PAGES_DIRECTORY).rglob("*.*")]
    assert not [text for text in sources if "bottom of every page" in text]
    assert not [text for text in sources if "al final de cada página" in text]
    phone = SiteSettings.load().phone
    for language, slug in (("en", "what-to-expect"), ("es", "que-esperar")):
        page = Page.objects.get(language=language, slug=slug)
        assert "[[clinic:phone]]" in page.body
        response = client.get(page.get_absolute_url())
        text = html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))
        assert f"call the clinic on {phone}" in text or f"llame a la clínica al {phone}" in text
        assert "[[clinic:" not in text


@pytest.mark.django_db
def test_a_settings_change_shows_on_every_page_that_names_the_detail(
    loaded_content, client, reviewer, settings
):
    settings.ALLOWED_HOSTS = ["testserver"]  # the cache stores pages of the site's own name
    pages = list(Page.objects.published().filter(body__contains="[[clinic:"))
    answers = list(FAQEntry.objects.filter(answer__contains="[[clinic:hours]]"))
    assert len(pages) > 10 and answers
    for page in pages:
        assert client.get(page.get_absolute_url()).status_code == 200  # now cached

    changes_publish(
        SiteSettings.load(),
        user=reviewer,
        phone="(555) 010-9999",
        opening_hours="Monday to Thursday, 9am to 4pm",
        opening_hours_es="De lunes a jueves, de 9 a. m. a 4 p. m.",
    )
    for page in pages:
        text = html.unescape(client.get(page.get_absolute_url()).content.decode())
        assert "(555) 010-9999" in text, page.slug
        assert "(555) 010-0142" not in text, page.slug
    faq = html.unescape(client.get(answers[0].page.get_absolute_url()).content.decode())
    hours = "Monday to Thursday" if answers[0].page.language == "en" else "De lunes a jueves"
    assert hours in faq
    assert Page.objects.filter(body_text__contains="(555) 010-9999").count() == len(pages)


def words_shown(page: str) -> str:
    """The page's text as read, without its tags (the phone number is a link)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.django_db
def test_the_home_pages_text_shows_the_details_its_tokens_name_in_each_language(
    client, reviewer, settings
):
    settings.ALLOWED_HOSTS = ["testserver"]
    home = HomePage.objects.get(pk=1)
    changes_publish(
        home,
        user=reviewer,
        what_we_offer=home.what_we_offer + "\n\nCall us on [[clinic:phone]], [[clinic:hours]].",
        what_we_offer_es=home.what_we_offer_es + "\n\nLlámenos al [[clinic:phone]].",
    )
    clinic = SiteSettings.load()
    english = words_shown(client.get("/").content.decode())
    assert f"Call us on {clinic.phone}, {clinic.opening_hours}." in english
    spanish = words_shown(client.get("/es/").content.decode())
    assert f"Llámenos al {clinic.phone}." in spanish
    assert "[[clinic:" not in english + spanish


@pytest.mark.django_db
def test_the_editor_offers_the_tokens_and_its_preview_shows_the_details(
    loaded_content, editor_client
):
    page = Page.objects.get(language="en", slug="what-to-expect")
    form = editor_client.get(f"{PREFIX}{page.pk}/change/").content.decode()
    assert "Insert clinic detail" in form
    for name in ("phone", "hours", "address", "email"):
        assert f"[[clinic:{name}]]" in form
    preview = editor_client.post(
        f"{PREFIX}markdown-preview/", {"text": "Call [[clinic:phone]].", "language": "en"}
    )
    assert SiteSettings.load().phone_tel in preview.content.decode()


def test_the_checks_name_an_unknown_token():
    assert checks("Fax us on [[clinic:fax]] or [[Clinic: phone]].")["clinic-token-unknown"] == [
        "[[clinic:fax]]",
        "[[Clinic: phone]]",
    ]
    assert "clinic-token-unknown" not in checks("Call [[clinic:phone]] ([[clinic:hours]]).")


def test_the_checks_name_a_typed_phone_number_and_suggest_the_token():
    found = checks("Call us on (555) 010-0142, or our other line 555-867-5309.")
    assert found["typed-phone"] == ["(555) 010-0142", "555-867-5309"]
    [different] = [
        w.message
        for w in page_warnings(**{**PAGE, "body": "Call 555-867-5309.", "clinic": CLINIC})
        if w.check == "typed-phone"
    ]
    assert "not the clinic's ((555) 010-0142)" in different and "[[clinic:phone]]" in different


def test_a_services_toll_free_number_and_the_crisis_lines_are_not_the_clinics():
    body = "Call the FDA on 1-800-332-1088, or HHS on 877-696-6775. In a crisis, call 988 or 911."
    assert "typed-phone" not in checks(body)


@pytest.mark.parametrize(
    "typed",
    ["9am to 5pm", "9:00\u201317:00", "9 a.m. - 5 p.m.", "8 a. m. a 5 p. m.", "8am to 5pm"],
)
def test_the_checks_name_typed_opening_hours(typed):
    assert checks(f"We are open Monday to Friday, {typed}.")["typed-hours"] == [typed]


def test_typed_hours_that_differ_from_the_clinics_say_what_the_hours_are_now():
    messages = {
        w.detail: w.message
        for w in page_warnings(
            **{**PAGE, "body": "Open 8am to 5pm, or 9am to 6pm on Fridays.", "clinic": CLINIC}
        )
        if w.check == "typed-hours"
    }
    assert "not the clinic's hours now" not in messages["8am to 5pm"]
    assert "not the clinic's hours now (Monday to Friday, 8am to 5pm)" in messages["9am to 6pm"]


@pytest.mark.parametrize(
    "text",
    [
        "Most people feel normal within 2 to 4 hours.",
        "A course is 6 sessions over 2 to 3 weeks.",
        "Stay for about 2 hours. Do not drive for 24 hours.",
        "Revised 10/2024.",
    ],
)
def test_durations_are_not_opening_hours(text):
    assert time_ranges(text) == []


@pytest.mark.django_db
def test_no_shipped_page_types_the_clinics_phone_or_hours(loaded_content):
    for page in Page.objects.all():
        clinic = clinic_values_for_checks(language=page.language)
        warnings = page_warnings(
            title=page.title,
            summary=page.summary,
            body=page.body,
            faq_answers=[entry.answer for entry in page.faq_entries.all()],
            site_paths={},
            language=page.language,
            clinic=clinic,
        )
        clinic_checks = {"typed-phone", "typed-hours", "clinic-token-unknown"}
        named = [f"{w.check}: {w.detail}" for w in warnings if w.check in clinic_checks]
        assert named == [], page.slug


@pytest.mark.django_db
def test_the_review_screen_warns_of_a_typed_phone_number(loaded_content, editor_client):
    page = Page.objects.get(language="en", slug="what-to-expect")
    draft_save(
        record=page,
        content={**page.revision_content(), "body": page.body + "\nCall 555-867-5309.\n"},
        user=None,
    )
    review = html.unescape(editor_client.get(f"{PREFIX}{page.pk}/review/").content.decode())
    assert re.search(r"types a phone number, 555-867-5309, that is not the clinic's", review)


OLD_ENGLISH = "call the clinic. The number is at the bottom of every page."
OLD_SPANISH = "llame a la clínica. El número está al final de cada página."


def page_loaded_from_old_file(*, language: str, slug: str, new: str, old: str) -> Page:
    """A database loaded before the seed files named the phone with a token: the page, and
    what its file said at that load, have the old sentence."""
    page = Page.objects.get(language=language, slug=slug)
    Page.objects.filter(pk=page.pk).update(body=page.body.replace(new, old))
    revision = page.live_revision
    revision.content = {**revision.content, "body": page.body.replace(new, old)}
    revision.save(update_fields=["content"])
    return Page.objects.get(pk=page.pk)


@pytest.mark.django_db
def test_an_existing_database_gets_the_tokens_as_drafts_for_review(loaded_content, reviewer):
    """The loader never overwrites a page: the changed files become drafts, and a Spanish one
    follows the English file's draft, so publishing both flags nothing."""
    from content.loader import content_load
    from content.translations import english_change

    english = page_loaded_from_old_file(
        language="en", slug="what-to-expect", new="call the clinic on [[clinic:phone]].",
        old=OLD_ENGLISH,
    )  # fmt: skip
    spanish = page_loaded_from_old_file(
        language="es", slug="que-esperar", new="llame a la clínica al [[clinic:phone]].",
        old=OLD_SPANISH,
    )  # fmt: skip
    report = content_load()
    assert {"what-to-expect.md", "es/que-esperar.md"} <= set(report.drafted)
    for page in (english, spanish):
        page.refresh_from_db()
        assert "bottom of every page" in page.body or "final de cada página" in page.body
        assert page.has_unpublished_changes
        assert "[[clinic:phone]]" in page.latest_revision.content["body"]
    draft_publish(record=english, user=reviewer)
    draft_publish(record=Page.objects.get(pk=spanish.pk), user=reviewer)
    spanish.refresh_from_db()
    assert "[[clinic:phone]]" in spanish.body
    assert english_change(spanish=spanish) is None
