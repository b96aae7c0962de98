"""The Markdown editor in Chromium: formatting and previewing by keyboard, a failed preview,
and the textarea alone without JavaScript (see tests/content/test_markdown_editor.py)."""

import pytest
from django.conf import settings
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.content.test_markdown_editor import (
    EDITOR_PATH,
    EDITOR_URLS,
    PREVIEW_FAILED,
    PREVIEW_PATH,
    editor_user,
)

from .support.axe import axe_report, axe_violations
from .support.browser_log import browser_log_take, console_problems, foreign_requests
from .support.keyboard import active_element, key_press, keys_type, tab_through_page
from .support.layout import layout_problems, window_width_set
from .support.navigation import page_open
from .support.screenshots import screenshot_save
from .support.staff import browser_sign_in

TEXTAREA = "#id_body"
PREVIEW_BODY = "[data-markdown-preview]"
EMPTY_PREVIEW_JS = "preview.textContent.includes('Nothing to preview yet')"


def textarea_value(browser) -> str:
    return browser.execute_script(f"return document.querySelector('{TEXTAREA}').value")


def preview_wait(browser, condition_js: str, *, what: str) -> None:
    """Wait until condition_js (run with `preview` as the preview's body) is true."""
    script = f"const preview = document.querySelector('{PREVIEW_BODY}'); return {condition_js};"
    try:
        WebDriverWait(browser, 5, poll_frequency=0.1).until(lambda d: d.execute_script(script))
    except Exception:
        shown = browser.execute_script(f"return document.querySelector('{PREVIEW_BODY}').innerHTML")
        raise AssertionError(f"the preview never showed {what}; it shows: {shown!r}") from None


def focused(browser) -> str:
    return browser.execute_script(
        "const el = document.activeElement;"
        " return el.tagName.toLowerCase() + ' ' + el.textContent.trim()"
    )


def shortcut(browser, key: str) -> None:
    ActionChains(browser).key_down(Keys.CONTROL).send_keys(key).key_up(Keys.CONTROL).perform()


def select_back(browser, characters: int) -> None:
    actions = ActionChains(browser).key_down(Keys.SHIFT)
    for _ in range(characters):
        actions.send_keys(Keys.ARROW_LEFT)
    actions.key_up(Keys.SHIFT).perform()


