"""The summary the rules build from answers: table-driven over every factor, no HTTP."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screener.flow import flow_walk
from screener.guidance import guidance_sources
from screener.questions import (
    FREQUENCY_SCORES,
    PRECAUTION_STEPS,
    SEDATING_MEDICINES,
    STEPS,
    Kind,
    phq2_total,
)
from screener.rules import mood_note, summary_build

from .answers import (
    CHRONIC_PAIN_VISITOR,
    CRISIS_VISITOR,
    NO_PAIN_VISITOR,
    NO_PRECAUTIONS,
    NO_PRECAUTIONS_BODY,
)

# Every checklist item, with the page it is on.
CHECKLIST_ITEMS = [(step.key, item.key) for step in PRECAUTION_STEPS for item in step.items]
COMBINATION = "add to ketamine's sleepiness and can slow your breathing"

SECTION_ORDER = ["safety", "check-first", "pain", "treatments", "mood", "substances", "practical"]
BANNED = re.compile(
    r"\b(eligible|ineligible|qualify|qualifies|approved|good candidate|not a candidate)\b", re.I
)


def section_keys(summary) -> list[str]:
    return [section.key for section in summary.sections]


def said(summary, section_key: str) -> str:
    section = summary.section(section_key)
    return " | ".join(line for item in section.items for line in item.said) if section else ""


@pytest.mark.parametrize("interest", list(FREQUENCY_SCORES))
@pytest.mark.parametrize("mood", list(FREQUENCY_SCORES))
def test_phq2_total_adds_both_items(interest, mood):
    total = phq2_total({"phq-interest": interest, "phq-mood": mood})
    assert total == FREQUENCY_SCORES[interest] + FREQUENCY_SCORES[mood]
    note = mood_note(total)
    assert f"{total} out of 6" in note
    assert ("worth talking about with your clinician" in note) is (total >= 3)
    assert "depression" not in note.lower()
    assert "diagnos" not in note.lower()


def test_phq2_total_is_none_until_both_items_are_answered():
    assert phq2_total({"phq-interest": "several_days"}) is None
    assert mood_note(None) == ""


def test_sections_follow_the_brief_order_for_a_visitor_in_crisis():
    summary = summary_build(answers=CRISIS_VISITOR)
    assert summary.crisis
    assert section_keys(summary) == [
        "safety",
        "check-first",
        "pain",
        "mood",
        "substances",
        "practical",
    ]


def test_chronic_pain_visitor_has_every_group_but_safety():
    summary = summary_build(answers=CHRONIC_PAIN_VISITOR)
    assert not summary.crisis
    assert section_keys(summary) == SECTION_ORDER[1:]
    assert summary.phq2_total == 3
    assert summary.factors == (
        "medicines",
        "chronic-pain",
        "pain-intensity",
        "treatments-tried",
        "mood",
        "depression-treatments",
        "opioids",
        "supervised-sessions",
        "ride-home",
    )
    pain = said(summary, "pain")
    assert "Pain for 3 months or longer: Yes, for 3 months or longer" in pain
    assert "Nerve pain (neuropathic pain), Complex regional pain syndrome (CRPS)" in pain
    assert "Average pain over the last week: 7 out of 10" in pain
    assert "How much pain gets in the way: Quite a lot" in pain
    treatments = said(summary, "treatments")
    assert "Anti-inflammatory painkillers (NSAIDs), Opioid painkillers" in treatments
    assert "How much treatments helped: A little" in treatments
    assert "Worried about opioid dependence: Yes" in said(summary, "substances")


@pytest.mark.parametrize(
    ("answer", "crisis"),
    [
        ("not_at_all", False),
        ("several_days", True),
        ("more_than_half", True),
        ("nearly_every_day", True),
    ],
)
def test_any_self_harm_answer_but_not_at_all_puts_safety_first(answer, crisis):
    summary = summary_build(answers={**NO_PAIN_VISITOR, "self-harm": answer})
    assert summary.crisis is crisis
    assert (section_keys(summary)[0] == "safety") is crisis
    if crisis:
        assert summary.sections[0].items[0].factor == "self-harm"


@pytest.mark.parametrize(("page", "item"), CHECKLIST_ITEMS)
@pytest.mark.parametrize(("answer", "listed"), [("yes", True), ("not_sure", True), ("no", False)])
def test_each_precaution_answered_yes_or_not_sure_is_for_the_clinician_to_check(
    page, item, answer, listed
):
    answers = {**NO_PAIN_VISITOR, page: {**NO_PAIN_VISITOR[page], item: answer}}
    section = summary_build(answers=answers).section("check-first")
    factors = [entry.factor for entry in section.items]
    factor = "precaution-" + item.replace("_", "-")
    assert (factor in factors) is listed
    assert (factors == ["precautions-none"]) is (not listed)
    assert "not decisions" in section.intro
    if listed:
        label = "Yes" if answer == "yes" else "Not sure"
        assert section.items[0].said[0].endswith(f": {label}")


def test_several_precautions_are_all_listed_in_checklist_order():
    answers = {
        **NO_PAIN_VISITOR,
        "precautions": {**NO_PRECAUTIONS, "blood_pressure": "not_sure", "stroke": "yes"},
        "precautions-mind": {"raised_pressure": "no", "psychosis_mania": "yes"},
        "precautions-body": {**NO_PRECAUTIONS_BODY, "liver": "yes"},
    }
    section = summary_build(answers=answers).section("check-first")
    assert [item.factor for item in section.items] == [
        "precaution-blood-pressure",
        "precaution-stroke",
        "precaution-psychosis-mania",
        "precaution-liver",
    ]


SEDATIVES = "Benzodiazepines, sleeping tablets or other medicines for anxiety or sleep"
STIMULANTS = "Stimulants, for example for ADHD or to stay awake"
GABAPENTINOIDS = "Gabapentin or pregabalin, taken now"
MAOIS = "MAO inhibitor antidepressants (MAOIs)"
OTHER = "Another medicine for mood, seizures or sleep"


@pytest.mark.parametrize(
    ("medicines", "said_lines"),
    [
        (["none"], None),
        (["not_sure"], ("Medicines you are taking: Not sure",)),
        (["sedatives"], (SEDATIVES,)),
        (["stimulants"], (STIMULANTS,)),
        (["maois"], (MAOIS,)),
        (["lamotrigine"], ("Lamotrigine",)),
        (["other"], (OTHER,)),
        (["gabapentinoids"], (GABAPENTINOIDS,)),
        (["muscle_relaxants"], ("Muscle relaxants",)),
        (["cannabis"], ("Cannabis or CBD",)),
        (["sedatives", "stimulants"], (SEDATIVES, STIMULANTS)),
        (
            ["other", "lamotrigine", "maois", "stimulants", "sedatives"],
            (OTHER, "Lamotrigine", MAOIS, STIMULANTS, SEDATIVES),
        ),
    ],
)
@pytest.mark.parametrize(
    ("precautions", "before"),
    [
        ({}, []),
        (
            {
                "precautions": {**NO_PRECAUTIONS, "heart": "yes"},
                "precautions-body": {**NO_PRECAUTIONS_BODY, "bladder": "not_sure"},
            },
            ["precaution-heart", "precaution-bladder"],
        ),
    ],
)
def test_medicines_that_need_care_are_for_the_clinician_to_check_first(
    medicines, said_lines, precautions, before
):
    """Any medicine ticked, or "Not sure", is an item after the checklist's; "None" is none.

    Each medicine is a line of its own, as their names have commas in them. "No to each
    condition" is said only when nothing at all is to be checked first."""
    answers = {**NO_PAIN_VISITOR, **precautions, "medicines": medicines}
    summary = summary_build(answers=answers)
    section = summary.section("check-first")
    factors = [item.factor for item in section.items]
    if said_lines is None:
        assert factors == (before or ["precautions-none"])
        assert "medicines" not in summary.factors
        return
    assert factors == [*before, "medicines"]
    assert section.items[-1].said == said_lines
    assert summary.factors.count("medicines") == 1, "only under things to check first"


