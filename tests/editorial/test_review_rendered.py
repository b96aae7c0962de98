"""The review screen reads like the page: the change marked in the rendered text, only the FAQ
entries that changed, and the Markdown comparison one click away (issue 27)."""

from html.parser import HTMLParser

import pytest

from clinic_site.markdown import markdown_render
from content.models import Page
from editorial.rendered_diff import VOID_TAGS, html_compare, inline_compare

from ..content.admin_support import PREFIX, page_form_data

BOLD_BEFORE = "Time: about 40 minutes.\n\nBring a friend."
BOLD_AFTER = "**Time:** about 40 minutes.\n\nBring a friend."


class Balance(HTMLParser):
    """Every element closed in the order it was opened: the marked HTML is still valid."""

    def __init__(self):
        super().__init__()
        self.stack, self.problems = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def balanced(html: str) -> bool:
    checker = Balance()
    checker.feed(html)
    return not checker.problems and not checker.stack


def compare_markdown(old: str, new: str) -> str:
    return str(html_compare(old=markdown_render(text=old), new=markdown_render(text=new)))


def test_a_word_made_bold_shows_bold_and_marked_not_asterisks():
    html = compare_markdown(BOLD_BEFORE, BOLD_AFTER)
    assert "**" not in html
    assert '<strong><ins class="diff-ins"><span class="diff-sr">added: </span>Time:' in html
    assert '<del class="diff-del"><span class="diff-sr">removed: </span>Time:' in html
    # The paragraph that did not change is shown as it is, unmarked.
    assert "<p>Bring a friend.</p>" in html
    assert balanced(html)


def test_a_changed_word_inside_a_link_keeps_the_link_and_the_html_stays_valid():
    old = "See [the FAQ](https://clinic.example/faq/) and **call us** on weekdays."
    new = "See [our questions page](https://clinic.example/faq/) and **call us** any day."
    html = compare_markdown(old, new)
    assert (
        '<a href="https://clinic.example/faq/" rel="noopener noreferrer">'
        '<del class="diff-del"><span class="diff-sr">removed: </span>the FAQ'
    ) in html
    assert "added: </span>our questions page" in html
    assert "<strong>call us</strong>" in html
    assert balanced(html)


def test_list_items_are_compared_one_by_one_within_one_list():
    html = compare_markdown("- one\n- two\n- three\n", "- one\n- three\n- four\n")
    assert html.count("<ul>") == 1
    assert '<li class="diff-block diff-block--removed"><del' in html
    assert '<li class="diff-block diff-block--added"><ins' in html
    assert "<li>one</li>" in html
    assert balanced(html)


def test_the_marked_html_is_as_safe_as_the_page():
    html = compare_markdown(
        "Text.", "Text with &lt;script&gt; written out.\n\n<script>alert(1)</script>"
    )
    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert balanced(html)


def test_a_one_line_value_is_marked_word_by_word_and_escaped():
    html = str(inline_compare(old="How long is it?", new="How long is a <b> visit?"))
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "How long is " in html
    assert "removed: </span>it?" in html


@pytest.fixture
def faq_page(loaded_content):
    return Page.objects.get(slug="faq", language="en")


@pytest.mark.django_db
def test_a_changed_faq_answer_lists_only_that_question_with_the_rest_counted(
    editor_client, reviewer_client, faq_page
):
    entries = list(faq_page.faq_entries.all())
    assert len(entries) > 3
    target = entries[2]
    data = page_form_data(faq_page)
    data["faq_entries-2-answer"] = f"**Good to know:** {target.answer}"
    response = editor_client.post(f"{PREFIX}{faq_page.pk}/change/", data)
    assert response.status_code == 302
    editor_client.post(f"{PREFIX}{faq_page.pk}/submit/", {"note": "Made a point bold."})

    html = reviewer_client.get(f"{PREFIX}{faq_page.pk}/review/").content.decode()
    rendered = html.split('class="editorial-source"')[0]
    assert "Questions: 1 changed" in rendered
    assert f"{len(entries) - 1} other questions unchanged." in rendered
    assert target.question in rendered
    for other in entries[:2] + entries[3:]:
        assert other.question not in rendered, other.question
    # Bold as visitors see it, not Markdown.
    assert '<strong><ins class="diff-ins"><span class="diff-sr">added: </span>Good' in rendered
    assert "**Good to know:**" not in rendered
    # The Markdown comparison is still there for editors who want it.
    assert "<summary>Show the Markdown changes</summary>" in html
    assert "**Good to know:**" in html.split('class="editorial-source"')[1]


@pytest.mark.django_db
def test_a_body_change_is_shown_rendered_with_headings_and_links(
    editor_client, reviewer_client, loaded_content
):
    page = Page.objects.get(slug="side-effects-and-safety", language="en")
    body = page.body + "\n\n## After your visit\n\nCall us if **anything** worries you.\n"
    editor_client.post(f"{PREFIX}{page.pk}/change/", page_form_data(page, body=body))
    html = reviewer_client.get(f"{PREFIX}{page.pk}/review/").content.decode()
    rendered = html.split('class="editorial-source"')[0]
    assert '<h2 class="diff-block diff-block--added">' in rendered
    assert 'id="after-your-visit"' not in rendered  # no clash with the admin's own ids
    assert "<strong>anything</strong>" in rendered
    assert "## After your visit" not in rendered
    assert "Body (changed)" in rendered


@pytest.mark.django_db
def test_the_home_pages_key_facts_are_reviewed_as_a_list_not_markdown(
    editor_client, reviewer_client
):
    from content.models import HomePage

    from .test_home_page import CHANGE, NEW_FACT, home_form

    key_facts = HomePage.objects.get(pk=1).key_facts + NEW_FACT
    assert editor_client.post(CHANGE, home_form(key_facts=key_facts)).status_code == 302
    html = reviewer_client.get("/admin/content/homepage/1/review/").content.decode()
    rendered = html.split('class="editorial-source"')[0]
    assert "Key facts (changed)" in rendered
    assert '<li class="diff-block diff-block--added"><ins class="diff-ins">' in rendered
    assert "capybara sleepy" in rendered
    assert "- Ketamine makes a capybara" not in rendered
    # A field that did not change is not listed.
    assert "Key facts (Spanish)" not in rendered


@pytest.mark.django_db
def test_moving_a_question_says_the_order_changed_and_lists_no_question_as_changed(
    editor_client, reviewer_client, faq_page
):
    entries = list(faq_page.faq_entries.all())
    data = page_form_data(faq_page)
    data["faq_entries-0-order"] = 999  # the first question goes last
    assert editor_client.post(f"{PREFIX}{faq_page.pk}/change/", data).status_code == 302
    html = reviewer_client.get(f"{PREFIX}{faq_page.pk}/review/").content.decode()
    rendered = html.split('class="editorial-source"')[0]
    assert "Questions</h3>" in rendered
    assert "changed</h4>" not in rendered and "Question changed:" not in rendered
    assert "The order of the questions changed: show the new order" in rendered
    new_order = rendered.split("show the new order</summary>")[1]
    assert new_order.index(entries[1].question) < new_order.index(entries[0].question)
