"""What the clinic's pages show, worked out from the records: opening hours in the page's
language, the medical reviewer a content page names, and the schema.org data for search engines.
Plain functions, so the pages, the footer and the tests read the same hours from one source."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.dates import WEEKDAYS
from django.utils.formats import time_format
from django.utils.translation import pgettext

from .models import SCHEMA_DAYS, Place, TeamMember

# A link that opens the address in the visitor's own map app or site; nothing is loaded from it.
MAP_SEARCH_URL = "https://www.openstreetmap.org/search"


@dataclass(frozen=True)
class HoursRow:
    days: str  # "Monday to Friday", or one day
    times: str  # "9 a.m. to 5 p.m."


def hours_rows(*, hours: list[dict]) -> list[HoursRow]:
    """The opening times as rows, in the active language: days in a row with the same times
    share one ("Monday to Friday")."""
    groups: list[list[dict]] = []
    for entry in sorted(hours, key=lambda entry: entry["day"]):
        last = groups[-1][-1] if groups else None
        if (
            last
            and last["day"] == entry["day"] - 1
            and (last["opens"], last["closes"]) == (entry["opens"], entry["closes"])
        ):
            groups[-1].append(entry)
        else:
            groups.append([entry])
    rows = []
    for group in groups:
        first, last = group[0], group[-1]
        if first is last:
            days = str(WEEKDAYS[first["day"]])
        else:
            days = pgettext("range of days", "%(first)s to %(last)s") % {
                "first": WEEKDAYS[first["day"]],
                "last": WEEKDAYS[last["day"]],
            }
        times = pgettext("opening times", "%(opens)s to %(closes)s") % {
            "opens": time_format(datetime.time.fromisoformat(first["opens"])),
            "closes": time_format(datetime.time.fromisoformat(first["closes"])),
        }
        rows.append(HoursRow(days=days, times=times))
    return rows


def hours_text(*, hours: list[dict]) -> str:
    """The opening times in one line, for the footer: "Monday to Friday: 9 a.m. to 5 p.m."."""
    return "; ".join(
        pgettext("days and their opening times", "%(days)s: %(times)s")
        % {"days": row.days, "times": row.times}
        for row in hours_rows(hours=hours)
    )


def map_link(*, place: Place) -> str:
    """An address that opens the place in the visitor's map site or app (OpenStreetMap's
    search), as a link only: the page itself loads nothing from another site."""
    query = ", ".join([place.street_address, place.locality, place.region, place.postal_code])
    return f"{MAP_SEARCH_URL}?{urlencode({'query': query})}"


def person_data(*, member: TeamMember, page_url: str) -> dict:
    data = {
        "@type": "Physician" if member.is_physician else "Person",
        "name": member.name,
        "url": f"{page_url}#{member.anchor}",
    }
    if member.credentials:
        data["honorificSuffix"] = member.credentials
    if member.role_shown:
        data["jobTitle" if not member.is_physician else "description"] = member.role_shown
    return data


def clinic_data(
    *,
    clinic_name: str,
    site_phone: str,
    site_url: str,
    team_url: str,
    places: list[Place],
    team: list[TeamMember],
) -> list[dict]:
    """schema.org MedicalClinic data, one for each place (one with the clinic's name and number
    when no place is entered yet), each with the team; every value from the records."""
    employees = [person_data(member=member, page_url=team_url) for member in team]
    base = {"@context": "https://schema.org", "@type": "MedicalClinic", "name": clinic_name}
    base["url"] = site_url
    if not places:
        return [{**base, "telephone": site_phone, **({"employee": employees} if team else {})}]
    clinics = []
    for place in places:
        data = {
            **base,
            "telephone": place.phone or site_phone,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": place.street_address,
                "addressLocality": place.locality,
                "addressRegion": place.region,
                "postalCode": place.postal_code,
                "addressCountry": "US",
            },
            "openingHoursSpecification": [
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[entry['day']]}",
                    "opens": entry["opens"],
                    "closes": entry["closes"],
                }
                for entry in sorted(place.opening_hours, key=lambda entry: entry["day"])
            ],
        }
        if len(places) > 1:
            data["name"] = f"{clinic_name}, {place.name}"
        if team:
            data["employee"] = employees
        clinics.append(data)
    return clinics
