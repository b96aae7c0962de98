from django.core.management.base import BaseCommand

from screener.guidance import guidance_load


class Command(BaseCommand):
    help = (
        "Load the screener summary's guidance texts from screener/guidance_texts/. "
        "Only missing factors are added unless --overwrite is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace staff edits with the source files.",
        )

    def handle(self, *args, overwrite: bool = False, **options):
        changed = guidance_load(overwrite=overwrite)
        self.stdout.write(f"Guidance texts loaded: {changed}")
