import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from encrypted_fields.fields import EncryptedCharField, EncryptedEmailField, EncryptedTextField

from . import search

FRONT_DESK_GROUP = "Front desk"

# No 0/O or 1/I/L: a reference is read aloud over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def reference_generate() -> str:
    """Return a random reference like 7QKM-4XPD (unguessable, easy to read out)."""
    characters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{characters[:4]}-{characters[4:]}"


class ConsultationRequestQuerySet(models.QuerySet):
    def open(self):
        """Requests the front desk still has work on: new, trying to reach, or booked."""
        return self.filter(status__in=ConsultationRequest.OPEN_STATUSES)

    def same_day_waiting(self):
        """Open requests marked for same-day clinical review that nobody has recorded as done."""
        return self.open().filter(same_day_review=True, same_day_reviewed_at__isnull=True)

    def call_back_due(self, *, today):
        """Open requests whose call-back date is today or has passed."""
        return self.open().filter(call_back_on__lte=today)


class ConsultationRequest(models.Model):
    """A visitor's request to be contacted: the only thing the site keeps that a visitor typed.

    The visitor's name, phone, email, message and shared summary are encrypted in the database
    (django-fernet-encrypted-fields: the key comes from SECRET_KEY and SALT_KEY, see the
    README); the *_hash fields beside them are keyed hashes that make search work (search.py).
    """

    class Status(models.TextChoices):
        NEW = "new", "New"
        TRYING = "trying", "Trying to reach"
        BOOKED = "booked", "Booked"
        NOT_GOING_AHEAD = "not_going_ahead", "Not going ahead"
        CLOSED = "closed", "Closed"

    class BestTime(models.TextChoices):
        MORNING = "morning", "Morning"
        AFTERNOON = "afternoon", "Afternoon"
        ANY = "any", "Any time"

    class RequestedFor(models.TextChoices):
        NOT_SAID = "", "Not said"
        SELF = "self", "Themselves"
        CARED_FOR_CONTACT_CARER = "carer", "Someone they care for: contact the carer"
        CARED_FOR_CONTACT_THEM = "cared-for", "Someone they care for: contact that person"

    OPEN_STATUSES = (Status.NEW, Status.TRYING, Status.BOOKED)

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
        max_length=20,
        choices=Status.choices,
        default=Status.NEW,
        db_index=True,
        help_text="New: nobody has tried to contact them yet. Trying to reach: we have tried "
        "and not spoken yet. Booked: they have an appointment. Not going ahead: they decided "
        "not to, or we could not reach them. Closed: nothing more to do; a closed request can "
        "be deleted.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who on the front desk is looking after this request.",
    )
    call_back_on = models.DateField(
        "call back on",
        null=True,
        blank=True,
        db_index=True,
        help_text="When to try them next. The admin home page lists call backs due today "
        "and overdue.",
    )
    same_day_review = models.BooleanField(
        "same-day clinical review",
        default=False,
        editable=False,
        db_index=True,
        help_text="Their shared screener summary has a safety answer: a clinician should "
        "look at this request today.",
    )
    same_day_reviewed_at = models.DateTimeField(
        "same-day review done at", null=True, blank=True, editable=False
    )
    same_day_reviewed_by = models.CharField(
        "same-day review recorded by", max_length=150, blank=True, editable=False
    )
    # null=True: the encrypted fields store an empty value as NULL (the library's choice).
    name = EncryptedCharField(max_length=100, null=True)
    phone = EncryptedCharField(max_length=30, blank=True, null=True)
    email = EncryptedEmailField(max_length=254, blank=True, null=True)
    name_index = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=16, blank=True, editable=False, db_index=True)
    email_hash = models.CharField(max_length=16, blank=True, editable=False, db_index=True)
    requested_for = models.CharField(
        "request is for",
        max_length=10,
        choices=RequestedFor.choices,
        default=RequestedFor.NOT_SAID,
        blank=True,
        editable=False,
    )
    best_time = models.CharField(
        "best time to call", max_length=10, choices=BestTime.choices, default=BestTime.ANY
    )
    # The language of the pages the visitor used, so the front desk can call back in it.
    # ("language": a short heading for the list; the request's page says it in full.)
    language = models.CharField(
        "language",
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        editable=False,
    )
    message = EncryptedTextField(max_length=1000, blank=True, null=True)
    shared_summary_html = EncryptedTextField(
        "shared screener summary",
        blank=True,
        null=True,
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

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-same_day_review", "-created_at"]
        verbose_name = "consultation request"

    def __str__(self) -> str:
        # Only the reference: this string is copied into admin's history log, which outlives
        # the request, so it must never carry the visitor's name.
        return f"Request {self.reference}"

    def save(self, *args, **kwargs):
        # The hashes are part of the row, like a cached column: they must never disagree with
        # the encrypted values they index, whichever code saves the row.
        self.search_hashes_refresh()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "name_index", "phone_hash", "email_hash"}
        super().save(*args, **kwargs)

    def search_hashes_refresh(self) -> None:
        self.name_index = search.name_index(name=self.name or "")
        self.phone_hash = search.phone_hash(phone=self.phone or "")
        self.email_hash = search.email_hash(email=self.email or "")

    @property
    def summary_shared(self) -> bool:
        return bool(self.shared_summary_html)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ConsultationRequestNote(models.Model):
    """One attempt to reach the visitor, or a note: added, never edited or removed.

    Deleted with its request (it may hold what the visitor said on the phone); the text is
    encrypted like the request's own details.
    """

    class Outcome(models.TextChoices):
        NO_ANSWER = "no_answer", "Called: no answer"
        LEFT_MESSAGE = "left_message", "Called: left a message"
        SPOKE = "spoke", "Spoke to them"
        EMAILED = "emailed", "Sent an email"
        WRONG_DETAILS = "wrong_details", "Number or email did not work"
        NOTE = "note", "Note"

    consultation_request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="notes"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.NOTE)
    text = EncryptedTextField("note", max_length=2000, blank=True, null=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_by_username = models.CharField("by", max_length=150)
    written_at = models.DateTimeField("when", default=timezone.now, editable=False)

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = "attempt or note"
        verbose_name_plural = "attempts and notes"

    def __str__(self) -> str:
        # No note text: this string appears on the delete confirmation page.
        when = timezone.localtime(self.written_at).strftime("%Y-%m-%d %H:%M")
        return f"{self.get_outcome_display()} by {self.written_by_username} at {when}"


class ConsultationRequestView(models.Model):
    """One opening of a request's page in admin: who, when, how and with what outcome.

    Kept when the request is deleted or purged (the reference is stored as text), so the
    record of who read a person's details outlives the details themselves.
    """

    class Outcome(models.TextChoices):
        SHOWN = "shown", "Shown"
        SHOWN_WITH_ERRORS = "errors", "Shown again with form errors"
        SAVED = "saved", "Changes saved"
        REFUSED = "refused", "Refused: no permission"

    consultation_request = models.ForeignKey(
        ConsultationRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="views",
    )
    reference = models.CharField(max_length=9, db_index=True, blank=True)
    viewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept as text too, so the record still says who it was if the account is deleted.
    viewed_by_username = models.CharField("viewed by", max_length=150)
    viewed_at = models.DateTimeField("when", default=timezone.now)
    method = models.CharField(max_length=10, blank=True)
    outcome = models.CharField(
        max_length=10, choices=Outcome.choices, default=Outcome.SHOWN, blank=True
    )

    class Meta:
        ordering = ["-viewed_at", "-id"]
        verbose_name = "view of a request"
        verbose_name_plural = "views of requests"

    def __str__(self) -> str:
        when = timezone.localtime(self.viewed_at).strftime("%Y-%m-%d %H:%M")
        return f"Viewed by {self.viewed_by_username} at {when}"


class ConsultationRequestDeletion(models.Model):
    """A request deleted by the retention purge or by a person: which, who, when and why.

    Nothing here points at the request (it is gone); the reference is kept as text.
    """

    class How(models.TextChoices):
        PURGE = "purge", "Retention purge"
        ADMIN = "admin", "Deleted in admin"

    reference = models.CharField(max_length=9, db_index=True)
    received_at = models.DateTimeField("request received", null=True)
    deleted_at = models.DateTimeField("deleted", default=timezone.now, db_index=True)
    how = models.CharField(max_length=10, choices=How.choices)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    deleted_by_username = models.CharField("deleted by", max_length=150)
    reason = models.TextField(max_length=1000)

    class Meta:
        ordering = ["-deleted_at", "-id"]
        verbose_name = "deletion of a request"
        verbose_name_plural = "deletions of requests"

    def __str__(self) -> str:
        return f"Request {self.reference} deleted"


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