def test_the_medicines_item_is_left_out_until_the_question_is_answered():
    visitor = {**NO_PAIN_VISITOR, "medicines": ["sedatives"]}
    answers = {key: value for key, value in visitor.items() if key != "medicines"}
    assert "medicines" not in summary_build(answers=answers).factors
    assert "medicines" in summary_build(answers=visitor).factors


@pytest.mark.parametrize("opioids", ["daily", "sometimes", "not_sure"])
def test_opioids_taken_now_are_with_the_things_to_check_first(opioids):
    answers = {**NO_PAIN_VISITOR, "opioids-current": opioids, "medicines": ["none"]}
    section = summary_build(answers=answers).section("check-first")
    assert [item.factor for item in section.items] == ["medicines"]
    assert section.items[0].said[0].startswith("Taking opioid painkillers now: ")
    assert "precautions-none" not in summary_build(answers=answers).factors
    assert COMBINATION not in section.items[0].note, "no other sedating medicine"


def test_no_opioids_now_leaves_the_things_to_check_first_clear():
    section = summary_build(answers=NO_PAIN_VISITOR).section("check-first")
    assert [item.factor for item in section.items] == ["precautions-none"]


def test_daily_opioids_and_a_benzodiazepine_are_both_checked_first_with_the_combination_line():
    answers = {
        **NO_PAIN_VISITOR,
        "opioids-current": "daily",
        "opioid-worry": "no",
        "medicines": ["sedatives"],
    }
    summary = summary_build(answers=answers)
    (item,) = summary.section("check-first").items
    assert item.said == ("Taking opioid painkillers now: Yes, every day or most days", SEDATIVES)
    assert COMBINATION in item.note
    assert "precautions-none" not in summary.factors


