"""Changing a live page safely: working drafts, clinical review, publishing and scheduling.

A live page keeps serving visitors while staff work on a draft: a second Page row whose
`live_page` points at it. Publishing copies the draft onto the live page (so its address, its
history and links to it stay the same) and deletes the draft. A page never yet published is its
own draft. Every step is recorded as a PageEvent, with who did it and when.
"""

import datetime

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from clinic_site.content_version import content_version_change_due
from clinic_site.models import SiteSettings

from .models import FAQEntry, Page, PageEvent, PageReview
from .services import faq_entries_search_vector_update, page_save

PUBLISH_PERMISSION = "content.publish_page"
# What a draft carries over to its live page when published (related pages and the FAQ entries
# are copied as well).
COPIED_FIELDS = [
    "title",
    "slug",
    "language",
    "translation_of",
    "nav_title",
    "summary",
    "body",
    "layout",
    "parent",
    "show_in_nav",
    "nav_order",
    "last_reviewed",
    "review_interval_months",
]


class PublishRefused(Exception):
    """Publishing was not allowed; the message says why, in words for staff."""


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def event_record(*, page: Page, action: str, user=None, note: str = "") -> PageEvent:
    return PageEvent.objects.create(page=page.identity, action=action, user=user, note=note)


def page_values(*, page: Page) -> dict:
    """What a page says, by attribute name, in the shape django-reversion stores versions."""
    values = {
        Page._meta.get_field(name).attname: getattr(page, Page._meta.get_field(name).attname)
        for name in COPIED_FIELDS
    }
    values["related_pages"] = sorted(page.related_pages.values_list("pk", flat=True))
    return values


def page_entries(*, page: Page) -> dict[str, dict]:
    """A page's FAQ entries by anchor."""
    return {
        entry["anchor"]: entry
        for entry in page.faq_entries.values("question", "anchor", "answer", "order")
    }


def faq_entries_sync(*, page: Page, entries: list[dict]) -> None:
    """Give a page exactly these FAQ entries (question, anchor, answer, order).

    Entries are matched by anchor and changed in place, so history shows what changed in each.
    """
    existing = {entry.anchor: entry for entry in page.faq_entries.all()}
    kept = []
    for values in entries:
        entry = existing.get(values["anchor"]) or FAQEntry(page=page, anchor=values["anchor"])
        changed = entry.pk is None or any(
            getattr(entry, name) != values[name] for name in ("question", "answer", "order")
        )
        if changed:
            entry.question, entry.answer = values["question"], values["answer"]
            entry.order = values["order"]
            entry.save()
        kept.append(entry.pk)
    page.faq_entries.exclude(pk__in=kept).delete()
    faq_entries_search_vector_update(page=page)


def page_content_write(*, target: Page, values: dict, entries: list[dict]) -> Page:
    """Make a page say what `values` (as page_values gives them) and `entries` say."""
    for name in COPIED_FIELDS:
        attname = Page._meta.get_field(name).attname
        if attname in values:
            setattr(target, attname, values[attname])
    page_save(page=target)
    existing_ids = set(
        Page.objects.filter(pk__in=values.get("related_pages", [])).values_list("pk", flat=True)
    )
    target.related_pages.set(sorted(existing_ids))
    faq_entries_sync(page=target, entries=entries)
    return target


def page_content_copy(*, source: Page, target: Page) -> Page:
    """Make `target` say what `source` says: fields, related pages and FAQ entries."""
    entries = sorted(page_entries(page=source).values(), key=lambda entry: entry["order"])
    return page_content_write(target=target, values=page_values(page=source), entries=entries)


def draft_for(*, page: Page) -> Page | None:
    """The working draft of a page: its draft row, itself if never published, else None."""
    if page.live_page_id or page.status == Page.Status.DRAFT:
        return page
    return Page.objects.filter(live_page=page).first()


def draft_create(*, live: Page, user) -> Page:
    """Start a working draft of a live page, as a copy of what visitors see now."""
    draft = Page(live_page=live, status=Page.Status.DRAFT, changed_by=user)
    with transaction.atomic():
        page_content_copy(source=live, target=draft)
    return draft


