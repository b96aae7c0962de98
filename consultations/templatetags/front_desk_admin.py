from django import template
from django.utils import timezone

from consultations.admin import user_is_front_desk
from consultations.services import front_desk_worklist

register = template.Library()


@register.inclusion_tag("admin/consultations/front_desk_panel.html", takes_context=True)
def front_desk_panel(context):
    """The front desk's panel on the admin home page; nothing for other staff."""
    user = context["request"].user
    if not user_is_front_desk(user=user):
        return {"show": False}
    return {"show": True, "worklist": front_desk_worklist(today=timezone.localdate())}