@pytest.mark.parametrize("sedating", sorted(SEDATING_MEDICINES))
@pytest.mark.parametrize("opioids", ["daily", "sometimes", "not_sure", "no"])
def test_opioids_with_any_sedating_medicine_get_one_plain_line(sedating, opioids):
    answers = {**NO_PAIN_VISITOR, "opioids-current": opioids, "medicines": [sedating, "maois"]}
    notes = [item.note for item in summary_build(answers=answers).section("check-first").items]
    assert sum(COMBINATION in note for note in notes) == (opioids != "no")


def test_opioids_with_a_current_alcohol_or_drug_problem_get_the_combination_line():
    answers = {**NO_PAIN_VISITOR, "opioids-current": "sometimes", "alcohol-drugs": "current"}
    section = summary_build(answers=answers).section("check-first")
    assert [item.factor for item in section.items] == ["precaution-substance-misuse", "medicines"]
    assert COMBINATION in section.items[-1].note


@pytest.mark.parametrize("medicines", [["stimulants"], ["maois"], ["lamotrigine"], ["not_sure"]])
def test_opioids_with_no_sedating_medicine_get_no_combination_line(medicines):
    answers = {**NO_PAIN_VISITOR, "opioids-current": "daily", "medicines": medicines}
    (item,) = summary_build(answers=answers).section("check-first").items
    assert COMBINATION not in item.note


def test_a_current_alcohol_or_drug_problem_never_sits_beside_no_to_each_condition():
    """The checklist was all "no"; the current problem is checked first, and the summary does
    not say the visitor answered no to each condition."""
    answers = {**NO_PAIN_VISITOR, "alcohol-drugs": "current"}
    summary = summary_build(answers=answers)
    section = summary.section("check-first")
    assert [item.factor for item in section.items] == ["precaution-substance-misuse"]
    assert section.items[0].said == ("Problems with alcohol or drugs: Yes, at the moment",)
    assert "precautions-none" not in summary.factors
    assert "answered no to each" not in said(summary, "check-first")
    assert "Yes, at the moment" not in said(summary, "substances")


def test_the_checklist_no_longer_asks_a_second_time_about_alcohol_or_drugs():
    items = [item.key for step in PRECAUTION_STEPS for item in step.items]
    assert "substance_misuse" not in items


