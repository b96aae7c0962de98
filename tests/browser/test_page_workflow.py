"""A clinic's change to a live page in a real browser: an editor drafts and submits it, a
reviewer compares and publishes it, by keyboard, and the screens pass axe."""

import pytest
from django.test import Client
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from content.models import Page
from tests.content.admin_support import page_form_data
from tests.support.staff import staff_sign_in

from .support.axe import axe_check
from .support.keyboard import active_element, key_press, key_press_and_wait, keys_type, tab_to
from .support.layout import admin_list_hidden_width, window_width_set
from .support.navigation import page_open
from .support.screenshots import screenshot_save
from .support.staff import browser_sign_in, staff_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PREFIX = "/admin/content/page/"


def test_an_editor_drafts_and_submits_and_a_reviewer_publishes_by_keyboard(
    browser, site_content, django_user_model
):
    editor = staff_member(django_user_model, username="eddie", group="Content editor")
    reviewer = staff_member(django_user_model, username="rita", group="Clinical reviewer")
    page = Page.objects.get(slug="side-effects-and-safety")
    failures = []

    # The editor changes the live page: a draft, with the live page untouched.
    browser_sign_in(browser, editor)
    page_open(browser, f"{PREFIX}{page.pk}/change/")
    body = browser.find_element(By.ID, "id_body")
    body.send_keys(Keys.CONTROL, Keys.END)
    body.send_keys("\n\nA sentence about a wombat.")
    save = browser.find_element(By.CSS_SELECTOR, "input[name=_continue]")
    key_press_and_wait(browser, save, Keys.ENTER)
    assert "saved as a draft" in browser.page_source
    draft = Page.objects.get(pk=page.pk)  # one row a page: the draft is its latest revision
    assert draft.has_unpublished_changes and "wombat" not in draft.body
    page_open(browser, "/side-effects-and-safety/")
    assert "wombat" not in browser.page_source

    for width in (1280, 375):
        window_width_set(browser, width)
        page_open(browser, f"{PREFIX}{draft.pk}/change/")
        screenshot_save(browser, "admin-draft-editor")
        page_open(browser, f"{PREFIX}{draft.pk}/submit/")
        failures.append(axe_check(browser, label=f"submit page at {width}"))
        screenshot_save(browser, "admin-submit")
    window_width_set(browser, 1280)
    note = browser.find_element(By.ID, "id_note")
    note.send_keys("Added a line about wombats.")
    note.send_keys(Keys.TAB)
    send = browser.switch_to.active_element
    assert send.get_attribute("value") == "Send for review"
    key_press_and_wait(browser, send, Keys.ENTER)
    assert "is sent for clinical review" in browser.page_source

    # The reviewer sees it waiting, compares the versions and publishes, by keyboard.
    browser_sign_in(browser, reviewer)
    page_open(browser, "/admin/")
    failures.append(axe_check(browser, label="admin home with the review list"))
    screenshot_save(browser, "admin-home-reviewer")
    link = browser.find_element(By.LINK_TEXT, draft.title)
    key_press_and_wait(browser, link, Keys.ENTER)
    assert "What publishing changes" in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, "ins")
    for width in (1280, 375):
        window_width_set(browser, width)
        page_open(browser, f"{PREFIX}{draft.pk}/review/")
        failures.append(axe_check(browser, label=f"review page at {width}"))
        screenshot_save(browser, "admin-review")
    window_width_set(browser, 1280)
    preview_url = f"{PREFIX}{draft.pk}/preview/"
    page_open(browser, preview_url)
    assert "Draft: not visible to patients" in browser.page_source
    assert "wombat" in browser.page_source
    window_width_set(browser, 375)
    page_open(browser, preview_url)
    screenshot_save(browser, "draft-preview")
    window_width_set(browser, 1280)

    page_open(browser, f"{PREFIX}{draft.pk}/review/")
    publish = browser.find_element(By.XPATH, "//button[normalize-space()='Publish now']")
    key_press_and_wait(browser, publish, Keys.ENTER)
    assert "is published" in browser.page_source
    # The page list, at 1280 px beside the admin's menu, shows every column: when and by whom the
    # page last changed, and when its clinical review is due.
    page_open(browser, PREFIX)
    hidden = admin_list_hidden_width(browser)
    assert hidden <= 1, f"at 1280 px the page list scrolls sideways by {hidden}px"
    row = browser.find_element(By.XPATH, f"//tr[.//a[normalize-space()='{draft.title}']]").text
    assert "Live" in row and "Eddie" in row, "the editor who wrote the change"
    browser.delete_all_cookies()
    page_open(browser, "/side-effects-and-safety/")
    assert "wombat" in browser.page_source

    # Discarding a draft asks first; the question page passes axe too.
    browser_sign_in(browser, editor)
    page_open(browser, f"{PREFIX}{page.pk}/change/")
    body = browser.find_element(By.ID, "id_body")
    body.send_keys(Keys.CONTROL, Keys.END)
    body.send_keys("\n\nA second thought.")
    key_press_and_wait(
        browser, browser.find_element(By.CSS_SELECTOR, "input[name=_continue]"), Keys.ENTER
    )
    assert Page.objects.get(pk=page.pk).has_unpublished_changes
    page_open(browser, f"{PREFIX}{page.pk}/discard/")
    failures.append(axe_check(browser, label="discard page"))
    screenshot_save(browser, "admin-discard")
    confirm = browser.find_element(By.CSS_SELECTOR, "input[value='Yes, discard the draft']")
    key_press_and_wait(browser, confirm, Keys.ENTER)
    discarded = Page.objects.get(pk=page.pk)
    assert not discarded.has_unpublished_changes
    assert discarded.latest_revision == discarded.live_revision

    problems = [failure for failure in failures if failure]
    assert not problems, "\n\n".join(problems)


