"""The screener in Spanish over HTTP (issue 18): the whole journey from /es/cuestionario/ to the
summary, the crisis page on the way, Pfizer's Spanish PHQ wording, errors in Spanish, never a
verdict, and the answers kept when the visitor switches language mid-way.

The visitors are the ones the English tests walk (tests/screener/answers.py, and the typical and
varied visitors of tests/support/journeys.py), so a new question is walked here without changes.
"""

import random
import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation

from screener.questions import STEPS, STEPS_BY_KEY, Step
from tests.support.journeys import screener_typical_answers, screener_varied_answers
from tests.support.languages import (
    MONTHS_ES,
    english_words,
    es,
    found_in_context,
    shown_text,
    text_in,
)

from .answers import (
    CHRONIC_PAIN_STEPS,
    CHRONIC_PAIN_VISITOR,
    CRISIS_VISITOR,
    NO_PAIN_STEPS,
    NO_PAIN_VISITOR,
)
from .support import form_data, h1_count, main_html, session_answers

pytestmark = pytest.mark.django_db

VERDICT_ES = re.compile(
    r"\b(elegibles?|califica|calificar|aprobad[oa]s?|buen candidato|buena candidata|"
    r"no es candidat[oa])\b",
    re.IGNORECASE,
)
# English words that are never Spanish: one on a Spanish page is text left untranslated.
ENGLISH_WORDS = english_words("Monday", "Friday", "Continue", "Question", "Change")
PHQ_STEM = (
    "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a este problema?"
)
PFIZER_ITEMS = {
    "phq-interest": "Poco interés o placer en hacer cosas",
    "phq-mood": "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
    "self-harm": "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
}
PFIZER_ANSWERS = {
    "not_at_all": "Ningún día",
    "several_days": "Varios días",
    "more_than_half": "Más de la mitad de los días",
    "nearly_every_day": "Casi todos los días",
}


def es_step(key: str) -> str:
    return es("screener:step", key)


START_ES = "/es/cuestionario/"


def english_in(html: str) -> list[str]:
    return found_in_context(ENGLISH_WORDS, shown_text(html))


def h1_text(html: str) -> str:
    return " ".join(
        re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1]).split()
    )


def step_form(key: str, value) -> dict:
    """A step's answer as its form posts it, from session values or journeys.py's form pairs."""
    if isinstance(value, list) and value and isinstance(value[0], tuple):
        form: dict[str, list[str]] = {}
        for name, one in value:
            form.setdefault(name, []).append(one)
        return form
    return form_data(key, value)


def spanish_walk(client, answers: dict) -> tuple[list[str], str, dict[str, str]]:
    """Start at /es/cuestionario/ and answer each question asked, following the site's links.

    Return the steps asked, where the questions ended, and every page shown on the way
    (label -> HTML), the crisis page included when it came.
    """
    start_page = client.get(START_ES)
    assert start_page.status_code == 200
    pages = {"start": start_page.content.decode()}
    response = client.post(START_ES)
    assert response.status_code == 302
    url, asked = response["Location"], []
    while (key := url.removeprefix(START_ES).strip("/")) in STEPS_BY_KEY:
        page = client.get(url)
        assert page.status_code == 200, url
        pages[f"step {key}"] = page.content.decode()
        asked.append(key)
        response = client.post(url, step_form(key, answers[key]))
        assert response.status_code == 302, (key, response.content.decode()[:2000])
        url = response["Location"]
        if url == es("screener:support"):
            crisis = client.get(url).content.decode()
            pages["support"] = crisis
            found = re.search(r'href="([^"]+)">Seguir con las preguntas</a>', crisis)
            assert found, "the crisis page has no way on with the questions, in Spanish"
            url = found.group(1)
    return asked, url, pages


