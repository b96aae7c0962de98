"""Where a draft is made, reviewed and published, for every kind of record (see models.py).

- draft_save: a new revision; the live row is untouched (a record visitors cannot see yet also
  gets the text on its row, so lists and links show what staff wrote).
- draft_submit / draft_request_changes: the one open Review of the record.
- publish_check / draft_publish / draft_schedule: a reviewer's decision; publishing copies the
  latest revision onto the live row.
- scheduled_publish: run by `manage.py publish_scheduled` (cron), never in a visitor's request.
- draft_discard / revision_restore: back to the live version, or an old version as a new draft.

Every step is an Event with who did it and when.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from clinic_site.models import SiteSettings

from .models import Event, Notification, Review, Revision

# Notifications (editorial.notifications): who is told what. Kept apart from publishing itself;
# staff_email, user_name and admin_address are named here too for the apps that import them.
from .notifications import (
    admin_address,
    decision_notify,
    reviewers_get,
    staff_email,
    user_name,
)

SECOND_PERSON_MESSAGE = (
    "This clinic asks for a second person to check every change. You made this change, so "
    "another clinical reviewer needs to publish it."
)


class PublishRefused(Exception):
    """Publishing was not allowed; the message says why, in words for staff."""


def can_publish(user, record) -> bool:
    """Whether this member of staff may publish this kind of record (a record or its class)."""
    return bool(user) and user.has_perm(record.publish_permission)


def event_record(*, record, action: str, user=None, note: str = "", revision=None) -> Event:
    return Event.objects.create(
        **record.editorial_filter(), action=action, user=user, note=note, revision=revision
    )


def revision_create(*, record, content: dict, user=None, note: str = "", source: str = ""):
    return Revision.objects.create(
        **record.editorial_filter(),
        content=content,
        object_str=str(record)[:255],
        user=user,
        note=note[:255],
        source=source,
    )


def pointers_set(*, record, **values) -> None:
    """Set the revision pointers with an update: saving the row would tell the caches that
    what visitors see changed."""
    type(record).objects.filter(pk=record.pk).update(**values)
    for name, value in values.items():
        setattr(record, name, value)


def live_revision_ensure(*, record) -> None:
    """Give a live record that has no revision yet (made by a loader, a migration or the
    settings' first read) one of what visitors see now, so that its history shows the old
    value beside the first change."""
    if record.is_live and record.live_revision_id is None and not record.has_unpublished_changes:
        revision = revision_create(
            record=record,
            content=record.revision_content(),
            note="What visitors saw before the first change through review",
        )
        pointers_set(record=record, latest_revision=revision, live_revision=revision)


def draft_save(
    *,
    record,
    content: dict,
    user,
    action: str = Event.Action.DRAFT_SAVED,
    note: str = "",
    source: str = "",
) -> Revision:
    """Save `content` as the record's draft: a new revision. An edit withdraws it from review."""
    with transaction.atomic():
        live_revision_ensure(record=record)
        revision = revision_create(
            record=record, content=content, user=user, note=note, source=source
        )
        if not record.is_live:
            # Nobody but staff sees this row yet, so it follows the draft.
            record.revision_write(content=content)
        pointers_set(record=record, latest_revision=revision, has_unpublished_changes=True)
        review = record.review
        if review is not None and review.state != Review.State.CHANGES_REQUESTED:
            review.delete()
            withdrawn = "Changed after it was sent for review, so it needs sending again."
            note = f"{note} {withdrawn}".strip()
        event_record(record=record, action=action, user=user, note=note, revision=revision)
    return revision


def draft_revision(*, record) -> Revision | None:
    """The revision publishing would put live, or None when nothing is waiting.

    A record never published whose text was written straight to its row gets a revision of it.
    """
    if record.has_unpublished_changes and record.latest_revision_id:
        return record.latest_revision
    if not record.is_live:
        revision = revision_create(record=record, content=record.revision_content())
        pointers_set(record=record, latest_revision=revision, has_unpublished_changes=True)
        return revision
    return None


def draft_authors(*, record) -> set[int]:
    """Everyone who wrote any part of the draft: every revision since the live one (or since
    the last discarded draft), whoever saved it."""
    since = record.live_revision_id or 0
    discarded = (
        record.events.filter(action=Event.Action.DISCARDED)
        .exclude(revision=None)
        .order_by("-revision_id")
        .values_list("revision_id", flat=True)
        .first()
    )
    since = max(since, discarded or 0)
    return set(
        record.revisions.filter(pk__gt=since).exclude(user=None).values_list("user_id", flat=True)
    )


def second_person_needed(*, record, draft_content: dict) -> bool:
    """Whether this change must be published by someone who did not write it."""
    if SiteSettings.load().every_change_needs_second_person:
        return True
    if not record.second_person_fields or not record.is_live:
        return bool(record.second_person_fields)
    live_content = record.revision_content()
    return any(
        draft_content.get(name) != live_content.get(name) for name in record.second_person_fields
    )


def publish_check(*, record, user, draft=None, edited_now: bool = False) -> None:
    """Raise PublishRefused unless this member of staff may publish the record's draft now."""
    if not can_publish(user, record):
        raise PublishRefused("Only a clinical reviewer can publish this.")
    revision = record.latest_revision if record.has_unpublished_changes else None
    if draft is None:
        draft = revision.as_object(record=record) if revision else record
    problem = record.publish_problem(draft=draft)
    if problem:
        raise PublishRefused(problem)
    content = revision.content if revision else record.revision_content()
    if second_person_needed(record=record, draft_content=content) and (
        edited_now or user.pk in draft_authors(record=record)
    ):
        raise PublishRefused(SECOND_PERSON_MESSAGE)


def draft_publish(*, record, user, edited_now: bool = False):
    """Make the record's draft what visitors see, and return the record."""
    revision = draft_revision(record=record)
    if revision is None:
        raise PublishRefused("There is no draft to publish.")
    publish_check(record=record, user=user, edited_now=edited_now)
    action = Event.Action.EDITED_AND_PUBLISHED if edited_now else Event.Action.PUBLISHED
    review = record.review
    notify_review = review  # Notification (below): read before publishing deletes the review
    note = ""
    if review is not None and review.submitted_by and review.submitted_by != user:
        note = f"Change by {user_name(review.submitted_by)}, reviewed and published."
    with transaction.atomic():
        record.published_state_set()
        record.revision_write(content=revision.content)
        now = timezone.now()
        Revision.objects.filter(pk=revision.pk).update(published_at=now, published_by=user)
        pointers_set(
            record=record,
            live_revision=revision,
            latest_revision=revision,
            has_unpublished_changes=False,
        )
        Review.objects.filter(**record.editorial_filter()).delete()
        event_record(record=record, action=action, user=user, note=note, revision=revision)
    # Notification: the editor hears that visitors see their change now.
    decision_notify(
        record=record,
        kind=Notification.Kind.PUBLISHED,
        actor=user,
        review=notify_review,
        revision=revision,
    )
    return record


def reviewers(*, record) -> list:
    """The clinical reviewers of this kind of record: they hear when a draft is waiting."""
    return reviewers_get(record=record)


def draft_submit(*, record, user, note: str, site_url: str) -> Review:
    """Send the record's draft for review, with an optional note, and tell the reviewers."""
    revision = draft_revision(record=record)
    if revision is None:
        raise PublishRefused("There is no draft to send for review.")
    review, _ = Review.objects.update_or_create(
        **record.editorial_filter(),
        defaults={
            "revision": revision,
            "state": Review.State.SUBMITTED,
            "note": note,
            "comment": "",
            "submitted_by": user,
            "submitted_at": timezone.now(),
            "decided_by": None,
            "decided_at": None,
            "scheduled_for": None,
        },
    )
    event_record(
        record=record, action=Event.Action.SUBMITTED, user=user, note=note, revision=revision
    )
    staff_email(
        to=[reviewer.email for reviewer in reviewers(record=record) if reviewer != user],
        subject=f"Waiting for your review: {record}",
        lines=[
            f"{user_name(user) if user else 'The content loader'} has sent a change to "
            f"“{record}” for clinical review.",
            *([f"Their note: {note}"] if note else []),
            f"Review it here: {site_url}{admin_address(name='review', record=record)}",
        ],
    )
    return review


def draft_request_changes(*, record, user, comment: str, site_url: str) -> Review:
    """Send the record's draft back to its editor with the reviewer's comment."""
    review = Review.objects.get(**record.editorial_filter())
    review.state = Review.State.CHANGES_REQUESTED
    review.comment = comment
    review.decided_by, review.decided_at = user, timezone.now()
    review.scheduled_for = None
    review.save()
    event_record(
        record=record,
        action=Event.Action.CHANGES_REQUESTED,
        user=user,
        note=comment,
        revision=review.revision,
    )
    # Notification: the editor hears on the admin home and by email.
    decision_notify(
        record=record,
        kind=Notification.Kind.CHANGES_REQUESTED,
        actor=user,
        review=review,
        comment=comment,
        site_url=site_url,
    )
    return review


def draft_schedule(*, record, user, at: datetime.datetime) -> Review:
    """Publish the draft at a later time (`manage.py publish_scheduled` does it)."""
    revision = draft_revision(record=record)
    if revision is None:
        raise PublishRefused("There is no draft to schedule.")
    publish_check(record=record, user=user)
    review, _ = Review.objects.get_or_create(
        **record.editorial_filter(), defaults={"submitted_by": user, "revision": revision}
    )
    review.revision = revision
    review.state = Review.State.SCHEDULED
    review.scheduled_for = at
    review.decided_by, review.decided_at = user, timezone.now()
    review.save()
    when = date_format(timezone.localtime(at), "DATETIME_FORMAT")
    event_record(
        record=record,
        action=Event.Action.SCHEDULED,
        user=user,
        note=f"For {when}",
        revision=revision,
    )
    # Notification: the editor hears when their change goes live.
    decision_notify(
        record=record,
        kind=Notification.Kind.SCHEDULED,
        actor=user,
        review=review,
        revision=revision,
        at=at,
    )
    return review


def scheduled_due(*, now: datetime.datetime | None = None):
    return Review.objects.filter(
        state=Review.State.SCHEDULED, scheduled_for__lte=now or timezone.now()
    ).select_related("decided_by", "revision")


def scheduled_publish(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Publish every draft whose scheduled time has come; return (published, sent back)."""
    published = refused = 0
    for review in scheduled_due(now=now):
        with transaction.atomic():
            # Another run may have published it a moment ago.
            current = Review.objects.select_for_update().filter(pk=review.pk).first()
            if current is None or current.state != Review.State.SCHEDULED:
                continue
            record = current.content_object
            if record is None:
                current.delete()  # the record was deleted meanwhile
                continue
            try:
                if current.decided_by is None:
                    raise PublishRefused("The reviewer who scheduled it no longer has an account.")
                draft_publish(record=record, user=current.decided_by)
            except PublishRefused as reason:
                # Back to the reviewers rather than retried on every run.
                scheduled_publish_failed(review=current, record=record, reason=str(reason))
                refused += 1
            else:
                published += 1
    return published, refused


def scheduled_publish_failed(*, review: Review, record, reason: str) -> None:
    note = f"Not published at the scheduled time: {reason}"
    review.state = Review.State.SUBMITTED
    review.scheduled_for = None
    review.comment = note
    review.save()
    event_record(record=record, action=Event.Action.SCHEDULED, note=note, revision=review.revision)


def draft_discard(*, record, user):
    """Throw away a live record's draft; the live version is unchanged."""
    if not (record.is_live and record.has_unpublished_changes):
        raise PublishRefused("Only a live record's draft can be discarded.")
    with transaction.atomic():
        event_record(
            record=record,
            action=Event.Action.DISCARDED,
            user=user,
            revision=record.latest_revision,
        )
        Review.objects.filter(**record.editorial_filter()).delete()
        pointers_set(
            record=record, latest_revision=record.live_revision, has_unpublished_changes=False
        )
    return record


def revision_restore(*, record, revision: Revision, user) -> Revision:
    """Make an earlier version the record's draft, to be reviewed and published like any
    change; visitors keep the live version until then."""
    saved_on = date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
    return draft_save(
        record=record,
        content=revision.content,
        user=user,
        action=Event.Action.REVERTED,
        note=f"Saved on {saved_on}",
    )
