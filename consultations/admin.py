"""The front desk's worklist: requests to call back, who owns them, what was tried, and when.

Every opening of a request's page is recorded, whatever the method and outcome (F2, F10 of the
security review); deleting a request takes a reason and is logged where the log outlives it.
Over 400 lines because the request's admin is the front desk's whole screen: its list, filters,
actions, recorded views, attempt log and deletion with a reason share one ModelAdmin; the log
and view records' read-only admins are the short remainder.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince

from clinic_site.admin_site import SuperuserRecordAdmin

from .models import (
    FRONT_DESK_GROUP,
    ConsultationRequest,
    ConsultationRequestDeletion,
    ConsultationRequestNote,
    ConsultationRequestView,
)
from .services import (
    consultation_request_delete,
    consultation_request_same_day_review_done,
    consultation_request_view_record,
    consultation_requests_search,
    summary_html_clean,
)

Status = ConsultationRequest.Status


def user_is_front_desk(*, user) -> bool:
    """Superusers and members of the Front desk group; no other staff, whatever their perms."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name=FRONT_DESK_GROUP).exists()


def front_desk_users():
    """Accounts that may own a request: active Front desk members and superusers."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name=FRONT_DESK_GROUP) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


class StateFilter(admin.SimpleListFilter):
    """Open requests unless asked otherwise: the list is a worklist first."""

    title = "status"
    parameter_name = "state"
    OPEN, ALL = "open", "all"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.request = request  # choices() below needs to know whether this is a search

    def lookups(self, request, model_admin):
        return [(self.OPEN, "Open (new, trying to reach, booked)"), (self.ALL, "All")] + [
            (value, label) for value, label in Status.choices
        ]

    def effective_value(self, request) -> str:
        if self.value():
            return self.value()
        # A search looks through every request, closed ones too, unless a status is chosen.
        return self.ALL if request.GET.get("q") else self.OPEN

    def queryset(self, request, queryset):
        value = self.effective_value(request)
        if value == self.OPEN:
            return queryset.open()
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset

    def choices(self, changelist):
        current = self.effective_value(self.request)
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class CallBackFilter(admin.SimpleListFilter):
    title = "call back"
    parameter_name = "call_back"

    def lookups(self, request, model_admin):
        return [
            ("due", "Due today or overdue"),
            ("today", "Due today"),
            ("overdue", "Overdue"),
            ("later", "Later"),
            ("none", "No date set"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        filters = {
            "due": {"call_back_on__lte": today},
            "today": {"call_back_on": today},
            "overdue": {"call_back_on__lt": today},
            "later": {"call_back_on__gt": today},
            "none": {"call_back_on__isnull": True},
        }
        return queryset.filter(**filters[self.value()]) if self.value() in filters else queryset


class SameDayFilter(admin.SimpleListFilter):
    title = "same-day clinical review"
    parameter_name = "same_day"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Safety answer: clinician to review today"),
            ("yes", "All marked same day"),
            ("no", "Not marked"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.same_day_waiting()
        if self.value() == "yes":
            return queryset.filter(same_day_review=True)
        if self.value() == "no":
            return queryset.filter(same_day_review=False)
        return queryset


class OwnerFilter(admin.SimpleListFilter):
    title = "owner"
    parameter_name = "owner"

    def lookups(self, request, model_admin):
        return [("mine", "Mine"), ("nobody", "Nobody yet")]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(owner=request.user)
        if self.value() == "nobody":
            return queryset.filter(owner__isnull=True)
        return queryset


class SummarySharedFilter(admin.SimpleListFilter):
    title = "screener summary"
    parameter_name = "summary"

    def lookups(self, request, model_admin):
        return [("shared", "Shared"), ("not-shared", "Not shared")]

    def queryset(self, request, queryset):
        # The summary is encrypted; an empty one is stored as NULL.
        if self.value() == "shared":
            return queryset.filter(shared_summary_html__isnull=False)
        if self.value() == "not-shared":
            return queryset.filter(shared_summary_html__isnull=True)
        return queryset


class ConsultationRequestNoteForm(forms.ModelForm):
    class Meta:
        model = ConsultationRequestNote
        fields = ["outcome", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 40})}
        labels = {"outcome": "What happened", "text": "Note (optional)"}


class ConsultationRequestNoteInline(admin.StackedInline):
    """The log of attempts and notes: new entries are added; none is changed or removed.

    Stacked, not tabular: each entry's fields keep their labels, and it fits a phone."""

    model = ConsultationRequestNote
    form = ConsultationRequestNoteForm
    fields = ["outcome", "text"]
    extra = 1
    can_delete = False
    classes = ["consult-notes"]
    verbose_name = "attempt or note"
    verbose_name_plural = "Attempts and notes (newest first; entries cannot be changed)"

    def has_view_permission(self, request, obj=None):
        return user_is_front_desk(user=request.user)

    def has_add_permission(self, request, obj=None):
        return user_is_front_desk(user=request.user) and obj is not None

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ConsultationRequestViewInline(admin.TabularInline):
    """Every opening of the request's page, newest first; nobody can edit or remove them."""

    model = ConsultationRequestView
    fields = ["viewed_by_username", "viewed_at", "method", "outcome"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    classes = ["consult-views", "collapse"]
    verbose_name = "view of this request"
    verbose_name_plural = "Views of this request (each opening of this page is recorded)"

    def has_view_permission(self, request, obj=None):
        return user_is_front_desk(user=request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    # Short columns, some holding two short lines, so the list fits at 1280 px (without
    # admin's side menu: change_list.html); below 768 px admin.css lays each request out as a
    # card.
    list_display = [
        "reference_and_flag", "age", "status_and_owner", "name", "contact", "language",
        "call_back",
    ]  # fmt: skip
    list_display_links = ["reference_and_flag"]
    list_filter = [
        StateFilter, SameDayFilter, CallBackFilter, OwnerFilter, "language", SummarySharedFilter,
        "created_at",
    ]  # fmt: skip
    list_per_page = 50
    # Search is done by consultation_requests_search (the details are encrypted); this list
    # only makes the admin show its search box.
    search_fields = ["reference"]
    search_help_text = (
        "Search by reference (7QKM-4XPD), phone number (written any way), email address, "
        "or name (whole words)."
    )
    actions = ["mark_trying", "mark_closed", "take_ownership", "same_day_review_done"]
    fieldsets = [
        (None, {"fields": ["reference", "created_at", "same_day_marker"]}),
        ("Worklist", {"fields": ["status", "owner", "call_back_on"]}),
        (
            "How to contact them",
            {
                "fields": [
                    "name",
                    "phone_link",
                    "email_link",
                    "best_time",
                    "language_used",
                    "requested_for",
                ]
            },
        ),
        ("Their message", {"fields": ["message_text"]}),
        ("Screener summary", {"fields": ["shared_summary"]}),
        ("Consent", {"fields": ["contact_consent_at"]}),
    ]
    readonly_fields = [
        "reference",
        "created_at",
        "same_day_marker",
        "language_used",
        "requested_for",
        "name",
        "phone_link",
        "email_link",
        "best_time",
        "message_text",
        "shared_summary",
        "contact_consent_at",
    ]
    inlines = [ConsultationRequestNoteInline, ConsultationRequestViewInline]
    delete_confirmation_template = (
        "admin/consultations/consultationrequest/delete_confirmation.html"
    )

    class Media:
        css = {"all": ["consultations/admin.css"]}

    # Who may see requests at all: the Front desk group and superusers, never other staff.
    def has_module_permission(self, request):
        return user_is_front_desk(user=request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_front_desk(user=request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return user_is_front_desk(user=request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False  # requests only ever come from visitors

    def has_delete_permission(self, request, obj=None):
        if not (
            user_is_front_desk(user=request.user) and super().has_delete_permission(request, obj)
        ):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return obj.status == Status.CLOSED

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Every deletion needs a reason, given on the request's own delete page.
        actions.pop("delete_selected", None)
        return actions

    def get_search_results(self, request, queryset, search_term):
        return consultation_requests_search(queryset=queryset, text=search_term), False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            kwargs["queryset"] = front_desk_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- the audit of openings ---------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Show a request, recording the opening whatever the method and the outcome."""
        consultation_request = self.get_object(request, unquote(object_id))
        if consultation_request is None:
            return super().change_view(request, object_id, form_url, extra_context)
        try:
            response = super().change_view(request, object_id, form_url, extra_context)
        except PermissionDenied:
            self._view_record(
                request, consultation_request, ConsultationRequestView.Outcome.REFUSED
            )
            raise
        if response.status_code == 200:
            outcome = (
                ConsultationRequestView.Outcome.SHOWN_WITH_ERRORS
                if request.method == "POST"
                else ConsultationRequestView.Outcome.SHOWN
            )
        elif response.status_code in (301, 302, 303):
            outcome = ConsultationRequestView.Outcome.SAVED
        else:
            outcome = ConsultationRequestView.Outcome.REFUSED
        self._view_record(request, consultation_request, outcome)
        return response

    def _view_record(self, request, consultation_request, outcome):
        consultation_request_view_record(
            consultation_request=consultation_request,
            user=request.user,
            method=request.method,
            outcome=outcome,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not ConsultationRequestNote:
            return super().save_formset(request, form, formset, change)
        for note in formset.save(commit=False):
            note.written_by = request.user
            note.written_by_username = request.user.get_username()
            note.written_at = timezone.now()
            note.save()
        return None

    # --- deleting, with a reason ----------------------------------------------------------------

    def get_deleted_objects(self, objs, request):
        """Notes go with the request; the views and the deletion log stay, so nothing that
        is deleted is refused for want of a permission on the audit records."""
        to_delete, model_count, _perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        return to_delete, model_count, set(), protected

    def delete_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "reason": "", "reason_error": ""}
        if request.method == "POST":
            reason = request.POST.get("reason", "").strip()
            extra_context["reason"] = reason
            if not reason:
                extra_context["reason_error"] = "Say why this request is being deleted."
                # Show the confirmation again, with the error, instead of deleting.
                request.POST = request.POST.copy()
                request.POST.clear()
            else:
                request.consultation_deletion_reason = reason[:1000]
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        consultation_request_delete(
            consultation_request=obj,
            user=request.user,
            reason=getattr(request, "consultation_deletion_reason", ""),
        )

    def delete_queryset(self, request, queryset):
        raise PermissionDenied("Delete requests one by one, giving a reason.")

    # --- columns and fields ---------------------------------------------------------------------

    @admin.display(description="reference", ordering="reference")
    def reference_and_flag(self, obj):
        if obj.same_day_review and not obj.same_day_reviewed_at:
            return format_html(
                '{}<strong class="consult-line consult-same-day">Same day</strong>',
                obj.reference,
            )
        if obj.same_day_review:
            return format_html(
                '{}<span class="consult-line consult-quiet">Same day: reviewed</span>',
                obj.reference,
            )
        return obj.reference

    @admin.display(description="status and owner", ordering="status")
    def status_and_owner(self, obj):
        owner = obj.owner.get_username() if obj.owner else "no owner yet"
        return format_html(
            '{}<span class="consult-line consult-quiet">{}</span>', obj.get_status_display(), owner
        )

    # The list's column says "language"; the request's page says it in full.
    @admin.display(description="language of the site they used")
    def language_used(self, obj):
        return obj.get_language_display()

    @admin.display(description="received", ordering="created_at")
    def age(self, obj):
        return format_html(
            '<time datetime="{}" title="{}">{} ago</time>',
            obj.created_at.isoformat(),
            timezone.localtime(obj.created_at).strftime("%Y-%m-%d %H:%M"),
            timesince(obj.created_at, depth=1),
        )

    @admin.display(description="how to contact")
    def contact(self, obj):
        lines = [(obj.phone,)] if obj.phone else []
        lines += [(obj.email,)] if obj.email else []
        best = obj.get_best_time_display()
        return format_html(
            '{}<span class="consult-line consult-quiet">Best time: {}</span>',
            format_html_join("", '<span class="consult-line consult-contact">{}</span>', lines),
            best,
        )

    @admin.display(description="call back", ordering="call_back_on")
    def call_back(self, obj):
        if not obj.call_back_on:
            return "—"
        today = timezone.localdate()
        if obj.is_open and obj.call_back_on < today:
            return format_html(
                '<strong class="consult-overdue">{} (overdue)</strong>', obj.call_back_on
            )
        if obj.is_open and obj.call_back_on == today:
            return mark_safe("<strong>Today</strong>")
        return obj.call_back_on

    @admin.display(description="same-day clinical review")
    def same_day_marker(self, obj):
        if not obj.same_day_review:
            return "No"
        if obj.same_day_reviewed_at:
            return format_html(
                "Yes: their shared summary has a safety answer. Review recorded as done by {} "
                "at {}.",
                obj.same_day_reviewed_by,
                timezone.localtime(obj.same_day_reviewed_at).strftime("%Y-%m-%d %H:%M"),
            )
        return mark_safe(
            '<strong class="consult-same-day">Yes: their shared summary has a safety answer. '
            "A clinician should review this request today.</strong> When that is done, record "
            "it with the action “Record the same-day clinical review as done” on the list."
        )

    @admin.display(description="phone")
    def phone_link(self, obj):
        if not obj.phone:
            return "Not given"
        tel = "".join(ch for ch in obj.phone if ch.isdigit() or ch == "+")
        return format_html('<a href="tel:{}">{}</a>', tel, obj.phone)

    @admin.display(description="email")
    def email_link(self, obj):
        if not obj.email:
            return "Not given"
        return format_html('<a href="mailto:{}">{}</a>', obj.email, obj.email)

    @admin.display(description="message")
    def message_text(self, obj):
        if not obj.message:
            return "No message"
        return format_html_join(
            "", "<p>{}</p>", ((line,) for line in obj.message.splitlines() if line.strip())
        )

    @admin.display(description="shared summary")
    def shared_summary(self, obj):
        if not obj.summary_shared:
            return "Not shared: the visitor did not tick the box to share their summary."
        # Made by the site's own templates from the visitor's answers; cleaned again anyway.
        cleaned = summary_html_clean(html=obj.shared_summary_html)
        return format_html('<div class="consult-shared-summary">{}</div>', mark_safe(cleaned))

    # --- actions ---------------------------------------------------------------------------------

    @admin.action(description="Mark selected requests as trying to reach", permissions=["change"])
    def mark_trying(self, request, queryset):
        updated = queryset.update(status=Status.TRYING)
        self.message_user(request, f"Marked {updated} request(s) as trying to reach.")

    @admin.action(description="Mark selected requests as closed", permissions=["change"])
    def mark_closed(self, request, queryset):
        updated = queryset.update(status=Status.CLOSED)
        self.message_user(request, f"Marked {updated} request(s) as closed.")

    @admin.action(description="Record the same-day clinical review as done", permissions=["change"])
    def same_day_review_done(self, request, queryset):
        waiting = list(queryset.same_day_waiting())
        for consultation_request in waiting:
            consultation_request_same_day_review_done(
                consultation_request=consultation_request, user=request.user
            )
        self.message_user(
            request, f"Recorded the same-day review of {len(waiting)} request(s) as done."
        )

    @admin.action(description="Make me the owner of the selected requests", permissions=["change"])
    def take_ownership(self, request, queryset):
        updated = queryset.update(owner=request.user)
        self.message_user(request, f"You now own {updated} request(s).", messages.SUCCESS)


@admin.register(ConsultationRequestView)
class ConsultationRequestViewAdmin(SuperuserRecordAdmin):
    """Every opening of any request, for superusers: who looked at what, when and how.

    Kept after the request is deleted: the reference is stored as text."""

    list_display = ["viewed_at", "viewed_by_username", "reference", "method", "outcome"]
    list_filter = ["viewed_at", "outcome"]
    search_fields = ["viewed_by_username", "reference"]
    date_hierarchy = "viewed_at"
    fields = ["viewed_at", "viewed_by_username", "reference", "method", "outcome"]
    readonly_fields = fields


@admin.register(ConsultationRequestDeletion)
class ConsultationRequestDeletionAdmin(SuperuserRecordAdmin):
    """Every request deleted, by the retention purge or by a person: which, who, when, why."""

    list_display = ["deleted_at", "reference", "how", "deleted_by_username", "reason"]
    list_filter = ["how", "deleted_at"]
    search_fields = ["reference", "deleted_by_username"]
    date_hierarchy = "deleted_at"
    fields = ["deleted_at", "reference", "received_at", "how", "deleted_by_username", "reason"]
    readonly_fields = fields
