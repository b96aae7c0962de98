from django.conf import settings
from django.core.management.base import BaseCommand

from consultations.services import consultation_requests_purge


class Command(BaseCommand):
    help = (
        "Delete consultation requests received more than CONSULTATION_RETENTION_DAYS days ago, "
        "logging each one's reference under 'Deletions of requests' (view records are kept). "
        "Safe to run repeatedly, for example daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report which requests would be deleted, and delete nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        days = settings.CONSULTATION_RETENTION_DAYS
        references = consultation_requests_purge(retention_days=days, dry_run=dry_run)
        count = len(references)
        noun = "request" if count == 1 else "requests"
        listed = f": {', '.join(references)}" if references else ""
        if dry_run:
            self.stdout.write(
                f"Would delete {count} consultation {noun} older than {days} days "
                f"(dry run){listed}."
            )
        else:
            self.stdout.write(
                f"Deleted {count} consultation {noun} older than {days} days{listed}."
            )