def spanish_journey(client, answers: dict) -> dict[str, str]:
    """The whole Spanish journey: every page on the way, check answers and the summary."""
    _asked, end, pages = spanish_walk(client, answers)
    assert end == es("screener:check-answers"), f"the questions ended at {end}"
    for label, name in (
        ("check answers", "screener:check-answers"),
        ("summary", "screener:summary"),
    ):
        response = client.get(es(name))
        assert response.status_code == 200, name
        pages[label] = response.content.decode()
    return pages


def journeys_visitors() -> dict[str, dict]:
    """journeys.py's visitors: the typical one and a few varied ones (fixed seeds)."""
    visitors = {"typical": screener_typical_answers()}
    for seed in range(6):
        visitors[f"varied {seed}"] = screener_varied_answers(rng=random.Random(seed))
    return visitors


ALL_VISITORS = {
    "chronic pain": CHRONIC_PAIN_VISITOR,
    "no pain": NO_PAIN_VISITOR,
    "crisis": CRISIS_VISITOR,
    **journeys_visitors(),
}


# The journey


def test_the_whole_screener_in_spanish_reaches_check_answers_and_the_summary(client):
    asked, end, pages = spanish_walk(client, CHRONIC_PAIN_VISITOR)
    assert asked == CHRONIC_PAIN_STEPS
    assert end == es("screener:check-answers")
    assert session_answers(client) == CHRONIC_PAIN_VISITOR

    start = pages["start"]
    assert '<html lang="es">' in start
    assert h1_text(start) == "Prepárese para su cita"
    assert "Empezar ahora" in start
    for key in asked:
        html = pages[f"step {key}"]
        step = STEPS_BY_KEY[key]
        assert '<html lang="es">' in html, key
        assert h1_count(html) == 1, key
        assert h1_text(html) == text_in("es", step.question), key
        assert text_in("es", step.question) != text_in("en", step.question), (
            f"{key}: not translated"
        )
        part = re.search(r'<span class="caption">Parte (\d) de 7: ([^<]+)</span>', html)
        assert part and part.group(2) == text_in("es", step.section), key
        assert ">Continuar</button>" in html, key
        for choice in step.choices:
            assert text_in("es", choice.label) in html, f"{key}: {choice.value}"
        assert re.search(r'class="back-link" href="/es/cuestionario/', html), key
        assert "Borramos sus respuestas después de 30 minutos sin actividad" in html, key

    check = client.get(end).content.decode()
    assert h1_text(check) == "Revise sus respuestas"
    for key in asked:
        assert f'href="{es_step(key)}">Cambiar' in check, key
    assert f'href="{es("screener:summary")}"' in check and "Ver su resumen" in check
    assert "Dolor de los nervios (dolor neuropático)" in check

    summary = client.get(es("screener:summary")).content.decode()
    assert '<html lang="es">' in summary
    assert h1_count(summary) == 1
    assert h1_text(summary) == "Su resumen: temas para hablar con su profesional de salud"
    today = timezone.localdate()
    assert f"Preparado el {today.day} de {MONTHS_ES[today.month - 1]} de {today.year}" in summary
    assert "Imprimir o guardar como PDF" in summary
    assert "Lo que usted dijo" in summary and "Por qué es importante" in summary
    assert "Preguntas para su profesional de salud" in summary


def test_every_visitor_reaches_a_spanish_summary(spanish_pages):
    journeys, _pages = spanish_pages
    assert journeys.keys() == ALL_VISITORS.keys()
    for label, pages in journeys.items():
        assert h1_text(pages["summary"]).startswith("Su resumen"), label


def test_the_english_check_finds_english_and_passes_spanish(client):
    assert english_in(client.get("/screener/").content.decode())
    assert not english_in(client.get(START_ES).content.decode())


def test_every_spanish_screener_page_and_summary_reads_in_spanish(spanish_pages):
    journeys, _pages = spanish_pages
    failures = []
    for label, pages in journeys.items():
        for page, html in pages.items():
            if found := english_in(html):
                failures.append(f"{label}, {page}:\n    " + "\n    ".join(found[:3]))
    assert not failures, "English on Spanish screener pages:\n" + "\n".join(failures)


