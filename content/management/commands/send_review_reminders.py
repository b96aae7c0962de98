"""Email each clinical reviewer the pages whose review is overdue or due soon, once a day."""

from django.core.management.base import BaseCommand

from content.reminders import review_reminders_send


class Command(BaseCommand):
    help = (
        "Email each clinical reviewer the pages whose clinical review is overdue or due in the "
        "next 30 days. Safe to run more than once a day: each reviewer gets one email a day."
    )

    def handle(self, *args, **options):
        sent = review_reminders_send()
        self.stdout.write(f"Sent {sent} reminder email(s).")
