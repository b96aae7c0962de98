"""The site in Spanish (issue 18): the language of each page, the language link, the alternates
search engines read, pages not translated yet, Spanish search, the editorial workflow and its
checks for Spanish pages, and a contact request sent from the Spanish site.

Every page is fetched as a visitor's browser would; each assertion is about what the visitor
(or the member of staff) is shown.
"""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse

from consultations.models import FRONT_DESK_GROUP, ConsultationRequest
from content.checks import page_warnings, site_paths_get
from content.models import Page
from content.workflow import page_unpublish
from tests.consultations.conftest import form_token, request_data
from tests.support.languages import english_words, found_in_context, shown_text
from tests.support.staff import staff_sign_in

from .admin_support import PREFIX, page_form_data, publish

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
H1 = re.compile(r"<h1[\s>]")
RESULT_LINK = re.compile(r'<h3 class="search-results__title"><a href="([^"]+)">')
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

# The same page in each language: the fixed pages, by the addresses a visitor types or follows.
FIXED_PAIRS = [
    ("/", "/es/"),
    ("/screener/", "/es/cuestionario/"),
    ("/contact/", "/es/contacto/"),
    ("/need-help-now/", "/es/ayuda-urgente/"),
    ("/privacy/", "/es/privacidad/"),
    ("/search/", "/es/buscar/"),
]
# A page in the main menu, and the English page it translates.
SIDE_EFFECTS_ES, SIDE_EFFECTS_EN = (
    "/es/efectos-secundarios-y-seguridad/",
    "/side-effects-and-safety/",
)
# Any of these in a Spanish page's own text is a sentence or label left untranslated.
ENGLISH_WORDS = english_words(
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
)


def html_of(client, path: str, *, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, f"{path}: {response.status_code}"
    return response.content.decode()


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]*)"', html).group(1)


def language_link(html: str) -> dict[str, str]:
    """The header's language link: its address, words, lang and hreflang."""
    tag = re.search(r'<a class="site-header__language"([^>]*)>([^<]*)</a>', html)
    assert tag, "no language link in the header"
    attributes = dict(re.findall(r'(\w+)="([^"]*)"', tag.group(1)))
    return {**attributes, "text": tag.group(2).strip()}


def alternates(html: str) -> dict[str, str]:
    head = html.split("</head>", 1)[0]
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))


def canonical(html: str) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)


def header_nav(html: str) -> str:
    return html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]


def main_of(html: str) -> str:
    return re.search(r"<main\b.*?</main>", html, re.S).group(0)


def result_urls(client, path: str, query: str) -> list[str]:
    return RESULT_LINK.findall(html_of(client, f"{path}?{urlencode({'q': query})}"))


def spanish_text(html: str) -> str:
    """What a Spanish page says in its own language, up to its list of sources.

    Sources are cited by their (English) titles, so the text stops at "Referencias".
    """
    return re.split(r"\bReferencias\b", shown_text(html), maxsplit=1)[0]


def english_found(html: str) -> list[str]:
    return found_in_context(ENGLISH_WORDS, spanish_text(html))


def spanish_pages() -> list[Page]:
    return list(Page.objects.published().filter(language="es").select_related("translation_of"))


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    """Each address the sitemap lists, with its alternates (hreflang -> address)."""
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }


# The language of each page


def test_spanish_pages_say_lang_es_and_english_pages_say_lang_en(client, loaded_content):
    pages = spanish_pages()
    assert len(pages) >= 14, "every English page has a Spanish version"
    for english, spanish in FIXED_PAIRS + [
        (page.translation_of.get_absolute_url(), page.get_absolute_url()) for page in pages
    ]:
        assert html_lang(html_of(client, english)) == "en", english
        assert html_lang(html_of(client, spanish)) == "es", spanish
    assert html_lang(html_of(client, "/es/no-existe/", status=404)) == "es"
    assert html_lang(html_of(client, "/no-such-page/", status=404)) == "en"


