"""Checks a clinical reviewer sees before publishing a page: warnings, never errors.

Pure functions over the page's text: the caller passes in the site's paths (site_paths_get,
the one function here that reads the database, builds them), so the checks never touch the
database or HTTP, and the admin review page and the tests ask the same questions. Over 400
lines because every check a reviewer sees is listed here, side by side, with the one reading
measure the tests share; each is a short function.
"""

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from clinic_site.markdown import markdown_render, markdown_unsanitised

from .clinic_details import clinic_tokens_unknown
from .links import page_reference_ids
from .models import Page, PageRedirect

HIGHEST_GRADE = 8
# Spanish pages: the Fernández Huerta score (0 hard to 100 easy); 60 or above reads easily.
LOWEST_SPANISH_SCORE = 60
LONG_SENTENCE_WORDS = 30
SUMMARY_LENGTHS = (50, 160)
MEDICAL_MENTIONS = 2  # this many mentions of a medical topic make a page one that needs sources
DETAILS_SHOWN = 3

ADVICE = {
    ("eligible", "eligibility", "qualify", "qualifies", "good candidate"): (
        'Say "discuss with your clinician" instead.'
    ),
    ("guaranteed", "guarantee"): 'No result is certain. Say "may help" instead.',
    # "cures" only: saying honestly that ketamine "is not a cure" is what the pages should do.
    ("cures",): 'Say "may ease" or "may help with" instead.',
    ("no side effects",): "Every medicine can have side effects; link to the side effects page.",
}
# The same promises in Spanish (issue 18). "Aprobado" is a verdict on a person; the FDA's
# decisions are written "la FDA aprobó" or "la aprobación", which stay allowed.
ADVICE_SPANISH = {
    ("elegible", "elegibles", "califica", "calificar", "califique", "buen candidato",
     "buena candidata", "no es candidato", "no es candidata", "aprobado", "aprobada"): (
        'Diga "hable con su médico" en su lugar (say "discuss with your clinician" instead).'
    ),
    ("garantizado", "garantizada", "garantiza"): (
        'No result is certain. Say "puede ayudar" (may help) instead.'
    ),
    ("sin efectos secundarios",): (
        "Every medicine can have side effects; link to the side effects page."
    ),
}  # fmt: skip
VERDICT_WORDS = {word: advice for words, advice in ADVICE.items() for word in words}
VERDICT_WORDS_SPANISH = {word: advice for words, advice in ADVICE_SPANISH.items() for word in words}
MEDICAL_WORDS = [
    "ketamine", "esketamine", "doses?", "dosing", "side effects?", "treatments?", "study",
    "studies", "evidence", "FDA", "trials?", "depression", "pain", "blood pressure", "risks?",
    # Spanish
    "ketamina", "esketamina", "dosis", "efectos secundarios", "tratamientos?", "estudios?",
    "depresión", "dolor", "presión arterial", "riesgos?",
]  # fmt: skip
# Headings (or, in an FAQ answer, a paragraph of its own) that start the list of sources.
REFERENCE_TITLES = {
    "references", "sources", "where this information comes from", "referencias", "fuentes",
}  # fmt: skip

BLOCK_TAGS = {"p", "li", "td", "th", "dd", "dt", "ul", "ol"}  # each ends the block before it
HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}
CLOSE = '"\u201d\u2019)'  # a closing quotation mark or bracket after the full stop
SENTENCE_BREAK = re.compile(
    rf"(?:(?<=[.!?])|(?<=[.!?][{CLOSE}]))\s+(?=[\"\u201c(\[¿¡]?[A-ZÁÉÍÓÚÑ0-9])"
)
SENTENCE_END = re.compile(rf"[.!?][{CLOSE}]*$")


def _phrases(words) -> re.Pattern:
    spaced = (word.replace(" ", r"\s+") for word in sorted(words, key=len, reverse=True))
    return re.compile(r"\b(" + "|".join(spaced) + r")\b", re.IGNORECASE)


VERDICT_PATTERN = _phrases(VERDICT_WORDS)
VERDICT_PATTERN_SPANISH = _phrases(VERDICT_WORDS_SPANISH)
MEDICAL_PATTERN = _phrases(MEDICAL_WORDS)


