"""What every public page shows from the clinic's records, read once per content version: the
first place's opening hours (the footer) and who a content page names as its medical reviewer.

Every page's footer and every content page show these, so they are read with one query (two
when team members have staff accounts) when the content version changes (clinic/signals.py
replaces it on every save of a team member or place; content/signals.py replaces the published
pages' version whenever a page is published, as its new version names who published it), then
come from the cache, as the site settings do.
"""

import json
import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import BooleanField, IntegerField, TextField, Value
from django.db.models.functions import Cast
from django.urls import reverse

from clinic_site.content_version import PUBLISHED_PAGES, content_version_get
from editorial.models import Revision

from .models import Place, TeamMember

logger = logging.getLogger(__name__)

FACTS_CACHE_KEY = "clinic:facts:{version}"
FACTS_CACHE_SECONDS = 24 * 60 * 60  # keyed by version: the lifetime only bounds memory


@dataclass(frozen=True)
class Reviewer:
    """A team member as a "Medically reviewed by" line names them."""

    pk: int
    text: str  # "Ana Ruiz, MD"

    def get_absolute_url(self) -> str:
        return f"{reverse('clinic:team')}#team-member-{self.pk}"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ClinicFacts:
    footer_hours: list[dict] = field(default_factory=list)
    clinical_lead: Reviewer | None = None
    # A content page's live revision → the team member who published it.
    reviewer_by_revision: dict[int, Reviewer] = field(default_factory=dict)


def records_read() -> tuple[list[tuple], list[tuple]]:
    """The published team (pk, name, credentials, user, lead) and places (order, pk, hours) in
    one query: every page's first visit after a change pays for it, so it is kept to one."""
    text, number, flag = TextField(), IntegerField(), BooleanField()
    members = (
        TeamMember.objects.published()
        .order_by()
        .values_list(
            Value("member", output_field=text),
            "pk",
            "name",
            "credentials",
            "user_id",
            "is_clinical_lead",
            Value("", output_field=text),
            "order",
        )
    )
    places = (
        Place.objects.published()
        .exclude(opening_hours=[])
        .order_by()
        .values_list(
            Value("place", output_field=text),
            "pk",
            Value("", output_field=text),
            Value("", output_field=text),
            Value(None, output_field=number),
            Value(False, output_field=flag),
            Cast("opening_hours", output_field=text),
            "order",
        )
    )
    rows = list(members.union(places, all=True))
    team = sorted((row[7], row[1], *row[2:6]) for row in rows if row[0] == "member")
    hours = sorted((row[7], row[1], row[6]) for row in rows if row[0] == "place")
    return team, hours


def clinic_facts_build() -> ClinicFacts:
    team, places = records_read()
    reviewers = {
        pk: Reviewer(pk=pk, text=f"{name}, {credentials}" if credentials else name)
        for _order, pk, name, credentials, _user, _lead in team
    }
    lead = next((reviewers[pk] for _o, pk, _n, _c, _u, is_lead in team if is_lead), None)
    by_user = {user: reviewers[pk] for _o, pk, _n, _c, user, _l in team if user}
    by_revision = {}
    if by_user:
        published = Revision.objects.filter(
            content_type__app_label="content",
            content_type__model="page",
            published_by_id__in=list(by_user),
        ).values_list("pk", "published_by_id")
        by_revision = {pk: by_user[user_id] for pk, user_id in published}
    return ClinicFacts(
        footer_hours=json.loads(places[0][2]) if places else [],
        clinical_lead=lead,
        reviewer_by_revision=by_revision,
    )


def clinic_facts_get() -> ClinicFacts:
    """The facts for the current content version; none while the database cannot be read
    (error pages show the footer too)."""
    key = FACTS_CACHE_KEY.format(version=content_version_get(PUBLISHED_PAGES))
    facts = cache.get(key)
    if facts is None:
        try:
            facts = clinic_facts_build()
        except DatabaseError as error:
            logger.warning("The clinic's facts were not read: %s", error)
            return ClinicFacts()
        cache.set(key, facts, FACTS_CACHE_SECONDS)
    return facts


def medical_reviewer_of(*, live_revision_id: int | None) -> Reviewer | None:
    """Who a content page names as its medical reviewer: the team member who published its live
    version, else the clinical lead; None when neither is on the published team."""
    facts = clinic_facts_get()
    return facts.reviewer_by_revision.get(live_revision_id) or facts.clinical_lead
