"""What each form tells a visitor, read from its markup the way assistive technology reads it.

Every form renders through the "govuk" crispy-forms pack (templates/govuk/, with the layout
objects in clinic_site/form_layout.py). These check the GOV.UK question-page pattern on the pages
themselves: the error summary links to the first input of each field it names, each input or
group is described by its hint and its error, errors start with a hidden "Error:", and on
screener steps the legend is the page's one <h1>.
"""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory
from django.test.html import Element, parse_html

from clinic_site.form_layout import Choices, Fieldset
from clinic_site.models import SiteSettings
from screener.questions import STEPS_BY_KEY, Kind
from tests.consultations.conftest import request_data
from tests.screener.answers import CHRONIC_PAIN_VISITOR
from tests.screener.support import answer, start, step_url
from tests.screener.support import walk as screener_walk

pytestmark = pytest.mark.django_db

CONTACT_URL = "/contact/"
QUESTION_STEPS = [
    key for key in CHRONIC_PAIN_VISITOR if STEPS_BY_KEY[key].kind is not Kind.CHECKLIST
]


class Page:
    """The <main> of a page as a tree: elements by id, by tag, with their ancestors."""

    def __init__(self, html: str):
        main = re.search(r"<main\b.*?</main>", html, re.S)
        self.root = parse_html(main.group(0) if main else html)
        self.parents: dict[int, Element] = {}
        self.all: list[Element] = []
        self._index(self.root)
        self.by_id = {attrs(el)["id"]: el for el in self.all if "id" in attrs(el)}

    def _index(self, element: Element) -> None:
        self.all.append(element)
        for child in element.children:
            if isinstance(child, Element):
                self.parents[id(child)] = element
                self._index(child)

    def find(self, tag: str, **wanted) -> list[Element]:
        return [
            el
            for el in self.all
            if el.name == tag
            and all(
                attrs(el).get(key.rstrip("_").replace("_", "-")) == value
                for key, value in wanted.items()
            )
        ]

    def ancestor(self, element: Element, tag: str) -> Element | None:
        while (element := self.parents.get(id(element))) is not None:
            if element.name == tag:
                return element
        return None

    def described_by(self, element: Element) -> list[str]:
        """The texts an element's aria-describedby names; each id must be on the page."""
        ids = (attrs(element).get("aria-describedby") or "").split()
        missing = [name for name in ids if name not in self.by_id]
        assert not missing, f"aria-describedby names ids not on the page: {missing}"
        return [text(self.by_id[name]) for name in ids]

    def label_for(self, element: Element) -> str:
        (label,) = self.find("label", for_=attrs(element)["id"])
        return text(label)

    def error_summary_links(self) -> dict[str, str]:
        """Each error summary link's message and the id it points to."""
        (summary,) = [el for el in self.all if "error-summary" in classes(el)]
        links = [el for el in walk(summary) if el.name == "a"]
        return {text(link): attrs(link)["href"].removeprefix("#") for link in links}

    def group_of(self, element: Element) -> Element:
        fieldset = self.ancestor(element, "fieldset")
        assert fieldset is not None, f"{element} is in no fieldset"
        return fieldset


def attrs(element: Element) -> dict[str, str]:
    return dict(element.attributes)


def classes(element: Element) -> list[str]:
    return (attrs(element).get("class") or "").split()


def walk(element: Element):
    for child in element.children:
        if isinstance(child, Element):
            yield child
            yield from walk(child)


def text(node) -> str:
    if isinstance(node, str):
        return node
    return " ".join(text(child) for child in node.children).replace(" .", ".").strip()


def legend_of(page: Page, fieldset: Element) -> Element:
    legends = [child for child in fieldset.children if isinstance(child, Element)]
    assert legends and legends[0].name == "legend", "a fieldset's first child is its legend"
    return legends[0]


