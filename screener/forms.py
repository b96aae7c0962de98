"""One generic form for any step, built from its definition in questions.py."""

import copy
from functools import cache, cached_property
from typing import Any

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clinic_site.form_layout import Choices, PageHeading

from .questions import STEPS_BY_KEY, Choice, Kind, Step

ANSWER_FIELD = "answer"


class _ChoiceHints:
    """Give each option its hint, an "or" divider before the first exclusive choice, and mark
    exclusive checkboxes (js/checkboxes.js unticks the others, as GOV.UK's checkboxes do)."""

    def __init__(self, *args, choice_meta: dict[str, Choice] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.choice_meta = choice_meta or {}
        exclusive = [value for value, meta in self.choice_meta.items() if meta.exclusive]
        self.divider_before = exclusive[0] if exclusive else None

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        meta = self.choice_meta.get(str(value))
        option["hint"] = meta.hint if meta else ""
        option["divider"] = index > 0 and str(value) == self.divider_before
        option["exclusive"] = bool(meta and meta.exclusive)
        return option


class HintedRadioSelect(_ChoiceHints, forms.RadioSelect):
    pass


class HintedCheckboxes(_ChoiceHints, forms.CheckboxSelectMultiple):
    pass


def _choices(step: Step) -> list[tuple[str, Any]]:
    return [(choice.value, choice.label) for choice in step.choices]


def _radio_field(step: Step, *, error: Any, required_error: Any = None) -> forms.ChoiceField:
    # A tampered or unknown value gets the same plain instruction as a missing one.
    return forms.ChoiceField(
        label=step.question,
        help_text=step.hint,
        choices=_choices(step),
        widget=HintedRadioSelect(choice_meta={choice.value: choice for choice in step.choices}),
        error_messages={"required": required_error or error, "invalid_choice": error},
    )


@cache
def _step_fields(step_key: str) -> dict[str, forms.Field]:
    """The step's fields, built once; each form gets copies, as Django gives declared fields."""
    step = STEPS_BY_KEY[step_key]
    if step.kind is Kind.RADIOS:
        return {ANSWER_FIELD: _radio_field(step, error=step.error_required)}
    if step.kind is Kind.CHECKBOXES:
        return {
            ANSWER_FIELD: forms.MultipleChoiceField(
                label=step.question,
                help_text=step.hint,
                choices=_choices(step),
                widget=HintedCheckboxes(
                    choice_meta={choice.value: choice for choice in step.choices}
                ),
                error_messages={
                    "required": step.error_required,
                    "invalid_choice": step.error_required,
                    "invalid_list": step.error_required,
                },
            )
        }
    fields = {}
    for item in step.items:
        fields[item.key] = _radio_field(step, error=item.error)
        fields[item.key].label = item.label
        fields[item.key].help_text = item.hint
    return fields


class StepForm(forms.Form):
    """The question on one page: radios, checkboxes, or a yes / no / not sure checklist."""

    def __init__(self, *args, step: Step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields.update(copy.deepcopy(_step_fields(step.key)))

    @cached_property
    def helper(self) -> FormHelper:
        """The question as {% crispy form %} renders it; the page gives `progress` for the caption.

        One question is a fieldset whose legend is the page's <h1>; a checklist has the <h1>
        above a fieldset of radios for each of its items.
        """
        helper = FormHelper()
        helper.form_class = "question-form"
        caption = "{{ progress }}"
        if self.step.kind is Kind.CHECKLIST:
            question = [
                PageHeading(self.step.question, caption=caption, hint=self.step.hint),
                Div(
                    *(Choices(item.key, inline=True) for item in self.step.items),
                    css_class="checklist",
                ),
            ]
        else:
            inline = self.step.kind is Kind.RADIOS and self.step.inline
            question = [Choices(ANSWER_FIELD, heading=True, caption=caption, inline=inline)]
        helper.layout = Layout(
            *question, StrictButton(_("Continue"), type="submit", css_class="btn-primary")
        )
        return helper

    def clean_answer(self):
        value = self.cleaned_data[ANSWER_FIELD]
        if self.step.kind is Kind.CHECKBOXES:
            value = list(dict.fromkeys(value))  # a value sent twice counts once
            exclusive = {choice.value for choice in self.step.choices if choice.exclusive}
            if len(value) > 1 and exclusive & set(value):
                raise ValidationError(self.step.error_exclusive, code="exclusive")
        return value

    def answer(self) -> Any:
        """The cleaned answer as the session stores it."""
        if self.step.kind is Kind.CHECKLIST:
            return {item.key: self.cleaned_data[item.key] for item in self.step.items}
        return self.cleaned_data[ANSWER_FIELD]

    @staticmethod
    def initial_for(*, step: Step, value: Any) -> dict[str, Any]:
        """Fill the form with a stored answer, for Back and Change."""
        if value is None:
            return {}
        if step.kind is Kind.CHECKLIST:
            return dict(value) if isinstance(value, dict) else {}
        return {ANSWER_FIELD: value}
