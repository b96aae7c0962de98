"""Load many generated pages and FAQ entries, to measure how the site scales (make bench)."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from clinic_site.content_version import content_version_bump
from content.models import FAQEntry, Page
from content.services import faq_entry_save, page_save

BULK_PREFIX = "bulk-"
FAQ_ENTRIES_PER_PAGE = 100
PARAGRAPH = (
    "Chronic pain is pain that lasts for 3 months or longer. It can follow an injury, an "
    "illness or surgery, or have no clear cause. Treatments include medicines, physical "
    "therapy, psychological therapy and, for some people, ketamine given in a clinic. "
)


class Command(BaseCommand):
    help = (
        "Create generated published pages and FAQ entries (slugs start with 'bulk-') for "
        "scale measurements; --remove deletes them again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=1000)
        parser.add_argument("--faqs", type=int, default=5000)
        parser.add_argument("--remove", action="store_true", help="Delete the generated content.")

    def handle(self, *args, pages: int, faqs: int, remove: bool, **options):
        with transaction.atomic():
            removed, _ = Page.objects.filter(slug__startswith=BULK_PREFIX).delete()
            if remove:
                self.stdout.write(f"Removed {removed} generated rows.")
            else:
                bulk_content_create(pages=pages, faqs=faqs)
                self.stdout.write(f"Created {pages} pages and {faqs} FAQ entries.")
        content_statistics_refresh()
        content_version_bump()


def content_statistics_refresh() -> None:
    """Do at once what autovacuum would do soon after a large import (PostgreSQL only).

    Until it runs, the planner's row counts are stale and new search vectors wait in the GIN
    indexes' pending lists, so searches scan every row instead of using the indexes.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Page, FAQEntry):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"ANALYZE {table}")
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i"
                " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
                " WHERE i.indrelid = %s::regclass AND a.amname = 'gin'",
                [table],
            )


def bulk_content_create(*, pages: int, faqs: int) -> None:
    """Create the pages and entries through the same service the admin and the loader use."""
    today = timezone.localdate()

    def page(number: int, *, layout: str, body: str) -> Page:
        return page_save(
            page=Page(
                title=f"Generated page {number}",
                slug=f"{BULK_PREFIX}{layout}-{number:05d}",
                nav_title=f"Generated {number}",
                summary=f"Generated page {number} for scale measurements.",
                body=body,
                layout=layout,
                status=Page.Status.PUBLISHED,
                last_reviewed=today,
            )
        )

    article_body = "\n\n".join(f"## Part {n}\n\n{PARAGRAPH * 3}" for n in range(1, 6))
    for number in range(pages):
        page(number, layout=Page.Layout.ARTICLE, body=article_body)
    faq_page_count = -(-faqs // FAQ_ENTRIES_PER_PAGE)
    faq_pages = [
        page(number, layout=Page.Layout.FAQ, body=PARAGRAPH) for number in range(faq_page_count)
    ]
    for number in range(faqs):
        faq_entry_save(
            entry=FAQEntry(
                page=faq_pages[number // FAQ_ENTRIES_PER_PAGE],
                question=f"Generated question {number}: how long does chronic pain last?",
                anchor=f"question-{number}",
                answer=PARAGRAPH,
                order=number % FAQ_ENTRIES_PER_PAGE,
            )
        )
