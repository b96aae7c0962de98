"""Recompute the loader's fingerprints, which changed shape with the editorial workflow.

A page the loader wrote keeps a fingerprint of what it wrote; a page whose fingerprint no
longer matches counts as edited in admin, and `load_content` leaves it alone. The fingerprint
no longer covers `status` and `publish_at`, so every stored one would stop matching, and the
corrected page texts would never reach a site that was set up before. Here a page that still
matches its old fingerprint (that is, staff never changed it) gets the new one; a page staff
changed keeps its old one, so it stays theirs. The old fingerprint is worked out as the loader
of that release did (publish_at was always empty on a page as loaded).
"""

import hashlib
import json

from django.db import migrations


def identity(page) -> str:
    return page.source_path or f"id:{page.pk}"


def digest(values: dict) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def common_values(page) -> dict:
    return {
        "title": page.title,
        "slug": page.slug,
        "nav_title": page.nav_title,
        "summary": page.summary,
        "body": page.body,
        "nav_order": page.nav_order,
        "show_in_nav": page.show_in_nav,
        "review_interval_months": page.review_interval_months,
        "status": page.status,
        "layout": page.layout,
        "parent": identity(page.parent) if page.parent_id else "",
        "related": sorted(identity(other) for other in page.related_pages.all()),
        "questions": [
            [entry.question, entry.anchor, entry.answer]
            for entry in page.faq_entries.order_by("order", "pk")
        ],
    }


def fingerprint_before(page) -> str:
    values = common_values(page)
    values.update(last_reviewed=page.last_reviewed.isoformat(), publish_at="")
    return digest(values)


def fingerprint_now(page) -> str:
    values = common_values(page)
    values.update(last_reviewed=page.last_reviewed)
    return digest(values)


def fingerprints_recompute(apps, schema_editor):
    Page = apps.get_model("content", "Page")
    for page in Page.objects.filter(source_path__isnull=False, live_page__isnull=True):
        if page.source_fingerprint == fingerprint_before(page):
            page.source_fingerprint = fingerprint_now(page)
            page.save(update_fields=["source_fingerprint"])


class Migration(migrations.Migration):
    dependencies = [("content", "0004_editorial_workflow")]

    operations = [migrations.RunPython(fingerprints_recompute, migrations.RunPython.noop)]