def assert_error_shown(page: Page, *, field_id: str, message: str) -> None:
    """The message is inline with a hidden "Error:" first, and the summary links to the input."""
    error = page.by_id[f"{field_id}-error"]
    hidden = [el for el in walk(error) if "visually-hidden" in classes(el)]
    assert hidden and text(hidden[0]) == "Error:", text(error)
    assert message in text(error)
    links = page.error_summary_links()
    targets = [target for shown, target in links.items() if shown.startswith(message)]
    # Django numbers the inputs of a group from 0; a lone input has the field's own id.
    first_input = f"{field_id}_0" if f"{field_id}_0" in page.by_id else field_id
    assert targets == [first_input], (message, links)
    assert page.by_id[first_input].name in {"input", "textarea", "select"}


# --- The contact form ----------------------------------------------------------------------------


def contact_page(client, data=None) -> Page:
    response = client.post(CONTACT_URL, data) if data is not None else client.get(CONTACT_URL)
    assert response.status_code == 200
    return Page(response.content.decode())


def test_contact_form_errors_link_to_each_fields_first_input_and_describe_it(client):
    page = contact_page(
        client,
        request_data(
            "forged:token", name="", phone="call me", email="jordan@", best_time="midnight",
            message="m" * 1001, consent=None,
        ),
    )  # fmt: skip
    for field_id, message in [
        ("id_name", "Enter your name"),
        ("id_phone", "Enter a phone number in the correct format"),
        ("id_email", "Enter an email address in the correct format"),
        ("id_best_time", "Select the best time to call from the list"),
        ("id_message", "Message must be 1000 characters or fewer"),
        ("id_consent", "Tick the box to agree that we can keep your details and contact you"),
    ]:
        assert_error_shown(page, field_id=field_id, message=message)

    for field_id in ["id_name", "id_phone", "id_email", "id_message", "id_consent"]:
        element = page.by_id[field_id]
        assert attrs(element)["aria-invalid"] == "true", field_id
        assert any(error.startswith("Error:") for error in page.described_by(element)), field_id
    message = page.described_by(page.by_id["id_message"])
    assert message[0].startswith("For example, a question you would like us to answer")
    consent = page.described_by(page.by_id["id_consent"])
    assert consent[0].startswith("Our privacy notice (opens in a new tab)")

    radios = page.find("input", name="best_time")
    assert len(radios) == 3
    group = page.group_of(radios[0])
    assert text(legend_of(page, group)) == "Best time to call (optional)"
    hint, error = page.described_by(group)
    assert hint == "We call during our opening hours: Monday to Friday, 8am to 5pm."
    assert error == "Error: Select the best time to call from the list"


def test_contact_form_without_errors_describes_inputs_by_their_hints_only(client):
    page = contact_page(client)
    assert not [el for el in page.all if "error-summary" in classes(el)]
    for field_id in ["id_name", "id_phone", "id_email", "id_message", "id_consent", "id_website"]:
        element = page.by_id[field_id]
        assert "aria-invalid" not in attrs(element), field_id
        assert page.label_for(element), f"{field_id} has a label"
    assert page.described_by(page.by_id["id_name"]) == []
    assert page.described_by(page.by_id["id_phone"]) == []
    assert len(page.described_by(page.by_id["id_message"])) == 1

    methods = page.group_of(page.by_id["id_phone"])
    assert page.group_of(page.by_id["id_email"]) is methods
    assert text(legend_of(page, methods)) == "How should we contact you?"
    assert page.described_by(methods) == ["Give a phone number, an email address, or both."]
    consent = page.group_of(page.by_id["id_consent"])
    assert text(legend_of(page, consent)) == "Agreeing to be contacted"
    privacy = [el for el in walk(page.by_id["id_consent-hint"]) if el.name == "a"]
    assert attrs(privacy[0])["href"] == "/privacy/#consultation-requests"