def draft_saved(*, draft: Page, user) -> None:
    """Record an edit to a draft. An edit after submitting withdraws it from review."""
    Page.objects.filter(pk=draft.pk).update(changed_by=user)
    draft.changed_by = user
    review = PageReview.objects.filter(draft=draft).first()
    note = ""
    if review is not None and review.state != PageReview.State.CHANGES_REQUESTED:
        review.delete()
        note = "Changed after it was sent for review, so it needs sending again."
    event_record(page=draft, action=PageEvent.Action.DRAFT_SAVED, user=user, note=note)


def reviewers() -> list:
    """Active staff who may publish: they hear when a draft is waiting."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return [user for user in users if can_publish(user)]


def staff_email(*, to: list[str], subject: str, lines: list[str]) -> None:
    """Tell staff about a page. Pages hold no patient data, and neither does this email."""
    if to:
        send_mail(subject, "\n\n".join(lines), settings.DEFAULT_FROM_EMAIL, to)


def admin_address(*, name: str, page: Page) -> str:
    return reverse(f"admin:content_page_{name}", args=[page.pk])


def draft_submit(*, draft: Page, user, note: str, site_url: str) -> PageReview:
    """Send a draft for clinical review, with an optional note, and tell the reviewers."""
    review, _ = PageReview.objects.update_or_create(
        draft=draft,
        defaults={
            "state": PageReview.State.SUBMITTED,
            "note": note,
            "comment": "",
            "submitted_by": user,
            "submitted_at": timezone.now(),
            "decided_by": None,
            "decided_at": None,
            "scheduled_for": None,
        },
    )
    event_record(page=draft, action=PageEvent.Action.SUBMITTED, user=user, note=note)
    staff_email(
        to=[reviewer.email for reviewer in reviewers() if reviewer != user],
        subject=f"Page waiting for your review: {draft.title}",
        lines=[
            f"{user.get_full_name() or user.get_username()} has sent a change to "
            f"“{draft.title}” for clinical review.",
            *([f"Their note: {note}"] if note else []),
            f"Review it here: {site_url}{admin_address(name='review', page=draft)}",
        ],
    )
    return review


def draft_request_changes(*, draft: Page, user, comment: str, site_url: str) -> PageReview:
    """Send a draft back to its editor with the reviewer's comment."""
    review = PageReview.objects.get(draft=draft)
    review.state = PageReview.State.CHANGES_REQUESTED
    review.comment = comment
    review.decided_by, review.decided_at = user, timezone.now()
    review.scheduled_for = None
    review.save()
    event_record(page=draft, action=PageEvent.Action.CHANGES_REQUESTED, user=user, note=comment)
    editor = review.submitted_by
    if editor is not None and editor.email:
        staff_email(
            to=[editor.email],
            subject=f"Changes requested: {draft.title}",
            lines=[
                f"{user.get_full_name() or user.get_username()} has asked for changes to "
                f"“{draft.title}” before it is published.",
                f"Their comment: {comment}",
                f"Open the draft: {site_url}{admin_address(name='change', page=draft)}",
            ],
        )
    return review


def publish_check(*, draft: Page, user, edited_now: bool = False) -> None:
    """Raise PublishRefused unless this member of staff may publish this draft now."""
    if not can_publish(user):
        raise PublishRefused("Only a clinical reviewer can publish a page.")
    taken = Page.objects.editable().filter(slug=draft.slug).exclude(pk=draft.identity.pk)
    if taken.exists():
        raise PublishRefused(
            f"Another page now has the address /{draft.slug}/. Change this draft's address "
            "(its slug), then publish it."
        )
    if SiteSettings.load().every_change_needs_second_person and (
        edited_now or draft.changed_by_id == user.pk
    ):
        raise PublishRefused(
            "This clinic asks for a second person to check every change. You made this "
            "change, so another clinical reviewer needs to publish it."
        )


