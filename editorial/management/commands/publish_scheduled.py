"""Publish every scheduled change whose time has come: run it from cron every few minutes."""

from django.core.management.base import BaseCommand

from editorial.workflow import scheduled_publish


class Command(BaseCommand):
    help = (
        "Publish every scheduled change (pages and other content) whose time has come. Safe to "
        "run as often as you like: each change is published once. A change that cannot be "
        "published goes back to the reviewers with the reason."
    )

    def handle(self, *args, **options):
        published, refused = scheduled_publish()
        self.stdout.write(f"Published {published} scheduled change(s).")
        if refused:
            self.stdout.write(
                self.style.WARNING(
                    f"{refused} scheduled change(s) could not be published and went back to "
                    "the reviewers."
                )
            )
