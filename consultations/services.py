"""Creating, announcing and purging consultation requests."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language

from clinic_site.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, html_sanitise
from clinic_site.models import SiteSettings

from .models import ConsultationRequest, ConsultationRequestView

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
) -> tuple[ConsultationRequest, bool]:
    """Save a request once per form; return it and whether this call created it.

    The summary is stored only when given, that is when the visitor chose to share it.
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
    body = (
        "A visitor has asked the clinic to contact them.\n\n"
        f"Reference: {consultation_request.reference}\n"
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
            subject=f"New consultation request {consultation_request.reference}",
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


def consultation_requests_purge(
    *, retention_days: int, now: datetime | None = None, dry_run: bool = False
) -> int:
    """Delete requests received more than retention_days ago; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days)
    expired = ConsultationRequest.objects.filter(created_at__lt=cutoff)
    if dry_run:
        return expired.count()
    # The per-request view records go with them (on_delete=CASCADE).
    _, deleted_by_model = expired.delete()
    return deleted_by_model.get(ConsultationRequest._meta.label, 0)


def consultation_request_view_record(
    *, consultation_request: ConsultationRequest, user
) -> ConsultationRequestView:
    """Record that a member of staff opened a request."""
    return ConsultationRequestView.objects.create(
        consultation_request=consultation_request,
        viewed_by=user,
        viewed_by_username=user.get_username(),
    )
