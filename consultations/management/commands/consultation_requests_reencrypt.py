from django.core.management.base import BaseCommand

from consultations.services import consultation_requests_reencrypt


class Command(BaseCommand):
    help = (
        "Save every consultation request and note again, so it is encrypted with the first of "
        "FIELD_ENCRYPTION_KEYS and SECRET_KEY, and its search hashes are made with "
        "CONSULTATION_SEARCH_KEY. Run after rotating a key; then the old key can be dropped."
    )

    def handle(self, *args, **options):
        count = consultation_requests_reencrypt()
        noun = "request" if count == 1 else "requests"
        self.stdout.write(f"Encrypted and indexed {count} consultation {noun} again.")
