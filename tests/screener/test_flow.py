"""Which steps are asked, in what order, and where each answer leads: no HTTP, no database."""

import pytest

from screener.flow import (
    CHECK_ANSWERS,
    answer_is_valid,
    flow_after_answer,
    flow_redirect,
    flow_section_position,
    flow_walk,
)
from screener.flow import flow_next as _flow_next
from screener.questions import STEPS, STEPS_BY_KEY, Kind

from .answers import (
    CHRONIC_PAIN_STEPS,
    CHRONIC_PAIN_VISITOR,
    NO_PAIN_STEPS,
    NO_PAIN_VISITOR,
    NO_PRECAUTIONS,
    NO_PRECAUTIONS_BODY,
)


def keys(walk) -> list[str]:
    return [step.key for step in walk.steps]


def flow_next(answers, step_key, reviewing=False):
    walk = flow_walk(answers=answers)
    target = _flow_next(walk=walk, step=STEPS_BY_KEY[step_key], reviewing=reviewing)
    return getattr(target, "key", target)


def test_every_step_key_is_unique_and_a_url_slug():
    all_keys = [step.key for step in STEPS]
    assert len(all_keys) == len(set(all_keys))
    fixed_pages = {
        "check-your-answers",
        "summary",
        "for-adults",
        "support",
        "start-again",
        "keep-alive",
        "delete",
        "deleted",
        "expired",
        "exit",
    }
    for key in all_keys:
        assert key.replace("-", "").isalnum() and key == key.lower()
        assert key not in fixed_pages


def test_every_condition_reads_only_earlier_steps():
    seen: set[str] = set()
    for step in STEPS:
        assert set(step.depends_on) <= seen, step.key
        assert bool(step.condition) == bool(step.depends_on), step.key
        seen.add(step.key)


def test_before_any_answer_every_step_counts():
    walk = flow_walk(answers={})
    assert keys(walk) == [step.key for step in STEPS]
    assert walk.first_unanswered.key == "age"
    assert len(walk.steps) == len(STEPS)


def test_chronic_pain_visitor_is_asked_every_step_but_the_named_cause():
    walk = flow_walk(answers=CHRONIC_PAIN_VISITOR)
    assert keys(walk) == CHRONIC_PAIN_STEPS
    assert walk.complete


def test_visitor_without_pain_or_low_mood_skips_every_conditional_step():
    walk = flow_walk(answers=NO_PAIN_VISITOR)
    assert keys(walk) == NO_PAIN_STEPS
    assert walk.complete
    assert flow_section_position(step=STEPS_BY_KEY["ride-home"]) == (7, 7)


@pytest.mark.parametrize(
    ("changes", "asked", "skipped"),
    [
        # Pain details only with chronic pain (or not sure how long).
        ({"pain-duration": "not_sure"}, ["pain-type", "pain-score", "treatments"], []),
        ({"pain-duration": "less_than_3_months"}, [], ["pain-type", "pain-score", "treatments"]),
        ({"pain-duration": "no"}, [], ["pain-interference", "pain-cause", "treatment-help"]),
        # Cancer or surgery already named as the kind of pain: not asked again.
        ({"pain-type": ["cancer"]}, [], ["pain-cause"]),
        ({"pain-type": ["post_surgical", "other"]}, [], ["pain-cause"]),
        ({"pain-type": ["other"]}, ["pain-cause"], []),
        # How much treatments helped: only when some were tried.
        ({"treatments": ["none"]}, [], ["treatment-help"]),
        ({"treatments": ["physical_therapy"]}, ["treatment-help"], []),
        # Antidepressants: with low mood (PHQ-2 of 3 or more) or a diagnosis.
        (
            {"phq-interest": "several_days", "phq-mood": "several_days"},
            [],
            ["antidepressants"],
        ),
        ({"phq-interest": "several_days", "phq-mood": "more_than_half"}, ["antidepressants"], []),
        ({"depression-diagnosis": "yes"}, ["antidepressants"], []),
        ({"depression-diagnosis": "not_sure"}, ["antidepressants"], []),
        # Worry about dependence: with opioids now or in the past.
        ({"opioids-current": "sometimes"}, ["opioid-worry"], []),
        ({"opioids-current": "not_sure"}, [], ["opioid-worry"]),
    ],
)
def test_conditional_steps(changes, asked, skipped):
    base = {
        **CHRONIC_PAIN_VISITOR,
        "pain-type": ["neuropathic"],
        "treatments": ["nsaids"],
        "phq-interest": "not_at_all",
        "phq-mood": "not_at_all",
        "opioids-current": "no",
    }
    walk_keys = keys(flow_walk(answers={**base, **changes}))
    for key in asked:
        assert key in walk_keys, key
    for key in skipped:
        assert key not in walk_keys, key


