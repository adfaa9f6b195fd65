"""Ingest wire copy: agency page text, IPTC ninjs or NewsML-G2, from files or stdin.

    python manage.py ingest_wire inbox/ story.txt - --format auto
    python manage.py ingest_wire story.txt --take        # drafts at once
    python manage.py ingest_wire story.txt --dry-run --json

By default the copy goes into the desk's incoming queue (the Wire screen), as a
wire source's copy does (``articles.wire.queue.receive``): the story list holds
only what the desk took or wrote. ``--take`` makes draft stories at once instead
(``--publish`` implies it), written a batch at a time
(``WireImporter.import_batch``). Either way a bad file or story is reported with
its file and reason and writes nothing, the rest goes on, and the exit status is
non-zero if anything failed. Re-ingesting a story is safe (see
``articles.wire.importer`` and ``articles.wire.queue``). ``--dry-run`` writes
nothing and reports what taking the stories would do.
"""

import argparse
import json
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles import search, services
from articles.wire import FORMATS, WireError, read_stories
from articles.wire.importer import (
    CREATED,
    PENDING,
    STORY_ERRORS,
    UNCHANGED,
    UPDATED,
    ImportResult,
    WireImporter,
    default_reference_date,
)
from articles.wire.ninjs import story_to_ninjs
from articles.wire.queue import Received, receive
from articles.wire.story import WireStory

SKIPPED_NAMES = {".DS_Store", "Thumbs.db"}
PICTURE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"}


def reference_date(value: str) -> date:
    """argparse's type for --reference-date: a bad value is a usage error (one line,
    exit status 2), not a traceback."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a YYYY-MM-DD date."
        ) from None


def _files_in(folder: Path) -> list[Path]:
    """The folder's files, recursively and in order, leaving out hidden files and
    everything in hidden folders (.git, .cache…): they are never wire copy."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        found += [Path(root, name) for name in files if not name.startswith(".")]
    return sorted(path for path in found if path.is_file())


class Progress:
    """A one-line progress bar, drawn only when the output is a terminal."""

    def __init__(self, stream, total: int):
        self.stream, self.total, self.done = stream, total, 0
        self.active = total > 1 and stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        if not self.active:
            return
        width = 30
        filled = width * self.done // self.total
        bar = "#" * filled + "-" * (width - filled)
        line = f"\r[{bar}] {self.done}/{self.total} {label[-40:]:<40}"
        self.stream.write(line, ending="")
        self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("")


# Stories written and indexed for search together; bounds how long a new story is
# unsearchable.
INDEX_BATCH = 200


@dataclass
class Queued:
    """A story (or a file that failed to parse) waiting for its batch to be written."""

    where: str  # the file, and the story's number in it
    label: str  # the file: the progress bar moves on after its last story
    story: WireStory | None = None
    base_dir: Path | None = None
    error: Exception | None = None
    last_of_file: bool = True


