from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.loader import PAGES_DIRECTORY, content_load


class Command(BaseCommand):
    help = (
        "Create the educational pages in content/pages/ that the database does not have yet. "
        "A page that exists is never changed: a source that says something new about it "
        "becomes a draft, sent for clinical review."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also create again pages that staff deleted in admin since they were loaded.",
        )
        parser.add_argument(
            "--directory",
            type=Path,
            default=PAGES_DIRECTORY,
            help="Where the source files are (default: content/pages/).",
        )

    def handle(self, *args, directory: Path, force: bool, **options):
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a folder")
        report = content_load(directory=directory, force=force)
        for path in report.created:
            self.stdout.write(f"  created    {path}")
        for path in report.drafted:
            self.stdout.write(f"  draft      {path}: the file changed; sent for clinical review")
        for path, reason in report.skipped:
            self.stdout.write(self.style.WARNING(f"  skipped    {path}: {reason}"))
        for path, note in report.warnings:
            self.stdout.write(self.style.WARNING(f"  warning    {path}: {note}"))
        if options["verbosity"] > 1:
            for path in report.unchanged:
                self.stdout.write(f"  unchanged  {path}")
        counts = (
            f"{len(report.created)} created, {len(report.drafted)} sent for review as drafts, "
            f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped"
        )
        if not (report.created or report.drafted or report.skipped or report.errors):
            self.stdout.write(f"No changes: {counts}.")
        else:
            self.stdout.write(f"Done: {counts}.")
        if report.errors:
            for path, problem in report.errors:
                self.stderr.write(self.style.ERROR(f"  error      {path}: {problem}"))
            raise CommandError(
                f"{len(report.errors)} file(s) not loaded because of the errors above; "
                "nothing was loaded from them."
            )