@pytest.mark.parametrize(
    "answers",
    [
        CHRONIC_PAIN_VISITOR,
        NO_PAIN_VISITOR,
        {**CHRONIC_PAIN_VISITOR, "opioids-current": "no", "treatments": ["nsaids"]},
        {**NO_PAIN_VISITOR, "opioids-current": "daily"},
    ],
)
def test_every_adult_is_asked_about_medicines_after_the_opioid_questions(answers):
    walk_keys = keys(flow_walk(answers=answers))
    opioid_questions = [key for key in ("opioids-current", "opioid-worry") if key in walk_keys]
    assert walk_keys.index("medicines") == walk_keys.index(opioid_questions[-1]) + 1
    assert walk_keys[walk_keys.index("medicines") + 1] == "alcohol-drugs"


def test_the_medicines_answer_leaves_the_route_unchanged():
    for medicines in (["none"], ["not_sure"], ["sedatives", "maois"]):
        walk = flow_walk(answers={**NO_PAIN_VISITOR, "medicines": medicines})
        assert keys(walk) == NO_PAIN_STEPS
        assert walk.complete


def test_past_opioid_treatment_alone_opens_the_dependence_question():
    answers = {**CHRONIC_PAIN_VISITOR, "opioids-current": "no", "treatments": ["opioids"]}
    assert "opioid-worry" in keys(flow_walk(answers=answers))


def test_stale_answers_to_skipped_steps_are_left_out():
    answers = {**CHRONIC_PAIN_VISITOR, "pain-duration": "no"}
    walk = flow_walk(answers=answers)
    assert "pain-score" not in walk.answers
    assert "treatments" not in walk.answers
    # The opioid question was opened by the (now stale) treatments answer; still asked because
    # opioids are taken now.
    assert walk.answers["opioid-worry"] == "yes"


def test_progress_is_by_part_and_every_route_passes_through_every_part():
    """A step's part number depends on the step alone, so answers that rule steps out never
    change it; and each part keeps at least one question on every route."""
    assert [flow_section_position(step=STEPS_BY_KEY[key]) for key in ("age", "phq-interest")] == [
        (1, 7),
        (4, 7),
    ]
    always = [step for step in STEPS if step.condition is None]
    assert {str(step.section) for step in always} == {str(step.section) for step in STEPS}


def test_under_18_ends_the_journey_at_the_kind_page():
    walk = flow_walk(answers={**CHRONIC_PAIN_VISITOR, "age": "no"})
    assert walk.exit == "screener:for-adults"
    assert not walk.complete
    assert keys(walk) == ["age"]
    assert flow_redirect(walk=walk, step=STEPS_BY_KEY["pain-duration"]) == "screener:for-adults"
    assert flow_redirect(walk=walk, step=STEPS_BY_KEY["age"]) is None
    assert flow_next(walk.answers, "age") == "screener:for-adults"


@pytest.mark.parametrize(
    ("answers", "requested", "redirect_to"),
    [
        ({}, "age", None),
        ({}, "ride-home", "age"),
        ({"age": "yes"}, "pain-duration", None),
        ({"age": "yes"}, "phq-mood", "pain-duration"),
        ({"age": "yes", "pain-duration": "no"}, "pain-score", "ketamine-before"),
        (NO_PAIN_VISITOR, "pain-score", CHECK_ANSWERS),
        (NO_PAIN_VISITOR, "phq-mood", None),
        (CHRONIC_PAIN_VISITOR, "age", None),
    ],
)
def test_a_later_step_without_the_earlier_answers_redirects_to_the_first_unanswered(
    answers, requested, redirect_to
):
    target = flow_redirect(walk=flow_walk(answers=answers), step=STEPS_BY_KEY[requested])
    assert getattr(target, "key", target) == redirect_to


