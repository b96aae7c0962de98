"""From answers to the summary: pure functions, no HTTP, no database.

The summary never judges: it lists what the visitor said under the brief's groups, and names
the factor whose guidance (why it matters, questions to ask) goes with each item.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .flow import flow_walk
from .questions import (
    CHECK_FIRST_OPIOID_ANSWERS,
    NO_CHOICE,
    PHQ2_KEYS,
    PHQ2_THRESHOLD,
    PRECAUTION_STEPS,
    SEDATING_MEDICINES,
    STEPS_BY_KEY,
    Text,
    low_mood_or_diagnosis,
    phq2_total,
)

PRECAUTION_ANSWERS = ("yes", "not_sure")


@dataclass(frozen=True)
class SummaryItem:
    factor: str  # the key of the guidance shown with this item
    said: tuple[str, ...]  # what the visitor said, one line each
    note: str = ""  # a plain explanation of the answers, when they need one


@dataclass(frozen=True)
class SummarySection:
    key: str
    title: str
    items: tuple[SummaryItem, ...]
    intro: str = ""


@dataclass(frozen=True)
class Summary:
    crisis: bool  # the self-harm item was answered other than "Not at all"
    phq2_total: int | None
    sections: tuple[SummarySection, ...]

    def section(self, key: str) -> SummarySection | None:
        return next((section for section in self.sections if section.key == key), None)

    @property
    def factors(self) -> tuple[str, ...]:
        return tuple(item.factor for section in self.sections for item in section.items)


def _label(step_key: str, value: str) -> str:
    return str(STEPS_BY_KEY[step_key].choice_label(value))


def _labels(step_key: str, values: list[str]) -> str:
    return ", ".join(_label(step_key, value) for value in values)


def _line(step_key: str, answer: Text) -> str:
    return _("%(question)s: %(answer)s") % {
        "question": STEPS_BY_KEY[step_key].short_label,
        "answer": answer,
    }


def _answered(answers: Mapping[str, Any], step_key: str) -> str | None:
    """The line "question: answer" for a radio step, or None when it was not asked."""
    value = answers.get(step_key)
    return _line(step_key, _label(step_key, value)) if value is not None else None


def _item(factor: str, *lines: str | None, note: str = "") -> SummaryItem | None:
    said = tuple(line for line in lines if line)
    return SummaryItem(factor, said, note) if said else None


def _section(key: str, title: str, *items: SummaryItem | None, intro: str = ""):
    kept = tuple(item for item in items if item)
    return SummarySection(key, title, kept, intro) if kept or intro else None


def safety_section(answers: Mapping[str, Any]) -> SummarySection | None:
    value = answers.get("self-harm")
    if value is None or value == "not_at_all":
        return None
    return _section(
        "safety",
        _("Your safety comes first"),
        _item("self-harm", _answered(answers, "self-harm")),
    )


def precaution_items(answers: Mapping[str, Any]) -> list[SummaryItem]:
    """One item for each condition answered yes or not sure, on any of the checklist pages."""
    items = []
    for step in PRECAUTION_STEPS:
        checklist = answers.get(step.key) or {}
        items += [
            SummaryItem(
                f"precaution-{item.key.replace('_', '-')}",
                (
                    _("%(item)s: %(answer)s")
                    % {"item": item.label, "answer": _label(step.key, answer)},
                ),
            )
            for item in step.items
            if (answer := checklist.get(item.key)) in PRECAUTION_ANSWERS
        ]
    return items


def substance_item(answers: Mapping[str, Any]) -> SummaryItem | None:
    """A current alcohol or drug problem: a precaution the guidelines name (Cohen 2018)."""
    if answers.get("alcohol-drugs") != "current":
        return None
    return SummaryItem("precaution-substance-misuse", (_answered(answers, "alcohol-drugs"),))


def opioids_current(answers: Mapping[str, Any]) -> bool:
    """Taking opioids now, or perhaps: the clinician checks these first."""
    return answers.get("opioids-current") in CHECK_FIRST_OPIOID_ANSWERS


def sedating_combination(answers: Mapping[str, Any]) -> bool:
    """Opioids now together with another thing that makes you sleepy (a medicine ticked, or a
    current alcohol or drug problem): with ketamine they add to sedation and can slow breathing
    (esketamine label, boxed warning, 5.3 and 7.1; FDA, October 2023)."""
    if not opioids_current(answers):
        return False
    medicines = set(answers.get("medicines") or ())
    return bool(medicines & SEDATING_MEDICINES) or answers.get("alcohol-drugs") == "current"


def medicines_item(answers: Mapping[str, Any]) -> SummaryItem | None:
    """Current opioids and the medicines that need care with ketamine, when any applies.

    Each medicine is a line of its own: their names have commas in them. Opioids with another
    sedating medicine get one plain line on what the combination does.
    """
    lines = []
    if opioids_current(answers):
        lines.append(_answered(answers, "opioids-current"))
    medicines = answers.get("medicines") or []
    if medicines == ["not_sure"]:
        lines.append(_line("medicines", _label("medicines", "not_sure")))
    elif medicines != [NO_CHOICE]:
        lines += [_label("medicines", value) for value in medicines]
    if not lines:
        return None
    note = ""
    if sedating_combination(answers):
        note = _(
            "Opioids together with other things that make you sleepy, such as these medicines "
            "or alcohol, add to ketamine's sleepiness and can slow your breathing."
        )
    return SummaryItem("medicines", tuple(lines), note)


def check_first_section(answers: Mapping[str, Any]) -> SummarySection | None:
    """What the clinician looks at first: conditions, current opioids, medicines, alcohol.

    "No to each health condition" is said only when nothing else is here, so that it never
    sits beside a current alcohol problem or a risky medicine as if all were clear.
    """
    if not any(step.key in answers for step in PRECAUTION_STEPS):
        return None
    items = [*precaution_items(answers), substance_item(answers), medicines_item(answers)]
    if not any(items):
        items = [
            SummaryItem(
                "precautions-none",
                (_("You answered no to each health condition on the checklist."),),
            )
        ]
    return _section(
        "check-first",
        _("Things your clinician needs to check first"),
        *items,
        intro=_(
            "These are precautions to look at together, not decisions. A clinician reviews "
            "them in a full assessment before any treatment is considered."
        ),
    )


def pain_section(answers: Mapping[str, Any]) -> SummarySection | None:
    duration = answers.get("pain-duration")
    if duration in (None, "no"):
        return None  # no ongoing pain: nothing about pain to discuss
    types = answers.get("pain-type")
    chronic = _item(
        "chronic-pain",
        _answered(answers, "pain-duration"),
        _line("pain-type", _labels("pain-type", types)) if types else None,
    )
    score = answers.get("pain-score")
    intensity = _item(
        "pain-intensity",
        _line("pain-score", _("%(score)s out of 10") % {"score": score}) if score else None,
        _answered(answers, "pain-interference"),
    )
    causes = answers.get("pain-cause") or []
    named = {"cancer": "cancer", "post_surgical": "surgery"}
    linked = [named[value] for value in types or () if value in named]
    linked += [value for value in causes if value in ("cancer", "surgery")]
    cause_lines = []
    if linked:
        cause_lines.append(_line("pain-cause", _labels("pain-cause", list(dict.fromkeys(linked)))))
    elif "not_sure" in causes:
        cause_lines.append(_line("pain-cause", _label("pain-cause", "not_sure")))
    condition = _item("pain-condition", *cause_lines)
    return _section("pain", _("Your pain"), chronic, intensity, condition)


def treatments_section(answers: Mapping[str, Any]) -> SummarySection | None:
    tried = answers.get("treatments")
    tried_item = None
    if tried == [NO_CHOICE]:
        tried_item = _item(
            "treatments-tried", _line("treatments", _("none of the treatments listed"))
        )
    elif tried:
        tried_item = _item(
            "treatments-tried",
            _line("treatments", _labels("treatments", tried)),
            _answered(answers, "treatment-help"),
        )
    before = None
    if answers.get("ketamine-before") in ("yes", "not_sure"):
        before = _item("ketamine-before", _answered(answers, "ketamine-before"))
    return _section("treatments", _("Treatments you have tried"), tried_item, before)


def mood_note(total: int | None) -> str:
    """Explain the PHQ-2 total without naming a diagnosis."""
    if total is None:
        return ""
    if total >= PHQ2_THRESHOLD:
        return _(
            "Your answers to these two questions add up to %(total)s out of 6. A total of 3 or "
            "more is worth talking about with your clinician."
        ) % {"total": total}
    return _(
        "Your answers to these two questions add up to %(total)s out of 6. Totals of 3 or "
        "more are the ones these questions flag for a conversation; if your mood worries "
        "you, mention it whatever the number."
    ) % {"total": total}


def mood_section(answers: Mapping[str, Any]) -> SummarySection | None:
    """The PHQ-2 when either item was more than "not at all", or depression was diagnosed; the
    block on depression treatments (and treatment-resistant depression) only with low mood or
    a diagnosis."""
    total = phq2_total(answers)
    if not total and not low_mood_or_diagnosis(answers):
        return None
    mood = _item("mood", *(_answered(answers, key) for key in PHQ2_KEYS), note=mood_note(total))
    treatments = None
    if low_mood_or_diagnosis(answers):
        treatments = _item(
            "depression-treatments",
            _answered(answers, "depression-diagnosis"),
            _answered(answers, "antidepressants"),
        )
    return _section("mood", _("Your mood"), mood, treatments)


def substances_section(answers: Mapping[str, Any]) -> SummarySection | None:
    """Opioids and alcohol or drugs, when there is something to discuss: opioids taken now or
    a worry about them; a past problem, or one the visitor would rather not name here. (A
    current problem is with the things to check first.)"""
    worry = answers.get("opioid-worry")
    opioids = None
    if opioids_current(answers) or worry in ("yes", "a_little", "not_sure"):
        opioids = _item(
            "opioids", _answered(answers, "opioids-current"), _answered(answers, "opioid-worry")
        )
    alcohol_drugs = None
    if answers.get("alcohol-drugs") in ("past", "rather_not_say"):
        alcohol_drugs = _item("alcohol-drugs", _answered(answers, "alcohol-drugs"))
    return _section("substances", _("Opioids, alcohol and drugs"), opioids, alcohol_drugs)


def practical_section(answers: Mapping[str, Any]) -> SummarySection | None:
    return _section(
        "practical",
        _("Practical arrangements"),
        _item("supervised-sessions", _answered(answers, "supervised-sessions")),
        _item("ride-home", _answered(answers, "ride-home")),
    )


SECTION_BUILDERS = (
    safety_section,
    check_first_section,
    pain_section,
    treatments_section,
    mood_section,
    substances_section,
    practical_section,
)


def summary_build(*, answers: Mapping[str, Any]) -> Summary:
    """Group the answers of the steps that apply as the clinical brief orders them."""
    effective = flow_walk(answers=answers).answers
    sections = tuple(
        section for build in SECTION_BUILDERS if (section := build(effective)) is not None
    )
    crisis = effective.get("self-harm") not in (None, "not_at_all")
    return Summary(crisis=crisis, phq2_total=phq2_total(effective), sections=sections)
