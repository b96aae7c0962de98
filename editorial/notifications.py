"""Who is told what about a change in review, and who has a record's form open.

- A draft sent for review: an email to the clinical reviewers, the people given the publish
  permission through their group (or their own account). A superuser can publish anything but
  hears only if they are in the group too: being able to is not the same as being asked to.
- Published, scheduled or sent back: the editor who sent it (and whoever wrote the draft) is told
  on the admin home and by email. Titles and links only: content holds no patient details.
- "Being edited by": a presence record the open form renews (static/js/editorial-presence.js),
  which expires soon after the form is left; saving or leaving clears it.

Only staff requests write any of this; nothing here runs in a visitor's request.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format

from .models import EditingPresence, Event, Notification, Review

# The open form renews its presence this often (the script's interval)...
PRESENCE_HEARTBEAT_SECONDS = 30
# ...and a presence not renewed for this long has gone: a closed tab, or a form without scripts.
PRESENCE_EXPIRY_SECONDS = 90
# The permission check of the groups and accounts themselves, without a superuser's "all".
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "The website"


def staff_email(*, to: list[str], subject: str, lines: list[str]) -> None:
    """Tell staff about a change. Content holds no patient data, and neither does this email."""
    if to:
        send_mail(subject, "\n\n".join(lines), settings.DEFAULT_FROM_EMAIL, to)


def admin_address(*, name: str, record) -> str:
    opts = record._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[record.pk])
    except NoReverseMatch:
        return ""


def site_url_get() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")


# Review emails


def reviewers_get(*, record) -> list:
    """Active staff with an email address whom the clinic made reviewers of this kind of record
    (by group or on their own account); a superuser only when they are one of them."""
    users = get_user_model().objects.with_perm(
        record.publish_permission, include_superusers=False, backend=PERMISSION_BACKEND
    )
    return list(users.filter(is_active=True, is_staff=True).exclude(email="").order_by("pk"))


# The editor told of a decision


def authors_get(*, review: Review | None, revision=None) -> list:
    """Whom a decision concerns: who sent the draft for review and who wrote it."""
    revision = revision or (review.revision if review else None)
    candidates = [review.submitted_by if review else None, revision.user if revision else None]
    people = []
    for person in candidates:
        if person is not None and person.is_active and person not in people:
            people.append(person)
    return people


def decision_notify(
    *,
    record,
    kind: str,
    actor,
    review: Review | None,
    revision=None,
    comment: str = "",
    at: datetime.datetime | None = None,
    site_url: str = "",
) -> list[Notification]:
    """Tell the draft's editor (not the person deciding) that it was published, scheduled or
    sent back: a notice on their admin home and an email."""
    title = str(record)[:255]
    by = user_name(actor) if actor else "The website"
    link = admin_address(name="change", record=record)
    change = f"your change to “{title}”"
    if kind == Notification.Kind.PUBLISHED:
        message = f"{by} published it: visitors see it now."
        told = f"{by} published {change}: visitors see it now."
    elif kind == Notification.Kind.SCHEDULED:
        when = date_format(timezone.localtime(at), "DATETIME_FORMAT") if at else ""
        message = f"{by} approved it. It will be published on {when}."
        told = f"{by} approved {change}. It will be published on {when}."
    else:
        message = f"{by} sent it back and asked for changes."
        told = f"{by} sent {change} back and asked for changes."
    subjects = {
        Notification.Kind.PUBLISHED: f"Published: {title}",
        Notification.Kind.SCHEDULED: f"Scheduled: {title}",
        Notification.Kind.CHANGES_REQUESTED: f"Changes requested: {title}",
    }
    notices = []
    for person in authors_get(review=review, revision=revision):
        if actor is not None and person.pk == actor.pk:
            continue  # they know: they did it
        notices.append(
            Notification.objects.create(
                user=person, kind=kind, title=title, message=message[:500], url=link, by=actor
            )
        )
        if person.email:
            staff_email(
                to=[person.email],
                subject=subjects[kind],
                lines=[
                    told,
                    *([f"Their comment: {comment}"] if comment else []),
                    *([f"Open it here: {site_url or site_url_get()}{link}"] if link else []),
                ],
            )
    return notices


def notifications_unread(*, user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, read_at=None).select_related("by")[:20])


def notifications_mark_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())


# My changes in review


def my_reviews_get(*, user) -> list[dict]:
    """The open reviews of changes this member of staff sent: what, its state, who has it."""
    rows = []
    reviews = Review.objects.filter(submitted_by=user).select_related(
        "revision", "decided_by", "content_type"
    )
    for review in reviews.order_by("-submitted_at"):
        model = review.content_type.model_class()
        if model is None:
            continue
        opts = model._meta
        try:
            change_url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[review.object_id]
            )
        except NoReverseMatch:
            change_url = ""
        if review.state == Review.State.SUBMITTED:
            holder = "The clinical reviewers: waiting for one of them"
        elif review.state == Review.State.CHANGES_REQUESTED:
            holder = f"You: {user_name(review.decided_by)} asked for changes"
        else:
            holder = f"Approved by {user_name(review.decided_by)}: goes live on its own"
        rows.append(
            {
                "title": review.revision.object_str,
                "kind": str(opts.verbose_name),
                "state": review.get_state_display(),
                "scheduled_for": review.scheduled_for,
                "submitted_at": review.submitted_at,
                "holder": holder,
                "change_url": change_url,
            }
        )
    return rows


# Comments across review rounds


def conversation_get(*, record) -> list[Event]:
    """What the editor and reviewers said since the record was last published or its draft
    discarded, in order: each round's note when it was sent, and each request for changes."""
    events = record.events.select_related("user").order_by("at", "pk")
    start = (
        events.filter(
            action__in=[
                Event.Action.PUBLISHED,
                Event.Action.EDITED_AND_PUBLISHED,
                Event.Action.DISCARDED,
            ]
        )
        .order_by("-at", "-pk")
        .first()
    )
    if start is not None:
        events = events.filter(at__gte=start.at).exclude(pk=start.pk)
    return list(
        events.filter(
            action__in=[
                Event.Action.SUBMITTED,
                Event.Action.CHANGES_REQUESTED,
                Event.Action.SCHEDULED,
            ]
        )
    )


def requests_open(*, record) -> list[Event]:
    """The reviewers' requests the editor is answering now: those since the last submission."""
    conversation = conversation_get(record=record)
    review = record.review
    if review is None or review.state != Review.State.CHANGES_REQUESTED:
        return []
    return [event for event in conversation if event.action == Event.Action.CHANGES_REQUESTED]


# Who has the form open


def presence_filter(record) -> dict:
    return record.editorial_filter()


def presence_renew(*, record, user) -> None:
    now = timezone.now()
    EditingPresence.objects.update_or_create(
        **presence_filter(record),
        user=user,
        defaults={"seen_at": now},
        create_defaults={"seen_at": now, "opened_at": now},
    )


def presence_clear(*, record, user) -> None:
    EditingPresence.objects.filter(**presence_filter(record), user=user).delete()


def others_editing(*, record, user, now: datetime.datetime | None = None) -> list:
    """Who else has this record's form open now (their presence renewed within the expiry)."""
    now = now or timezone.now()
    since = now - datetime.timedelta(seconds=PRESENCE_EXPIRY_SECONDS)
    EditingPresence.objects.filter(seen_at__lt=since).delete()
    present = EditingPresence.objects.filter(**presence_filter(record), seen_at__gte=since)
    return list(present.exclude(user=user).select_related("user"))
