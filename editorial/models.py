"""Drafts as revisions of the one live record, reviews and history, for every kind of content.

The design follows Wagtail's RevisionMixin and DraftStateMixin (read as design, not copied):

- The live row of a record (a page, say) holds what visitors see, and nothing else.
- A Revision holds a whole state of a record as staff wrote it, children included (a page's FAQ
  entries), with who wrote it and when. Saving a draft adds a revision; it never touches the
  live row.
- Publishing copies a revision onto the live row. The record points at its latest revision and
  at its live one, and knows whether it has unpublished changes.
- A Review is the one open request to publish a record's draft: submitted, sent back, or
  scheduled for a time. An Event is one step of the record's history.

A kind of record joins by inheriting RevisionMixin and saying how its content is written to and
read from a revision (see the methods there); everything else is editorial.workflow's.
"""

import copy

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class Revision(models.Model):
    """One saved state of a record: its content as JSON, with who wrote it and when."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # Text, so that any kind of key fits; a revision outlives its record (deleted pages).
    object_id = models.CharField(max_length=64, db_index=True)
    content_object = GenericForeignKey("content_type", "object_id")
    content = models.JSONField(encoder=DjangoJSONEncoder)
    # The record's name when this was saved, for lists of revisions whose record is gone.
    object_str = models.CharField(max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who wrote this version; empty for the content loader.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.CharField(max_length=255, blank=True)
    # Set on a revision written by the loader from a source file (its path), so a later load
    # knows what the file said last time.
    source = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-id"])]

    def __str__(self) -> str:
        return f"{self.object_str or self.object_id} at {self.created_at:%Y-%m-%d %H:%M}"

    def as_object(self, record=None):
        """The record as this revision has it (unsaved), for previews, checks and the form.

        `record` is the live record to start from; by default it is read.
        """
        record = record if record is not None else self.content_object
        return record.revision_object(content=self.content, revision=self)


class Review(models.Model):
    """A record's draft sent for review, and what the reviewer decided: at most one a record."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Awaiting review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        SCHEDULED = "scheduled", "Scheduled"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="reviews")
    state = models.CharField(max_length=20, choices=State.choices, default=State.SUBMITTED)
    note = models.TextField("note for the reviewer", blank=True)
    comment = models.TextField("reviewer's comment", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    scheduled_for = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="editorial_one_review_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.revision.object_str} ({self.get_state_display()})"


class Event(models.Model):
    """One step in a record's editorial history: who did what, when (and to which revision)."""

    class Action(models.TextChoices):
        CREATED = "created", "Created from a source file"
        DRAFT_SAVED = "draft_saved", "Draft saved"
        SUBMITTED = "submitted", "Submitted for review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PUBLISHED = "published", "Published"
        EDITED_AND_PUBLISHED = "edited_and_published", "Edited and published in one step"
        SCHEDULED = "scheduled", "Scheduled"
        DISCARDED = "discarded", "Draft discarded"
        UNPUBLISHED = "unpublished", "Unpublished"
        REVERTED = "reverted", "Earlier version restored as a draft"
        REVIEWED = "reviewed", "Marked as clinically reviewed"
        SOURCE_CHANGED = "source_changed", "Source file changed: draft submitted for review"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True)
    content_object = GenericForeignKey("content_type", "object_id")
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.content_type} {self.object_id}"


class RevisionMixin(models.Model):
    """What a record needs to have drafts, review and history: inherit it and fill in the
    methods below. The live row's own fields are what visitors get."""

    latest_revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    live_revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    has_unpublished_changes = models.BooleanField(default=False, editable=False)

    class Meta:
        abstract = True

    # What each kind of record says about itself.

    # The permission that lets a member of staff publish this kind ("app.codename").
    publish_permission = ""
    # A change to these fields needs a second person whatever the site settings say.
    second_person_fields: tuple[str, ...] = ()

    @property
    def is_live(self) -> bool:
        """Whether visitors see this record at all."""
        return True

    # A kind whose content is just some of its own fields (the home page, the site settings, a
    # guidance text) names them here and needs none of the three methods below; a kind with
    # children (a page with its FAQ entries) writes its own.
    revision_fields: tuple[str, ...] = ()

    def revision_content(self) -> dict:
        """The record's content (children included) as JSON-ready values."""
        if not self.revision_fields:
            raise NotImplementedError
        return {name: getattr(self, name) for name in self.revision_fields}

    def revision_object(self, *, content: dict, revision: Revision | None = None):
        """An unsaved copy of this record saying what `content` says."""
        if not self.revision_fields:
            raise NotImplementedError
        draft = copy.copy(self)
        for name in self.revision_fields:
            if name in content:
                setattr(draft, name, content[name])
        if revision is not None and hasattr(draft, "updated_at"):
            draft.updated_at = revision.created_at  # "last changed" on the review screen
        return draft

    def revision_write(self, *, content: dict) -> None:
        """Make the live row (and its children) say what `content` says."""
        if not self.revision_fields:
            raise NotImplementedError
        if self.pk and self.revision_content() == content:
            return  # nothing visitors see changes, so caches keep what they hold
        for name in self.revision_fields:
            if name in content:
                setattr(self, name, content[name])
        self.save()  # the kind's post_save replaces the content version: visitors see it

    def publish_problem(self, *, draft) -> str:
        """Why this draft cannot go live now, in words for staff; empty when it can."""
        return ""

    def published_state_set(self) -> None:
        """Make the record one visitors see, and save that (a page's status)."""

    # Derived

    @property
    def draft_object(self):
        """The record as its latest draft has it: itself when nothing is waiting."""
        if self.has_unpublished_changes and self.latest_revision_id and self.is_live:
            return self.latest_revision.as_object(record=self)
        return self

    # Revisions, reviews and events name their record by type and key rather than by a
    # GenericRelation, which would delete them with the record: a deleted page's revisions are
    # how it is recovered.

    def editorial_filter(self) -> dict:
        content_type = ContentType.objects.get_for_model(type(self))
        return {"content_type": content_type, "object_id": str(self.pk)}

    @property
    def revisions(self):
        return Revision.objects.filter(**self.editorial_filter())

    @property
    def events(self):
        return Event.objects.filter(**self.editorial_filter())

    @property
    def review(self) -> Review | None:
        return (
            Review.objects.filter(**self.editorial_filter())
            .select_related("submitted_by", "decided_by", "revision")
            .first()
        )

    @property
    def scheduled_for(self):
        review = self.review
        return review.scheduled_for if review and review.state == Review.State.SCHEDULED else None


class Notification(models.Model):
    """Something a member of staff is told on the admin home (and by email) about a change they
    sent for review: published, scheduled or sent back. Titles and links only: content holds no
    patient details, and neither does this."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled"
        CHANGES_REQUESTED = "changes_requested", "Sent back for changes"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editorial_notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=255)
    message = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title} (to {self.user})"


class EditingPresence(models.Model):
    """Who has a record's form open right now. The open form renews it every little while
    (static/js/editorial-presence.js); it expires soon after the form is left, so "being edited
    by" names only people who are really there."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="editorial_presence_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} editing {self.content_type} {self.object_id}"