# textstat is imported when a reading level is first measured, not when Django starts: importing
# it (and the pkg_resources it loads) takes a large share of every process's start-up, and most
# processes (gunicorn workers, management commands) never measure one.
@functools.cache
def _spanish_statistics():
    from textstat.textstat import textstatistics

    # Its own instance, so Spanish syllable rules never change the English grade.
    statistics = textstatistics()
    statistics.set_lang("es")
    return statistics


@dataclass(frozen=True)
class PageWarning:
    check: str  # a stable code, such as "verdict-words"
    message: str  # plain words for a reviewer who is not technical
    detail: str = ""  # the sentence, heading or link concerned


@dataclass(frozen=True)
class _Block:
    text: str
    heading_level: int = 0  # 0 for prose
    in_references: bool = False


class _Outline(HTMLParser):
    """The text blocks, headings and links of a piece of HTML, in order."""

    def __init__(self, html: str):
        super().__init__()
        self.blocks: list[_Block] = []
        self.links: list[tuple[str, str]] = []  # (href, link text)
        self.has_references = False
        self._text: list[str] = []
        self._level = 0
        self._link: tuple[str, list[str]] | None = None
        self.feed(html)
        self.close()
        self._flush()

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        self._text = []
        if not text:
            return
        # A references heading, or in an FAQ answer (which cannot hold headings) a paragraph
        # saying only "References", starts the list of sources.
        starts_references = text.strip(" :?.").lower() in REFERENCE_TITLES
        if self._level or not starts_references:
            self.blocks.append(_Block(text, self._level, self.has_references))
        self.has_references = self.has_references or starts_references

    def handle_starttag(self, tag, attrs):
        if tag in HEADING_LEVELS or tag in BLOCK_TAGS:
            self._flush()  # so a nested list ends the sentence of the item that holds it
            self._level = HEADING_LEVELS.get(tag, 0)
        elif tag == "a":
            self._link = (dict(attrs).get("href") or "", [])

    def handle_endtag(self, tag):
        if tag in HEADING_LEVELS or tag in BLOCK_TAGS:
            self._flush()
            self._level = 0
        elif tag == "a" and self._link is not None:
            href, text = self._link
            self.links.append((href, " ".join("".join(text).split())))
            self._link = None

    def handle_data(self, data):
        self._text.append(data)
        if self._link is not None:
            self._link[1].append(data)


def _split(text: str) -> list[str]:
    return [part for part in SENTENCE_BREAK.split(text) if part.strip()]


def _prose(outline: _Outline) -> list[str]:
    sentences = []
    for block in outline.blocks:
        if block.heading_level or block.in_references:
            continue  # headings and the list of sources are not prose
        text = block.text.rstrip(" :;,")
        sentences += _split(text if SENTENCE_END.search(text) else f"{text}.")
    return sentences


def prose_sentences(*, html: str) -> list[str]:
    """The sentences of the paragraphs and list items, leaving out headings and references.

    Each paragraph or list item ends as a sentence, so a list reads as short sentences.
    """
    return _prose(_Outline(html))


def reading_grade(*, sentences: Sequence[str]) -> float:
    """The Flesch-Kincaid grade of the sentences, to one decimal place."""
    import textstat  # see _spanish_statistics

    return textstat.flesch_kincaid_grade(" ".join(sentences))


def _listed(items: Sequence[str]) -> str:
    more = [f"…and {len(items) - DETAILS_SHOWN} more"] if len(items) > DETAILS_SHOWN else []
    return "\n".join([*items[:DETAILS_SHOWN], *more])


def spanish_reading_score(*, sentences: Sequence[str]) -> float:
    """The Fernández Huerta score of Spanish sentences: 60 or above reads easily."""
    return _spanish_statistics().fernandez_huerta(" ".join(sentences))


