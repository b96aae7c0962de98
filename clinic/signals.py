"""A change to what visitors see replaces the content versions it touches, so cached pages refresh.

A draft is a revision and saves no row of a published record (a record never published keeps
its draft on its row, which visitors do not see: saving it refreshes nothing). Publishing writes
the row, which is what these receivers hear.

- A team member or a place: every page. Every content page names its medical reviewer from the
  team, the footer shows the places' hours, and the team and visiting pages' structured data
  lists both.
- A treatment: the treatments page alone, in each language (nothing else shows treatments).
"""

from urllib.parse import unquote

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import reverse
from django.utils import translation

from clinic_site.content_version import address_scope, content_changed

from .models import Place, TeamMember, Treatment

# What each kind's change refreshes: None for every page, else these pages (URL names).
SHOWN_ON = {TeamMember: None, Place: None, Treatment: ["clinic:treatments"]}


def scopes_of(model) -> list[str] | None:
    names = SHOWN_ON[model]
    if names is None:
        return None
    scopes = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            scopes += [address_scope(unquote(reverse(name))) for name in names]
    return scopes


def record_before_save(sender, instance, **kwargs) -> None:
    instance.published_when_read = (
        sender.objects.filter(pk=instance.pk).values_list("published", flat=True).first()
        if instance.pk
        else False
    )


def record_changed(sender, instance, **kwargs) -> None:
    if instance.published or getattr(instance, "published_when_read", False):
        scopes = scopes_of(sender)
        if scopes is None:
            content_changed()
        else:
            content_changed(scopes=scopes)


for model in SHOWN_ON:
    pre_save.connect(record_before_save, sender=model, dispatch_uid=f"clinic-before-{model}")
    post_save.connect(record_changed, sender=model, dispatch_uid=f"clinic-save-{model}")
    post_delete.connect(record_changed, sender=model, dispatch_uid=f"clinic-delete-{model}")
