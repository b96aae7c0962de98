"""What the admin home page lists from the workflow, for every kind of content: drafts
awaiting review, drafts sent back, scheduled changes and those overdue."""

import datetime
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import Review
from .workflow import can_publish

# A scheduled change not published this long after its time is reported overdue: the
# `publish_scheduled` command has not run (cron), or could not publish it.
SCHEDULE_GRACE = datetime.timedelta(minutes=5)


@dataclass
class ReviewRow:
    review: Review
    title: str
    kind: str
    review_url: str
    change_url: str

    def __getattr__(self, name):  # the template reads the review's own fields through the row
        return getattr(self.review, name)


@dataclass
class Waiting:
    awaiting_review: list[ReviewRow]
    changes_requested: list[ReviewRow]
    scheduled: list[ReviewRow]
    overdue_schedules: list[ReviewRow]


def admin_url(*, review: Review, name: str) -> str:
    model = review.content_type.model_class()
    try:
        return reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}",
            args=[review.object_id],
        )
    except NoReverseMatch:
        return ""


def waiting_get(*, user) -> Waiting:
    """The open reviews this member of staff should see, by state."""
    reviews = Review.objects.select_related(
        "revision", "submitted_by", "decided_by", "content_type"
    )
    rows = []
    for review in reviews:
        model = review.content_type.model_class()
        if model is None:
            continue
        rows.append(
            ReviewRow(
                review=review,
                title=review.revision.object_str,
                kind=str(model._meta.verbose_name),
                review_url=admin_url(review=review, name="review"),
                change_url=admin_url(review=review, name="change"),
            )
        )
    now = timezone.now()
    mine = [row for row in rows if can_publish(user, row.review.content_type.model_class())]
    scheduled = [row for row in mine if row.review.state == Review.State.SCHEDULED]
    return Waiting(
        awaiting_review=[row for row in mine if row.review.state == Review.State.SUBMITTED],
        changes_requested=[
            row
            for row in rows
            if row.review.state == Review.State.CHANGES_REQUESTED
            and (
                can_publish(user, row.review.content_type.model_class())
                or row.review.submitted_by_id == user.pk
            )
        ],
        scheduled=scheduled,
        overdue_schedules=[r for r in scheduled if r.review.scheduled_for < now - SCHEDULE_GRACE],
    )
