"""The workflow's admin screens for every kind of content (EditorialAdmin).

No admin keeps django-reversion's history screens (security review F3): its revert screen looked
a version up by id without checking the version's type and put it live outside review. Every
kind of content a patient reads is on editorial's RevisionMixin instead, where restoring an old
version makes a draft of that same record (editorial.workflow.revision_restore), reviewed and
published like any change. tests/editorial/test_reversion_screens.py keeps it so.

Over 500 lines because these are the workflow's screens for every kind at once (edit, preview,
submit, review, schedule, publish, discard, history, restore, the open form's presence, and
marking notifications read): one copy that pages, the home page, site settings, guidance and the
clinic's records all use, instead of one per kind. What the review shows is editorial.review's;
who is told what, editorial.notifications'.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods

from clinic_site.models import SiteSettings

from .forms import RequestChangesForm, ScheduleForm, SubmitForm
from .history import fields_compare, revision_previous
from .models import Notification
from .notifications import (
    PRESENCE_HEARTBEAT_SECONDS,
    conversation_get,
    notifications_mark_read,
    others_editing,
    presence_clear,
    presence_renew,
    requests_open,
    user_name,
)
from .review import ReviewChildren, review_render
from .workflow import (
    PublishRefused,
    can_publish,
    draft_discard,
    draft_publish,
    draft_request_changes,
    draft_save,
    draft_schedule,
    draft_submit,
    publish_check,
    revision_restore,
)


class EditorialAdmin:
    """The workflow's screens for any kind of record on RevisionMixin, beside its change form:
    the form saves a draft; review (side by side, with the checks), submit, request changes,
    schedule, publish, discard; history with each version's changes, and restore as a draft.

    Mix it in before admin.ModelAdmin. A kind's admin says how two contents differ
    (`changes_compare`), what its checks find (`draft_warnings`, `checks_done`) and, if its form
    holds more than the record's own fields, what a saved form's content is (`draft_content`).
    admin_site.admin_view wraps each screen: staff only, and never cached.
    """

    object_history_template = "admin/editorial/object_history.html"
    checks_done = "no words the site never uses."
    # A kind that shows its draft as visitors would see it has a "<object_id>/preview/" screen.
    has_preview = False
    # The review screen shows text as visitors read it (editorial.review): the text fields a
    # kind writes in Markdown, and its children (a page's FAQ entries), if any.
    review_markdown_fields: tuple[str, ...] = ()
    review_children: ReviewChildren | None = None
    # Text fields whose value visitors do not read as words (an accent colour): compared as
    # values (changes_compare), under "Other changes", not as text.
    review_not_text_fields: tuple[str, ...] = ()
    # The toggle over the side-by-side comparison of the text as typed: Markdown for the kinds
    # written in it, plain fields (an image's words, a team member's) for the others.
    source_changes_label = "Show the Markdown changes"
    # A kind whose new record is live as it is added, with no draft to review: no visitor sees
    # it until a reviewed record shows it (an uploaded image).
    added_live = False

    def review_illustration(self, record) -> str:
        """HTML the reviewer needs beside the words to judge them (an image's own picture for
        its alt text); none by default."""
        return ""

    # What each kind says

    @admin.display(description="state")
    def state_label(self, record) -> str:
        """For list_display: whether a draft is waiting beside the live version."""
        if not record.is_live:
            return "Draft"
        return "Live + draft" if record.has_unpublished_changes else "Live"

    def changes_compare(self, *, old: dict, new: dict) -> list:
        """What differs, field by field in the record's revision_fields, each under its label:
        long text word by word, other values as old → new. A kind with children writes its own."""
        model = self.model
        if not model.revision_fields:
            raise NotImplementedError
        fields = [model._meta.get_field(name) for name in model.revision_fields]
        return fields_compare(
            old=old,
            new=new,
            fields=[(field.name, capfirst(field.verbose_name)) for field in fields],
            long_text={field.name for field in fields if isinstance(field, models.TextField)},
            value_text=value_text,
        )

    def changes_render(self, *, old: dict, new: dict):
        """What differs, as visitors will read it (editorial.review.review_render)."""
        return review_render(
            model=self.model,
            old=old,
            new=new,
            markdown=self.review_markdown_fields,
            children=self.review_children,
            other_compare=self.changes_compare,
            not_text=self.review_not_text_fields,
        )

    def draft_warnings(self, draft) -> list:
        return []

    def draft_content(self, request, form, formsets) -> dict:
        return form.instance.revision_content()

    def live_url(self, record) -> str:
        return record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""

    # Addresses

    def get_urls(self):
        wrap = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        views = [
            ("<path:object_id>/review/", self.review_view, "review"),
            ("<path:object_id>/submit/", self.submit_view, "submit"),
            ("<path:object_id>/discard/", self.discard_view, "discard"),
            ("<path:object_id>/presence/", self.presence_view, "presence"),
            (
                "<path:object_id>/history/<int:version_id>/changes/",
                self.version_changes_view,
                "version_changes",
            ),
            (
                "<path:object_id>/history/<int:version_id>/revert/",
                self.version_revert_view,
                "version_revert",
            ),
        ]
        return [
            *(path(route, wrap(view), name=f"{prefix}_{name}") for route, view, name in views),
            *super().get_urls(),
        ]

    def admin_url(self, name: str, record, *more) -> str:
        """The address of one of this admin's screens about a record (and a revision)."""
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[quote(record.pk), *more]
        )

    # The record and its draft

    def get_object(self, request, object_id, from_field=None):
        """The record as its latest draft has it: every screen and the form work on the draft."""
        record = super().get_object(request, object_id, from_field)
        return record.draft_object if record is not None else None

    def record_or_404(self, request, object_id: str):
        draft = self.get_object(request, unquote(object_id))
        if draft is None:
            raise Http404("Not found")
        if not self.has_view_or_change_permission(request, draft):
            raise PermissionDenied
        return draft

    def live_get(self, draft):
        """The record's row: what visitors see, when it is live."""
        return (
            self.model._default_manager.select_related("latest_revision", "live_revision")
            .filter(pk=draft.pk)
            .get()
        )

    def draft_or_redirect(self, request, object_id: str):
        """The draft this screen is about, or a way back to the record when none is waiting."""
        draft = self.record_or_404(request, object_id)
        if draft.is_live and not draft.has_unpublished_changes:
            self.message_user(request, f"“{draft}” has no draft waiting.", messages.INFO)
            return None, self.redirect_to_change(draft)
        return draft, None

    def screen(self, request, template: str, *, record, title: str, **context):
        """Render one of the workflow's screens inside the admin, about this record."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": record,
            "title": title,
            "checks_done": self.checks_done,
            "has_preview": self.has_preview,
            "source_changes_label": self.source_changes_label,
            **context,
        }
        return TemplateResponse(request, f"admin/editorial/{template}", context)

    def redirect_to_change(self, record) -> HttpResponseRedirect:
        return HttpResponseRedirect(self.admin_url("change", record))

    # The change form: saving makes a draft

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        record = None
        if object_id is not None:
            record = self.model._default_manager.filter(pk=unquote(object_id)).first()
        settings = SiteSettings.load()
        if record is not None and request.method == "GET":
            self.others_editing_warn(request, record)
        extra_context = {
            "has_preview": self.has_preview,
            "record_review": record.review if record else None,
            "review_requests": requests_open(record=record) if record else [],
            "presence_url": self.admin_url("presence", record) if record else "",
            "presence_seconds": PRESENCE_HEARTBEAT_SECONDS,
            "live_url": self.live_url(record) if record else "",
            # An added record that is live at once has nothing to publish.
            "has_publish_permission": can_publish(request.user, self.model)
            and not (self.added_live and object_id is None),
            "every_change_needs_second_person": settings.every_change_needs_second_person,
            **(extra_context or {}),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def others_editing_warn(self, request, record) -> None:
        """Say who else has this record's form open now, and note that this person has."""
        for presence in others_editing(record=record, user=request.user):
            when = date_format(timezone.localtime(presence.opened_at), "TIME_FORMAT")
            self.message_user(
                request,
                f"This {self.opts.verbose_name} is being edited by {user_name(presence.user)} "
                f"since {when}. If you both save, the second save is stopped so that nothing "
                "is lost.",
                messages.WARNING,
            )
        presence_renew(record=record, user=request.user)

    @method_decorator(require_http_methods(["POST"]))
    def presence_view(self, request, object_id):
        """The open form's heartbeat (static/js/editorial-presence.js): renew this person's
        presence, or clear it when they leave the form."""
        record = self.model._default_manager.filter(pk=unquote(object_id)).first()
        if record is None:
            raise Http404("Not found")
        if not self.has_change_permission(request, record):
            raise PermissionDenied
        if request.POST.get("leave"):
            presence_clear(record=record, user=request.user)
        else:
            presence_renew(record=record, user=request.user)
        return HttpResponse(status=204)

    def save_model(self, request, obj, form, change):
        if not change:
            # A new record is a row visitors cannot see until it is published.
            obj.save()
        # Otherwise the change is saved as a revision (save_related).

    def save_related(self, request, form, formsets, change):
        if self.added_live and not change:
            super().save_related(request, form, formsets, change)
            return
        content = self.draft_content(request, form, formsets)
        for formset in formsets:
            # The admin's change message reads these; the children are in the revision instead.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        record = self.live_get(form.instance)
        draft_save(record=record, content=content, user=request.user)
        presence_clear(record=record, user=request.user)
        request.editorial_saved = record
        if "_publish" in request.POST:
            try:
                draft_publish(record=record, user=request.user, edited_now=True)
            except PublishRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
            else:
                request.editorial_published = True

    def response_change(self, request, obj):
        return self.response_saved(request, obj) or super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self.response_saved(request, obj) or super().response_add(request, obj)

    def response_saved(self, request, obj):
        if getattr(request, "editorial_published", False):
            self.message_user(
                request, f"“{obj}” is published: visitors see it now.", messages.SUCCESS
            )
            return self.redirect_to_change(obj)
        record = getattr(request, "editorial_saved", None)
        if record is not None and record.is_live:
            self.message_user(
                request,
                f"Your changes to “{obj}” are saved as a draft. Visitors still see the live "
                "version until a clinical reviewer publishes the draft.",
                messages.SUCCESS,
            )
            # Back to the form, where the draft can be previewed and sent for review.
            return self.redirect_to_change(obj)
        return None

    # Review

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def review_view(self, request, object_id):
        draft, redirect = self.draft_or_redirect(request, object_id)
        if redirect:
            return redirect
        record = self.live_get(draft)
        live = record if record.is_live else None
        review = record.review
        changes_form, schedule_form = RequestChangesForm(), ScheduleForm()
        if request.method == "POST":
            if not can_publish(request.user, record):
                raise PermissionDenied
            action = request.POST.get("action")
            try:
                if action == "publish":
                    draft_publish(record=record, user=request.user)
                    self.message_user(
                        request, f"“{record}” is published: visitors see it now.", messages.SUCCESS
                    )
                    return self.redirect_to_change(record)
                if action == "schedule":
                    schedule_form = ScheduleForm(request.POST)
                    if schedule_form.is_valid():
                        at = schedule_form.cleaned_data["publish_at"]
                        draft_schedule(record=record, user=request.user, at=at)
                        when = date_format(timezone.localtime(at), "DATETIME_FORMAT")
                        self.message_user(
                            request,
                            f"“{draft}” will be published on {when}. Until then visitors see "
                            "the current version.",
                            messages.SUCCESS,
                        )
                        return self.redirect_to_change(draft)
                if action == "request_changes":
                    changes_form = RequestChangesForm(request.POST)
                    if changes_form.is_valid() and review is not None:
                        draft_request_changes(
                            record=record,
                            user=request.user,
                            comment=changes_form.cleaned_data["comment"],
                            site_url=site_url(request),
                        )
                        self.message_user(
                            request,
                            f"The editor has been asked to change “{draft}”.",
                            messages.SUCCESS,
                        )
                        return self.redirect_to_change(draft)
            except PublishRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
        publish_refused = ""
        try:
            publish_check(record=record, user=request.user, draft=draft)
        except PublishRefused as refused:
            publish_refused = str(refused)
        return self.screen(
            request,
            "review.html",
            record=draft,
            title=f"Review “{draft}”",
            draft=draft,
            draft_revision=record.latest_revision if record.has_unpublished_changes else None,
            live=live,
            live_url=self.live_url(record) if live else "",
            review=review,
            conversation=conversation_get(record=record),
            rendered=self.changes_render(
                old=live.revision_content() if live else {}, new=draft.revision_content()
            ),
            changes=self.changes_compare(
                old=live.revision_content() if live else {}, new=draft.revision_content()
            ),
            warnings=self.draft_warnings(draft),
            illustration=self.review_illustration(record),
            can_publish=can_publish(request.user, record),
            publish_refused=publish_refused,
            changes_form=changes_form,
            schedule_form=schedule_form,
        )

    # Submit and discard

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def submit_view(self, request, object_id):
        draft, redirect = self.draft_or_redirect(request, object_id)
        if redirect:
            return redirect
        if not self.has_change_permission(request, draft):
            raise PermissionDenied
        form = SubmitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            draft_submit(
                record=self.live_get(draft),
                user=request.user,
                note=form.cleaned_data["note"],
                site_url=site_url(request),
            )
            self.message_user(
                request,
                f"“{draft}” is sent for clinical review. The reviewers have been told by email. "
                "Visitors see the current version until it is published.",
                messages.SUCCESS,
            )
            return self.redirect_to_change(draft)
        return self.screen(
            request,
            "submit.html",
            record=draft,
            title=f"Send “{draft}” for review",
            form=form,
            warnings=self.draft_warnings(draft),
        )

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def discard_view(self, request, object_id):
        draft = self.record_or_404(request, object_id)
        if not (draft.is_live and draft.has_unpublished_changes):
            raise Http404("Only a live record's draft can be discarded")
        if not self.has_change_permission(request, draft):
            raise PermissionDenied
        live = self.live_get(draft)
        if request.method == "POST":
            draft_discard(record=live, user=request.user)
            self.message_user(
                request,
                f"The draft of “{live}” is discarded. Visitors' version is unchanged.",
                messages.SUCCESS,
            )
            return self.redirect_to_change(live)
        return self.screen(
            request,
            "discard.html",
            record=draft,
            title=f"Discard the draft of “{draft}”?",
            draft=draft,
            live=live,
            rendered=self.changes_render(old=live.revision_content(), new=draft.revision_content()),
            changes=self.changes_compare(old=live.revision_content(), new=draft.revision_content()),
        )

    # History

    def history_view(self, request, object_id, extra_context=None):
        record = self.live_get(self.record_or_404(request, object_id))
        revisions = record.revisions.select_related("user", "published_by").order_by("-pk")
        rows = [
            {
                "revision": revision,
                "changes_url": self.admin_url("version_changes", record, revision.pk),
                "revert_url": self.admin_url("version_revert", record, revision.pk),
                "is_live": revision.pk == record.live_revision_id and record.is_live,
                "is_draft": revision.pk == record.latest_revision_id
                and record.has_unpublished_changes,
            }
            for revision in revisions
        ]
        context = {
            "history_rows": rows,
            "events": record.events.select_related("user")[:200],
            "can_revert": self.has_change_permission(request, record),
            **(extra_context or {}),
        }
        return super().history_view(request, str(record.pk), context)

    def version_changes_view(self, request, object_id, version_id):
        record = self.live_get(self.record_or_404(request, object_id))
        revision = get_object_or_404(record.revisions.select_related("user"), pk=version_id)
        previous = revision_previous(revision=revision)
        return self.screen(
            request,
            "version_changes.html",
            record=record,
            title=f"Changes to “{record}”",
            revision=revision,
            previous=previous,
            rendered=self.changes_render(
                old=previous.content if previous else {}, new=revision.content
            ),
            changes=self.changes_compare(
                old=previous.content if previous else {}, new=revision.content
            ),
            revert_url=self.admin_url("version_revert", record, revision.pk),
            can_revert=self.has_change_permission(request, record),
            is_current=revision.pk == record.latest_revision_id,
        )

    @method_decorator(require_http_methods(["POST"]))
    def version_revert_view(self, request, object_id, version_id):
        record = self.live_get(self.record_or_404(request, object_id))
        if not self.has_change_permission(request, record):
            raise PermissionDenied
        revision = get_object_or_404(record.revisions, pk=version_id)
        revision_restore(record=record, revision=revision, user=request.user)
        saved_on = date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
        note = (
            " It is a draft: visitors see the current version until it is published."
            if record.is_live
            else ""
        )
        self.message_user(request, f"The version saved on {saved_on} is restored.{note}")
        return self.redirect_to_change(record)


def value_text(*, name: str, value) -> str:
    """How a field's value reads in a comparison."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value) if value not in (None, "") else "(none)"


def site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """No list of its own: a member of staff reads their notices on the admin home
    (templates/admin/editorial/home_panels.html) and marks them read from there."""

    def has_module_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        return False

    def get_urls(self):
        read = self.admin_site.admin_view(self.read_view)
        return [path("read/", read, name="editorial_notification_read")]

    @method_decorator(require_http_methods(["POST"]))
    def read_view(self, request):
        notifications_mark_read(user=request.user)
        return HttpResponseRedirect(reverse("admin:index"))
