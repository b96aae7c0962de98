"""What the admin home page lists: drafts waiting for review, reviews due, scheduled changes."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ..models import Page, PageReview
from ..workflow import can_publish

REVIEW_SOON_DAYS = 30
# A scheduled change the site has not published this long after its time is reported overdue.
SCHEDULE_GRACE = datetime.timedelta(minutes=5)


@dataclass
class Dashboard:
    awaiting_review: list[PageReview]
    changes_requested: list[PageReview]
    scheduled: list[PageReview]
    overdue_schedules: list[PageReview]
    reviews_due: list[Page]
    can_publish: bool


def reviews_due_get(*, today: datetime.date | None = None) -> list[Page]:
    """Pages visitors see or staff are writing whose clinical review is overdue or due soon."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
    return list(Page.objects.editable().filter(review_due__lte=soon).order_by("review_due"))


def dashboard_get(*, user) -> Dashboard:
    reviews = list(PageReview.objects.select_related("draft", "submitted_by", "decided_by"))
    now = timezone.now()
    scheduled = [review for review in reviews if review.state == PageReview.State.SCHEDULED]
    return Dashboard(
        awaiting_review=[r for r in reviews if r.state == PageReview.State.SUBMITTED],
        changes_requested=[
            r
            for r in reviews
            if r.state == PageReview.State.CHANGES_REQUESTED
            and (can_publish(user) or r.submitted_by_id == user.pk)
        ],
        scheduled=scheduled,
        overdue_schedules=[r for r in scheduled if r.scheduled_for < now - SCHEDULE_GRACE],
        reviews_due=reviews_due_get(),
        can_publish=can_publish(user),
    )
