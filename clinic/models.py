"""The clinic itself, as staff edit it (issue 28): who treats you, where, and what each treatment
involves and costs. Each kind joins the one editorial system (editorial.models.RevisionMixin):
the row is what visitors see, a change is a draft revision that a clinical reviewer publishes.

A new record is a row visitors cannot see (`published` is false) until it is first published.
Nothing here is seeded: a fresh site has no team, places or treatments until staff add them.
"""

import copy
import datetime
import decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language

from editorial.models import RevisionMixin

# Monday first, as Python's date.weekday() counts; the names are schema.org's day names.
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def in_language(record, name: str) -> str:
    """A text field in the page's language, falling back to English when no Spanish is given."""
    if get_language() != settings.LANGUAGE_CODE:
        translated = getattr(record, f"{name}_{get_language()}", "")
        if translated:
            return translated
    return getattr(record, name)


def opening_hours_problem(hours) -> str:
    """Why a list of opening times is not valid, in words for staff; empty when it is.

    Each entry is {"day": 0-6 (Monday is 0), "opens": "HH:MM", "closes": "HH:MM"}.
    """
    if not isinstance(hours, list):
        return "Opening hours must be a list of days with their times."
    for entry in hours:
        if not isinstance(entry, dict) or set(entry) != {"day", "opens", "closes"}:
            return "Each opening time needs a day, a time it opens and a time it closes."
        if entry["day"] not in range(7):
            return "A day must be one of Monday to Sunday."
        try:
            opens = datetime.time.fromisoformat(entry["opens"])
            closes = datetime.time.fromisoformat(entry["closes"])
        except (TypeError, ValueError):
            return "Times must be written as hours and minutes, like 09:00."
        if closes <= opens:
            day = SCHEMA_DAYS[entry["day"]]
            return f"On {day} the closing time must be after the opening time."
    days = [entry["day"] for entry in hours]
    if len(days) != len(set(days)):
        return "Each day can appear only once."
    return ""


def validate_opening_hours(value) -> None:
    problem = opening_hours_problem(value)
    if problem:
        raise ValidationError(problem)


