"""The admin home's panels for the signed-in member of staff: what they have been told about
their changes, and their changes still in review (editorial.notifications)."""

from django import template
from django.apps import apps

from ..models import RevisionMixin
from ..notifications import my_reviews_get, notifications_unread

register = template.Library()


@register.inclusion_tag("admin/editorial/home_panels.html", takes_context=True)
def editorial_home_panels(context):
    user = context["request"].user
    my_reviews = my_reviews_get(user=user)
    return {
        "notifications": notifications_unread(user=user),
        "my_reviews": my_reviews,
        # Staff who write no content (the front desk) are spared an empty panel.
        "writes_content": bool(my_reviews) or writes_content(user),
        "csrf_token": context.get("csrf_token"),
    }


def writes_content(user) -> bool:
    """Whether this member of staff may change any kind of content in the editorial workflow."""
    return any(
        user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
        for model in apps.get_models()
        if issubclass(model, RevisionMixin)
    )