# The crisis page


@pytest.mark.parametrize("frequency", ["several_days", "more_than_half", "nearly_every_day"])
def test_the_crisis_page_comes_at_once_in_spanish_with_988_press_2_911_and_the_er(
    client, frequency
):
    client.post(START_ES)
    for key in ("age", "pain-duration", "ketamine-before", "phq-interest", "phq-mood"):
        client.post(es_step(key), form_data(key, NO_PAIN_VISITOR[key]))
    response = client.post(es_step("self-harm"), {"answer": frequency})
    assert response["Location"] == es("screener:support")
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="es">' in html
    assert h1_count(html) == 1
    assert h1_text(html) == "Hay ayuda disponible ahora"
    assert 'href="tel:988"' in html
    assert "marque 2" in html
    assert "envíe la palabra AYUDA al 988" in html
    assert '<a href="https://988lifeline.org/chat" class="link-shows-address">' in html
    assert 'llámenos al <a href="tel:5550100142">' in html
    assert 'href="tel:911"' in html
    assert "sala de emergencias" in html
    assert f'href="{es_step("depression-diagnosis")}">Seguir con las preguntas' in html
    assert f'class="back-link" href="{es_step("self-harm")}"' in html
    assert not english_in(html), english_in(html)


def test_ningun_dia_on_the_self_harm_question_goes_straight_on(client):
    client.post(START_ES)
    for key in ("age", "pain-duration", "ketamine-before", "phq-interest", "phq-mood"):
        client.post(es_step(key), form_data(key, NO_PAIN_VISITOR[key]))
    response = client.post(es_step("self-harm"), {"answer": "not_at_all"})
    assert response["Location"] == es_step("depression-diagnosis")


def test_the_crisis_page_and_the_summary_in_spanish_put_safety_first(client):
    pages = spanish_journey(client, CRISIS_VISITOR)
    assert "support" in pages, "the crisis page came on the way"
    summary = pages["summary"]
    first_topic = summary.index("Lo que su profesional de salud necesita revisar primero")
    assert summary.index("Su seguridad es lo primero") < first_topic
    assert summary.index('href="tel:988"') < first_topic
    assert "marque 2" in summary[:first_topic]
    assert 'href="tel:911"' in summary


def test_the_spanish_crisis_page_outside_the_screener_gives_the_same_help(client):
    html = client.get("/es/ayuda-urgente/").content.decode()
    assert '<html lang="es">' in html
    for said in ('href="tel:988"', "marque 2", 'href="tel:911"', "sala de emergencias"):
        assert said in html, said
    assert not english_in(html), english_in(html)
    # Press 2 is for Spanish readers: the English page does not say it.
    english = client.get("/need-help-now/").content.decode()
    assert "press 2 to talk to someone in Spanish" not in english
    assert "AYUDA" not in english
    assert "988lifeline.org/chat" in english and "988lifeline.org/chat" in html


# Pfizer's PHQ wording


def test_the_phq_steps_use_pfizers_spanish_wording_and_answers(client):
    client.post(START_ES)
    for key in ("age", "pain-duration", "ketamine-before", "phq-interest", "phq-mood"):
        client.post(es_step(key), form_data(key, NO_PAIN_VISITOR[key]))
    for key, item in PFIZER_ITEMS.items():
        html = client.get(es_step(key)).content.decode()
        assert h1_text(html) == f"{PHQ_STEM} {item}", key
        labels = re.findall(
            r'<label class="form-check-label" for="id_answer_\d">([^<]+)</label>', html
        )
        assert labels == list(PFIZER_ANSWERS.values()), key


def test_the_spanish_check_answers_and_summary_quote_pfizers_wording(client):
    pages = spanish_journey(client, CRISIS_VISITOR)  # "Casi todos los días", "Varios días"
    for key, item in PFIZER_ITEMS.items():
        said = PFIZER_ANSWERS[CRISIS_VISITOR[key]]
        assert f"{item}: {said}" in pages["summary"], key
        assert item in pages["check answers"] and said in pages["check answers"], key


