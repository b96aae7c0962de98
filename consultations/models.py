import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

FRONT_DESK_GROUP = "Front desk"

# No 0/O or 1/I/L: a reference is read aloud over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def reference_generate() -> str:
    """Return a random reference like 7QKM-4XPD (unguessable, easy to read out)."""
    characters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{characters[:4]}-{characters[4:]}"


class ConsultationRequest(models.Model):
    """A visitor's request to be contacted: the only thing the site keeps that a visitor typed."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        CLOSED = "closed", "Closed"

    class BestTime(models.TextChoices):
        MORNING = "morning", "Morning"
        AFTERNOON = "afternoon", "Afternoon"
        ANY = "any", "Any time"

    reference = models.CharField(
        max_length=9,
        unique=True,
        default=reference_generate,
        editable=False,
        help_text="Given to the visitor on the confirmation page; quote it when you call.",
    )
    created_at = models.DateTimeField(
        "received", default=timezone.now, db_index=True, editable=False
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.NEW,
        db_index=True,
        help_text="New: nobody has contacted them yet. Contacted: we have been in touch. "
        "Closed: nothing more to do; a closed request can be deleted.",
    )
    name = models.CharField(max_length=100)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    best_time = models.CharField(
        "best time to call", max_length=10, choices=BestTime.choices, default=BestTime.ANY
    )
    # The language of the pages the visitor used, so the front desk can call back in it.
    language = models.CharField(
        "language of the site they used",
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        editable=False,
    )
    message = models.TextField(max_length=1000, blank=True)
    shared_summary_html = models.TextField(
        "shared screener summary",
        blank=True,
        help_text="The visitor's screener summary as they saw it; empty unless they ticked "
        "the box to share it.",
    )
    # A hash of the one-time token in the form that sent this request: a repeated POST of the
    # same form finds this row instead of creating a second request.
    submission_key = models.CharField(max_length=64, unique=True, editable=False)
    contact_consent_at = models.DateTimeField(
        "agreed to be contacted at",
        help_text="When the visitor ticked the box agreeing to be contacted.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "consultation request"

    def __str__(self) -> str:
        # Only the reference: this string is copied into admin's history log, which outlives
        # the request, so it must never carry the visitor's name.
        return f"Request {self.reference}"

    @property
    def summary_shared(self) -> bool:
        return bool(self.shared_summary_html)


class ConsultationRequestView(models.Model):
    """One opening of a request's page in admin: who looked, and when."""

    consultation_request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="views"
    )
    viewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept as text too, so the record still says who it was if the account is deleted.
    viewed_by_username = models.CharField("viewed by", max_length=150)
    viewed_at = models.DateTimeField("when", default=timezone.now)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = "view of a request"
        verbose_name_plural = "views of requests"

    def __str__(self) -> str:
        when = timezone.localtime(self.viewed_at).strftime("%Y-%m-%d %H:%M")
        return f"Viewed by {self.viewed_by_username} at {when}"


class RateLimitCount(models.Model):
    """How many requests one address (hashed) has sent in one window of time.

    Counted in the database, which every worker and server shares and which the form needs
    anyway to save a request, so the limit is the same whichever process answers, and a cache
    outage neither lifts it nor loses a request.
    """

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate limit count"

    def __str__(self) -> str:
        return f"{self.count} request(s) until {self.expires_at:%Y-%m-%d %H:%M}"
