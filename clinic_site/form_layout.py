"""The GOV.UK question-page shapes that crispy-forms' own layout objects lack.

They exist for what a visitor meets: a screen reader announces each question with its hint and
its error, the question is the page's heading, and the error summary links to the first input.

Every form on the site renders through the "govuk" crispy template pack (templates/govuk/): a
form declares a FormHelper with a Layout, and `{% crispy form %}` renders it. Field names in a
layout render as the pack's field.html does (label, hint, inline error, the input pointing at
both); crispy's Field, Div, StrictButton and FieldWithButtons work as they ship. These add:

- Choices: radios, checkboxes or a single checkbox as a fieldset whose legend asks the question,
  or is the page's <h1> (heading=True) with a caption such as "Question 3 of 18" above it.
- Fieldset: several fields under one legend, with a hint the fieldset is described by.
- PageHeading: a caption, the page's <h1> and a hint, for a page that asks several questions.

Like crispy's own Fieldset legend and HTML, the legend, hint and caption given here are
template text, rendered with the page's context ("{{ progress }}", "{% url 'privacy' %}");
a field's label and help text are data, and are escaped.
"""

from functools import lru_cache

from crispy_forms import layout
from crispy_forms.utils import TEMPLATE_PACK
from django.template import Context, Template
from django.template.loader import render_to_string


@lru_cache(maxsize=512)
def _template(source: str) -> Template:
    """Compile layout text once: the screener renders the same captions on every step page."""
    return Template(source)


def template_text_render(*, source, context: Context) -> str:
    """Render a legend, hint or caption given to a layout object; empty stays empty."""
    return _template(str(source)).render(context) if source else ""


class Choices(layout.Field):
    """One radios, checkboxes or single checkbox field as a GOV.UK question.

    The legend is the field's label unless given (a single checkbox keeps its label beside the
    box and needs a legend); the hint is its help text unless given.
    """

    template = "%s/choices.html"

    def __init__(
        self,
        field: str,
        *,
        legend: str = "",
        hint: str = "",
        caption: str = "",
        heading: bool = False,
        inline: bool = False,
    ):
        super().__init__(field)
        self.legend, self.hint, self.caption = legend, hint, caption
        self.heading, self.inline = heading, inline

    def render(self, form, context, template_pack=TEMPLATE_PACK, extra_context=None, **kwargs):
        question = {
            "legend": template_text_render(source=self.legend, context=context),
            "hint": template_text_render(source=self.hint, context=context),
            "caption": template_text_render(source=self.caption, context=context),
            "heading": self.heading,
            "inline": self.inline,
        }
        return super().render(
            form, context, template_pack, extra_context={"question": question}, **kwargs
        )


class Fieldset(layout.Fieldset):
    """Fields grouped under a legend, with an optional hint; css_id names the hint's id."""

    template = "%s/layout/fieldset.html"

    def __init__(self, legend: str, *fields, hint: str = "", css_id: str | None = None, **kwargs):
        if hint and not css_id:
            raise ValueError("A Fieldset with a hint needs a css_id: the hint's id is built on it")
        super().__init__(legend, *fields, css_id=css_id, **kwargs)
        self.hint = hint

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        return render_to_string(
            self.get_template_name(template_pack),
            {
                "fieldset": self,
                "legend": template_text_render(source=self.legend, context=context),
                "hint": template_text_render(source=self.hint, context=context),
                "fields": fields,
            },
        )


class PageHeading:
    """The page's <h1> inside the form, with a caption above and a hint below."""

    template = "%s/layout/page_heading.html"

    def __init__(self, text: str, *, caption: str = "", hint: str = ""):
        self.text, self.caption, self.hint = text, caption, hint

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        return render_to_string(
            self.template % template_pack,
            {
                name: template_text_render(source=getattr(self, name), context=context)
                for name in ("text", "caption", "hint")
            },
        )