@pytest.mark.browser
@pytest.mark.urls(EDITOR_URLS)
def test_an_editor_formats_and_previews_a_page_with_the_keyboard_alone(
    browser, live_server, transactional_db, django_user_model
):
    browser_sign_in(browser, editor_user(django_user_model, is_staff=True))
    logs = [page_open(browser, EDITOR_PATH)]
    assert browser.find_element("css selector", "[role=toolbar]").is_displayed()
    preview_wait(browser, EMPTY_PREVIEW_JS, what="that there is nothing to preview yet")

    # Tab: the title, then the toolbar (one stop), then the text.
    key_press(browser, Keys.TAB)
    assert active_element(browser).get_attribute("name") == "title"
    key_press(browser, Keys.TAB)
    assert focused(browser) == "button Heading"
    key_press(browser, Keys.TAB)
    assert active_element(browser).get_attribute("id") == "id_body"
    keys_type(browser, "Side effects")

    # Back to the toolbar, and Enter on "Heading" makes the line a heading.
    key_press(browser, Keys.TAB, shift=True)
    assert focused(browser) == "button Heading"
    key_press(browser, Keys.ENTER)
    assert textarea_value(browser) == "## Side effects"
    assert active_element(browser).get_attribute("id") == "id_body", "focus stayed on the button"
    preview_wait(
        browser,
        "preview.querySelector('h2')?.textContent === 'Side effects'",
        what="the heading",
    )

    # Ctrl+B makes the selected word bold; Ctrl+Z takes it back, as after typing.
    keys_type(browser, Keys.END + Keys.ENTER + Keys.ENTER + "Most people feel dizzy")
    select_back(browser, len("dizzy"))
    shortcut(browser, "b")
    assert textarea_value(browser).endswith("Most people feel **dizzy**")
    shortcut(browser, "z")
    assert textarea_value(browser).endswith("Most people feel dizzy")
    shortcut(browser, "b")
    assert textarea_value(browser).endswith("Most people feel **dizzy**")
    preview_wait(
        browser, "preview.querySelector('strong')?.textContent === 'dizzy'", what="bold text"
    )

    # Arrow keys move along the toolbar (it is one Tab stop); "Bullet list" on two lines.
    keys_type(browser, Keys.END + Keys.ENTER + "Nausea" + Keys.ENTER + "Headache")
    shift = ActionChains(browser).key_down(Keys.SHIFT)
    shift.send_keys(Keys.ARROW_UP, Keys.HOME).key_up(Keys.SHIFT).perform()
    key_press(browser, Keys.TAB, shift=True)
    assert focused(browser) == "button Heading"
    for key, expected in (
        (Keys.ARROW_RIGHT, "Sub-heading"),
        (Keys.ARROW_RIGHT, "Bold"),
        (Keys.END, "Link"),
        (Keys.ARROW_RIGHT, "Heading"),
        (Keys.ARROW_LEFT, "Link"),
        (Keys.HOME, "Heading"),
        (Keys.ARROW_RIGHT, "Sub-heading"),
        (Keys.ARROW_RIGHT, "Bold"),
        (Keys.ARROW_RIGHT, "Bullet list"),
    ):
        key_press(browser, key)
        assert focused(browser) == f"button {expected}"
    key_press(browser, Keys.ENTER)
    # A blank line goes before the list, as Markdown needs after a paragraph.
    assert textarea_value(browser).endswith("**dizzy**\n\n- Nausea\n- Headache")
    preview_wait(browser, "preview.querySelectorAll('ul > li').length === 2", what="the list")

    # Ctrl+K asks for the address in the page; Enter adds the link around the selection.
    keys_type(browser, Keys.END + Keys.ENTER + Keys.ENTER + "NHS advice")
    select_back(browser, len("NHS advice"))
    shortcut(browser, "k")
    assert active_element(browser).get_attribute("id") == "id_body_link_address"
    link_box = browser.find_element("css selector", "[data-markdown-link]")
    assert link_box.is_displayed()
    screenshot_save(browser, "markdown-editor-link-box")
    logs.append(browser_log_take(browser))
    failures = axe_violations(browser)  # the open link box is part of what is checked
    assert not failures, axe_report(failures)
    browser_log_take(browser)  # axe-core's own console noise (its styles meet the CSP) is not ours
    keys_type(browser, "www.nhs.uk" + Keys.ENTER)
    assert textarea_value(browser).endswith("- Headache\n\n[NHS advice](https://www.nhs.uk)")
    assert active_element(browser).get_attribute("id") == "id_body"
    assert not link_box.is_displayed()
    preview_wait(
        browser,
        "preview.querySelector('a[href=\"https://www.nhs.uk\"]')?.target === '_blank'",
        what="the link (opening in a new tab, so unsaved text is kept)",
    )

    # Whatever is typed, the preview is the site's sanitised HTML: no script survives. And a
    # run of typing is previewed once it pauses, not at every key.
    logs.append(browser_log_take(browser))
    keys_type(browser, Keys.ENTER + Keys.ENTER + '<script>document.title="x"</script>Done')
    preview_wait(browser, "preview.textContent.includes('Done')", what="the last paragraph")
    assert not browser.execute_script("return document.querySelectorAll('main script').length")
    assert browser.title != "x"
    logs.append(browser_log_take(browser))
    previews = [url for url in logs[-1].requested_urls if url.endswith(PREVIEW_PATH)]
    assert 1 <= len(previews) <= 2, f"{len(previews)} previews for one run of typing"

    for log in logs:
        problems = foreign_requests(log, base_url=browser.base_url) + console_problems(log)
        assert not problems, problems

    failures = axe_violations(browser)
    assert not failures, axe_report(failures)
    # Every stop shows its focus, and the whole toolbar is one stop.
    browser.find_element("css selector", "h1").click()  # Tab starts from the top again
    stops, problems = tab_through_page(browser)
    assert not problems, problems
    assert len([stop for stop in stops if "markdown-editor__button" in stop]) == 1, stops
    assert any("markdown-editor__preview" in stop for stop in stops), stops
    for width in (1280, 375):
        window_width_set(browser, width)
        assert not layout_problems(browser), (width, layout_problems(browser))
        screenshot_save(browser, "markdown-editor")
    window_width_set(browser, 1280)


