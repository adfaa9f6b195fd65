"""Create a wire source from a script: a folder, an HTTP(S) URL or an FTP(S) folder.

    python manage.py add_wire_source "TASS English" --folder /srv/wire/tass \
        --agency TASS --interval 30
    python manage.py add_wire_source "Agency feed" --url https://wire.example/feed \
        --credentials-env AGENCY_FEED --format ninjs

Bad input (a malformed URL, a folder that is not there, a name already taken, an
interval out of range) stops with one line and a non-zero exit status, and creates
nothing. ``--dry-run`` checks everything and says what it would create.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from articles.models import Agency, WireSource
from articles.models.sources import MAX_INTERVAL, MIN_INTERVAL
from articles.wire import FORMATS


class Command(BaseCommand):
    help = "Create a wire source that `manage.py poll_wire` polls."

    def add_arguments(self, parser):
        parser.add_argument("name", help="A name of your choice, unique.")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--folder", help="A folder on the poller's server.")
        where.add_argument("--url", help="An http(s):// URL: a document or a feed.")
        where.add_argument("--ftp", help="An ftp:// or ftps:// URL of a folder.")
        parser.add_argument("--agency", help="The agency's short name (TASS).")
        parser.add_argument("--format", default="auto", choices=FORMATS)
        parser.add_argument(
            "--interval",
            type=int,
            default=60,
            help=f"Seconds between polls, {MIN_INTERVAL} to {MAX_INTERVAL}.",
        )
        parser.add_argument(
            "--credentials-env",
            default="",
            help="Prefix of the environment variables holding the secrets: "
            "PREFIX_USER and PREFIX_PASSWORD, or PREFIX_TOKEN (HTTP bearer).",
        )
        parser.add_argument(
            "--remote-after",
            default=WireSource.RemoteAfter.KEEP,
            choices=WireSource.RemoteAfter.values,
            help="FTP: after fetching a file, keep it, move it into done/ or "
            "delete it.",
        )
        parser.add_argument("--inactive", action="store_true", help="Do not poll yet.")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        source = WireSource(
            name=options["name"].strip(),
            format=options["format"],
            interval=options["interval"],
            credentials_env=options["credentials_env"],
            remote_after=options["remote_after"],
            active=not options["inactive"],
        )
        if options["folder"]:
            folder = Path(options["folder"]).expanduser().resolve()
            if not folder.is_dir():
                raise CommandError(f"No such folder: {options['folder']}")
            source.kind, source.location = WireSource.Kind.FOLDER, str(folder)
        elif options["url"]:
            source.kind, source.location = WireSource.Kind.HTTP, options["url"]
        else:
            source.kind, source.location = WireSource.Kind.FTP, options["ftp"]
        if options["agency"]:
            source.agency = self.agency(options["agency"])
        try:
            source.full_clean()
        except ValidationError as error:
            raise CommandError(one_line(error)) from None
        if options["dry_run"]:
            self.stdout.write(f"Would create {describe(source)} (dry run).")
            return
        source.save()
        self.stdout.write(self.style.SUCCESS(f"Created {describe(source)}."))

    def agency(self, name: str) -> Agency:
        found = Agency.objects.filter(
            Q(short_name__iexact=name) | Q(name__iexact=name)
        ).first()
        if found is None:
            raise CommandError(
                f"No agency “{name}”; add it in the admin (Agencies) first."
            )
        return found


def one_line(error: ValidationError) -> str:
    """The first problem, named by its field, as one line."""
    field, messages = next(iter(error.message_dict.items()))
    label = {"__all__": "", "interval": "--interval: "}.get(field, f"{field}: ")
    if field == "name" and any("already exists" in m for m in messages):
        return "A wire source of that name already exists."
    return f"{label}{messages[0]}"


def describe(source: WireSource) -> str:
    every = f"every {source.interval} s"
    agency = f" for {source.agency}" if source.agency else ""
    return (
        f"wire source “{source.name}”{agency}: {source.get_kind_display()} "
        f"{source.location}, format {source.format}, {every}"
    )