def test_contact_form_keeps_its_honeypot_token_and_send_button(client):
    page = contact_page(client)
    (form,) = page.find("form", action=CONTACT_URL)
    assert attrs(form)["method"] == "post"
    assert "novalidate" in attrs(form), "errors come from the server, in the error summary"
    honeypot = page.by_id["id_website"]
    assert "consult-hp" in classes(page.parents[id(honeypot)])
    assert attrs(honeypot)["tabindex"] == "-1"
    assert attrs(honeypot)["autocomplete"] == "off"
    (token,) = page.find("input", name="form_token")
    assert attrs(token)["type"] == "hidden" and attrs(token)["value"]
    assert page.find("input", name="csrfmiddlewaretoken")
    (button,) = page.find("button")
    assert text(button) == "Send request" and attrs(button)["type"] == "submit"


def test_contact_form_offers_the_screener_summary_once_there_is_one(client):
    screener_walk(client, CHRONIC_PAIN_VISITOR, pages_fetched=False)
    page = contact_page(client)
    box = page.by_id["id_share_summary"]
    assert text(legend_of(page, page.group_of(box))) == "Your screener summary"
    (hint,) = page.described_by(box)
    assert hint.startswith("Your summary of the answers you gave")
    assert "See your summary (opens in a new tab)" in hint


# --- Screener steps ------------------------------------------------------------------------------


def step_page(client, step_key: str, data=None) -> Page:
    """The step as a visitor reaches it, after answering the questions before it."""
    start(client)
    for key, value in CHRONIC_PAIN_VISITOR.items():
        if key == step_key:
            break
        assert answer(client, key, value).status_code == 302, key
    url = step_url(step_key)
    response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == 200
    return Page(response.content.decode())


@pytest.mark.parametrize("step_key", QUESTION_STEPS)
def test_each_question_is_a_fieldset_whose_legend_is_the_page_heading(client, step_key):
    step = STEPS_BY_KEY[step_key]
    page = step_page(client, step_key)
    (heading,) = page.find("h1")
    assert text(heading) == str(step.question)
    legend = page.ancestor(heading, "legend")
    assert legend is not None, "the question is the legend"
    fieldset = page.parents[id(legend)]
    inputs = page.find("input", name="answer")
    assert len(inputs) == len(step.choices)
    assert all(page.group_of(element) is fieldset for element in inputs)
    caption = [el for el in walk(legend) if "caption" in classes(el)]
    assert re.fullmatch(r"Part \d of \d: .+", text(caption[0]))
    assert page.described_by(fieldset) == ([str(step.hint)] if step.hint else [])
    (button,) = page.find("button")
    assert text(button) == "Continue"


@pytest.mark.parametrize("step_key", ["age", "pain-score", "pain-type"])
def test_a_question_with_an_error_links_the_summary_to_its_first_choice(client, step_key):
    step = STEPS_BY_KEY[step_key]
    page = step_page(client, step_key, data={})
    assert_error_shown(page, field_id="id_answer", message=str(step.error_required))
    fieldset = page.group_of(page.by_id["id_answer_0"])
    assert page.described_by(fieldset)[-1] == f"Error: {step.error_required}"
    assert all(attrs(el)["aria-invalid"] == "true" for el in page.find("input", name="answer"))
    assert len(page.find("h1")) == 1


def test_choices_show_their_own_hints_and_an_or_before_the_choice_that_stands_alone(client):
    page = step_page(client, "pain-type")
    nerve = page.find("input", value="neuropathic")[0]
    assert page.described_by(nerve) == [
        "Often burning, shooting or tingling, for example after shingles or injury"
    ]
    choices = next(el for el in page.all if "choices" in classes(el))
    shown = [
        text(child) if "choices__divider" in classes(child) else attrs(next(walk(child)))["value"]
        for child in choices.children
        if isinstance(child, Element)
    ]
    assert shown[-2:] == ["or", "not_sure"]
    assert shown.count("or") == 1


