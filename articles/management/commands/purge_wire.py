"""Purge the Wire queue of items nobody took.

    python manage.py purge_wire [--days N] [--dry-run]

Items that are new or spiked and received no version for more than N days
(default ``NEWSROOM_WIRE_PURGE_DAYS``, 14) are deleted with their versions. Items the
desk took stay: they are the story's record of what the agency sent.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.wire.desk import purgeable, wire_purge


class Command(BaseCommand):
    help = (
        "Delete wire items nobody took (new or spiked) whose last version came in "
        "more than --days days ago (default NEWSROOM_WIRE_PURGE_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Age in days (default {settings.NEWSROOM_WIRE_PURGE_DAYS}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count them; delete nothing."
        )

    def handle(self, *args, days, dry_run, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        days = settings.NEWSROOM_WIRE_PURGE_DAYS if days is None else days
        if dry_run:
            count = purgeable(days=days).count()
            self.stdout.write(
                f"Dry run, nothing deleted: {count} wire item(s) nobody took in "
                f"{days} days would be purged."
            )
            return
        count = wire_purge(days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Purged {count} wire item(s) nobody took in {days} days."
            )
        )
