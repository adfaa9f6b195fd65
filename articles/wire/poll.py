"""The wire poller: reads every active source when its time has come.

``poll_due`` is one round (``manage.py poll_wire --once``); ``run`` repeats rounds
until told to stop. Each source is claimed with one conditional UPDATE (a lease until
a time) that only one poller can win, on SQLite and PostgreSQL alike, so two pollers
on two servers never read one source at once; a folder's files are claimed one by
one by an atomic rename as well. Every input goes through ``wire.queue.receive``.

A source that fails is retried later and later (exponential backoff, capped, reset
by a success), its row says why, and the log gets one line; the other sources go on.
The transports live beside this module: ``poll_folder``, ``poll_http``, ``poll_ftp``.
"""

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, models
from django.db.models import functions
from django.utils import timezone

from ..models import WirePoll, WireSource
from .queue import Received, receive

logger = logging.getLogger("articles.wire.poll")

BACKOFF_CAP = 3600  # seconds: a failing source is still tried at least hourly
KEEP_POLL_LOG_DAYS = 30
ERROR_TEXT_LIMIT = 2000


class PollError(Exception):
    """A source could not be read; the message is for the desk and the log.

    ``retry`` says whether the same request may succeed later (a timeout, a 5xx),
    as opposed to an answer that will stay wrong (an HTML page, an oversized body).
    """

    def __init__(self, message: str, *, retry: bool = True):
        super().__init__(message)
        self.retry = retry


class LostLease(Exception):
    """Another poller holds the source now (our lease ran out): stop reading it."""


@dataclass
class Options:
    """The poller's knobs, from settings (tests pass their own)."""

    settle: float = 5.0  # seconds a file must stay unchanged before it is read
    timeout: float = 30.0  # seconds an HTTP or FTP server may keep us waiting
    max_bytes: int = 20 * 1024 * 1024  # the most one answer or file may hold
    lease: int = 300  # seconds a claim lasts; renewed while the poller works

    @classmethod
    def from_settings(cls) -> "Options":
        return cls(
            settle=settings.NEWSROOM_WIRE_SETTLE_SECONDS,
            timeout=settings.NEWSROOM_WIRE_TIMEOUT,
            max_bytes=settings.NEWSROOM_WIRE_MAX_BYTES,
            lease=settings.NEWSROOM_WIRE_LEASE_SECONDS,
        )


def poller_id() -> str:
    """Unique per poller: host, process and a random part (threads in one process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def credentials(source: WireSource, *, token_ok: bool) -> dict[str, str] | None:
    """The source's secrets from the environment, or ``None`` if it names none."""
    var = source.credentials_env
    if not var:
        return None
    env = os.environ
    if token_ok and env.get(f"{var}_TOKEN"):
        return {"token": env[f"{var}_TOKEN"]}
    if env.get(f"{var}_USER") and env.get(f"{var}_PASSWORD") is not None:
        return {"user": env[f"{var}_USER"], "password": env[f"{var}_PASSWORD"]}
    wanted = f"{var}_USER and {var}_PASSWORD"
    if token_ok:
        wanted += f" (or {var}_TOKEN)"
    raise PollError(
        f"Credentials missing: set {wanted} in the poller's environment.",
        retry=False,
    )


def backoff(interval: int, failures: int) -> int:
    """Seconds to wait after ``failures`` failures in a row: 2×, 4×, 8×… the
    interval, never more than an hour (or the interval, if that is longer)."""
    return min(interval * 2 ** min(failures, 16), max(BACKOFF_CAP, interval))


class Session:
    """One poll of one source: what it received, and the lease it holds."""

    def __init__(self, source: WireSource, owner: str, options: Options, stop):
        self.source = source
        self.owner = owner
        self.options = options
        self.stop = stop
        self.totals = Received()
        self.renewed = time.monotonic()

    def take(self, data: bytes, *, name: str, base_dir: Path | None = None):
        """Hand one input to the one door, and count what it gave."""
        self.renew()
        result = receive(
            data,
            name=name,
            fmt=self.source.format,
            base_dir=base_dir,
            source=self.source.name,
            agency=self.source.agency.short_name if self.source.agency_id else "",
        )
        self.totals.add(result)
        for error in result.errors:
            logger.warning("wire source “%s”: %s", self.source.name, error)
        return result

    def fail_item(self, message: str) -> None:
        """An item of the source could not be fetched; the rest go on."""
        self.totals.failed += 1
        self.totals.errors.append(message)
        logger.warning("wire source “%s”: %s", self.source.name, message)

    def stopping(self) -> bool:
        return self.stop is not None and self.stop.is_set()

    def renew(self) -> None:
        """Extend the lease while working, so no other poller takes over."""
        if time.monotonic() - self.renewed < self.options.lease / 3:
            return
        until = timezone.now() + timedelta(seconds=self.options.lease)
        held = WireSource.objects.filter(
            pk=self.source.pk, lease_owner=self.owner
        ).update(lease_until=until)
        if not held:
            raise LostLease
        self.renewed = time.monotonic()


def claim(source_id: int, owner: str, now: datetime, lease: int) -> bool:
    """Take the source for ``lease`` seconds: one conditional UPDATE, so of two
    pollers asking at once exactly one gets a row count of 1."""
    return bool(
        WireSource.objects.due(now)
        .filter(pk=source_id)
        .update(lease_until=now + timedelta(seconds=lease), lease_owner=owner)
    )


def transports() -> dict[str, Callable]:
    from .poll_folder import poll_folder
    from .poll_ftp import poll_ftp
    from .poll_http import poll_http

    return {
        WireSource.Kind.FOLDER: poll_folder,
        WireSource.Kind.HTTP: poll_http,
        WireSource.Kind.FTP: poll_ftp,
    }