def test_every_spanish_page_reads_in_spanish(client, loaded_content):
    """No English sentence or label on a Spanish page: the header, the page, the footer."""
    paths = [spanish for _english, spanish in FIXED_PAIRS]
    paths += ["/es/buscar/?q=dolor", "/es/buscar/?q=xilofono", "/es/no-existe/"]
    paths += [page.get_absolute_url() for page in spanish_pages()]
    failures = []
    for path in paths:
        response = client.get(path)
        found = english_found(response.content.decode())
        if found:
            failures.append(f"{path}:\n    " + "\n    ".join(found[:4]))
    assert not failures, "English on Spanish pages:\n" + "\n".join(failures)


# The language link


def test_the_language_link_goes_between_each_page_and_its_translation(client, loaded_content):
    for page in spanish_pages():
        spanish, english = page.get_absolute_url(), page.translation_of.get_absolute_url()
        spanish_html, english_html = html_of(client, spanish), html_of(client, english)
        assert language_link(spanish_html) == {
            "href": english, "lang": "en", "hreflang": "en", "text": "English",
        }, spanish  # fmt: skip
        assert language_link(english_html) == {
            "href": spanish, "lang": "es", "hreflang": "es", "text": "Español",
        }, english  # fmt: skip
        # Following it shows the page itself in the other language, not the home page.
        assert f"<h1>{page.translation_of.title}</h1>" in english_html
        assert f"<h1>{page.title}</h1>" in spanish_html


def test_the_language_link_on_the_fixed_pages_goes_to_the_same_page(client, loaded_content):
    for english, spanish in FIXED_PAIRS:
        assert language_link(html_of(client, spanish))["href"] == english, spanish
        assert language_link(html_of(client, english))["href"] == spanish, english


def test_the_language_link_on_search_results_keeps_the_search(client, loaded_content):
    link = language_link(html_of(client, "/es/buscar/?q=dolor"))
    assert link["href"] == "/search/?q=dolor"
    assert language_link(html_of(client, "/search/?q=pain"))["href"] == "/es/buscar/?q=pain"


def test_the_language_link_on_a_screener_step_keeps_the_question_and_its_answer(client):
    client.post("/es/cuestionario/")
    for key, value in (
        ("age", "yes"),
        ("pain-duration", "no"),
        ("ketamine-before", "no"),
        ("phq-interest", "several_days"),
    ):
        assert client.post(f"/es/cuestionario/{key}/", {"answer": value}).status_code == 302
    link = language_link(html_of(client, "/es/cuestionario/phq-interest/"))
    assert link == {
        "href": "/screener/phq-interest/", "lang": "en", "hreflang": "en", "text": "English",
    }  # fmt: skip
    english = html_of(client, link["href"])
    assert "having little interest or pleasure in doing things?</h1>" in english
    assert re.search(r'value="several_days" checked', english), "the answer is still selected"
    assert "Part 4 of 7: Your mood" in english, "the same place in the questions"
    back = language_link(english)
    assert back["href"] == "/es/cuestionario/phq-interest/" and back["text"] == "Español"
    spanish = html_of(client, back["href"])
    assert re.search(r'value="several_days" checked', spanish)


def test_the_language_link_on_the_crisis_page_within_the_screener_keeps_the_way_on(client):
    client.post("/es/cuestionario/")
    for key, value in (
        ("age", "yes"), ("pain-duration", "no"), ("ketamine-before", "no"),
        ("phq-interest", "not_at_all"),
        ("phq-mood", "not_at_all"), ("self-harm", "several_days"),
    ):  # fmt: skip
        client.post(f"/es/cuestionario/{key}/", {"answer": value})
    spanish = html_of(client, "/es/cuestionario/message/")
    link = language_link(spanish)
    assert link["href"] == "/screener/message/"
    english = html_of(client, link["href"])
    assert 'href="/screener/depression-diagnosis/">Continue with the questions' in english


# What search engines read