# Never a verdict


def every_spanish_screener_page(client) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Every page a Spanish visitor can meet on the journeys the English tests walk: each
    visitor's journey (label -> its pages), and all of them with the pages off those journeys."""
    journeys = {label: spanish_journey(client, answers) for label, answers in ALL_VISITORS.items()}
    pages = {
        f"{label}: {page}": html
        for label, shown in journeys.items()
        for page, html in shown.items()
    }
    client.post(es("screener:start-again"))
    client.post(START_ES)
    for key in CHRONIC_PAIN_VISITOR:
        pages[f"step {key} with an error"] = client.post(es_step(key), {}).content.decode()
        client.post(es_step(key), form_data(key, CHRONIC_PAIN_VISITOR[key]))
    pages["start, resuming"] = client.get(START_ES).content.decode()
    pages["support, opened directly"] = client.get(es("screener:support")).content.decode()
    client.post(es("screener:start"))
    client.post(es_step("age"), {"answer": "no"})
    pages["for adults"] = client.get(es("screener:for-adults")).content.decode()
    client.post(es("screener:start-again"))
    client.cookies["screener_started"] = "1"
    pages["expired"] = client.get(es_step("age")).content.decode()
    pages["deleted"] = client.get(es("screener:deleted")).content.decode()
    return journeys, pages


