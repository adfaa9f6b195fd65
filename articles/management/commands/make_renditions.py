"""Make the stored renditions of library photos that lack them or are out of date.

Photos made before renditions existed, loaded from a fixture, or whose photographer
was renamed since, are found by comparing each photo's rendition key with what it
should be. Run after changing ``NEWSROOM_PHOTO_WIDTHS`` too. Pages never make
renditions themselves; until this runs they show the original file.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.models import Photo
from articles.photos import photo_refresh_renditions
from articles.photos.library import renditions_up_to_date


class Command(BaseCommand):
    help = (
        "Make missing or out-of-date photo renditions (all of them with --all). "
        "Reports each photo whose file fails the upload checks and goes on."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="everything",
            help="Remake every photo's renditions, even up-to-date ones.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the photos that would be done; write nothing.",
        )

    def handle(self, *args, everything=False, dry_run=False, **options):
        photos = Photo.objects.select_related("photographer").order_by("pk")
        total = photos.count()
        made = skipped = 0
        failed = []
        for number, photo in enumerate(photos.iterator(chunk_size=200), 1):
            if not everything and renditions_up_to_date(photo):
                skipped += 1
                continue
            label = f"[{number}/{total}] {photo.image.name}"
            if dry_run:
                self.stdout.write(f"{label}: would make renditions")
                made += 1
                continue
            try:
                photo_refresh_renditions(photo=photo, force=True)
            except ValidationError as error:
                failed.append(photo)
                self.stdout.write(
                    self.style.ERROR(f"{label}: {' '.join(error.messages)}")
                )
            else:
                made += 1
                self.stdout.write(f"{label}: made")
        verb = "Would make" if dry_run else "Made"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} renditions for {made} photos; {skipped} were up to date."
            )
        )
        if failed:
            raise CommandError(
                f"{len(failed)} photos could not be done (listed above); they keep "
                "the renditions they had, or show the original file."
            )
