"""The "discuss with your clinician" summary, ready to render.

Public contract (used by the consultations app to attach a summary to a request):
`screener_summary_html(*, session)` returns the summary body as the summary page shows it.
"""

import dataclasses
import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic_site.models import SiteSettings

from .flow import Walk
from .guidance import Guidance, guidance_all
from .journey import journey_walk
from .questions import CHECK_FIRST_OPIOID_ANSWERS, NO_CHOICE, Kind, Step
from .rules import PRECAUTION_ANSWERS, Summary, SummaryItem, SummarySection, summary_build

SUMMARY_BODY_TEMPLATE = "screener/includes/summary_body.html"


@dataclass(frozen=True)
class ExplainedItem:
    item: SummaryItem
    guidance: Guidance | None


@dataclass(frozen=True)
class ExplainedSection:
    section: SummarySection
    items: tuple[ExplainedItem, ...]


# A link to this site inside a guidance text: "/page/" but not "//elsewhere".
SITE_LINK = re.compile(r'href="/(?!/)')


def links_absolute(*, html: str, origin: str) -> str:
    """Make the site's own links absolute, so that a printed summary shows whole addresses."""
    return SITE_LINK.sub(f'href="{origin.rstrip("/")}/', html)


def summary_sections(*, summary: Summary, origin: str) -> tuple[ExplainedSection, ...]:
    """Pair each item of the summary with its guidance text, its links made absolute."""
    guidance = guidance_all()

    def explained(factor: str) -> Guidance | None:
        text = guidance.get(factor)
        if text is None:
            return None
        html = links_absolute(html=text.why_it_matters_html, origin=origin)
        return dataclasses.replace(text, why_it_matters_html=html)

    return tuple(
        ExplainedSection(
            section,
            tuple(ExplainedItem(item, explained(item.factor)) for item in section.items),
        )
        for section in summary.sections
    )


@dataclass(frozen=True)
class AnswerRow:
    label: str
    answer: str
    check_first: bool  # an answer the clinician checks first: shown in bold


def _check_first(step: Step, value) -> bool:
    if step.key == "opioids-current":
        return value in CHECK_FIRST_OPIOID_ANSWERS
    if step.key == "alcohol-drugs":
        return value == "current"
    if step.key == "medicines":
        return value != [NO_CHOICE]
    return False


def answer_table(*, walk: Walk) -> list[tuple[str, list[AnswerRow]]]:
    """Every answer as a row of a compact table, by section: the summary's first page.

    A checklist gives a row per condition; a list of choices one row with them all.
    """
    sections: list[tuple[str, list[AnswerRow]]] = []
    for asked in walk.steps:
        value = walk.answers[asked.key]
        if asked.kind is Kind.CHECKLIST:
            rows = [
                AnswerRow(
                    str(item.label),
                    str(asked.choice_label(value[item.key])),
                    value[item.key] in PRECAUTION_ANSWERS,
                )
                for item in asked.items
            ]
        else:
            chosen = [value] if asked.kind is Kind.RADIOS else value
            answer = "; ".join(str(asked.choice_label(choice)) for choice in chosen)
            rows = [AnswerRow(str(asked.short_label), answer, _check_first(asked, value))]
        if not sections or sections[-1][0] != str(asked.section):
            sections.append((str(asked.section), []))
        sections[-1][1].extend(rows)
    return sections


def summary_body_context(
    *, walk: Walk, today: datetime.date | None = None, origin: str | None = None
) -> dict:
    """What the summary body template needs, for a completed journey.

    `origin` ("https://clinic.example") makes the guidance texts' links whole addresses; the
    copy for the clinic, made without a request, takes settings.SITE_URL.
    """
    summary = summary_build(answers=walk.answers)
    return {
        "summary": summary,
        "sections": summary_sections(summary=summary, origin=origin or settings.SITE_URL),
        "answer_table": answer_table(walk=walk),
        "today": today or timezone.localdate(),
        "site_settings": SiteSettings.load(),
    }


def screener_summary_html(*, session: SessionBase) -> str | None:
    """Render the visitor's summary body as HTML, or None without a completed journey.

    The HTML is the body the summary page shows (one shared include): dated, with the crisis
    resources first when the self-harm answer called for them, the answers at a glance, every
    relevant group with what the visitor said, why it matters and questions to ask, the
    clinic's contact details and the disclaimer. It leaves out what only the visitor's own
    page has: the lines to write a name on and the link to ask for a call.
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