def test_every_page_lists_both_languages_and_x_default_and_its_own_canonical(
    client, loaded_content
):
    pairs = FIXED_PAIRS + [
        (page.translation_of.get_absolute_url(), page.get_absolute_url())
        for page in spanish_pages()
    ]
    for english, spanish in pairs:
        expected = {
            "en": ORIGIN + english,
            "es": ORIGIN + spanish,
            "x-default": ORIGIN + english,
        }
        for path in (english, spanish):
            html = html_of(client, path)
            assert alternates(html) == expected, path
            assert canonical(html) == ORIGIN + path, path


def test_the_sitemap_lists_each_page_in_both_languages_with_alternates(client, loaded_content):
    entries = sitemap_entries(client)
    pairs = [("/", "/es/")] + [
        (page.translation_of.get_absolute_url(), page.get_absolute_url())
        for page in spanish_pages()
    ]
    for english, spanish in pairs:
        expected = {"en": ORIGIN + english, "es": ORIGIN + spanish, "x-default": ORIGIN + english}
        assert entries.get(ORIGIN + english) == expected, english
        assert entries.get(ORIGIN + spanish) == expected, spanish


# A page with no published Spanish version


@pytest.fixture(params=["unpublished", "deleted"])
def untranslated(request, loaded_content, django_user_model):
    """The side effects page, its Spanish version taken away (unpublished, or deleted)."""
    spanish = Page.objects.get(language="es", slug="efectos-secundarios-y-seguridad")
    if request.param == "unpublished":
        reviewer = django_user_model.objects.create_superuser("rita", password="unused-here")
        page_unpublish(page=spanish, user=reviewer)
    else:
        spanish.delete()
    return Page.objects.get(language="en", slug="side-effects-and-safety")


def test_a_page_without_a_spanish_version_is_left_out_of_spanish_navigation_and_sitemap(
    client, untranslated
):
    # The home page and the search page list every Spanish page; each page has the menu and
    # its related pages.
    for path in ("/es/", "/es/buscar/"):
        html = html_of(client, path)
        assert "/es/efectos-secundarios-y-seguridad/" not in main_of(html), path
        assert 'href="/side-effects-and-safety/"' not in html, path
    for page in spanish_pages():
        html = html_of(client, page.get_absolute_url())
        menus = header_nav(html) + html.split('id="related-heading"', 1)[-1].split("</nav>")[0]
        assert "/es/efectos-secundarios-y-seguridad/" not in menus, page.slug
        assert 'href="/side-effects-and-safety/"' not in menus, page.slug
    # English visitors still find it.
    assert f'href="{SIDE_EFFECTS_EN}"' in header_nav(html_of(client, "/"))

    entries = sitemap_entries(client)
    assert ORIGIN + SIDE_EFFECTS_ES not in entries
    assert not any("efectos-secundarios" in url for url in entries)
    assert entries[ORIGIN + SIDE_EFFECTS_EN] == {
        "en": ORIGIN + SIDE_EFFECTS_EN, "x-default": ORIGIN + SIDE_EFFECTS_EN,
    }  # fmt: skip


def test_an_english_page_without_a_spanish_version_offers_only_english(client, untranslated):
    html = html_of(client, SIDE_EFFECTS_EN)
    assert alternates(html) == {
        "en": ORIGIN + SIDE_EFFECTS_EN, "x-default": ORIGIN + SIDE_EFFECTS_EN,
    }  # fmt: skip
    link = language_link(html)
    assert link["text"] == "Español"
    # The link goes to the page's own Spanish address, which says it is not translated yet.
    assert link["href"] == "/es/side-effects-and-safety/"


def test_the_spanish_address_of_an_untranslated_page_says_so_in_spanish(client, untranslated):
    response = client.get("/es/side-effects-and-safety/")
    assert response.status_code == 404
    html = response.content.decode()
    assert html_lang(html) == "es"
    assert len(H1.findall(html)) == 1
    assert "<h1>Esta página todavía no está en español</h1>" in html
    english = re.search(r'<a href="/side-effects-and-safety/"([^>]*)>([^<]+)</a>', main_of(html))
    assert english, "no link to the English page"
    assert 'lang="en"' in english.group(1)
    assert english.group(2) == untranslated.title
    assert '<meta name="robots" content="noindex">' in html
    assert language_link(html)["href"] == SIDE_EFFECTS_EN
    assert not english_found(html)


