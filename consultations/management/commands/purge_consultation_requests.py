from django.conf import settings
from django.core.management.base import BaseCommand

from consultations.services import consultation_requests_purge


class Command(BaseCommand):
    help = (
        "Delete consultation requests received more than CONSULTATION_RETENTION_DAYS days ago. "
        "Safe to run repeatedly, for example daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report how many requests would be deleted, and delete nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        days = settings.CONSULTATION_RETENTION_DAYS
        count = consultation_requests_purge(retention_days=days, dry_run=dry_run)
        noun = "request" if count == 1 else "requests"
        if dry_run:
            self.stdout.write(
                f"Would delete {count} consultation {noun} older than {days} days (dry run)."
            )
        else:
            self.stdout.write(f"Deleted {count} consultation {noun} older than {days} days.")