class Command(BaseCommand):
    stealth_options = ("stdin",)  # tests hand in standard input
    help = (
        "Import wire stories (agency page text, IPTC ninjs, NewsML-G2) from files, "
        "folders (recursively) or - for standard input, into the desk's Wire "
        "queue (--take: as draft stories). Idempotent: the same agency version "
        "again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="File, folder or -."
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="auto",
            help="Input format; auto tells by content (default).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report; write nothing."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="Print each parsed story as one IPTC ninjs 3.x document per line "
            "(the summary then goes to standard error).",
        )
        parser.add_argument(
            "--take",
            action="store_true",
            help="Make draft stories at once instead of filing the copy in the "
            "Wire queue.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the stories it creates (needs --user; implies --take).",
        )
        parser.add_argument(
            "--user", help="The desk account that publishes (with --publish)."
        )
        parser.add_argument(
            "--reference-date",
            type=reference_date,
            default=None,
            help="For datelines without a year: the latest such date not after this "
            "one (YYYY-MM-DD; default today).",
        )

    def handle(self, *args, paths, format, dry_run, json, publish, user, **options):
        ref = options["reference_date"] or default_reference_date()
        publisher = self._publisher(user) if publish and not dry_run else None
        # With --json, standard output carries only the documents.
        report = self.stderr if json else self.stdout
        inputs = self._collect(paths, options.get("stdin") or sys.stdin)
        if not inputs:
            raise CommandError("No input files found in " + ", ".join(paths) + ".")
        if not (options["take"] or publish or dry_run):
            return self._queue(inputs, format, ref, json, report)
        importer = WireImporter(publish=publish, user=publisher, batch=True)
        counts = {CREATED: 0, UPDATED: 0, PENDING: 0, UNCHANGED: 0, "failed": 0}
        failures: list[str] = []
        notes_for_editor: list[str] = []  # printed after the progress bar, not into it
        progress = Progress(report, len(inputs))
        queue: list[Queued] = []

        def settle(item: Queued, result) -> None:
            """Count and report one story (or a file that failed to parse)."""
            if isinstance(result, ImportResult) and json:
                try:
                    self._print_json(item.story)
                except STORY_ERRORS as error:
                    result = error
            if isinstance(result, Exception):
                counts["failed"] += 1
                reason = (
                    " ".join(result.messages)
                    if isinstance(result, ValidationError)
                    else str(result)
                )
                failures.append(f"{item.where}: {reason}")
            elif result is not None:
                counts[result.outcome] += 1
                if result.outcome != UNCHANGED:
                    notes_for_editor.extend(
                        f"{item.where}: note: {n}" for n in result.notes
                    )
                    notes_for_editor.extend(
                        f"{item.where}: check: {n}" for n in item.story.unsure
                    )
            if item.last_of_file:
                progress.step(item.label)

        def write_queue() -> None:
            stories = [
                (item.story, item.base_dir) for item in queue if item.story is not None
            ]
            if dry_run:
                results = []
                for story, _ in stories:
                    try:
                        results.append(importer.plan(story))
                    except STORY_ERRORS as error:
                        results.append(error)
            else:
                results = importer.import_batch(stories)
            written = iter(results)
            for item in queue:
                settle(item, next(written) if item.story is not None else item.error)
            queue.clear()

        # Stories are indexed for search a batch at a time (a failed story is never
        # indexed).
        for label, loader, base_dir in inputs:
            try:
                stories = read_stories(loader(), fmt=format, reference_date=ref)
            except (WireError, OSError) as error:
                stories = []
                queue.append(Queued(label, label, error=error))
            else:
                if not stories:
                    queue.append(Queued(label, label))  # nothing in it to count
            for number, story in enumerate(stories, 1):
                where = label if len(stories) == 1 else f"{label} (story {number})"
                queue.append(
                    Queued(
                        where,
                        label,
                        story,
                        base_dir,
                        last_of_file=number == len(stories),
                    )
                )
                if len(queue) >= INDEX_BATCH:
                    with search.deferred():
                        write_queue()
        with search.deferred():
            write_queue()
        progress.close()
        for line in notes_for_editor:
            report.write(line)
        for line in failures:
            report.write(self.style.ERROR(f"FAILED {line}"))
        verb = "would be " if dry_run else ""
        summary = (
            f"{'Dry run, nothing written. ' if dry_run else ''}"
            f"{verb}created {counts[CREATED]}, {verb}updated "
            f"{counts[UPDATED] + counts[PENDING]} "
            f"({counts[PENDING]} held for an editor), unchanged {counts[UNCHANGED]}, "
            f"failed {counts['failed']}."
        )
        if counts["failed"]:
            report.write(self.style.WARNING(summary))
            raise CommandError(f"{counts['failed']} failed; see above.")
        report.write(self.style.SUCCESS(summary))

    def _queue(self, inputs, format, ref, json, report) -> None:
        """File every input's stories in the Wire queue, as a wire source would."""
        total = Received()
        progress = Progress(report, len(inputs))
        for label, loader, base_dir in inputs:
            try:
                data = loader()
            except OSError as error:
                total.failed += 1
                total.errors.append(f"{label}: {error}")
                progress.step(label)
                continue
            got = receive(
                data,
                name=label,
                fmt=format,
                base_dir=base_dir,
                source="ingest_wire",
                reference_date=ref,
            )
            total.add(got)
            if json and not got.failed:
                for story in read_stories(data, fmt=format, reference_date=ref):
                    self._print_json(story)
            progress.step(label)
        progress.close()
        for line in total.errors:
            report.write(self.style.ERROR(f"FAILED {line}"))
        summary = (
            f"Wire queue: received {total.received}, new versions "
            f"{total.new_versions}, duplicates {total.duplicates}, failed "
            f"{total.failed}."
        )
        if total.failed:
            report.write(self.style.WARNING(summary))
            raise CommandError(f"{total.failed} failed; see above.")
        report.write(self.style.SUCCESS(summary))

    def _print_json(self, story) -> None:
        document = story_to_ninjs(story)
        self.stdout.write(json.dumps(document, ensure_ascii=False, sort_keys=True))

    def _publisher(self, username: str | None):
        if not username:
            raise CommandError(
                "--publish needs --user NAME: the desk account allowed to publish."
            )
        account = get_user_model().objects.filter(username=username).first()
        if account is None or not services.can_publish(account):
            raise CommandError(f"User “{username}” does not exist or may not publish.")
        return account

    @staticmethod
    def _collect(paths: list[str], stdin):
        """(label, loader, the file's folder) per input; folders walked in order."""
        inputs = []
        for raw in paths:
            if raw == "-":
                source = getattr(stdin, "buffer", stdin)
                inputs.append(("<stdin>", source.read, None))
                continue
            path = Path(raw)
            if path.is_dir():
                for child in _files_in(path):
                    if (
                        child.name not in SKIPPED_NAMES
                        and child.suffix.lower() not in PICTURE_SUFFIXES
                    ):
                        inputs.append((str(child), child.read_bytes, child.parent))
            elif path.is_file():
                inputs.append((str(path), path.read_bytes, path.parent))
            else:
                raise CommandError(f"{raw}: no such file or folder.")
        return inputs
