from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from clinic_site.admin_site import SuperuserRecordAdmin

from .models import FRONT_DESK_GROUP, ConsultationRequest, ConsultationRequestView
from .services import consultation_request_view_record, summary_html_clean


def user_is_front_desk(*, user) -> bool:
    """Superusers and members of the Front desk group; no other staff, whatever their perms."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name=FRONT_DESK_GROUP).exists()


class SummarySharedFilter(admin.SimpleListFilter):
    title = "screener summary"
    parameter_name = "summary"

    def lookups(self, request, model_admin):
        return [("shared", "Shared"), ("not-shared", "Not shared")]

    def queryset(self, request, queryset):
        if self.value() == "shared":
            return queryset.exclude(shared_summary_html="")
        if self.value() == "not-shared":
            return queryset.filter(shared_summary_html="")
        return queryset


class ConsultationRequestViewInline(admin.TabularInline):
    """Every opening of the request's page, newest first; nobody can edit or remove them."""

    model = ConsultationRequestView
    fields = ["viewed_by_username", "viewed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    classes = ["consult-views"]
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
    list_display = [
        "reference", "created_at", "status", "best_time", "language", "contact_by", "summary",
    ]  # fmt: skip
    list_filter = ["status", "created_at", SummarySharedFilter, "best_time", "language"]
    date_hierarchy = "created_at"
    search_fields = ["reference"]
    search_help_text = "Search by reference, for example 7QKM-4XPD."
    actions = ["mark_contacted", "mark_closed"]
    fieldsets = [
        (None, {"fields": ["reference", "created_at", "status"]}),
        (
            "How to contact them",
            {"fields": ["name", "phone_link", "email_link", "best_time", "language"]},
        ),
        ("Their message", {"fields": ["message_text"]}),
        ("Screener summary", {"fields": ["shared_summary"]}),
        ("Consent", {"fields": ["contact_consent_at"]}),
    ]
    readonly_fields = [
        "reference",
        "created_at",
        "language",
        "name",
        "phone_link",
        "email_link",
        "best_time",
        "message_text",
        "shared_summary",
        "contact_consent_at",
    ]
    inlines = [ConsultationRequestViewInline]

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
        return obj.status == ConsultationRequest.Status.CLOSED

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            # Bulk delete would sweep up open requests; front desk delete closed ones one by one.
            actions.pop("delete_selected", None)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            consultation_request = self.get_object(request, unquote(object_id))
            if consultation_request is not None and self.has_view_permission(
                request, consultation_request
            ):
                consultation_request_view_record(
                    consultation_request=consultation_request, user=request.user
                )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="contact by")
    def contact_by(self, obj):
        methods = [label for label, value in (("phone", obj.phone), ("email", obj.email)) if value]
        return ", ".join(methods)

    @admin.display(description="summary shared", boolean=True)
    def summary(self, obj):
        return obj.summary_shared

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

    @admin.action(description="Mark selected requests as contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        updated = queryset.update(status=ConsultationRequest.Status.CONTACTED)
        self.message_user(request, f"Marked {updated} request(s) as contacted.")

    @admin.action(description="Mark selected requests as closed", permissions=["change"])
    def mark_closed(self, request, queryset):
        updated = queryset.update(status=ConsultationRequest.Status.CLOSED)
        self.message_user(request, f"Marked {updated} request(s) as closed.")


@admin.register(ConsultationRequestView)
class ConsultationRequestViewAdmin(SuperuserRecordAdmin):
    """Every opening of any request, for superusers: who looked at what, and when."""

    list_display = ["viewed_at", "viewed_by_username", "consultation_request"]
    list_filter = ["viewed_at"]
    search_fields = ["viewed_by_username", "consultation_request__reference"]
    date_hierarchy = "viewed_at"
    fields = ["viewed_at", "viewed_by_username", "consultation_request"]
    readonly_fields = fields
    list_select_related = ["consultation_request"]