def json_value(value):
    """A field's value as a revision stores it (JSON-ready)."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


class ClinicQuerySet(models.QuerySet):
    def published(self) -> "ClinicQuerySet":
        """What visitors see: records published at least once (their live row)."""
        return self.filter(published=True)


class ClinicRecord(RevisionMixin, models.Model):
    """What the clinic's kinds share: a draft is a revision of the fields in CONTENT_FIELDS."""

    order = models.PositiveSmallIntegerField(
        default=100, help_text="Lower numbers come first on the page."
    )
    published = models.BooleanField(
        default=False,
        editable=False,
        help_text="Whether visitors see this. Only a clinical reviewer publishes.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClinicQuerySet.as_manager()

    publish_permission = "content.publish_page"
    CONTENT_FIELDS: list[str] = []

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    @property
    def is_live(self) -> bool:
        return self.published

    def published_state_set(self) -> None:
        if not self.published:
            self.published = True
            self.save(update_fields=["published"])

    def revision_content(self) -> dict:
        return {
            self._meta.get_field(name).attname: json_value(
                getattr(self, self._meta.get_field(name).attname)
            )
            for name in self.CONTENT_FIELDS
        }

    def values_set(self, *, content: dict) -> None:
        for name in self.CONTENT_FIELDS:
            field = self._meta.get_field(name)
            if field.attname in content:
                setattr(self, field.attname, field.to_python(content[field.attname]))

    def revision_object(self, *, content: dict, revision=None):
        draft = copy.copy(self)
        draft._state.fields_cache = {}
        draft.values_set(content=content)
        if revision is not None:
            draft.updated_at = revision.created_at
        return draft

    def revision_write(self, *, content: dict) -> None:
        if self.pk and self.revision_content() == content:
            return  # nothing visitors see changes, so caches keep what they hold
        self.values_set(content=content)
        self.save()


class TeamMember(ClinicRecord):
    """A clinician or member of staff, shown on the "Our team" page."""

    name = models.CharField(max_length=120, help_text="Their name as patients address them.")
    credentials = models.CharField(
        max_length=120,
        blank=True,
        help_text="Degrees and licences after their name, as MD, DO, NP, RN. Leave blank if none.",
    )
    role = models.CharField(
        max_length=120, help_text="What they do at the clinic, as 'Anesthesiologist'."
    )
    role_es = models.CharField("role (Spanish)", max_length=120, blank=True)
    photo = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A photo from the image library. Its alt text there describes the person.",
    )
    biography = models.TextField(
        blank=True,
        help_text="A few short sentences: their training, experience and what they do here.",
    )
    biography_es = models.TextField("biography (Spanish)", blank=True)
    languages = models.CharField(
        "languages spoken",
        max_length=200,
        blank=True,
        help_text="The languages they speak with patients, as 'English, Spanish'.",
    )
    languages_es = models.CharField(
        "languages spoken (Spanish)",
        max_length=200,
        blank=True,
        help_text="The same in Spanish, as 'inglés, español'.",
    )
    is_physician = models.BooleanField(
        "physician",
        default=False,
        help_text="Tick for a medical doctor (MD or DO). Search engines are told they are a "
        "physician.",
    )
    is_clinical_lead = models.BooleanField(
        "clinical lead",
        default=False,
        help_text="The clinician named as the medical reviewer of pages whose reviewer is not "
        "on the team. Only one person can be the clinical lead.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"is_staff": True},
        help_text="Their staff account, if they have one: pages they publish name them as the "
        "medical reviewer.",
    )

    CONTENT_FIELDS = [
        "name", "credentials", "role", "role_es", "photo", "biography", "biography_es",
        "languages", "languages_es", "is_physician", "is_clinical_lead", "user", "order",
    ]  # fmt: skip

    class Meta(ClinicRecord.Meta):
        verbose_name = "team member"

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('clinic:team')}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"team-member-{self.pk}"

    def publish_problem(self, *, draft) -> str:
        if draft.is_clinical_lead:
            other = clinical_lead_other(pk=self.pk)
            if other is not None:
                return (
                    f"{other} is the clinical lead now. Untick “clinical lead” on their record "
                    "and publish that first, or untick it here."
                )
        return ""

    @property
    def role_shown(self) -> str:
        return in_language(self, "role")

    @property
    def biography_shown(self) -> str:
        return in_language(self, "biography")

    @property
    def languages_shown(self) -> str:
        return in_language(self, "languages")


def clinical_lead_other(*, pk) -> "TeamMember | None":
    """Another published team member who is the clinical lead: there is only ever one."""
    return TeamMember.objects.published().filter(is_clinical_lead=True).exclude(pk=pk).first()


