"""Creating, announcing and purging consultation requests."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from clinic_site.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, html_sanitise
from clinic_site.models import SiteSettings

from . import search
from .models import (
    ConsultationRequest,
    ConsultationRequestDeletion,
    ConsultationRequestNote,
    ConsultationRequestView,
)

# Never log what a visitor typed: only references and counts go to the log.
logger = logging.getLogger(__name__)

SUMMARY_TAGS = ALLOWED_TAGS | {"address", "div", "h1", "section", "span", "time"}
SUMMARY_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "*": {"class"},
    "time": {"datetime"},
}


def summary_html_clean(*, html: str) -> str:
    """Strip anything but plain structure from a screener summary before showing it."""
    return html_sanitise(html=html, tags=SUMMARY_TAGS, attributes=SUMMARY_ATTRIBUTES)


def consultation_request_submit(
    *,
    submission_key: str,
    name: str,
    phone: str,
    email: str,
    best_time: str,
    message: str,
    summary_html: str | None,
    summary_crisis: bool = False,
    requested_for: str = "",
) -> tuple[ConsultationRequest, bool]:
    """Save a request once per form; return it and whether this call created it.

    The summary is stored only when given, that is when the visitor chose to share it; a
    shared summary whose self-harm answer called for the crisis resources (summary_crisis)
    marks the request for same-day clinical review.
    """
    for _ in range(5):
        try:
            with transaction.atomic():
                consultation_request = ConsultationRequest.objects.create(
                    submission_key=submission_key,
                    name=name,
                    phone=phone,
                    email=email,
                    best_time=best_time or ConsultationRequest.BestTime.ANY,
                    message=message,
                    shared_summary_html=summary_html_clean(html=summary_html)
                    if summary_html
                    else "",
                    contact_consent_at=timezone.now(),
                    language=get_language(),
                    same_day_review=bool(summary_html and summary_crisis),
                    requested_for=requested_for,
                )
        except IntegrityError:
            # Either the same form arrived twice at once, or the random reference was taken.
            existing = ConsultationRequest.objects.filter(submission_key=submission_key).first()
            if existing:
                return existing, False
            continue
        logger.info("Consultation request %s received", consultation_request.reference)
        return consultation_request, True
    raise IntegrityError("Could not find a free consultation request reference")


def consultation_request_notify(
    *, consultation_request: ConsultationRequest, admin_url: str
) -> bool:
    """Tell the clinic a request arrived: reference and link only, nothing the visitor typed."""
    recipient = SiteSettings.load().email
    if not recipient:
        logger.warning(
            "No clinic email address in site settings: request %s was not announced",
            consultation_request.reference,
        )
        return False
    received = timezone.localtime(consultation_request.created_at)
    # The marker says how soon, never why: no health detail goes into an email.
    same_day = consultation_request.same_day_review
    body = (
        "A visitor has asked the clinic to contact them.\n\n"
        + ("Marked SAME DAY: please open this request today.\n\n" if same_day else "")
        + f"Reference: {consultation_request.reference}\n"
        f"Received: {received:%Y-%m-%d %H:%M %Z}\n"
        # So the front desk can call back in the language the visitor read the site in.
        f"Language of the site they used: {consultation_request.get_language_display()}\n\n"
        "Open the request in the staff admin (you need a Front desk account):\n"
        f"{admin_url}\n\n"
        "This email leaves out the visitor's details on purpose. "
        "Please do not forward their details by email.\n"
    )
    try:
        send_mail(
            subject=("Same day: " if same_day else "")
            + f"New consultation request {consultation_request.reference}",
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient],
        )
    except OSError:  # smtplib errors are OSErrors; the request is saved either way
        logger.exception(
            "Could not send the notice for consultation request %s",
            consultation_request.reference,
        )
        return False
    return True


PURGE_BY = "purge_consultation_requests (scheduled)"


def consultation_requests_purge(
    *, retention_days: int, now: datetime | None = None, dry_run: bool = False
) -> list[str]:
    """Delete requests received more than retention_days ago; return their references.

    Each deletion is logged (ConsultationRequestDeletion) in the same transaction, and the
    view records stay (they keep the reference), so the audit trail outlives the requests.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days)
    expired = ConsultationRequest.objects.filter(created_at__lt=cutoff)
    if dry_run:
        return list(expired.values_list("reference", flat=True))
    with transaction.atomic():
        rows = list(expired.select_for_update().values_list("pk", "reference", "created_at"))
        ConsultationRequestDeletion.objects.bulk_create(
            ConsultationRequestDeletion(
                reference=reference,
                received_at=received_at,
                deleted_at=now,
                how=ConsultationRequestDeletion.How.PURGE,
                deleted_by_username=PURGE_BY,
                reason=f"Retention: received more than {retention_days} days ago",
            )
            for _, reference, received_at in rows
        )
        ConsultationRequest.objects.filter(pk__in=[pk for pk, _, _ in rows]).delete()
    references = [reference for _, reference, _ in rows]
    logger.info("Purged %d consultation request(s): %s", len(references), ", ".join(references))
    return references


