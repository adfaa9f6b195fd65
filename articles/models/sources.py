"""Wire sources: where an agency's copy comes from, and what polling them gave.

``WireSource`` is one folder, HTTP(S) URL or FTP(S) folder that ``manage.py
poll_wire`` reads on its own, every ``interval`` seconds. Its credentials are never
stored here: the row names an environment variable prefix, and the poller reads the
secret from its own environment. The poll-state fields are written only by the
poller, with conditional UPDATEs, so two pollers on two servers never take the same
source at once. ``WirePoll`` logs each poll that received something or failed: the
list's "items received today" is a sum over it.
"""

from datetime import datetime, timedelta
from pathlib import PurePath
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone

from .content import Agency

MIN_INTERVAL = 10  # seconds; faster than this only loads the agency's server
MAX_INTERVAL = 24 * 3600
STALE_INTERVALS = 3  # no success for this many intervals: the source is marked stale


def validate_wire_format(value: str) -> None:
    """A format the wire parsers know, read at run time: a new parser's format is
    accepted as soon as ``articles.wire.FORMATS`` names it, with no migration."""
    from ..wire import FORMATS

    if value not in FORMATS:
        raise ValidationError(
            f"Unknown format “{value}”; use one of {', '.join(FORMATS)}."
        )


SCHEMES = {"http": ("http", "https"), "ftp": ("ftp", "ftps")}


def location_problem(kind: str, location: str) -> str | None:
    """Why ``location`` cannot be a source of ``kind``, or ``None``."""
    if kind == "folder":
        if not PurePath(location).is_absolute():
            return f"“{location}” is not an absolute folder path (start it with /)."
        return None
    schemes = SCHEMES.get(kind)
    if schemes is None:
        return None  # the kind's own choices say what is wrong
    wanted = f"“{location}” is not an {' or '.join(schemes)} URL with a host."
    try:
        parts = urlsplit(location)
        host = parts.hostname
    except ValueError:  # an unclosed [IPv6 address]
        return wanted
    if parts.scheme not in schemes or not host:
        return wanted
    try:
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:
        return f"“{location}” has a port that is not a number from 1 to 65535."
    if parts.username or parts.password:
        return "Put no user or password in the URL: name a credentials variable."
    return None


class WireSourceQuerySet(models.QuerySet):
    def due(self, now: datetime):
        """Active sources whose next poll time has come and that nobody holds."""
        return self.filter(
            models.Q(next_poll_at__isnull=True) | models.Q(next_poll_at__lte=now),
            models.Q(lease_until__isnull=True) | models.Q(lease_until__lte=now),
            active=True,
        )


class WireSource(models.Model):
    """A place an agency delivers copy to, polled by ``manage.py poll_wire``."""

    class Kind(models.TextChoices):
        FOLDER = "folder", "Folder"
        HTTP = "http", "HTTP(S) URL (ninjs, NewsML-G2, NITF, or an RSS/Atom feed)"
        FTP = "ftp", "FTP or FTPS folder"

    class RemoteAfter(models.TextChoices):
        KEEP = "keep", "Leave it (remember it was fetched)"
        MOVE = "move", "Move it into done/ on the server"
        DELETE = "delete", "Delete it from the server"

    name = models.CharField(max_length=100, unique=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wire_sources",
        help_text="Whose copy this is; the copy's own credit line still rules.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    location = models.CharField(
        max_length=1000,
        help_text="A folder path on the poller's server, an http(s):// URL or an "
        "ftp:// or ftps:// URL of a folder.",
    )
    format = models.CharField(
        max_length=20,
        default="auto",
        validators=[validate_wire_format],
        help_text="“auto” tells each file's format by its content.",
    )
    interval = models.PositiveIntegerField(
        "poll interval (seconds)",
        default=60,
        validators=[MinValueValidator(MIN_INTERVAL), MaxValueValidator(MAX_INTERVAL)],
    )
    active = models.BooleanField(default=True)
    credentials_env = models.CharField(
        "credentials variable",
        max_length=64,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z][A-Z0-9_]*\Z",
                "Capital letters, digits and _ only, starting with a letter.",
            )
        ],
        help_text="The name of environment variables on the poller's server: "
        "NAME_USER and NAME_PASSWORD, or NAME_TOKEN for an HTTP bearer token. "
        "Secrets are never stored here.",
    )
    remote_after = models.CharField(
        "after fetching (FTP)",
        max_length=10,
        choices=RemoteAfter.choices,
        default=RemoteAfter.KEEP,
    )

    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # Poll state: written by the poller only.
    last_poll_at = models.DateTimeField("last poll", null=True, blank=True)
    last_success_at = models.DateTimeField("last success", null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(
        "failures in a row", default=0, help_text="Reset by a successful poll."
    )
    next_poll_at = models.DateTimeField(
        "next poll", null=True, blank=True, help_text="Later after failures (backoff)."
    )
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=200, blank=True)
    seen = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the poller remembers: a feed's ETag and entries, the "
        "files an FTP folder gave.",
    )

    objects = WireSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "wire source"

    def __str__(self):
        return self.name

    def clean(self):
        problem = location_problem(self.kind, self.location)
        if problem:
            raise ValidationError({"location": problem})

    def is_stale(self, now: datetime | None = None) -> bool:
        """No success for three intervals (counted from its creation if never)."""
        if not self.active:
            return False
        # Never succeeded: judged from its creation, so a source that no poller
        # ever reads (the service is not running) is marked too.
        since = self.last_success_at or self.created_at
        return (now or timezone.now()) - since > timedelta(
            seconds=STALE_INTERVALS * self.interval
        )


class WirePoll(models.Model):
    """One poll of a source that received copy or failed (quiet polls leave none)."""

    source = models.ForeignKey(
        WireSource, on_delete=models.CASCADE, related_name="polls"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    received = models.PositiveIntegerField(default=0)
    new_versions = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["source", "started_at"])]

    def __str__(self):
        return f"{self.source} at {self.started_at:%Y-%m-%d %H:%M:%S}"