def poll_source(source: WireSource, owner: str, options: Options, stop=None):
    """Read one claimed source, record the outcome on its row, release it."""
    started = timezone.now()
    session = Session(source, owner, options, stop)
    error = ""
    try:
        transports()[source.kind](source, session)
    except PollError as failure:
        error = str(failure)
    except LostLease:
        logger.warning(
            "wire source “%s”: another poller took it over (the lease of %d s ran "
            "out); stopped reading it",
            source.name,
            options.lease,
        )
        return session.totals
    except Exception as failure:
        # A service must not die of one source's surprise: record it (its one log
        # line carries the traceback, for the bug report), go on.
        error = f"Unexpected error: {failure.__class__.__name__}: {failure}"
        finish(source, session, error, started, traceback=True)
        return session.totals
    finish(source, session, error, started)
    return session.totals


def finish(
    source: WireSource, session: Session, error: str, started, traceback=False
) -> None:
    now = timezone.now()
    totals = session.totals
    fields = {
        "last_poll_at": now,
        "lease_until": None,
        "lease_owner": "",
        "seen": source.seen,
    }
    if error:
        failures = source.failures + 1
        delay = backoff(source.interval, failures)
        fields.update(
            last_error=error[:ERROR_TEXT_LIMIT],
            last_error_at=now,
            failures=failures,
            next_poll_at=now + timedelta(seconds=delay),
        )
        logger.warning(
            "wire source “%s” failed (%d in a row, next try in %d s): %s",
            source.name,
            failures,
            delay,
            error,
            exc_info=traceback,
        )
    else:
        fields.update(
            last_success_at=now,
            failures=0,
            next_poll_at=now + timedelta(seconds=source.interval),
        )
        if totals.errors:
            fields.update(
                last_error="\n".join(totals.errors)[:ERROR_TEXT_LIMIT],
                last_error_at=now,
            )
    held = WireSource.objects.filter(pk=source.pk, lease_owner=session.owner).update(
        **fields
    )
    if not held:
        return  # deleted meanwhile, or another poller's now: nothing to log on it
    if error or totals.received or totals.new_versions or totals.duplicates:
        WirePoll.objects.create(
            source=source,
            started_at=started,
            finished_at=now,
            received=totals.received,
            new_versions=totals.new_versions,
            duplicates=totals.duplicates,
            failed=totals.failed,
            error=(error or "\n".join(totals.errors))[:ERROR_TEXT_LIMIT],
        )


@dataclass
class Round:
    """What one round of polling did, for the one-line summary."""

    sources: int = 0
    totals: Received = field(default_factory=Received)
    failing: list[str] = field(default_factory=list)

    def summary(self) -> str:
        t = self.totals
        line = (
            f"Polled {self.sources} source{'s' if self.sources != 1 else ''}: "
            f"{t.received} received, {t.new_versions} new versions, "
            f"{t.duplicates} duplicates, {t.failed} failed"
        )
        if self.failing:
            line += f"; failing: {', '.join(self.failing)}"
        return line + "."


def poll_due(
    *,
    owner: str,
    options: Options,
    stop: threading.Event | None = None,
    now: datetime | None = None,
) -> Round:
    """One round: every active source whose time has come and that we can claim."""
    result = Round()
    now = now or timezone.now()
    for source_id in WireSource.objects.due(now).values_list("pk", flat=True):
        if stop is not None and stop.is_set():
            break
        if not claim(source_id, owner, now, options.lease):
            continue  # another poller has it
        source = WireSource.objects.get(pk=source_id)
        totals = poll_source(source, owner, options, stop)
        result.sources += 1
        result.totals.add(totals)
        source.refresh_from_db(fields=["failures"])
        if source.failures:
            result.failing.append(source.name)
    return result


def seconds_to_next(now: datetime, tick: float) -> float:
    """How long the loop may sleep: until the next source is due, at most ``tick``."""
    # A source another poller holds is due for us when its lease runs out, not
    # before: without that the loop would spin on it.
    due_at = functions.Greatest(
        functions.Coalesce("next_poll_at", "created_at"),
        functions.Coalesce("lease_until", "created_at"),
    )
    upcoming = WireSource.objects.filter(active=True).aggregate(at=models.Min(due_at))
    if upcoming["at"] is None:
        return tick
    return max(0.5, min(tick, (upcoming["at"] - now).total_seconds()))


def prune_log(now: datetime) -> int:
    """Forget poll records older than a month: the list only shows today."""
    old = now - timedelta(days=KEEP_POLL_LOG_DAYS)
    return WirePoll.objects.filter(started_at__lt=old).delete()[0]


def run(
    stop: threading.Event,
    *,
    options: Options,
    tick: float = 5.0,
    report: Callable[[str], None] | None = None,
) -> None:
    """Poll until ``stop`` is set; a round in progress finishes its current file."""
    owner = poller_id()
    logger.info("wire poller %s started", owner)
    pruned_at = 0.0
    while not stop.is_set():
        close_old_connections()  # a server restart or idle timeout: reconnect
        try:
            result = poll_due(owner=owner, options=options, stop=stop)
            if result.sources and report:
                report(result.summary())
            if time.monotonic() - pruned_at > 3600:
                prune_log(timezone.now())
                pruned_at = time.monotonic()
            wait = seconds_to_next(timezone.now(), tick)
        except DatabaseError as error:
            # The database restarting or failing over: wait and try again, as a
            # service should; a claimed source's lease runs out on its own.
            logger.error("wire poller: the database does not answer: %s", error)
            wait = tick
        stop.wait(wait)
    close_old_connections()
    logger.info("wire poller %s stopped", owner)
