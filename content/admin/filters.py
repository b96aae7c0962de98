"""The page list's filters: by clinical review due, and by where a page is in the workflow."""

import datetime

from django.contrib import admin
from django.utils import timezone

from ..models import Page

# Pages due for review within this many days are flagged in the list.
REVIEW_SOON_DAYS = 30


class ReviewDueFilter(admin.SimpleListFilter):
    title = "clinical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Due in the next {REVIEW_SOON_DAYS} days"),
            ("current", "Up to date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=REVIEW_SOON_DAYS)
        if self.value() == "overdue":
            return queryset.filter(review_due__lt=today)
        if self.value() == "soon":
            return queryset.filter(review_due__gte=today, review_due__lte=soon)
        if self.value() == "current":
            return queryset.filter(review_due__gt=soon)
        return queryset


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("live", "Live"),
            ("live-draft", "Live + draft"),
            ("draft", "Draft only"),
            ("review", "Awaiting review"),
        ]

    def queryset(self, request, queryset):
        live = queryset.filter(status=Page.Status.PUBLISHED)
        if self.value() == "live":
            return live.filter(has_unpublished_changes=False)
        if self.value() == "live-draft":
            return live.filter(has_unpublished_changes=True)
        if self.value() == "draft":
            return queryset.filter(status=Page.Status.DRAFT)
        if self.value() == "review":
            return queryset.filter(review_state="submitted")  # annotated by PageAdmin
        return queryset
