from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import set_up_links_purge
from clinic_site.staff_activity import staff_activity_purge


class Command(BaseCommand):
    help = (
        "Delete staff sign-in activity older than STAFF_ACTIVITY_RETENTION_DAYS (default six "
        "years), and set-up links that stopped working over a month ago. Safe to repeat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.STAFF_ACTIVITY_RETENTION_DAYS
        count = staff_activity_purge(dry_run=dry_run)
        noun = "record" if count == 1 else "records"
        if dry_run:
            self.stdout.write(f"Would delete {count} staff activity {noun} older than {days} days.")
            return
        links = set_up_links_purge()
        self.stdout.write(
            f"Deleted {count} staff activity {noun} older than {days} days, "
            f"and {links} old set-up link{'' if links == 1 else 's'}."
        )