def _verdict_warnings(*, texts: Sequence[str], language: str) -> list[PageWarning]:
    spanish = language == "es"
    pattern = VERDICT_PATTERN_SPANISH if spanish else VERDICT_PATTERN
    advice = VERDICT_WORDS_SPANISH if spanish else VERDICT_WORDS
    found: dict[str, list[str]] = {}
    for sentence in (sentence for text in texts for sentence in _split(text)):
        for match in pattern.finditer(sentence):
            found.setdefault(" ".join(match.group().lower().split()), []).append(sentence)
    return [
        PageWarning(
            check="verdict-words",
            message=f'The page uses "{word}"{f" ({len(said)} times)" if len(said) > 1 else ""}, '
            f"which the site never says. {advice[word]}",
            detail=_listed(said),
        )
        for word, said in found.items()
    ]


def _grade_warnings(*, sentences: Sequence[str], language: str) -> list[PageWarning]:
    warnings = []
    if language == "es":
        if sentences and (score := spanish_reading_score(sentences=sentences)) < (
            LOWEST_SPANISH_SCORE
        ):
            warnings.append(
                PageWarning(
                    check="reading-grade",
                    message=f"The page scores {score:.0f} for reading ease in Spanish "
                    f"(Fernández Huerta); aim for {LOWEST_SPANISH_SCORE} or above. Shorter "
                    "sentences and everyday words raise it.",
                    detail="\n".join(
                        sorted(sentences, key=lambda s: len(s.split()), reverse=True)[:2]
                    ),
                )
            )
    elif sentences and (grade := reading_grade(sentences=sentences)) > HIGHEST_GRADE:
        warnings.append(
            PageWarning(
                check="reading-grade",
                message=f"The page reads at grade {grade:.1f}; aim for grade {HIGHEST_GRADE} or "
                "below. Shorter sentences and everyday words bring it down.",
                detail="\n".join(sorted(sentences, key=lambda s: len(s.split()), reverse=True)[:2]),
            )
        )
    too_long = [sentence for sentence in sentences if len(sentence.split()) >= LONG_SENTENCE_WORDS]
    if too_long:
        warnings.append(
            PageWarning(
                check="reading-grade",
                message=f"{len(too_long)} sentence(s) have {LONG_SENTENCE_WORDS} words or more. "
                "Split each into two or three shorter ones.",
                detail=_listed(too_long),
            )
        )
    return warnings


def _heading_warnings(*, body: str) -> list[PageWarning]:
    # The site's Markdown before sanitising, which drops the h1, h5 and h6 this check must see.
    html = markdown_unsanitised(text=body)
    warnings = []
    previous = 1  # the page title is the h1
    for heading in (block for block in _Outline(html).blocks if block.heading_level):
        level, message = heading.heading_level, ""
        if level == 1:
            message = "The page title is the only top-level heading; use ## for sections."
        elif level > previous + 1:
            message = (
                f'The heading "{heading.text}" skips a level ({"#" * level} after '
                f"{'#' * previous}). Use {'#' * (previous + 1)}, so people using screen readers "
                "can follow the page."
            )
        if message:
            warnings.append(PageWarning(check="heading-skip", message=message, detail=heading.text))
        previous = level
    return warnings


def _link_warnings(*, links, site_paths: Mapping[str, bool]) -> list[PageWarning]:
    warnings: dict[str, PageWarning] = {}
    for href, text in links:
        # Only paths on this site: addresses elsewhere and links within the page are not ours.
        if not href.startswith("/") or href.startswith("//"):
            continue
        path = urlsplit(href).path or "/"
        # With or without its trailing slash; None when the site has no such page.
        candidates = (path, f"{path.rstrip('/')}/", path.rstrip("/") or "/")
        published = next((site_paths[c] for c in candidates if c in site_paths), None)
        if published or path in warnings:
            continue
        problem = "is not a page on this site" if published is None else "is not published yet"
        warnings[path] = PageWarning(
            check="broken-link",
            message=f"The page links to {path}, which {problem}.",
            detail=f'"{text}" ({href})' if text else href,
        )
    return list(warnings.values())