def test_continue_moves_to_the_next_step_even_when_it_is_answered():
    assert flow_next(CHRONIC_PAIN_VISITOR, "pain-score") == "pain-interference"
    assert flow_next(CHRONIC_PAIN_VISITOR, "ride-home") == CHECK_ANSWERS


def test_continue_goes_to_an_earlier_gap_before_moving_on():
    answers = {key: value for key, value in NO_PAIN_VISITOR.items() if key != "phq-mood"}
    assert flow_next(answers, "alcohol-drugs") == "phq-mood"


def test_while_reviewing_continue_returns_to_check_answers():
    assert flow_next(CHRONIC_PAIN_VISITOR, "pain-score", reviewing=True) == CHECK_ANSWERS


def test_while_reviewing_a_change_that_opens_questions_asks_them_first():
    answers = {**NO_PAIN_VISITOR, "pain-duration": "3_months_or_more"}
    assert flow_next(answers, "pain-duration", reviewing=True) == "pain-type"


@pytest.mark.parametrize(
    ("answer", "target"),
    [
        ("not_at_all", "depression-diagnosis"),
        ("several_days", "screener:support"),
        ("more_than_half", "screener:support"),
        ("nearly_every_day", "screener:support"),
    ],
)
def test_any_self_harm_answer_but_not_at_all_shows_the_crisis_page_at_once(answer, target):
    walk = flow_walk(answers={**NO_PAIN_VISITOR, "self-harm": answer})
    result = flow_after_answer(walk=walk, step=STEPS_BY_KEY["self-harm"], reviewing=False)
    assert getattr(result, "key", result) == target


def test_self_harm_is_asked_whatever_the_mood_answers():
    answers = {**NO_PAIN_VISITOR}
    del answers["self-harm"]
    walk = flow_walk(answers=answers)
    assert walk.first_unanswered.key == "self-harm"


@pytest.mark.parametrize(
    ("step_key", "value", "valid"),
    [
        ("age", "yes", True),
        ("age", "maybe", False),
        ("age", ["yes"], False),
        ("pain-score", "10", True),
        ("pain-score", "11", False),
        ("pain-score", "-1", False),
        ("treatments", ["nsaids", "opioids"], True),
        ("treatments", ["none"], True),
        ("treatments", ["none", "opioids"], False),
        ("treatments", [], False),
        ("treatments", ["aspirin"], False),
        ("treatments", "nsaids", False),
        ("pain-cause", ["none", "not_sure"], False),
        ("medicines", ["sedatives", "stimulants", "maois", "lamotrigine", "other"], True),
        ("medicines", ["not_sure"], True),
        ("medicines", ["none"], True),
        ("medicines", ["none", "not_sure"], False),
        ("medicines", ["not_sure", "lamotrigine"], False),
        ("medicines", ["opioids"], False),
        ("precautions", {**NO_PRECAUTIONS, "stroke": "yes"}, True),
        ("precautions", NO_PRECAUTIONS, True),
        ("precautions", {**NO_PRECAUTIONS, "heart": "maybe"}, False),
        ("precautions", {"heart": "no"}, False),
        ("precautions", {k: v for k, v in NO_PRECAUTIONS.items() if k != "stroke"}, False),
        ("precautions-body", {**NO_PRECAUTIONS_BODY, "bladder": "yes"}, True),
        (
            "precautions-body",
            {k: v for k, v in NO_PRECAUTIONS_BODY.items() if k != "bladder"},
            False,
        ),
        ("medicines", ["gabapentinoids", "muscle_relaxants", "cannabis"], True),
        ("precautions", ["no"], False),
    ],
)
def test_answer_validity(step_key, value, valid):
    assert answer_is_valid(step=STEPS_BY_KEY[step_key], value=value) is valid


def test_every_checkbox_step_offers_an_exclusive_answer_and_says_so_in_errors():
    for step in STEPS:
        if step.kind is Kind.CHECKBOXES:
            assert any(choice.exclusive for choice in step.choices), step.key
            assert step.error_exclusive, step.key