@pytest.mark.browser
@pytest.mark.urls(EDITOR_URLS)
def test_a_preview_that_fails_says_the_text_is_safe(
    browser, live_server, transactional_db, django_user_model
):
    browser_sign_in(browser, editor_user(django_user_model, is_staff=True))
    page_open(browser, EDITOR_PATH)
    preview_wait(browser, EMPTY_PREVIEW_JS, what="that there is nothing to preview yet")
    browser.delete_cookie(settings.SESSION_COOKIE_NAME)  # signed out: the preview is refused
    browser.find_element("css selector", TEXTAREA).send_keys("## Side effects")
    preview_wait(
        browser, f"preview.textContent.trim() === {PREVIEW_FAILED!r}", what="the failure message"
    )
    assert textarea_value(browser) == "## Side effects"


@pytest.mark.browser
@pytest.mark.urls(EDITOR_URLS)
def test_without_javascript_the_textarea_works_alone(browser, live_server, transactional_db):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        page_open(browser, EDITOR_PATH)
        assert not browser.find_element("css selector", "[role=toolbar]").is_displayed()
        assert not browser.find_element("css selector", ".markdown-editor__preview").is_displayed()
        textarea = browser.find_element("css selector", TEXTAREA)
        textarea.send_keys("## Side effects")
        assert textarea_value(browser) == "## Side effects"
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


ACTION_JS = """
const [value, start, end, action, address] = arguments;
const textarea = document.querySelector("#id_body");
textarea.value = value;
textarea.focus();
textarea.setSelectionRange(start, end);
document.querySelector(`[data-markdown-action="${action}"]`).click();
if (action === "link") {
  document.querySelector("[data-markdown-link-address]").value = address;
  document.querySelector(address ? "[data-markdown-link-add]" : "[data-markdown-link-cancel]")
    .click();
}
return [textarea.value, textarea.value.slice(textarea.selectionStart, textarea.selectionEnd),
        document.activeElement === textarea];
"""
# Text, the part selected, the button, the address typed: the text after, the part selected
# after (None: not checked).
TOOLBAR_CASES = [
    ("Side effects", "", "heading", "", "## Side effects", ""),
    ("## Side effects", "", "heading", "", "Side effects", ""),
    ("## Side effects", "", "subheading", "", "### Side effects", ""),
    # A list next to a paragraph needs blank lines around it.
    (
        "Nausea\nHeadache\nMost pass.",
        "Nausea\nHeadache",
        "bullets",
        "",
        "- Nausea\n- Headache\n\nMost pass.",
        "- Nausea\n- Headache",
    ),
    (
        "Intro\nNausea\nHeadache",
        "Nausea\nHeadache",
        "numbers",
        "",
        "Intro\n\n1. Nausea\n2. Headache",
        None,
    ),
    ("- Nausea\n- Headache", "- Nausea\n- Headache", "bullets", "", "Nausea\nHeadache", None),
    ("- Nausea\n- Headache", "- Nausea\n- Headache", "numbers", "", "1. Nausea\n2. Headache", None),
    ("Most people ", "", "bold", "", "Most people **bold text**", "bold text"),
    ("feel **dizzy**", "dizzy", "bold", "", "feel dizzy", "dizzy"),
    ("feel dizzy ", "dizzy ", "bold", "", "feel **dizzy** ", "dizzy"),
    ("See ", "", "link", "/faq/", "See [link text](/faq/)", "link text"),
    ("NHS advice", "NHS advice", "link", "nhs.uk/pain", "[NHS advice](https://nhs.uk/pain)", ""),
    ("Write", "Write", "link", " help@clinic.example ", "[Write](mailto:help@clinic.example)", ""),
    ("Unchanged", "Unchanged", "link", "", "Unchanged", "Unchanged"),
]


@pytest.mark.browser
@pytest.mark.urls(EDITOR_URLS)
def test_toolbar_buttons_write_the_markdown_and_take_it_away_again(
    browser, live_server, transactional_db
):
    page_open(browser, EDITOR_PATH)
    failures = []
    for text, selected, action, address, expected, expected_selection in TOOLBAR_CASES:
        start = text.rindex(selected) if selected else len(text)
        value, selection, focused_back = browser.execute_script(
            ACTION_JS, text, start, start + len(selected), action, address
        )
        if value != expected or (
            expected_selection is not None and selection != expected_selection
        ):
            failures.append(f"{action} on {text!r}: {value!r} selecting {selection!r}")
        if not focused_back:
            failures.append(f"{action} on {text!r}: focus did not go back to the text")
    assert not failures, "\n".join(failures)
