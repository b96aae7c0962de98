"""Review reminders: the pages due for clinical review, sent to each reviewer once a day."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from .admin.dashboard import reviews_due_get
from .models import ReviewReminder
from .workflow import reviewers, staff_email


def review_reminders_send() -> int:
    """Send today's reminder to every reviewer who has not had one today; return how many."""
    pages = reviews_due_get()
    if not pages:
        return 0
    today = timezone.localdate()
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    lines = [
        f"{page.title}: "
        + (
            f"overdue since {date_format(page.review_due, 'DATE_FORMAT')}"
            if page.is_review_overdue
            else f"due {date_format(page.review_due, 'DATE_FORMAT')}"
        )
        + f" ({site}{reverse('admin:content_page_change', args=[page.pk])})"
        for page in pages
    ]
    sent = 0
    for reviewer in reviewers():
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(user=reviewer, sent_on=today)
        except IntegrityError:
            continue  # already reminded today
        staff_email(
            to=[reviewer.email],
            subject=f"{len(pages)} page(s) due for clinical review",
            lines=["These pages need a clinical review soon:", "\n".join(lines)],
        )
        sent += 1
    return sent
