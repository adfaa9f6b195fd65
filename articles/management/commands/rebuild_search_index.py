"""Rebuild the full-text search index from every story in the database.

Saves keep the index current on their own; this is for stories that came in
without signals (``bulk_create``, raw SQL, a restored dump) or after changing
``NEWSROOM_LANGUAGE`` on PostgreSQL (its stemming is built into the index).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction

from articles import caching, search
from articles.models import Article

# Each batch's story ids go into one query (IN …): well within SQLite's 32,766
# parameters and PostgreSQL's, and a few thousand documents in memory at most.
MAX_BATCH_SIZE = 10_000


class Command(BaseCommand):
    help = "Index every story again for full-text search (one transaction)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report how many stories would be indexed; change nothing.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=search.BATCH_SIZE,
            help=f"Stories per batch (default {search.BATCH_SIZE}, at most "
            f"{MAX_BATCH_SIZE}).",
        )

    def handle(self, *args, dry_run, batch_size, **options):
        if not 1 <= batch_size <= MAX_BATCH_SIZE:
            raise CommandError(
                f"--batch-size must be between 1 and {MAX_BATCH_SIZE}, "
                f"not {batch_size}."
            )
        if connection.vendor not in {"sqlite", "postgresql"}:
            raise CommandError(
                f"Search runs on SQLite and PostgreSQL, not {connection.vendor}."
            )
        total = Article.objects.count()
        if dry_run:
            self.stdout.write(f"Would index {total} stories (dry run).")
            return

        def progress(done):
            self.stdout.write(f"  {done}/{total}")

        try:
            with transaction.atomic():
                done = search.rebuild(batch_size=batch_size, progress=progress)
        except DatabaseError as error:
            raise CommandError(
                f"Could not rebuild the index ({error}); it is unchanged. "
                "Has `manage.py migrate` run?"
            ) from error
        caching.note_change()  # search pages made before now are out of date
        self.stdout.write(self.style.SUCCESS(f"Indexed {done} stories."))