def test_an_unpublished_spanish_page_keeps_its_address_saying_it_is_not_in_spanish_yet(
    client, loaded_content, django_user_model
):
    """A reader with the Spanish page's own address (a bookmark, a search engine) is told too."""
    reviewer = django_user_model.objects.create_superuser("rita", password="unused-here")
    page_unpublish(
        page=Page.objects.get(language="es", slug="efectos-secundarios-y-seguridad"),
        user=reviewer,
    )
    html = html_of(client, SIDE_EFFECTS_ES, status=404)
    assert "Esta página todavía no está en español" in html
    assert f'<a href="{SIDE_EFFECTS_EN}"' in main_of(html)


# Search


def test_spanish_search_finds_spanish_pages_and_never_english_ones(client, loaded_content):
    found = result_urls(client, "/es/buscar/", "dolor")
    assert "/es/datos-sobre-el-dolor-cronico/" in found
    assert all(url.startswith("/es/") for url in found), found
    html = html_of(client, "/es/buscar/?q=dolor")
    assert re.search(r"<mark>dolor</mark>", html, re.IGNORECASE)
    assert "resultados para “dolor”" in html
    # An English word finds no English page from the Spanish search, and the other way round.
    assert all(url.startswith("/es/") for url in result_urls(client, "/es/buscar/", "pain"))
    english = result_urls(client, "/search/", "pain")
    assert english and not any(url.startswith("/es/") for url in english)
    assert not any(url.startswith("/es/") for url in result_urls(client, "/search/", "dolor"))
    # The Spanish FAQ's answers are found too, and link to the Spanish answer.
    answers = result_urls(client, "/es/buscar/", "manejar")
    assert any(url.startswith("/es/preguntas-frecuentes/#") for url in answers), answers


def spanish_pages_saying_only(word: str, *, not_form: str) -> set[str]:
    """The Spanish pages whose text says `word` and whose text, title and summary never say
    `not_form` (another form of it)."""
    return {
        page.get_absolute_url()
        for page in Page.objects.published()
        .filter(language="es", body_text__icontains=word)
        .exclude(body_text__icontains=not_form)
        .exclude(title__icontains=not_form)
        .exclude(summary__icontains=not_form)
    }


def test_spanish_search_understands_spanish_word_forms_on_postgresql(client, loaded_content):
    """PostgreSQL's "spanish" configuration; SQLite (development) matches the words as typed."""
    if connection.vendor != "postgresql":
        found = result_urls(client, "/es/buscar/", "dolor")
        assert found, "SQLite still finds the word as typed"
        return
    # "dolores" finds pages that only ever say "dolor".
    only_dolor = spanish_pages_saying_only("dolor", not_form="dolores")
    assert only_dolor, "the content changed: pick another word"
    assert only_dolor & set(result_urls(client, "/es/buscar/", "dolores"))
    # "ayudan" and "ayuda" share a stem in Spanish only (the English stemmer keeps them apart).
    only_ayuda = spanish_pages_saying_only("ayuda", not_form="ayudan")
    assert only_ayuda, "the content changed: pick another word"
    assert only_ayuda & set(result_urls(client, "/es/buscar/", "ayudan"))


# The editorial workflow for Spanish pages


def spanish_form_data(page: Page, **changes) -> dict:
    return page_form_data(
        page, language=page.language, translation_of=page.translation_of_id, **changes
    )


NEW_SPANISH = "## Qué vigilar\n\nUna oración nueva sobre la seguridad y un quokka.\n"


