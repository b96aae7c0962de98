"""What the admin home page lists: the workflow's waiting changes (editorial.dashboard) and the
pages whose clinical review is due."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from editorial.dashboard import Waiting, waiting_get

from ..models import Page
from ..workflow import can_publish

REVIEW_SOON_DAYS = 30


@dataclass
class Dashboard:
    waiting: Waiting
    reviews_due: list[Page]
    can_publish: bool

    def __getattr__(self, name):  # awaiting_review, scheduled, ... as the template names them
        return getattr(self.waiting, name)


def reviews_due_get(*, today: datetime.date | None = None) -> list[Page]:
    """Pages visitors see or staff are writing whose clinical review is overdue or due soon."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
    return list(Page.objects.filter(review_due__lte=soon).order_by("review_due"))


def dashboard_get(*, user) -> Dashboard:
    return Dashboard(
        waiting=waiting_get(user=user), reviews_due=reviews_due_get(), can_publish=can_publish(user)
    )
