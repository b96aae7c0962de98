"""Translating side by side in Chromium (issue 27): the Spanish page's form shows the English
beside each field at 1280 px and above it at 390 px, says when the English changed since the
translation, and a new Spanish FAQ starts with the English questions to translate; by keyboard,
with axe."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from content.models import Page
from editorial.workflow import draft_publish, draft_save

from .support.axe import axe_check
from .support.keyboard import active_element, key_press, key_press_and_wait, keys_type, tab_to
from .support.layout import window_width_set
from .support.navigation import page_open
from .support.screenshots import screenshot_save
from .support.staff import browser_sign_in, staff_member
from .test_page_workflow import PREFIX

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FLAG = "English changed since this translation"

# Where the English box of a field is, beside or above the field itself.
PAIR_BOXES_JS = """
const pair = document.querySelector(arguments[0]).closest(".translate-pair");
const box = (el) => { const r = el.getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
return {
  english: box(pair.querySelector(".translate-pair__english")),
  field: box(pair.querySelector(".translate-pair__field")),
  width: document.documentElement.clientWidth,
};
"""


def pair_boxes(browser, selector: str) -> dict:
    return browser.execute_script(PAIR_BOXES_JS, selector)


def assert_side_by_side(browser, selector: str) -> None:
    boxes = pair_boxes(browser, selector)
    english, field = boxes["english"], boxes["field"]
    assert english["right"] <= field["left"], f"{selector}: the English is not beside the field"
    assert abs(english["top"] - field["top"]) < 2, f"{selector}: not on one line"
    assert field["right"] <= boxes["width"], f"{selector}: the field runs off the screen"


def assert_stacked(browser, selector: str) -> None:
    boxes = pair_boxes(browser, selector)
    english, field = boxes["english"], boxes["field"]
    assert english["bottom"] <= field["top"] + 1, f"{selector}: the English is not above it"
    assert english["right"] <= boxes["width"] + 1 and field["right"] <= boxes["width"] + 1


def test_a_translator_works_beside_the_english_and_sees_when_it_changed(
    browser, site_content, django_user_model
):
    editor = staff_member(django_user_model, username="eddie", group="Content editor")
    reviewer = staff_member(django_user_model, username="rita", group="Clinical reviewer")
    english = Page.objects.get(language="en", slug="what-to-expect")
    spanish = Page.objects.get(language="es", slug="que-esperar")
    changed = {**english.revision_content(), "body": english.body + "\nBring a warm jumper.\n"}
    draft_save(record=english, content=changed, user=editor)
    draft_publish(record=english, user=reviewer)
    failures = []

    browser_sign_in(browser, editor)
    page_open(browser, f"{PREFIX}?language__exact=es")
    assert FLAG in browser.find_element(By.ID, "result_list").text
    failures.append(axe_check(browser, label="page list with the flag"))

    for width in (1280, 390):
        window_width_set(browser, width)
        page_open(browser, f"{PREFIX}{spanish.pk}/change/")
        assert FLAG in browser.find_element(By.CSS_SELECTOR, ".translation-state").text
        english_body = browser.find_element(By.ID, "id_body_english")
        assert english_body.text.strip().endswith("Bring a warm jumper.")
        assert english_body.find_element(By.XPATH, "..").get_attribute("lang") == "en"
        for selector in ("#id_title", "#id_summary", "#id_body"):
            (assert_side_by_side if width == 1280 else assert_stacked)(browser, selector)
        failures.append(axe_check(browser, label=f"Spanish page form at {width}"))
        screenshot_save(browser, "translation-side-by-side")

    # By keyboard: from the title, Tab reaches the English body's box (it scrolls), then the
    # Spanish body; "Insert clinic detail" puts a token where the cursor is.
    window_width_set(browser, 1280)
    page_open(browser, f"{PREFIX}{spanish.pk}/change/")
    title = browser.find_element(By.ID, "id_title")
    title.click()
    tab_to(browser, browser.find_element(By.ID, "id_body_english"), what="the English body")
    tab_to(browser, browser.find_element(By.ID, "id_body"), what="the Spanish body")
    body = active_element(browser)
    body.send_keys(Keys.CONTROL, Keys.END)
    keys_type(browser, "\n\nLlame al ")
    summary = browser.find_element(
        By.CSS_SELECTOR, ".markdown-editor__write .clinic-detail summary"
    )
    tab_to(browser, summary, what="Insert clinic detail")
    key_press(browser, Keys.ENTER)
    insert_phone = browser.find_element(
        By.CSS_SELECTOR, ".markdown-editor__write [data-clinic-detail-token='[[clinic:phone]]']"
    )
    tab_to(browser, insert_phone, what="Insert phone")
    screenshot_save(browser, "translation-clinic-detail")
    key_press(browser, Keys.ENTER)
    value = browser.execute_script("return document.getElementById('id_body').value")
    assert value.rstrip().endswith("Llame al [[clinic:phone]]")

    # The link to the English changes, by keyboard.
    link = browser.find_element(By.LINK_TEXT, "See what changed in the English")
    key_press_and_wait(browser, link, Keys.ENTER)
    assert browser.find_element(By.CSS_SELECTOR, ".version-change ins").text == (
        "Bring a warm jumper."
    )
    failures.append(axe_check(browser, label="what changed in the English"))
    screenshot_save(browser, "translation-english-changes")

    problems = [failure for failure in failures if failure]
    assert not problems, "\n\n".join(problems)


def test_a_new_spanish_faq_starts_with_the_english_questions_beside_empty_answers(
    browser, site_content, django_user_model
):
    editor = staff_member(django_user_model, username="eddie", group="Content editor")
    english = Page.objects.get(language="en", layout=Page.Layout.FAQ)
    Page.objects.filter(language="es", translation_of=english).delete()
    questions = list(english.faq_entries.all())
    failures = []

    browser_sign_in(browser, editor)
    page_open(browser, f"{PREFIX}{english.pk}/change/")
    write = browser.find_element(By.LINK_TEXT, "Write the Spanish version")
    key_press_and_wait(browser, write, Keys.ENTER)
    entries = browser.find_elements(By.CSS_SELECTOR, ".inline-related:not(.empty-form)")
    assert len(entries) == len(questions)
    first_question = browser.find_element(By.ID, "id_faq_entries-0-question_english")
    assert first_question.text == questions[0].question
    assert browser.find_element(By.ID, "id_faq_entries-0-answer").get_attribute("value") == ""
    for width in (1280, 390):
        window_width_set(browser, width)
        (assert_side_by_side if width == 1280 else assert_stacked)(
            browser, "#id_faq_entries-0-answer"
        )
        failures.append(axe_check(browser, label=f"new Spanish FAQ at {width}"))
        screenshot_save(browser, "translation-new-faq")

    window_width_set(browser, 1280)
    browser.find_element(By.ID, "id_title").send_keys("Preguntas frecuentes")
    browser.find_element(By.ID, "id_slug").clear()
    browser.find_element(By.ID, "id_slug").send_keys("preguntas-nuevas")
    browser.find_element(By.ID, "id_summary").send_keys(
        "Respuestas cortas a las preguntas que más nos hacen sobre la terapia con ketamina."
    )
    browser.find_element(By.ID, "id_body").send_keys("Respuestas cortas.")
    browser.find_element(By.ID, "id_faq_entries-0-question").send_keys("¿Qué es la ketamina?")
    browser.find_element(By.ID, "id_faq_entries-0-answer").send_keys("Es un medicamento.")
    save = browser.find_element(By.CSS_SELECTOR, "input[name=_save]")
    key_press_and_wait(browser, save, Keys.ENTER)
    spanish = Page.objects.get(language="es", slug="preguntas-nuevas")
    assert [entry.question for entry in spanish.entries] == ["¿Qué es la ketamina?"]
    assert spanish.translated_from_revision_id == english.live_revision_id

    problems = [failure for failure in failures if failure]
    assert not problems, "\n\n".join(problems)