@pytest.fixture(scope="module")
def spanish_pages(django_db_setup, django_db_blocker):
    """One visitor walks every journey once for the tests below that read the pages (walking
    them is most of this file's time). The sessions it stores are rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        walked = every_spanish_screener_page(Client())
        transaction.set_rollback(True)
    translation.activate(settings.LANGUAGE_CODE)
    return walked


def test_no_spanish_screener_page_or_summary_says_a_verdict(spanish_pages):
    _journeys, pages = spanish_pages
    assert len(pages) >= len(ALL_VISITORS) * 3 + len(CHRONIC_PAIN_VISITOR)
    for label, html in pages.items():
        assert '<html lang="es">' in html, label
        for text in (main_html(html), shown_text(html)):
            found = VERDICT_ES.search(text)
            assert found is None, f"{label} says {found.group(0)!r}"


def test_the_expired_and_deleted_pages_speak_spanish(spanish_pages):
    _journeys, pages = spanish_pages
    assert "Se acabó el tiempo para sus respuestas, empiece de nuevo" in pages["expired"]
    assert h1_text(pages["deleted"]) == "Borramos sus respuestas"
    assert h1_count(pages["for adults"]) == 1
    assert h1_text(pages["for adults"]) != "These questions are for adults"
    for label in ("expired", "deleted", "for adults"):
        assert not english_in(pages[label]), (label, english_in(pages[label]))


# Errors


def expected_errors(step: Step) -> list[str]:
    return [text_in("es", item.error) for item in step.items] or [
        text_in("es", step.error_required)
    ]


def error_summary_messages(html: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary, "no error summary"
    return [
        " ".join(message.split())
        for message in re.findall(r'<li><a href="#[^"]+">([^<]+)</a></li>', summary.group(0))
    ]


def test_a_step_sent_empty_says_what_to_do_in_spanish(client):
    client.post(START_ES)
    for key in CHRONIC_PAIN_STEPS:
        step = STEPS_BY_KEY[key]
        response = client.post(es_step(key), {})
        assert response.status_code == 200, key
        html = response.content.decode()
        assert re.search(r"<title>Error: ", html), key
        assert "Hay un problema" in html, key
        messages = error_summary_messages(html)
        assert messages == expected_errors(step), key
        english = [text_in("en", item.error) for item in step.items] or [
            text_in("en", step.error_required)
        ]
        assert not set(messages) & set(english), f"{key}: error message not translated"
        for message in messages:
            assert f'<span class="visually-hidden">Error:</span> {message}' in html, key
        client.post(es_step(key), form_data(key, CHRONIC_PAIN_VISITOR[key]))


def test_none_of_these_with_another_answer_is_refused_in_spanish(client):
    client.post(START_ES)
    for key in ("age", "pain-duration"):
        client.post(es_step(key), form_data(key, CHRONIC_PAIN_VISITOR[key]))
    step = STEPS_BY_KEY["pain-type"]
    response = client.post(es_step("pain-type"), {"answer": ["neuropathic", "not_sure"]})
    assert response.status_code == 200
    assert error_summary_messages(response.content.decode()) == [
        text_in("es", step.error_exclusive)
    ]
    assert text_in("es", step.error_exclusive) != text_in("en", step.error_exclusive)


# Switching language


def test_answers_given_in_spanish_are_all_there_on_the_english_check_answers_page(client):
    spanish_walk(client, CHRONIC_PAIN_VISITOR)
    response = client.get("/screener/check-your-answers/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert h1_text(html) == "Check your answers"
    assert "Nerve pain (neuropathic pain)" in html
    assert "Serious heart disease: No" in html
    for key in CHRONIC_PAIN_STEPS:
        assert f'href="/screener/{key}/">Change' in html, key
    summary = client.get("/screener/summary/").content.decode()
    assert "Average pain over the last week: 7 out of 10" in summary
    assert session_answers(client) == CHRONIC_PAIN_VISITOR


def test_switching_to_english_part_way_carries_on_where_the_visitor_was(client):
    client.post(START_ES)
    for key in NO_PAIN_STEPS[:4]:
        client.post(es_step(key), form_data(key, NO_PAIN_VISITOR[key]))
    next_key = NO_PAIN_STEPS[4]
    english_start = client.get("/screener/").content.decode()
    assert f'href="/screener/{next_key}/"' in english_start
    assert "Continue where you left off" in english_start
    english_step = client.get(f"/screener/{next_key}/")
    assert english_step.status_code == 200
    # One question answered in English, then back to Spanish for the rest: one journey,
    # nothing asked twice.
    client.post(f"/screener/{next_key}/", form_data(next_key, NO_PAIN_VISITOR[next_key]))
    url = es_step(NO_PAIN_STEPS[5])
    asked = []
    while (key := url.removeprefix(START_ES).strip("/")) in STEPS_BY_KEY:
        asked.append(key)
        url = client.post(url, form_data(key, NO_PAIN_VISITOR[key]))["Location"]
    assert asked == NO_PAIN_STEPS[5:]
    assert url == es("screener:check-answers")
    assert session_answers(client) == NO_PAIN_VISITOR


def test_every_question_is_translated():
    untranslated = []
    for step in STEPS:
        texts = [step.question, step.short_label, step.error_required, step.section]
        texts += [
            choice.label for choice in step.choices if not text_in("en", choice.label).isdigit()
        ]
        texts += [item.label for item in step.items] + [item.error for item in step.items]
        for text in texts:
            if text and text_in("es", text) == text_in("en", text) and text_in("en", text) != "No":
                untranslated.append(f"{step.key}: {text_in('en', text)}")
    assert not untranslated, "\n".join(untranslated)


def test_a_spanish_summary_offers_an_english_copy_of_the_same_answers(client):
    pages = spanish_journey(client, CHRONIC_PAIN_VISITOR)
    found = re.search(
        r'<a href="([^"]+)" hreflang="en">Ver este resumen en inglés', pages["summary"]
    )
    assert found and found.group(1) == "/screener/summary/"
    english = client.get(found.group(1)).content.decode()
    assert '<html lang="en">' in english
    assert "Average pain over the last week: 7 out of 10" in english
    assert "Ver este resumen en inglés" not in english and 'hreflang="en">See this' not in english


def test_the_spanish_self_harm_question_keeps_pfizers_de_alguna_manera(client):
    pages = spanish_journey(client, NO_PAIN_VISITOR)
    assert "o de lastimarse de alguna manera" in h1_text(pages["step self-harm"])