@pytest.mark.parametrize(
    ("changes", "expected", "absent"),
    [
        ({"pain-duration": "less_than_3_months"}, "less than 3 months", "Average pain"),
        ({"pain-type": ["not_sure"]}, "Kind of pain: Not sure", ""),
        ({"pain-score": "0"}, "0 out of 10", ""),
        ({"pain-score": "10"}, "10 out of 10", ""),
        (
            {"pain-type": ["cancer"]},
            "linked to cancer or an operation: Cancer or its treatment",
            "",
        ),
        (
            {"pain-type": ["post_surgical"]},
            "linked to cancer or an operation: An operation (surgery)",
            "",
        ),
        (
            {"pain-cause": ["cancer", "surgery"]},
            "Cancer or its treatment, An operation (surgery)",
            "",
        ),
        ({"pain-cause": ["not_sure"]}, "linked to cancer or an operation: Not sure", ""),
        ({"pain-cause": ["none"]}, "Kind of pain", "linked to cancer"),
    ],
)
def test_pain_group(changes, expected, absent):
    pain = said(summary_build(answers={**CHRONIC_PAIN_VISITOR, **changes}), "pain")
    assert expected in pain
    if absent:
        assert absent not in pain


def test_no_ongoing_pain_gives_no_pain_section():
    summary = summary_build(answers={**CHRONIC_PAIN_VISITOR, "pain-duration": "no"})
    assert summary.section("pain") is None
    assert not {"chronic-pain", "pain-intensity", "pain-condition"} & set(summary.factors)


def test_pain_condition_factor_appears_only_when_cancer_or_surgery_is_named():
    linked = summary_build(answers={**CHRONIC_PAIN_VISITOR, "pain-cause": ["surgery"]})
    assert "pain-condition" in linked.factors
    assert "pain-condition" not in summary_build(answers=CHRONIC_PAIN_VISITOR).factors


@pytest.mark.parametrize(
    ("changes", "expected", "absent"),
    [
        ({"treatments": ["none"]}, "none of the treatments listed", "How much treatments helped"),
        ({"treatment-help": "not_at_all"}, "How much treatments helped: Not at all", ""),
        ({"pain-duration": "no"}, "", "Treatments tried"),
    ],
)
def test_treatments_group(changes, expected, absent):
    summary = summary_build(answers={**CHRONIC_PAIN_VISITOR, **changes})
    treatments = said(summary, "treatments")
    assert expected in treatments
    if absent:
        assert absent not in treatments
    assert (summary.section("treatments") is None) is (changes.get("pain-duration") == "no")


@pytest.mark.parametrize(
    ("changes", "expected", "absent"),
    [
        (
            {"depression-diagnosis": "yes", "antidepressants": "two_or_more"},
            "Antidepressants tried for mood: 2 or more",
            "",
        ),
        ({"antidepressants": "one"}, "Antidepressants tried for mood: 1", ""),
        (
            {"phq-interest": "not_at_all", "phq-mood": "several_days"},
            "Feeling down, depressed or hopeless: Several days",
            "Told by a health professional",
        ),
    ],
)
def test_mood_group(changes, expected, absent):
    mood = said(summary_build(answers={**CHRONIC_PAIN_VISITOR, **changes}), "mood")
    assert expected in mood
    if absent:
        assert absent not in mood


def test_no_low_mood_and_no_diagnosis_gives_no_depression_treatment_block():
    """No treatment-resistant-depression text for someone with no low mood and no diagnosis."""
    summary = summary_build(answers=NO_PAIN_VISITOR)
    assert summary.section("mood") is None
    assert "depression-treatments" not in summary.factors
    low_but_under_3 = {**NO_PAIN_VISITOR, "phq-mood": "several_days"}
    assert summary_build(answers=low_but_under_3).section("mood").items[0].factor == "mood"
    assert "depression-treatments" not in summary_build(answers=low_but_under_3).factors


@pytest.mark.parametrize(
    "changes",
    [
        {"depression-diagnosis": "yes", "antidepressants": "one"},
        {"depression-diagnosis": "not_sure", "antidepressants": "none"},
        {"phq-interest": "more_than_half", "phq-mood": "several_days", "antidepressants": "none"},
    ],
)
def test_low_mood_or_a_diagnosis_gives_the_depression_treatment_block(changes):
    assert "depression-treatments" in summary_build(answers={**NO_PAIN_VISITOR, **changes}).factors


@pytest.mark.parametrize(("answer", "shown"), [("yes", True), ("not_sure", True), ("no", False)])
def test_ketamine_before_is_listed_when_it_may_have_happened(answer, shown):
    summary = summary_build(answers={**NO_PAIN_VISITOR, "ketamine-before": answer})
    assert ("ketamine-before" in summary.factors) is shown