def draft_publish(*, draft: Page, user, edited_now: bool = False) -> Page:
    """Make the draft what visitors see, and return the live page."""
    publish_check(draft=draft, user=user, edited_now=edited_now)
    action = PageEvent.Action.EDITED_AND_PUBLISHED if edited_now else PageEvent.Action.PUBLISHED
    review = PageReview.objects.filter(draft=draft).select_related("submitted_by").first()
    note = ""
    if review is not None and review.submitted_by and review.submitted_by != user:
        who = review.submitted_by.get_full_name() or review.submitted_by.get_username()
        note = f"Change by {who}, reviewed and published."
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(PageEvent.Action(action).label)
        if draft.live_page_id is None:
            draft.status = Page.Status.PUBLISHED
            PageReview.objects.filter(draft=draft).delete()
            live = page_save(page=draft)
            # Entries saved while it was a draft have no search vectors yet.
            faq_entries_search_vector_update(page=live)
        else:
            live = page_content_copy(source=draft, target=draft.live_page)
            Page.objects.filter(pk=live.pk).update(changed_by=draft.changed_by)
            draft.delete()
        event_record(page=live, action=action, user=user, note=note)
    return live


def draft_schedule(*, draft: Page, user, at: datetime.datetime) -> PageReview:
    """Publish the draft at a later time; until then visitors keep the live version."""
    publish_check(draft=draft, user=user)
    review, _ = PageReview.objects.get_or_create(draft=draft, defaults={"submitted_by": user})
    review.state = PageReview.State.SCHEDULED
    review.scheduled_for = at
    review.decided_by, review.decided_at = user, timezone.now()
    review.save()
    when = date_format(timezone.localtime(at), "DATETIME_FORMAT")
    event_record(page=draft, action=PageEvent.Action.SCHEDULED, user=user, note=f"For {when}")
    # The site's caches refresh at that moment, and the first request then publishes it.
    content_version_change_due(at=at.timestamp())
    return review


def scheduled_drafts_publish() -> int:
    """Publish every draft whose scheduled time has come; return how many."""
    due = PageReview.objects.filter(
        state=PageReview.State.SCHEDULED, scheduled_for__lte=timezone.now()
    ).select_related("draft", "decided_by", "draft__live_page")
    published = 0
    for review in due:
        with transaction.atomic():
            # Another process may have published it a moment ago.
            still_due = PageReview.objects.select_for_update().filter(pk=review.pk).exists()
            if not still_due:
                continue
            try:
                if review.decided_by is None:
                    raise PublishRefused("The reviewer who scheduled it no longer has an account.")
                draft_publish(draft=review.draft, user=review.decided_by, edited_now=False)
            except PublishRefused as refused:
                # Back to the reviewers rather than retried on every request.
                scheduled_publish_failed(review=review, reason=str(refused))
            else:
                published += 1
    return published


def scheduled_publish_failed(*, review: PageReview, reason: str) -> None:
    note = f"Not published at the scheduled time: {reason}"
    review.state = PageReview.State.SUBMITTED
    review.scheduled_for = None
    review.comment = note
    review.save()
    event_record(page=review.draft, action=PageEvent.Action.SCHEDULED, note=note)


def scheduled_next() -> datetime.datetime | None:
    return (
        PageReview.objects.filter(state=PageReview.State.SCHEDULED)
        .order_by("scheduled_for")
        .values_list("scheduled_for", flat=True)
        .first()
    )


def draft_discard(*, draft: Page, user) -> Page:
    """Throw away a live page's working draft; the live page is unchanged."""
    live = draft.live_page
    with transaction.atomic():
        event_record(page=draft, action=PageEvent.Action.DISCARDED, user=user)
        draft.delete()
    return live


def page_unpublish(*, page: Page, user) -> Page:
    """Take a page away from visitors; it becomes a draft (any working draft is discarded)."""
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment("Unpublished")
        Page.objects.filter(live_page=page).delete()
        page.status = Page.Status.DRAFT
        page_save(page=page)
        event_record(page=page, action=PageEvent.Action.UNPUBLISHED, user=user)
    return page


def page_mark_reviewed(*, page: Page, user, on: datetime.date) -> Page:
    """Record a clinical review of what visitors see; the text is unchanged."""
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment("Marked as clinically reviewed")
        page.last_reviewed = on
        page.save(update_fields=["last_reviewed"])
        event_record(page=page, action=PageEvent.Action.REVIEWED, user=user)
    return page
