from django import template

from content.admin.dashboard import dashboard_get

register = template.Library()


@register.inclusion_tag("admin/content/dashboard.html", takes_context=True)
def content_dashboard(context):
    """The admin home page's list of pages needing someone's attention."""
    request = context["request"]
    return {"dashboard": dashboard_get(user=request.user), "today": context.get("today")}
