"""The route through the questions: which steps apply, which comes next. Pure functions."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .questions import STEPS, Kind, Step

CHECK_ANSWERS = "screener:check-answers"


def answer_is_valid(*, step: Step, value: Any) -> bool:
    """Whether a stored value is a complete answer to the step as it is defined now."""
    if step.kind is Kind.RADIOS:
        return isinstance(value, str) and value in step.values
    if step.kind is Kind.CHECKBOXES:
        if not isinstance(value, list) or not value or not set(value) <= step.values:
            return False
        exclusive = {choice.value for choice in step.choices if choice.exclusive}
        return len(value) == 1 or not exclusive & set(value)
    if step.kind is Kind.CHECKLIST:
        return isinstance(value, dict) and all(
            value.get(item.key) in step.values for item in step.items
        )
    return False


@dataclass(frozen=True)
class Walk:
    """The journey as the answers so far shape it."""

    steps: tuple[Step, ...]  # steps that apply, or may apply once earlier answers are in
    answers: dict[str, Any]  # valid answers to steps that apply; stale answers left out
    first_unanswered: Step | None
    exit: str | None  # URL name of the page an answer ended the journey on

    @property
    def complete(self) -> bool:
        return self.first_unanswered is None and self.exit is None

    def previous(self, step: Step) -> Step | None:
        index = self.steps.index(step)
        return self.steps[index - 1] if index else None


def flow_section_position(*, step: Step) -> tuple[int, int]:
    """Return (N, M) for "Part N of M": the step's section among all the sections.

    Progress is shown by section, not by question: how many questions a visitor is asked
    depends on their answers, so "Question 3 of 20" would become "3 of 14" after an answer.
    Every route passes through every section, so a step's part number never changes.
    """
    # The sections in the order they are asked, read in the page's language when asked for.
    names = list(dict.fromkeys(str(each.section) for each in STEPS))
    return names.index(str(step.section)) + 1, len(names)


def flow_walk(*, answers: Mapping[str, Any]) -> Walk:
    """Walk the steps in order, keeping those whose condition holds on the earlier answers.

    A step whose condition reads a step not yet answered counts as applying until that step is
    answered.
    """
    steps: list[Step] = []
    effective: dict[str, Any] = {}
    unanswered: set[str] = set()
    first_unanswered = None
    for step in STEPS:
        undecided = not unanswered.isdisjoint(step.depends_on)
        if step.condition and not undecided and not step.condition(effective):
            continue
        steps.append(step)
        value = answers.get(step.key)
        if value is not None and answer_is_valid(step=step, value=value):
            effective[step.key] = value
            if isinstance(value, str) and value in step.exits and first_unanswered is None:
                return Walk(tuple(steps), effective, None, step.exits[value])
        else:
            unanswered.add(step.key)
            first_unanswered = first_unanswered or step
    return Walk(tuple(steps), effective, first_unanswered, None)


def flow_redirect(*, walk: Walk, step: Step) -> Step | str | None:
    """Where to send a visitor who asks for this step, or None when they may see it."""
    if step not in walk.steps:
        # Not asked on this route: after an exit, or ruled out by an earlier answer.
        return walk.exit or walk.first_unanswered or CHECK_ANSWERS
    first = walk.first_unanswered
    if first is not None and walk.steps.index(step) > walk.steps.index(first):
        return first
    return None


def flow_next(*, walk: Walk, step: Step, reviewing: bool) -> Step | str:
    """The step or page after answering this step (the walk already includes the answer)."""
    if walk.exit:
        return walk.exit
    if reviewing:
        # Back from "Check your answers": return there unless the change opened new questions.
        return walk.first_unanswered or CHECK_ANSWERS
    index = walk.steps.index(step) if step in walk.steps else -1
    following = walk.steps[index + 1] if index + 1 < len(walk.steps) else None
    first = walk.first_unanswered
    if first is not None and (following is None or walk.steps.index(first) < index + 1):
        return first
    return following or CHECK_ANSWERS


def flow_after_answer(*, walk: Walk, step: Step, reviewing: bool) -> Step | str:
    """Like flow_next, but an answer that interrupts (the crisis page) is shown first."""
    value = walk.answers.get(step.key)
    if isinstance(value, str) and value in step.interrupts:
        return step.interrupts[value]
    return flow_next(walk=walk, step=step, reviewing=reviewing)
