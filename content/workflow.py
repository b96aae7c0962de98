"""What the editorial workflow (editorial/workflow.py) does not cover for a page: taking a page
away from visitors, and recording a clinical review of what they see.

Drafts, review, publishing, scheduling, discarding and restoring are editorial.workflow's, the
same for a page as for every other kind of content.
"""

import datetime

from django.db import transaction

from clinic_site.content_version import content_changed
from editorial import workflow as editorial
from editorial.models import Event, Review
from editorial.workflow import (
    draft_revision,
    event_record,
    pointers_set,
    revision_create,
    staff_email,
)
from editorial.workflow import (
    reviewers as editorial_reviewers,
)

from .models import Page

PUBLISH_PERMISSION = Page.publish_permission


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def reviewers() -> list:
    """Staff who may publish pages (they get the review reminders)."""
    return editorial_reviewers(record=Page)


def draft_schedule(*, draft: Page, user, at: datetime.datetime) -> Review:
    """Schedule a page's draft (the page's name for editorial.workflow.draft_schedule)."""
    return editorial.draft_schedule(record=draft, user=user, at=at)


__all__ = ["draft_schedule", "page_mark_reviewed", "page_unpublish", "reviewers", "staff_email"]


def page_unpublish(*, page: Page, user) -> Page:
    """Take a page away from visitors; it becomes a page never published, with any draft kept
    (the row then holds the draft, which nobody but staff sees)."""
    with transaction.atomic():
        waiting = page.latest_revision if page.has_unpublished_changes else None
        Page.objects.filter(pk=page.pk).update(status=Page.Status.DRAFT)
        page.status = Page.Status.DRAFT
        if waiting is not None:
            page.revision_write(content=waiting.content)
        pointers_set(record=page, live_revision=None)
        draft_revision(record=page)
        pointers_set(record=page, has_unpublished_changes=True)
        event_record(record=page, action=Event.Action.UNPUBLISHED, user=user)
        content_changed()
    return page


def page_mark_reviewed(*, page: Page, user, on: datetime.date) -> Page:
    """Record a clinical review of what visitors see; the text is unchanged."""
    with transaction.atomic():
        page.last_reviewed = on
        page.save(update_fields=["last_reviewed"])
        revision = None
        if not page.has_unpublished_changes:
            # The live version's history shows the new date; a waiting draft keeps its own.
            revision = revision_create(record=page, content=page.revision_content(), user=user)
            pointers_set(record=page, latest_revision=revision, live_revision=revision)
        event_record(
            record=page, action=Event.Action.REVIEWED, user=user, note=f"On {on}", revision=revision
        )
    return page
