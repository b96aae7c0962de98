"""The summary's explanatory texts: source files in screener/guidance_texts/, edited in admin.

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

from clinic_site.content_version import content_version_get
from clinic_site.markdown import markdown_render

from .models import GUIDANCE_CACHE_KEY, FactorGuidance

GUIDANCE_DIRECTORY = Path(__file__).resolve().parent / "guidance_texts"


@dataclass(frozen=True)
class Guidance:
    factor: str
    title: str
    why_it_matters_html: str
    questions: tuple[str, ...]


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


def guidance_load(*, directory: Path = GUIDANCE_DIRECTORY, overwrite: bool = False) -> int:
    """Create the rows missing from the database (or replace all); return how many changed."""
    existing = set(FactorGuidance.objects.values_list("factor", flat=True))
    changed = 0
    for factor, source in guidance_sources(directory=directory).items():
        if factor in existing and not overwrite:
            continue  # staff may have edited it
        FactorGuidance.objects.update_or_create(
            factor=factor,
            defaults={
                "title": source.title,
                "why_it_matters": source.why_it_matters,
                "questions_to_ask": source.questions_to_ask,
            },
        )
        changed += 1
    return changed


def _from_source(source: GuidanceSource) -> Guidance:
    return Guidance(
        factor=source.factor,
        title=source.title,
        why_it_matters_html=markdown_render(text=source.why_it_matters),
        questions=tuple(line for line in source.questions_to_ask.splitlines() if line),
    )


def guidance_all() -> dict[str, Guidance]:
    """Every factor's guidance: staff's edits over the source files, cached until an edit."""
    key = f"{GUIDANCE_CACHE_KEY}:{content_version_get()}"
    guidance = cache.get(key)
    if guidance is not None:
        return guidance
    guidance = {factor: _from_source(source) for factor, source in guidance_sources().items()}
    for row in FactorGuidance.objects.all():
        guidance[row.factor] = Guidance(
            factor=row.factor,
            title=row.title,
            why_it_matters_html=row.why_it_matters_html,
            questions=tuple(row.questions),
        )
    # Keyed by version, so entries of earlier versions need only expire eventually.
    cache.set(key, guidance, timeout=24 * 60 * 60)
    return guidance