DECISION_SIZES_JS = """
return [...document.querySelectorAll(
  ".editorial-decide button, .editorial-decide input:not([type=hidden]), "
  + ".editorial-decide textarea, "
  + ".editorial-source > summary"
)].map((el) => ({
  name: (el.textContent || el.name || el.id).trim().slice(0, 40),
  height: el.getBoundingClientRect().height,
}));
"""
TOOLS_OVERLAP_JS = """
const title = document.querySelector("#content h1, #content-start h1, h1");
const tools = [...document.querySelectorAll(".object-tools a")];
const t = title.getBoundingClientRect();
return tools.filter((a) => {
  const r = a.getBoundingClientRect();
  return r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top;
}).map((a) => a.textContent.trim()).concat(
  tools.filter((a) => a.getBoundingClientRect().height < 24)
    .map((a) => "short: " + a.textContent.trim())
);
"""


def decision_sizes_check(browser, width: int) -> list[str]:
    sizes = browser.execute_script(DECISION_SIZES_JS)
    assert sizes, "no decision controls found"
    return [
        f"{size['name']!r} is {size['height']:.0f}px tall at {width}px (WCAG 2.5.8 asks 24)"
        for size in sizes
        if size["height"] < 24
    ]


def test_a_reviewer_reads_the_change_as_the_page_and_decides_by_keyboard(
    browser, site_content, django_user_model
):
    """Issue 27: the review shows the change rendered (bold, not `**`), earlier rounds'
    comments, and decision controls at least 24 px tall at 1280 and 390 px; by keyboard."""
    editor = staff_member(django_user_model, username="eddie", group="Content editor")
    reviewer = staff_member(django_user_model, username="rita", group="Clinical reviewer")
    page = Page.objects.get(slug="side-effects-and-safety")
    client = Client()
    staff_sign_in(client, editor)
    data = page_form_data(page, body=f"{page.body}\n\n**Good to know:** call us any time.\n")
    assert client.post(f"{PREFIX}{page.pk}/change/", data).status_code == 302
    client.post(f"{PREFIX}{page.pk}/submit/", {"note": "Added a line to call us."})
    failures = []

    # Round one: the reviewer reads it as the page and sends it back, by keyboard.
    browser_sign_in(browser, reviewer)
    page_open(browser, "/admin/")
    key_press_and_wait(browser, browser.find_element(By.LINK_TEXT, page.title), Keys.ENTER)
    added = browser.find_element(By.CSS_SELECTOR, ".editorial-page .diff-block--added")
    assert added.find_element(By.CSS_SELECTOR, "ins.diff-ins strong").text == "Good to know:"
    rendered = browser.find_element(By.CSS_SELECTOR, ".editorial-change").text
    assert "**" not in rendered
    summary = browser.find_element(By.CSS_SELECTOR, ".editorial-source > summary")
    tab_to(browser, summary, what="Show the Markdown changes", limit=200)
    key_press(browser, Keys.ENTER)
    assert browser.find_element(By.CSS_SELECTOR, ".editorial-source").get_attribute("open")
    comment = browser.find_element(By.ID, "id_comment")
    tab_to(browser, comment, what="the comment box", limit=200)
    keys_type(browser, "Please name who to call, and when.")
    key_press(browser, Keys.TAB)
    send_back = active_element(browser)
    assert send_back.text == "Send back to the editor"
    key_press_and_wait(browser, send_back, Keys.ENTER)
    assert "The editor has been asked to change" in browser.page_source

    # The editor fixes it (seeing the request) and sends it again.
    form = client.get(f"{PREFIX}{page.pk}/change/").content.decode()
    assert "Please name who to call, and when." in form
    draft = Page.objects.get(pk=page.pk).draft_object
    data = page_form_data(
        draft, body=f"{page.body}\n\n**Good to know:** call the clinic on weekdays.\n"
    )
    data["loaded_updated_at"] = draft.updated_at.isoformat()
    assert client.post(f"{PREFIX}{page.pk}/change/", data).status_code == 302
    client.post(f"{PREFIX}{page.pk}/submit/", {"note": "Named the clinic and the days."})

    # Round two: the first round's comment is there; controls are big enough at both widths.
    for width in (1280, 390):
        window_width_set(browser, width)
        page_open(browser, f"{PREFIX}{page.pk}/review/")
        conversation = browser.find_element(By.CSS_SELECTOR, ".editorial-conversation").text
        assert "Please name who to call, and when." in conversation
        assert "Named the clinic and the days." in conversation
        failures.append(axe_check(browser, label=f"review (rendered) at {width}"))
        failures.extend(decision_sizes_check(browser, width))
        screenshot_save(browser, "admin-review-rendered")
        page_open(browser, f"{PREFIX}{page.pk}/change/")
        if width == 1280:
            overlaps = browser.execute_script(TOOLS_OVERLAP_JS)
            failures.extend(f"tool link over the title or too small: {o}" for o in overlaps)
        screenshot_save(browser, "admin-change-form-tools")
    window_width_set(browser, 1280)

    page_open(browser, f"{PREFIX}{page.pk}/review/")
    publish = browser.find_element(By.XPATH, "//button[normalize-space()='Publish now']")
    tab_to(browser, publish, what="Publish now", limit=200)
    key_press_and_wait(browser, publish, Keys.ENTER)
    assert "is published" in browser.page_source

    # The editor hears of it on the admin home.
    browser_sign_in(browser, editor)
    page_open(browser, "/admin/")
    assert "Rita published it: visitors see it now." in browser.page_source
    failures.append(axe_check(browser, label="admin home with news of my changes"))
    screenshot_save(browser, "admin-home-editor-news")

    problems = [failure for failure in failures if failure]
    assert not problems, "\n\n".join(problems)


def test_the_open_form_renews_its_presence_and_leaving_clears_it(
    browser, site_content, django_user_model, monkeypatch
):
    """ "Being edited by" (issue 27): the form's script renews the presence while it is open
    (every second here instead of 30), and leaving the form clears it at once."""
    import time

    import editorial.admin
    from editorial.models import EditingPresence

    monkeypatch.setattr(editorial.admin, "PRESENCE_HEARTBEAT_SECONDS", 1)
    editor = staff_member(django_user_model, username="eddie", group="Content editor")
    page = Page.objects.get(slug="side-effects-and-safety")
    browser_sign_in(browser, editor)
    page_open(browser, f"{PREFIX}{page.pk}/change/")
    opened = EditingPresence.objects.get(user=editor).seen_at
    deadline = time.monotonic() + 10
    while EditingPresence.objects.get(user=editor).seen_at == opened:
        assert time.monotonic() < deadline, "the open form never renewed its presence"
        time.sleep(0.25)

    page_open(browser, "/admin/")
    deadline = time.monotonic() + 10
    while EditingPresence.objects.filter(user=editor).exists():
        assert time.monotonic() < deadline, "leaving the form did not clear the presence"
        time.sleep(0.25)
