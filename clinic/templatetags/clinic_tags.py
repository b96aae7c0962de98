"""Template pieces the clinic's records give other templates: the "Medically reviewed by" line
of a content page, the opening hours every page shows, and a library image."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from clinic_site.models import tel_digits
from images.rendering import image_html

from ..facts import clinic_facts_get, medical_reviewer_of
from ..presentation import hours_text

register = template.Library()


@register.inclusion_tag("clinic/includes/medically_reviewed.html")
def medically_reviewed(page):
    """Name the page's medical reviewer with the date it was last reviewed: the team member who
    published it, else the clinical lead; nothing when there is neither."""
    return {
        "reviewer": medical_reviewer_of(live_revision_id=page.live_revision_id),
        "reviewed_on": page.last_reviewed,
    }


@register.simple_tag(takes_context=True)
def opening_hours_text(context) -> str:
    """The opening hours in one line, in the page's language: the first place's days and times
    when the clinic has entered a place (one source for every page that shows hours), else the
    site settings' text. Use as {% opening_hours_text as opening_hours %}."""
    settings = context.get("site_settings")
    if settings is None:
        return ""
    if settings._state.adding:
        # An error page whose settings could not be read (their defaults, never saved): the
        # database is not tried again.
        return settings.opening_hours_shown
    return hours_text(hours=clinic_facts_get().footer_hours) or settings.opening_hours_shown


@register.simple_tag
def library_image(image, *, first: bool = False) -> str:
    """A library image as the pages show it (its renditions, alt text), or "" without one."""
    if image is None:
        return ""
    return mark_safe(image_html(image_id=image.pk, alt="", first=first, alone=False))


@register.filter
def clinic_text(record, name: str) -> str:
    """A record's text field in the page's language (English when no translation is given)."""
    return record.text_shown(name)


@register.filter
def minutes(value: int) -> str:
    """A length of time in words: "40 minutes", "2 hours", "1 hour 30 minutes"."""
    hours, rest = divmod(int(value), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if rest or not hours:
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", rest) % {"count": rest})
    return " ".join(parts)


@register.filter
def dollars(value) -> str:
    """A price in dollars: "$400", or "$95.50" when it has cents."""
    if value == value.to_integral_value():
        return f"${value:,.0f}"
    return f"${value:,.2f}"


@register.filter
def tel(number: str) -> str:
    return tel_digits(number)
