"""The medicines question: asked of every adult after the opioid questions, and checked."""

import re

import pytest

from .answers import (
    CHRONIC_PAIN_VISITOR,
    NO_PAIN_STEPS,
    NO_PAIN_VISITOR,
)
from .support import (
    CHECK_ANSWERS_URL,
    answer,
    session_answers,
    start,
    step_url,
    walk,
)

pytestmark = pytest.mark.django_db


def test_every_adult_is_asked_which_medicines_they_take_after_the_opioid_questions(client):
    asked, _ = walk(client, NO_PAIN_VISITOR)
    assert asked[asked.index("opioids-current") + 1] == "medicines"
    asked, _ = walk(client, CHRONIC_PAIN_VISITOR)
    assert asked[asked.index("opioid-worry") + 1 : asked.index("opioid-worry") + 3] == [
        "medicines",
        "alcohol-drugs",
    ]


def test_the_medicines_question_names_each_kind_in_plain_words_with_examples(client):
    start(client)
    for key in NO_PAIN_STEPS[: NO_PAIN_STEPS.index("medicines")]:
        answer(client, key, NO_PAIN_VISITOR[key])
    html = client.get(step_url("medicines")).content.decode()
    assert re.search(r"<h1[^>]*>Are you taking any of these\?</h1>", html)
    assert "Part 5 of 7: Medicines, alcohol and drugs" in html
    assert f'class="back-link" href="{step_url("opioids-current")}"' in html
    values = re.findall(r'type="checkbox" name="answer" id="id_answer_\d+" value="(\w+)"', html)
    assert values == [
        "sedatives",
        "gabapentinoids",
        "muscle_relaxants",
        "cannabis",
        "stimulants",
        "maois",
        "lamotrigine",
        "other",
        "none",
        "not_sure",
    ]
    for text in (
        "Benzodiazepines, sleeping tablets or other medicines for anxiety or sleep",
        "For example lorazepam, alprazolam, diazepam or zolpidem",
        "Gabapentin or pregabalin, taken now",
        "Also called Neurontin or Lyrica",
        "Muscle relaxants",
        "For example cyclobenzaprine, tizanidine, baclofen or methocarbamol",
        "Cannabis or CBD",
        "Stimulants, for example for ADHD or to stay awake",
        "For example methylphenidate, amphetamines, modafinil or armodafinil",
        "MAO inhibitor antidepressants (MAOIs)",
        "For example phenelzine, tranylcypromine or selegiline",
        "Lamotrigine",
        "Another medicine for mood, seizures or sleep",
        "None of these",
        "Not sure",
    ):
        assert text in html, text
    # Each example is the option's hint, read with it; "or" comes before the exclusive answers.
    assert 'aria-describedby="id_answer_0-hint"' in html
    assert html.index('<p class="choices__divider">or</p>') < html.index('value="none"')
    assert answer(client, "medicines", ["maois", "lamotrigine"])["Location"] == step_url(
        "alcohol-drugs"
    )
    back = client.get(step_url("alcohol-drugs")).content.decode()
    assert f'class="back-link" href="{step_url("medicines")}"' in back
    previous = client.get(step_url("medicines")).content.decode()
    assert re.findall(r'value="(\w+)" checked', previous) == ["maois", "lamotrigine"]


@pytest.mark.parametrize("medicines", [["none"], ["not_sure"], ["sedatives", "other"]])
def test_check_answers_lists_the_medicines_and_a_change_returns_there(client, medicines):
    walk(client, {**NO_PAIN_VISITOR, "medicines": medicines})
    html = client.get(CHECK_ANSWERS_URL).content.decode()
    assert '<span class="visually-hidden"> your answer: Medicines you are taking</span>' in html
    assert f'href="{step_url("medicines")}">Change' in html
    assert answer(client, "medicines", ["stimulants"])["Location"] == CHECK_ANSWERS_URL
    assert "Stimulants, for example for ADHD" in client.get(CHECK_ANSWERS_URL).content.decode()
    assert session_answers(client)["medicines"] == ["stimulants"]


def checklist_page(client, key: str) -> str:
    start(client)
    for asked in NO_PAIN_STEPS[: NO_PAIN_STEPS.index(key)]:
        answer(client, asked, NO_PAIN_VISITOR[asked])
    return client.get(step_url(key)).content.decode()


def test_the_checklist_asks_about_bladder_problems_and_aneurysms_anywhere(client):
    html = checklist_page(client, "precautions")
    assert "An aneurysm anywhere in the body, an arteriovenous malformation (AVM)" in html
    assert "the aorta in the chest or belly, or an arm or leg" in html
    html = checklist_page(client, "precautions-body")
    assert "Bladder problems, such as interstitial cystitis or pain when passing urine" in html
    assert "A bad reaction to ketamine or esketamine in the past, including an allergy" in html
    assert 'name="bladder"' in html


def test_the_heart_page_asks_about_stroke_angina_and_heart_valves(client):
    html = checklist_page(client, "precautions")
    assert re.search(r"<h1[^>]*>Do any of these heart or blood vessel conditions apply", html)
    assert "A stroke or a mini-stroke (TIA)" in html and 'name="stroke"' in html
    assert "chest pain (angina) or heart valve disease" in html


def test_the_mental_health_item_names_bipolar_disorder_and_hypomania(client):
    html = checklist_page(client, "precautions-mind")
    assert (
        "Bipolar disorder, psychosis, schizophrenia, or a past spell of mania or hypomania" in html
    )


def test_the_checklist_is_three_short_pages_each_about_one_thing(client):
    asked, _ = walk(client, NO_PAIN_VISITOR)
    pages = [key for key in asked if key.startswith("precautions")]
    assert pages == ["precautions", "precautions-mind", "precautions-body"]
    assert asked[asked.index("precautions-body") + 1] == "supervised-sessions"
    html = client.get(CHECK_ANSWERS_URL).content.decode()
    assert "Misusing alcohol or drugs" not in html, "asked once, in the alcohol question"


def test_every_adult_is_asked_about_ketamine_or_esketamine_before(client):
    asked, _ = walk(client, NO_PAIN_VISITOR)
    assert "ketamine-before" in asked
    html = client.get(step_url("ketamine-before")).content.decode()
    assert re.search(r"<h1[^>]*>Have you had ketamine or esketamine before, for any reason\?", html)


def test_the_ride_home_hint_gives_the_infusion_rule_not_the_nasal_spray_rule(client):
    walk(client, NO_PAIN_VISITOR)
    html = client.get(step_url("ride-home")).content.decode()
    assert "for at least 24 hours" in html
    assert "until the next day" not in html
