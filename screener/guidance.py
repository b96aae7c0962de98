"""The summary's explanatory texts: source files in screener/guidance_texts/, edited in admin.

The Spanish text of each is in screener/guidance_texts/es/, under the same file name; staff edit
it beside the English.

Each source file is Markdown with front matter:

    ---
    factor: chronic-pain
    title: How long you have had pain
    questions:
      - A question to ask the clinician
    ---
    Why it matters, in Markdown.
"""

from dataclasses import dataclass
from pathlib import Path

import frontmatter
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.translation import get_language

from clinic_site.content_version import GUIDANCE, content_version_get
from clinic_site.markdown import CLINIC_TOKEN_START, clinic_details_render, markdown_render

from .models import GUIDANCE_CACHE_KEY, FactorGuidance

GUIDANCE_DIRECTORY = Path(__file__).resolve().parent / "guidance_texts"
SPANISH = "es"


@dataclass(frozen=True)
class Guidance:
    factor: str
    title: str
    why_it_matters_html: str
    questions: tuple[str, ...]
    language: str = "en"  # the language it is written in: English where no Spanish is written


@dataclass(frozen=True)
class GuidanceSource:
    factor: str
    title: str
    why_it_matters: str
    questions_to_ask: str  # one per line, as the model stores them


def guidance_sources(*, directory: Path = GUIDANCE_DIRECTORY) -> dict[str, GuidanceSource]:
    """Read every source file, keyed by factor."""
    sources = {}
    for path in sorted(directory.glob("*.md")):
        post = frontmatter.load(path)
        factor = str(post.get("factor") or path.stem)
        sources[factor] = GuidanceSource(
            factor=factor,
            title=str(post.get("title", factor)),
            why_it_matters=post.content.strip(),
            questions_to_ask="\n".join(str(q).strip() for q in post.get("questions", [])),
        )
    return sources


@transaction.atomic  # all the texts or none, if the load is stopped part way
def guidance_load(*, directory: Path = GUIDANCE_DIRECTORY, overwrite: bool = False) -> int:
    """Create the rows missing from the database (or replace all); return how many changed.

    A row with no Spanish yet gets the Spanish file's text, so a site that had guidance before
    there were translations gains them; Spanish that staff wrote is kept.
    """
    existing = {row.factor: row for row in FactorGuidance.objects.all()}
    spanish = guidance_sources(directory=directory / SPANISH)
    changed = 0
    for factor, source in guidance_sources(directory=directory).items():
        row = existing.get(factor)
        translated = spanish.get(factor)
        spanish_values = (
            {
                "title_es": translated.title,
                "why_it_matters_es": translated.why_it_matters,
                "questions_to_ask_es": translated.questions_to_ask,
            }
            if translated
            else {}
        )
        if row is not None and not overwrite:
            if spanish_values and not row.why_it_matters_es.strip():
                for name, value in spanish_values.items():
                    setattr(row, name, value)
                row.save()
                changed += 1
            continue  # staff may have edited it
        FactorGuidance.objects.update_or_create(
            factor=factor,
            defaults={
                "title": source.title,
                "why_it_matters": source.why_it_matters,
                "questions_to_ask": source.questions_to_ask,
                **spanish_values,
            },
        )
        changed += 1
    return changed


def _clinic_details_in(html: str, *, language: str) -> str:
    """The clinic's details the text names with tokens ([[clinic:phone]]), as they are now. The
    stored HTML keeps the tokens; guidance_all's cache is renewed when a detail changes (its key
    holds the EVERYTHING version, which the site settings and places renew)."""
    if CLINIC_TOKEN_START not in html:
        return html
    with translation.override(language):
        return clinic_details_render(html=html)


def _from_source(source: GuidanceSource, *, language: str) -> Guidance:
    return Guidance(
        factor=source.factor,
        title=source.title,
        why_it_matters_html=_clinic_details_in(
            markdown_render(text=source.why_it_matters), language=language
        ),
        questions=tuple(line for line in source.questions_to_ask.splitlines() if line),
        language=language,
    )


def guidance_all(*, language: str | None = None) -> dict[str, Guidance]:
    """Every factor's guidance in the page's language (English where no translation is written):
    staff's edits over the source files, cached until an edit."""
    language = SPANISH if (language or get_language()) == SPANISH else "en"
    key = f"{GUIDANCE_CACHE_KEY}:{language}:{content_version_get(GUIDANCE)}"
    guidance = cache.get(key)
    if guidance is not None:
        return guidance
    guidance = {
        factor: _from_source(source, language="en") for factor, source in guidance_sources().items()
    }
    if language == SPANISH:
        for factor, source in guidance_sources(directory=GUIDANCE_DIRECTORY / SPANISH).items():
            guidance[factor] = _from_source(source, language=SPANISH)
    for row in FactorGuidance.objects.all():
        if language == SPANISH and row.why_it_matters_es.strip():
            title = row.title_es or row.title
            html, questions, written_in = row.why_it_matters_es_html, row.questions_es, SPANISH
        else:
            title = row.title
            html, questions, written_in = row.why_it_matters_html, row.questions, "en"
        guidance[row.factor] = Guidance(
            factor=row.factor,
            title=title,
            why_it_matters_html=_clinic_details_in(html, language=written_in),
            questions=tuple(questions),
            language=written_in,
        )
    # Keyed by version, so entries of earlier versions need only expire eventually.
    cache.set(key, guidance, timeout=24 * 60 * 60)
    return guidance