class Place(ClinicRecord):
    """A place patients come to, with its opening hours and how to get there."""

    name = models.CharField(max_length=120, help_text="As 'Riverside clinic'.")
    name_es = models.CharField("name (Spanish)", max_length=120, blank=True)
    street_address = models.CharField(
        max_length=200, help_text="Street, number and suite, as '120 Riverside Avenue, Suite 4'."
    )
    locality = models.CharField("city or town", max_length=100)
    region = models.CharField("state", max_length=50, help_text="As 'IL'.")
    postal_code = models.CharField("ZIP code", max_length=20)
    phone = models.CharField(
        max_length=40, blank=True, help_text="Leave blank to use the clinic's main number."
    )
    opening_hours = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_opening_hours],
        help_text="The days and times it is open (set in the form, a row for each day).",
    )
    directions = models.TextField(blank=True, help_text="How to find the door, in a few lines.")
    directions_es = models.TextField("directions (Spanish)", blank=True)
    parking = models.TextField(blank=True, help_text="Where to park, and what it costs.")
    parking_es = models.TextField("parking (Spanish)", blank=True)
    public_transport = models.TextField(
        blank=True, help_text="Buses and trains that stop nearby, and the walk from the stop."
    )
    public_transport_es = models.TextField("public transport (Spanish)", blank=True)
    step_free_access = models.TextField(
        blank=True,
        help_text="Whether you can get in without steps, lifts, accessible toilets, and what to "
        "ask for.",
    )
    step_free_access_es = models.TextField("step-free access (Spanish)", blank=True)
    room = models.TextField(
        "what the room is like",
        blank=True,
        help_text="The treatment room: the chair, light, noise, who is with you.",
    )
    room_es = models.TextField("what the room is like (Spanish)", blank=True)
    map_image = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A map from the image library. Its alt text there says where the place is.",
    )

    CONTENT_FIELDS = [
        "name", "name_es", "street_address", "locality", "region", "postal_code", "phone",
        "opening_hours", "directions", "directions_es", "parking", "parking_es",
        "public_transport", "public_transport_es", "step_free_access", "step_free_access_es",
        "room", "room_es", "map_image", "order",
    ]  # fmt: skip

    class Meta(ClinicRecord.Meta):
        verbose_name = "place"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clinic:visiting")

    def clean(self):
        super().clean()
        validate_opening_hours(self.opening_hours)

    @property
    def name_shown(self) -> str:
        return in_language(self, "name")

    @property
    def address_lines(self) -> list[str]:
        return [self.street_address, f"{self.locality}, {self.region} {self.postal_code}"]

    def text_shown(self, name: str) -> str:
        return in_language(self, name)


class Treatment(ClinicRecord):
    """A treatment the clinic offers: what a session involves, how long it takes, what it costs."""

    name = models.CharField(max_length=120, help_text="As 'Assessment' or 'IV ketamine infusion'.")
    name_es = models.CharField("name (Spanish)", max_length=120, blank=True)
    session = models.TextField(
        "what a session involves", help_text="What happens, step by step, in plain words."
    )
    session_es = models.TextField("what a session involves (Spanish)", blank=True)
    chair_minutes = models.PositiveSmallIntegerField(
        "time in the chair (minutes)", null=True, blank=True
    )
    monitoring_minutes = models.PositiveSmallIntegerField(
        "monitoring afterwards (minutes)", null=True, blank=True
    )
    visit_minutes = models.PositiveSmallIntegerField(
        "total visit (minutes)",
        null=True,
        blank=True,
        help_text="From arriving to leaving. Leave any time blank if it is not known.",
    )
    usual_course = models.TextField(
        blank=True, help_text="How many sessions, how far apart, as the clinic usually gives them."
    )
    usual_course_es = models.TextField("usual course (Spanish)", blank=True)
    price_from = models.DecimalField(
        "price (dollars)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The price, or the lowest of a range. Leave blank to tell patients to ask for "
        "a quote.",
    )
    price_to = models.DecimalField(
        "highest price (dollars)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="For a range only: the highest price.",
    )

    CONTENT_FIELDS = [
        "name", "name_es", "session", "session_es", "chair_minutes", "monitoring_minutes",
        "visit_minutes", "usual_course", "usual_course_es", "price_from", "price_to", "order",
    ]  # fmt: skip

    class Meta(ClinicRecord.Meta):
        verbose_name = "treatment"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clinic:treatments")

    def clean(self):
        super().clean()
        if self.price_to is not None and self.price_from is None:
            raise ValidationError({"price_from": "Enter the lowest price of the range too."})
        if self.price_to is not None and self.price_to <= self.price_from:
            raise ValidationError({"price_to": "The highest price must be more than the lowest."})

    @property
    def name_shown(self) -> str:
        return in_language(self, "name")

    def text_shown(self, name: str) -> str:
        return in_language(self, name)
