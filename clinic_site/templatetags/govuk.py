"""Render a field's input the way the "govuk" crispy template pack needs (templates/govuk/)."""

from django import forms, template

register = template.Library()


def _base_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.simple_tag
def govuk_widget(field: forms.BoundField, hint: str = "") -> str:
    """The input, pointing at its hint and inline error by id (aria-describedby).

    Django marks it aria-invalid when the field has errors. The pack's class for the kind of
    input comes first; classes the widget declares, such as a width, follow it.
    """
    described_by = []
    if hint:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    classes = field.field.widget.attrs.get("class", "").split()
    base = _base_class(field.field.widget)
    attrs = {"class": " ".join([base, *(name for name in classes if name != base)])}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