def test_an_edit_to_a_live_spanish_page_is_a_draft_until_a_reviewer_publishes_it(
    client, loaded_content, editor_client, reviewer_client
):
    live = Page.objects.get(language="es", slug="efectos-secundarios-y-seguridad")
    live_sentence = live.body_text.split(".")[0]
    assert live_sentence in html_of(client, SIDE_EFFECTS_ES)

    response = editor_client.post(
        f"{PREFIX}{live.pk}/change/", spanish_form_data(live, body=NEW_SPANISH)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = Page.objects.get(pk=live.pk).draft_object
    assert draft.language == "es"
    assert "quokka" in draft.body
    # Visitors keep the live Spanish text, in Spanish search too.
    html = html_of(client, SIDE_EFFECTS_ES)
    assert "quokka" not in html and live_sentence in html
    assert not result_urls(client, "/es/buscar/", "quokka")

    editor_client.post(f"{PREFIX}{draft.pk}/submit/", {"note": "Una frase nueva."})
    review = reviewer_client.get(f"{PREFIX}{draft.pk}/review/").content.decode()
    assert "quokka" in review and 'value="publish"' in review
    publish(reviewer_client, draft)
    html = html_of(client, SIDE_EFFECTS_ES)
    assert "quokka" in html and live_sentence not in html
    assert result_urls(client, "/es/buscar/", "quokka") == [SIDE_EFFECTS_ES]
    # The English page is untouched, and the pages still point at each other.
    assert "quokka" not in html_of(client, SIDE_EFFECTS_EN)
    assert language_link(html)["href"] == SIDE_EFFECTS_EN


def test_the_review_page_of_a_spanish_draft_warns_of_spanish_verdict_words(
    loaded_content, editor_client, reviewer_client
):
    live = Page.objects.get(language="es", slug="efectos-secundarios-y-seguridad")
    body = live.body.replace("## ", "Usted es elegible para la ketamina.\n\n## ", 1)
    editor_client.post(f"{PREFIX}{live.pk}/change/", spanish_form_data(live, body=body))
    draft = Page.objects.get(pk=live.pk).draft_object
    editor_client.post(f"{PREFIX}{draft.pk}/submit/", {"note": ""})
    review = reviewer_client.get(f"{PREFIX}{draft.pk}/review/").content.decode()
    checks = review.split('id="page-checks-title"', 1)[1].split("</section>", 1)[0]
    assert "Checks: 1 thing to look at" in checks
    assert "The page uses &quot;elegible&quot;, which the site never says." in checks
    assert '<span class="page-checks__detail">Usted es elegible para la ketamina.</span>' in checks


SPANISH_CLEAN_BODY = """\
La ketamina es un medicamento. Los médicos la usan para dormir a las personas en una operación.
En dosis bajas puede aliviar algunos tipos de dolor que duran mucho tiempo.

## Qué pasa en una sesión

Usted se sienta en una silla cómoda. Una enfermera le pone un tubo fino en una vena del brazo.

- La enfermera le mide la presión arterial.
- Usted está despierto todo el tiempo.
- Alguien le lleva a casa después.

Lea sobre los [efectos secundarios y la seguridad](/es/efectos-secundarios-y-seguridad/).

## Referencias

- Cohen SP, et al. Consensus Guidelines on the Use of Intravenous Ketamine Infusions for Chronic
  Pain. *Regional Anesthesia and Pain Medicine* 2018;43(5):521-546.
"""
SPANISH_PAGE = {
    "title": "Qué pasa en una sesión de ketamina",
    "summary": "Qué pasa en una sesión de terapia con ketamina, desde que llega hasta que vuelve "
    "a casa, y quién le cuida durante la sesión.",
    "body": SPANISH_CLEAN_BODY,
    "site_paths": {"/es/efectos-secundarios-y-seguridad/": True, "/es/": True},
    "language": "es",
}
DENSE_SPANISH = (
    "La administración intravenosa de ketamina requiere monitorización hemodinámica "
    "continua, evaluación psiquiátrica especializada y consideración farmacológica "
    "exhaustiva de interacciones medicamentosas potencialmente significativas."
)


def checks_for(**changes) -> list[str]:
    return [warning.check for warning in page_warnings(**{**SPANISH_PAGE, **changes})]


def test_a_plain_spanish_page_has_no_warnings():
    assert checks_for() == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Usted es elegible para la ketamina.",
        "Puede que usted califica para el tratamiento.",
        "Estas preguntas le dicen si puede calificar.",
        "Su tratamiento fue aprobado por la clínica.",
        "Usted es un buen candidato.",
        "Si tiene psicosis, no es candidato.",
    ],
)
def test_spanish_verdict_words_warn_on_a_spanish_page(sentence):
    body = SPANISH_CLEAN_BODY.replace("## Referencias", f"{sentence}\n\n## Referencias")
    warnings = page_warnings(**{**SPANISH_PAGE, "body": body})
    [verdict] = [warning for warning in warnings if warning.check == "verdict-words"]
    assert sentence in verdict.detail