def _page_reference_warnings(*, texts: Sequence[str]) -> list[PageWarning]:
    """Links written `[words](page:42)` to a page that no longer exists show no link at all.

    A link to a page that exists is rendered to its address, which _link_warnings checks.
    """
    ids = page_reference_ids(texts=texts)
    existing = set(Page.objects.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    return [
        PageWarning(
            check="broken-link",
            message="The page links to a page that no longer exists, so visitors see the words "
            "without a link. Choose the page again with “Link to a page”, or take the link out.",
            detail=f"page:{pk}",
        )
        for pk in ids
        if pk not in existing
    ]


def _summary_warnings(*, summary: str) -> list[PageWarning]:
    length, (shortest, longest) = len(summary.strip()), SUMMARY_LENGTHS
    if shortest <= length <= longest:
        return []
    message = (
        f"The summary is {length} characters long. Search results and the page list show it, "
        f"so keep it between {shortest} and {longest} characters."
    )
    return [PageWarning(check="summary-length", message=message, detail=summary.strip())]


def _reference_warnings(*, outlines: Sequence[_Outline]) -> list[PageWarning]:
    blocks = [block.text for outline in outlines for block in outline.blocks]
    mentions = sum(len(MEDICAL_PATTERN.findall(text)) for text in blocks)
    if mentions < MEDICAL_MENTIONS or any(outline.has_references for outline in outlines):
        return []
    message = (
        "The page talks about medical topics but has no list of sources. Add a "
        '"## References" section that says where the information comes from.'
    )
    return [PageWarning(check="no-references", message=message)]


# The clinic's details typed into a page instead of named with a token (content/clinic_details.py):
# a US phone number, and a range of times such as "9am to 5pm", "9:00-17:00" or "de 8 a. m. a
# 5 p. m.". Toll-free numbers are services' (the FDA's, a helpline), never the clinic's own.
US_PHONE = re.compile(
    r"(?<![\w-])(?:\+?1[\s.-]?)?\(?(\d{3})\)?[\s.-]?(\d{3})[\s.-](\d{4})(?![\w-])"
)
TOLL_FREE = {"800", "833", "844", "855", "866", "877", "888"}
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(a\.\s?m\.|p\.\s?m\.|am\b|pm\b)?"
TIME_RANGE = re.compile(
    rf"(?<![\w:.]){_TIME}\s*(?:to|until|till|hasta|a|-|\u2013|\u2014)\s*{_TIME}(?![\w:])",
    re.IGNORECASE,
)
CLINIC_DETAIL_NAMES = ("phone", "hours", "address", "email")


@dataclass(frozen=True)
class ClinicValues:
    """The clinic's phone number and opening hours as visitors see them now, for the checks."""

    phone: str
    hours: str


def _minutes(hour: str, minute: str | None, marker: str | None) -> int:
    value = int(hour) % 24 * 60 + int(minute or 0)
    if marker and marker.lower().startswith("p") and int(hour) < 12:
        value += 12 * 60
    if marker and marker.lower().startswith("a") and int(hour) == 12:
        value -= 12 * 60
    return value


def time_ranges(text: str) -> list[tuple[str, set[tuple[int, int]]]]:
    """The ranges of times a text types, each with the (opens, closes) minutes it may mean."""
    found = []
    for match in TIME_RANGE.finditer(text):
        h1, m1, a1, h2, m2, a2 = match.groups()
        if not (a1 or a2 or (m1 and m2)) or int(h1) > 24 or int(h2) > 24:
            continue  # "10 to 12 weeks": no clock in it
        closes = _minutes(h2, m2, a2)
        markers = [a1] if a1 else ([a2, "am"] if a2 else [None])
        found.append((match.group(0).strip(), {(_minutes(h1, m1, m), closes) for m in markers}))
    return found


def _clinic_token_warnings(*, texts: Sequence[str]) -> list[PageWarning]:
    unknown = clinic_tokens_unknown(text="\n".join(texts))
    if not unknown:
        return []
    names = ", ".join(f"[[clinic:{name}]]" for name in CLINIC_DETAIL_NAMES)
    return [
        PageWarning(
            check="clinic-token-unknown",
            message=f"The page has “{token}”, which names no clinic detail, so visitors would "
            f"see it as typed. Write one of {names}.",
            detail=token,
        )
        for token in unknown
    ]


def _clinic_value_warnings(*, texts: Sequence[str], clinic: ClinicValues) -> list[PageWarning]:
    """A phone number or opening hours typed into the page, rather than named with a token."""
    text = "\n".join(texts)
    clinic_digits = "".join(ch for ch in clinic.phone if ch.isdigit())[-10:]
    warnings = []
    for match in US_PHONE.finditer(text):
        number, digits = match.group(0).strip(), "".join(match.groups())
        if match.group(1) in TOLL_FREE:
            continue
        if digits == clinic_digits:
            message = (
                "The page types the clinic's phone number. Write [[clinic:phone]] instead, so "
                "a change to the number in the site settings shows here too."
            )
        else:
            message = (
                f"The page types a phone number, {number}, that is not the clinic's "
                f"({clinic.phone}). If it is meant to be the clinic's, write [[clinic:phone]]: it "
                "always shows the number in the site settings. If it is another service's "
                "number, leave it."
            )
        warnings.append(PageWarning(check="typed-phone", message=message, detail=number))
    clinic_ranges = set().union(*(meant for _typed, meant in time_ranges(clinic.hours)))
    for typed, meant in time_ranges(text):
        same = bool(meant & clinic_ranges)
        message = (
            f"The page types opening hours, “{typed}”"
            + (". " if same else f", that are not the clinic's hours now ({clinic.hours}). ")
            + "Write [[clinic:hours]] instead: it always shows the hours the site settings (or "
            "the clinic's place) hold. If these times are not the clinic's opening hours, "
            "leave them."
        )
        warnings.append(PageWarning(check="typed-hours", message=message, detail=typed))
    return warnings


def site_paths_get() -> dict[str, bool]:
    """Every path of the site a page may link to, in every language, and whether it is published."""
    fixed = [
        "content:home", "content:search", "screener:start", "privacy", "consultations:request",
        "crisis",
    ]  # fmt: skip
    paths = {reverse("sitemap"): True}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            paths.update(dict.fromkeys(map(reverse, fixed), True))
    # The old address of a renamed page still works; a page at that address now comes first.
    for redirect in PageRedirect.objects.select_related("page"):
        paths[redirect.old_path] = redirect.page.is_public
    for page in Page.objects.editable():
        paths[page.get_absolute_url()] = page.is_public
    return paths


def page_warnings(
    *,
    title: str,
    summary: str,
    body: str,
    faq_answers: Sequence[str] = (),
    site_paths: Mapping[str, bool],
    language: str = "en",
    references_section: bool = True,
    clinic: ClinicValues | None = None,
) -> list[PageWarning]:
    """Everything a clinical reviewer should look at before this page is published.

    `body` and `faq_answers` are Markdown. `site_paths` maps every internal path of the site
    ("/", "/screener/", "/side-effects-and-safety/"...) to whether it is published. Text that
    names each source beside its claim (the home page's key facts) asks for no references
    section (`references_section=False`). With `clinic` (the clinic's phone and hours now), a
    phone number or opening hours typed into the page are named, to be written as a token.
    """
    outlines = [_Outline(markdown_render(text=text)) for text in (body, *faq_answers)]
    # Cited titles are other people's words, which an editor cannot change: leave them out.
    said = [title, summary] + [
        block.text for outline in outlines for block in outline.blocks if not block.in_references
    ]
    links = [link for outline in outlines for link in outline.links]
    # images.checks imports PageWarning from this module, so it is imported here, when used.
    from images.checks import image_warnings

    return [
        *_verdict_warnings(texts=said, language=language),
        *_grade_warnings(
            sentences=[s for outline in outlines for s in _prose(outline)], language=language
        ),
        *_heading_warnings(body=body),
        *_link_warnings(links=links, site_paths=site_paths),
        *_page_reference_warnings(texts=[body, *faq_answers]),
        *_summary_warnings(summary=summary),
        *(_reference_warnings(outlines=outlines) if references_section else []),
        *(warning for text in (body, *faq_answers) for warning in image_warnings(body=text)),
        *_clinic_token_warnings(texts=[summary, body, *faq_answers]),
        *(
            _clinic_value_warnings(texts=[summary, body, *faq_answers], clinic=clinic)
            if clinic is not None
            else []
        ),
    ]