def consultation_request_delete(*, consultation_request: ConsultationRequest, user, reason: str):
    """Delete one request at a person's hands, logging which, who, when and why first."""
    with transaction.atomic():
        ConsultationRequestDeletion.objects.create(
            reference=consultation_request.reference,
            received_at=consultation_request.created_at,
            how=ConsultationRequestDeletion.How.ADMIN,
            deleted_by=user,
            deleted_by_username=user.get_username(),
            reason=reason,
        )
        consultation_request.delete()
    logger.info(
        "Consultation request %s deleted by %s",
        consultation_request.reference,
        user.get_username(),
    )


def consultation_request_view_record(
    *,
    consultation_request: ConsultationRequest,
    user,
    method: str = "GET",
    outcome: str = ConsultationRequestView.Outcome.SHOWN,
) -> ConsultationRequestView:
    """Record that a member of staff opened a request (whatever they did, whatever came of it)."""
    return ConsultationRequestView.objects.create(
        consultation_request=consultation_request,
        reference=consultation_request.reference,
        viewed_by=user,
        viewed_by_username=user.get_username(),
        method=method[:10],
        outcome=outcome,
    )


def consultation_request_note_add(
    *, consultation_request: ConsultationRequest, user, outcome: str, text: str
) -> ConsultationRequestNote:
    """Add an attempt or a note to a request's log (entries are never changed afterwards)."""
    return ConsultationRequestNote.objects.create(
        consultation_request=consultation_request,
        outcome=outcome,
        text=text,
        written_by=user,
        written_by_username=user.get_username(),
    )


def consultation_request_same_day_review_done(
    *, consultation_request: ConsultationRequest, user
) -> None:
    """Record that a clinician has looked at a same-day request: on it, and in its log."""
    with transaction.atomic():
        consultation_request.same_day_reviewed_at = timezone.now()
        consultation_request.same_day_reviewed_by = user.get_username()
        consultation_request.save(update_fields=["same_day_reviewed_at", "same_day_reviewed_by"])
        consultation_request_note_add(
            consultation_request=consultation_request,
            user=user,
            outcome=ConsultationRequestNote.Outcome.NOTE,
            text="Same-day clinical review recorded as done.",
        )


def consultation_requests_search(*, queryset: QuerySet, text: str) -> QuerySet:
    """Requests matching a reference, a phone number, an email address or name words.

    The details are encrypted, so each is matched by its keyed hash (search.py): the phone
    written any way ("+1 555-010-9999"), the email in any case, every word of the name given.
    """
    text = text.strip()
    if not text:
        return queryset
    matches = Q(reference__iexact=text)
    if len(text) >= 4:  # part of a reference, such as the first half read out
        matches |= Q(reference__icontains=text.replace(" ", ""))
    if search.looks_like_phone(text=text):
        matches |= Q(phone_hash=search.phone_hash(phone=text))
    if "@" in text:
        matches |= Q(email_hash=search.email_hash(email=text))
    words = search.name_words(name=text)
    if words and not search.looks_like_phone(text=text):
        by_name = Q()
        for word in words:
            by_name &= Q(name_index__contains=f" {search.value_hash(value=word)} ")
        matches |= by_name
    return queryset.filter(matches)


def consultation_requests_reencrypt() -> int:
    """Save every request and note again: encrypted with the newest key, hashed with the
    current search key. Run after rotating a key (README); returns how many requests."""
    count = 0
    with transaction.atomic():
        for consultation_request in ConsultationRequest.objects.select_for_update().iterator():
            consultation_request.save()
            count += 1
        for note in ConsultationRequestNote.objects.select_for_update().iterator():
            note.save(update_fields=["text"])
    return count


def front_desk_worklist(*, today) -> dict:
    """What the front desk's admin home shows first: same-day reviews, call backs due, new.

    References, statuses and dates only: the home page shows no visitor's details, so only
    opening a request (which is recorded) shows them.
    """
    open_requests = ConsultationRequest.objects.open().select_related("owner")
    return {
        "same_day": list(
            ConsultationRequest.objects.same_day_waiting()
            .select_related("owner")
            .order_by("created_at")
        ),
        "overdue": list(open_requests.filter(call_back_on__lt=today).order_by("call_back_on")),
        "due_today": list(open_requests.filter(call_back_on=today).order_by("created_at")),
        "new": list(
            open_requests.filter(status=ConsultationRequest.Status.NEW).order_by("created_at")
        ),
        "today": today,
    }
