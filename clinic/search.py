"""Site search finds the clinic's pages (content/search.py asks here): they are not content
pages, so they have no search vectors; each is found by its title, its description and the
names and text of what it lists. Three pages, read in Python: no index is needed."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext

from .models import Place, TeamMember, Treatment


@dataclass(frozen=True)
class ClinicPageMatch:
    title: str
    url: str
    text: str  # what the excerpt is cut from
    score: float


def clinic_pages_text() -> list[tuple[str, str, str, str]]:
    """Each page as (title, address, description, listed text) in the active language."""
    team = " ".join(
        f"{member.name} {member.credentials} {member.role_shown} {member.biography_shown}"
        for member in TeamMember.objects.published()
    )
    places = " ".join(
        f"{place.name_shown} {place.street_address} {place.locality} "
        + " ".join(place.text_shown(name) for name in ("directions", "parking", "room"))
        for place in Place.objects.published()
    )
    treatments = " ".join(
        f"{treatment.name_shown} {treatment.text_shown('session')}"
        for treatment in Treatment.objects.published()
    )
    return [
        (
            gettext("Our team"),
            reverse("clinic:team"),
            gettext("Our doctors, nurses and staff: who will treat you."),
            team,
        ),
        (
            gettext("Visiting us"),
            reverse("clinic:visiting"),
            gettext("Address, opening hours, map, directions, parking and step-free access."),
            places,
        ),
        (
            gettext("Treatments and costs"),
            reverse("clinic:treatments"),
            gettext("Cost, price and fees of each treatment, or how to get a quote."),
            treatments,
        ),
    ]


def word_found(*, word: str, text: str) -> bool:
    """Whether the word, or its singular ("prices", "precios" for price, precio), is there."""
    word = word.lower()
    stems = {word, word[:-1] if word.endswith("s") else word}
    if word.endswith("es"):
        stems.add(word[:-2])
    return any(len(stem) > 2 and stem in text for stem in stems) or word in text


def clinic_pages_search(*, words: list[str]) -> list[ClinicPageMatch]:
    """The clinic's pages with every word somewhere in them, best (title) matches first."""
    matches = []
    for title, url, description, listed in clinic_pages_text():
        heading = f"{title} {description}".lower()
        everything = f"{heading} {listed.lower()}"
        if not words or not all(word_found(word=word, text=everything) for word in words):
            continue
        score = sum(4 if word_found(word=word, text=heading) else 1 for word in words)
        matches.append(ClinicPageMatch(title=title, url=url, text=description, score=score))
    return sorted(matches, key=lambda match: -match.score)