def test_the_checklist_has_the_heading_above_a_question_per_item(client):
    step = STEPS_BY_KEY["precautions"]
    page = step_page(client, "precautions")
    (heading,) = page.find("h1")
    assert text(heading) == str(step.question)
    assert page.ancestor(heading, "legend") is None
    for item in step.items:
        radios = page.find("input", name=item.key)
        assert [attrs(el)["value"] for el in radios] == ["yes", "no", "not_sure"]
        fieldset = page.group_of(radios[0])
        assert text(legend_of(page, fieldset)) == str(item.label)
        assert page.described_by(fieldset) == ([str(item.hint)] if item.hint else [])

    page = step_page(client, "precautions", data={"blood_pressure": "no"})
    for item in step.items[1:]:
        assert_error_shown(page, field_id=f"id_{item.key}", message=str(item.error))
        fieldset = page.group_of(page.by_id[f"id_{item.key}_0"])
        assert page.described_by(fieldset)[-1] == f"Error: {item.error}"
    assert "id_blood_pressure-error" not in page.by_id
    assert len(page.find("h1")) == 1


# --- Search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "field_id", "value"),
    [("/search/?q=side+effects", "search-query", "side effects"), ("/", "home-search", None)],
)
def test_search_box_is_labelled_and_shows_the_words_searched_for(client, url, field_id, value):
    page = Page(client.get(url).content.decode())
    (form,) = page.find("form", role="search")
    assert attrs(form)["method"] == "get" and attrs(form)["action"] == "/search/"
    assert not page.find("input", name="csrfmiddlewaretoken")
    box = page.by_id[field_id]
    assert attrs(box)["name"] == "q" and attrs(box)["type"] == "search"
    assert attrs(box).get("value") == value
    assert page.label_for(box) == "Search this website"
    assert text(page.find("button", type="submit")[0]) == "Search"


# --- A new form is a layout ----------------------------------------------------------------------


class AppointmentForm(forms.Form):
    """A form the site does not have, to show what a layout alone gives."""

    town = forms.CharField(label="Town", help_text="Where you live")
    day = forms.ChoiceField(
        label="Day", choices=[("mon", "Monday"), ("tue", "Tuesday")], widget=forms.RadioSelect
    )
    reminder = forms.BooleanField(label="Text me a reminder", required=False)

    def __init__(self, *args, **kwargs):
        from crispy_forms.bootstrap import StrictButton
        from crispy_forms.helper import FormHelper
        from crispy_forms.layout import Layout

        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = "/appointment/"
        self.helper.layout = Layout(
            "town",
            Choices("day", heading=True, caption="{{ caption_text }}"),
            Fieldset("Reminders", "reminder", hint="We never share your number.", css_id="rem"),
            StrictButton("Book", type="submit", css_class="btn-primary"),
        )


def test_a_new_form_needs_only_a_layout_to_follow_the_pattern():
    form = AppointmentForm(data={"day": "sun"})
    assert not form.is_valid()
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": form, "request": RequestFactory().get("/"), "caption_text": "Step 1"})
    )
    page = Page(html)
    town = page.by_id["id_town"]
    assert page.label_for(town) == "Town"
    assert page.described_by(town) == ["Where you live", "Error: This field is required."]
    day = page.group_of(page.by_id["id_day_0"])
    heading = next(el for el in walk(legend_of(page, day)) if el.name == "h1")
    assert text(heading) == "Day"
    (error,) = page.described_by(day)
    assert error.startswith("Error: Select a valid choice.")
    reminders = page.group_of(page.by_id["id_reminder"])
    assert page.described_by(reminders) == ["We never share your number."]
    assert "Step 1" in text(day)


def test_a_fieldset_hint_needs_an_id_to_be_described_by():
    with pytest.raises(ValueError, match="css_id"):
        Fieldset("Reminders", "reminder", hint="We never share your number.")


def test_site_settings_reach_layout_text(client):
    settings = SiteSettings.load()
    settings.opening_hours = "Tuesdays only"
    settings.save()
    page = contact_page(client)
    group = page.group_of(page.find("input", name="best_time")[0])
    assert page.described_by(group) == ["We call during our opening hours: Tuesdays only."]