@pytest.mark.parametrize(
    ("changes", "expected", "absent"),
    [
        ({"opioids-current": "no"}, "Taking opioid painkillers now: No", ""),
        ({"opioids-current": "no", "treatments": ["nsaids"]}, "", "opioid"),
        ({"opioid-worry": "a_little"}, "Worried about opioid dependence: A little", ""),
        ({"alcohol-drugs": "current"}, "", "alcohol"),
        ({"alcohol-drugs": "past"}, "alcohol or drugs: Yes, in the past but not now", ""),
        ({"alcohol-drugs": "rather_not_say"}, "alcohol or drugs: I would rather not say", ""),
    ],
)
def test_opioids_and_substances_group(changes, expected, absent):
    substances = said(summary_build(answers={**CHRONIC_PAIN_VISITOR, **changes}), "substances")
    assert expected in substances
    if absent:
        assert absent not in substances


@pytest.mark.parametrize("sessions", ["yes", "no", "not_sure"])
@pytest.mark.parametrize("ride", ["yes", "no", "not_sure"])
def test_practical_group_reports_both_arrangements(sessions, ride):
    answers = {**NO_PAIN_VISITOR, "supervised-sessions": sessions, "ride-home": ride}
    practical = said(summary_build(answers=answers), "practical")
    labels = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}
    assert f"Able to attend supervised sessions: {labels[sessions]}" in practical
    assert f"Someone to take you home: {labels[ride]}" in practical


def test_every_factor_the_rules_can_name_has_a_guidance_file():
    sources = guidance_sources()
    factors = {
        "self-harm",
        "precautions-none",
        "medicines",
        "chronic-pain",
        "pain-intensity",
        "pain-condition",
        "treatments-tried",
        "mood",
        "depression-treatments",
        "opioids",
        "alcohol-drugs",
        "supervised-sessions",
        "ride-home",
        "ketamine-before",
        "precaution-substance-misuse",
    } | {"precaution-" + item.replace("_", "-") for _, item in CHECKLIST_ITEMS}
    assert factors == set(sources)
    for source in sources.values():
        assert source.why_it_matters and source.questions_to_ask, source.factor
        text = f"{source.title} {source.why_it_matters} {source.questions_to_ask}"
        assert not BANNED.search(text), source.factor


def _answer_strategy(step):
    if step.kind is Kind.RADIOS:
        return st.sampled_from(sorted(step.values))
    if step.kind is Kind.CHECKBOXES:
        plain = sorted(choice.value for choice in step.choices if not choice.exclusive)
        exclusive = [[choice.value] for choice in step.choices if choice.exclusive]
        return st.one_of(
            st.lists(st.sampled_from(plain), min_size=1, unique=True), st.sampled_from(exclusive)
        )
    values = sorted(step.values)
    return st.fixed_dictionaries({item.key: st.sampled_from(values) for item in step.items})


ANY_ANSWERS = st.fixed_dictionaries(
    {step.key: _answer_strategy(step) for step in STEPS if step.key != "age"}
).map(lambda answers: {"age": "yes", **answers})


@settings(max_examples=200, deadline=None)
@given(answers=ANY_ANSWERS)
def test_any_combination_of_answers_gives_an_ordered_summary_without_a_verdict(answers):
    summary = summary_build(answers=answers)
    keys = section_keys(summary)
    assert keys == [key for key in SECTION_ORDER if key in keys]
    assert {"check-first", "practical"} <= set(keys)
    if "precautions-none" in summary.factors:
        assert summary.section("check-first").items[0].factor == "precautions-none"
        assert len(summary.section("check-first").items) == 1
    assert summary.crisis is (answers["self-harm"] != "not_at_all")
    assert ("safety" in keys) is summary.crisis
    assert set(summary.factors) <= set(guidance_sources())
    walk = flow_walk(answers=answers)
    assert walk.complete
    text = " ".join(
        [section.title + " " + section.intro for section in summary.sections]
        + [line for section in summary.sections for item in section.items for line in item.said]
        + [item.note for section in summary.sections for item in section.items]
    )
    assert not BANNED.search(text)