def page_checks(page: Page, *, language: str) -> list:
    return page_warnings(
        title=page.title,
        summary=page.summary,
        body=page.body,
        faq_answers=[entry.answer for entry in page.faq_entries.all()],
        site_paths=site_paths_get(),
        language=language,
    )


def test_spanish_pages_are_measured_by_fernandez_huerta_not_the_english_grade(loaded_content):
    """Spanish words are longer: the English grade would flag plain Spanish that reads easily."""
    page = Page.objects.get(language="es", slug="medicamentos-alcohol-y-ketamina")
    as_english = [w for w in page_checks(page, language="en") if w.check == "reading-grade"]
    assert any("reads at grade" in w.message for w in as_english), "pick a wordier page"
    assert not [w for w in page_checks(page, language="es") if w.check == "reading-grade"]

    body = SPANISH_CLEAN_BODY.replace("## Referencias", f"{DENSE_SPANISH}\n\n## Referencias")
    [grade] = [
        warning
        for warning in page_warnings(**{**SPANISH_PAGE, "body": body})
        if warning.check == "reading-grade" and "Fernández Huerta" in warning.message
    ]
    assert "aim for 60 or above" in grade.message
    assert DENSE_SPANISH in grade.detail


def test_the_spanish_pages_shipped_raise_no_verdict_or_reading_warnings(loaded_content):
    for page in spanish_pages():
        raised = [
            warning
            for warning in page_checks(page, language="es")
            if warning.check in ("verdict-words", "reading-grade")
        ]
        assert not raised, f"{page.slug}: {[warning.message for warning in raised]}"


# A contact request from the Spanish site


def test_a_request_sent_from_the_spanish_contact_page_is_in_spanish_and_says_espanol_to_staff(
    client, django_user_model
):
    html = html_of(client, "/es/contacto/")
    assert "<h1>Contáctenos</h1>" in html
    assert "Enviar solicitud" in html
    response = client.post("/es/contacto/", request_data(form_token(html)))
    assert response.status_code == 302
    assert response["Location"] == "/es/contacto/enviado/"
    sent = html_of(client, response["Location"])
    assert html_lang(sent) == "es" and "Solicitud enviada" in sent
    assert language_link(sent)["href"] == "/contact/sent/"
    assert not english_found(sent), english_found(sent)

    saved = ConsultationRequest.objects.get()
    assert saved.language == "es"
    assert saved.reference in sent

    front_desk = django_user_model.objects.create_user("frontdesk", is_staff=True)
    front_desk.groups.add(Group.objects.get(name=FRONT_DESK_GROUP))
    staff = Client()
    staff_sign_in(staff, front_desk)
    changelist = staff.get(reverse("admin:consultations_consultationrequest_changelist"))
    assert changelist.status_code == 200
    row = re.search(rf"<tr>.*?{saved.reference}.*?</tr>", changelist.content.decode(), re.S)
    assert row and '<td class="field-language">Español</td>' in row.group(0)
    change = staff.get(
        reverse("admin:consultations_consultationrequest_change", args=[saved.pk])
    ).content.decode()
    assert re.search(
        r'<label>Language of the site they used:</label>\s*<div class="readonly">Español</div>',
        change,
    )


def test_a_request_sent_from_the_english_contact_page_records_english(client):
    html = html_of(client, "/contact/")
    client.post("/contact/", request_data(form_token(html)))
    assert ConsultationRequest.objects.get().language == "en"
