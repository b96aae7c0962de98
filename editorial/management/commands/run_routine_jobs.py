"""The site's routine jobs in one command, for one cron line: publish scheduled changes, send
review reminders, purge old consultation requests and old staff sign-in activity. Each is its own
command as well."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Each job is safe to run every few minutes: reminders go once a day, the purge deletes only
# what is past its age.
JOBS = [
    "publish_scheduled",
    "send_review_reminders",
    "purge_consultation_requests",
    "purge_staff_activity",
]


class Command(BaseCommand):
    help = "Run " + ", ".join(JOBS) + " in turn; one failing does not stop the others."

    def handle(self, *args, **options):
        failed = []
        for job in JOBS:
            self.stdout.write(f"{job}:")
            try:
                call_command(job, stdout=self.stdout, stderr=self.stderr)
            except Exception as error:  # reported, and the other jobs still run
                failed.append(job)
                self.stderr.write(self.style.ERROR(f"{job} failed: {error}"))
        if failed:
            raise SystemExit(1)
