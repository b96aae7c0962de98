"""Property: whatever is posted to whichever step, in any order, the site never fails and the
session stays consistent: every stored answer is a valid answer to its step, stored only when
the journey had reached that step (so the stored steps form a walk the site allows), and a
valid answer to the step asked is always stored."""

import copy
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screener.flow import answer_is_valid, flow_redirect, flow_walk
from screener.questions import STEPS, STEPS_BY_KEY, Kind, Step

from .answers import CHRONIC_PAIN_VISITOR, CRISIS_VISITOR, NO_PAIN_VISITOR
from .support import CHECK_ANSWERS_URL, START_URL, SUMMARY_URL, session_answers, step_key_of

pytestmark = pytest.mark.django_db

ALL_VALUES = sorted({choice.value for step in STEPS for choice in step.choices})
FIELD_NAMES = sorted({"answer", "csrfmiddlewaretoken", *(i.key for s in STEPS for i in s.items)})
garbage_text = st.text(st.characters(codec="utf-8"), max_size=12)
any_value = st.one_of(st.sampled_from(ALL_VALUES), garbage_text)
any_name = st.one_of(st.sampled_from(FIELD_NAMES), garbage_text)
VISITORS = [CHRONIC_PAIN_VISITOR, NO_PAIN_VISITOR, CRISIS_VISITOR]


def valid_answer(step: Step) -> st.SearchStrategy:
    """A complete, valid answer to the step, as the session would store it."""
    if step.kind is Kind.RADIOS:
        return st.sampled_from(sorted(step.values))
    if step.kind is Kind.CHECKLIST:
        return st.fixed_dictionaries(
            {item.key: st.sampled_from(sorted(step.values)) for item in step.items}
        )
    ordinary = [c.value for c in step.choices if not c.exclusive]
    exclusive = [[c.value] for c in step.choices if c.exclusive]
    subsets = st.lists(st.sampled_from(ordinary), min_size=1, max_size=4, unique=True)
    return st.one_of(subsets, st.sampled_from(exclusive)) if exclusive else subsets


def answer_pairs(step: Step, value) -> list[tuple[str, str]]:
    if step.kind is Kind.CHECKLIST:
        return list(value.items())
    return [("answer", v) for v in value] if isinstance(value, list) else [("answer", value)]


def form_for(data, step: Step) -> tuple[list[tuple[str, str]], object | None]:
    """A form to post to the step; with the stored value it must produce, when fully valid."""
    kind = data.draw(st.sampled_from(["valid", "valid with garbage", "garbage"]), label="kind")
    if kind == "garbage":
        return data.draw(st.lists(st.tuples(any_name, any_value), max_size=8), label="form"), None
    value = data.draw(valid_answer(step), label="answer")
    pairs = answer_pairs(step, value)
    if kind == "valid":
        return pairs, value
    extra = data.draw(st.lists(st.tuples(any_name, any_value), min_size=1, max_size=6))
    mixed = data.draw(st.permutations(pairs + extra), label="valid with garbage")
    return mixed, None


def assert_session_consistent(answers: dict) -> None:
    for key, value in answers.items():
        assert key in STEPS_BY_KEY, key
        assert answer_is_valid(step=STEPS_BY_KEY[key], value=value), (key, value)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_posts_to_any_steps_never_fail_and_keep_the_session_consistent(data):
    client = Client(raise_request_exception=False)
    response = client.post(START_URL)
    assert response.status_code == 302
    asked = step_key_of(response["Location"])
    # Often part of the way through already, so the later steps get their share of posts.
    visitor = data.draw(st.sampled_from(VISITORS), label="visitor")
    answered = data.draw(st.sampled_from(range(len(visitor) + 1)), label="answered")
    if answered:
        session = client.session
        session["screener"]["answers"].update(copy.deepcopy(dict(list(visitor.items())[:answered])))
        session.save()
        asked = list(visitor)[answered] if answered < len(visitor) else None

    for _ in range(data.draw(st.integers(1, 14), label="posts")):
        # Mostly the step the site asks next, as a visitor would; sometimes any other.
        on_route = asked is not None and data.draw(st.integers(0, 3), label="choose") > 0
        step = STEPS_BY_KEY[asked] if on_route else data.draw(st.sampled_from(STEPS))
        pairs, expected = form_for(data, step)
        before = session_answers(client)
        allowed = flow_redirect(walk=flow_walk(answers=before), step=step) is None

        response = client.post(
            f"/screener/{step.key}/",
            urlencode(pairs),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 302), (step.key, pairs, response.status_code)
        after = session_answers(client)
        assert_session_consistent(after)
        changed = {key for key in {*before, *after} if before.get(key) != after.get(key)}
        assert changed <= {step.key}, "only the posted step's answer may change"
        if changed or response.status_code == 200:
            assert allowed, "an answer is stored, or the question shown, only where it is asked"
        if response.status_code == 200:
            assert not changed, "a question shown again with an error stores nothing"
        if allowed and expected is not None:
            assert response.status_code == 302, (step.key, pairs)
            assert after[step.key] == expected, "a valid answer to the step asked is stored"
        if response.status_code == 302:
            asked = step_key_of(response["Location"])

    for url in (CHECK_ANSWERS_URL, SUMMARY_URL):
        assert client.get(url).status_code in (200, 302), url
