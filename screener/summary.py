"""The "discuss with your clinician" summary, ready to render.

Public contract (used by the consultations app to attach a summary to a request):
`screener_summary_html(*, session)` returns the summary body as the summary page shows it.
"""

import datetime
from dataclasses import dataclass

from django.contrib.sessions.backends.base import SessionBase
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic_site.models import SiteSettings

from .flow import Walk
from .guidance import Guidance, guidance_all
from .journey import journey_walk
from .questions import Kind
from .rules import Summary, SummaryItem, SummarySection, summary_build

SUMMARY_BODY_TEMPLATE = "screener/includes/summary_body.html"


@dataclass(frozen=True)
class ExplainedItem:
    item: SummaryItem
    guidance: Guidance | None


@dataclass(frozen=True)
class ExplainedSection:
    section: SummarySection
    items: tuple[ExplainedItem, ...]


def summary_sections(*, summary: Summary) -> tuple[ExplainedSection, ...]:
    """Pair each item of the summary with its guidance text."""
    guidance = guidance_all()
    return tuple(
        ExplainedSection(
            section,
            tuple(ExplainedItem(item, guidance.get(item.factor)) for item in section.items),
        )
        for section in summary.sections
    )


def summary_body_context(*, walk: Walk, today: datetime.date | None = None) -> dict:
    """What the summary body template needs, for a completed journey."""
    summary = summary_build(answers=walk.answers)
    return {
        "summary": summary,
        "sections": summary_sections(summary=summary),
        "today": today or timezone.localdate(),
        "site_settings": SiteSettings.load(),
    }


def screener_summary_html(*, session: SessionBase) -> str | None:
    """Render the visitor's summary body as HTML, or None without a completed journey.

    The HTML is exactly the body the summary page shows (one shared include): dated, with the
    crisis resources first when the self-harm answer called for them, every group with what
    the visitor said, why it matters and questions to ask, the clinic's contact details and
    the disclaimer.
    """
    walk = journey_walk(session=session)
    if walk is None or not walk.complete:
        return None
    return render_to_string(SUMMARY_BODY_TEMPLATE, summary_body_context(walk=walk))


def check_answers_rows(*, walk: Walk) -> list[tuple[str, list[dict]]]:
    """The answers grouped by section, each row with its label, answer and Change link."""
    sections: list[tuple[str, list[dict]]] = []
    for asked in walk.steps:
        value = walk.answers[asked.key]
        if asked.kind is Kind.RADIOS:
            lines = [asked.choice_label(value)]
        elif asked.kind is Kind.CHECKBOXES:
            lines = [asked.choice_label(choice) for choice in value]
        else:
            lines = [
                _("%(item)s: %(answer)s")
                % {"item": item.label, "answer": asked.choice_label(value[item.key])}
                for item in asked.items
            ]
        row = {
            "label": asked.short_label,
            "lines": lines,
            "change_url": reverse("screener:step", args=[asked.key]),
        }
        if not sections or sections[-1][0] != asked.section:
            sections.append((asked.section, []))
        sections[-1][1].append(row)
    return sections
