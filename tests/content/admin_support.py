"""What the admin tests post and create: a page form as staff submit it, a draft page."""

import reversion

from content.models import Page

PREFIX = "/admin/content/page/"


def page_form_data(page: Page, **changes) -> dict:
    """What the admin form posts for a page, as a member of staff would submit it."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "language": page.language,
        "translation_of": page.translation_of_id or "",
        "summary": page.summary,
        "body": page.body,
        "layout": page.layout,
        "nav_title": page.nav_title,
        "parent": page.parent_id or "",
        "show_in_nav": "on" if page.show_in_nav else "",
        "nav_order": page.nav_order,
        "related_pages": [other.pk for other in page.related_pages.all()] if page.pk else [],
        "last_reviewed": page.last_reviewed.isoformat(),
        "review_interval_months": page.review_interval_months,
        "loaded_updated_at": page.updated_at.isoformat() if page.pk else "",
        "_save": "Save",
    }
    if page.pk and page.layout == Page.Layout.FAQ:
        entries = list(page.faq_entries.all())
        data.update(
            {
                "faq_entries-TOTAL_FORMS": len(entries),
                "faq_entries-INITIAL_FORMS": len(entries),
                "faq_entries-MIN_NUM_FORMS": 0,
                "faq_entries-MAX_NUM_FORMS": 1000,
            }
        )
        for number, entry in enumerate(entries):
            for name in ("id", "question", "anchor", "answer", "order"):
                data[f"faq_entries-{number}-{name}"] = getattr(entry, name)
            data[f"faq_entries-{number}-page"] = page.pk
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def publish(client, page: Page):
    """A reviewer publishes a page's draft from its review page."""
    return client.post(f"{PREFIX}{page.pk}/review/", {"action": "publish"}, follow=True)


def draft_page(**values) -> Page:
    fields = {
        "title": "Ketamine and sleep",
        "slug": "ketamine-and-sleep",
        "summary": "What is known about ketamine and sleep.",
        "body": "## Sleep\n\nA first draft.\n",
        "status": Page.Status.DRAFT,
        **values,
    }
    with reversion.create_revision():
        reversion.set_comment("Added.")
        return Page.objects.create(**fields)
