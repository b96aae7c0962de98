"""A change to what visitors see replaces the content version, so cached pages refresh.

A draft is a revision and saves no row of a published record; publishing writes the row, which is
what these receivers hear. Every content page names its medical reviewer from the team, and the
footer shows the places' hours, so any of these rows changing refreshes every cached page.
"""

from django.db.models.signals import post_delete, post_save

from clinic_site.content_version import content_changed

from .models import Place, TeamMember, Treatment

for signal in (post_save, post_delete):
    for model in (TeamMember, Place, Treatment):
        signal.connect(content_changed, sender=model, dispatch_uid=f"clinic-{signal}-{model}")
