"""Poll the wire sources: once (``--once``), or as a service until stopped.

    python manage.py poll_wire --once      # every source whose time has come
    python manage.py poll_wire             # keeps polling; SIGTERM or Ctrl-C stops it

Each round prints one line: sources polled, items received, new versions,
duplicates, failed. A failing source is logged (logger ``articles.wire.poll``, one
line) and retried later and later; the others go on. On SIGTERM or SIGINT the poller
finishes the file in hand, gives the source back and exits 0. Any number of pollers
may run at once, on one server or several: each source and each file is taken by one.
"""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from articles.wire import poll

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Command(BaseCommand):
    help = "Poll the wire sources, once or until stopped (SIGTERM)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="One round: every active source that is due, then exit.",
        )
        parser.add_argument(
            "--tick",
            type=float,
            default=5.0,
            help="Longest sleep between rounds, in seconds (default 5).",
        )
        parser.add_argument(
            "--settle",
            type=float,
            help="Seconds a dropped file must stay unchanged before it is read "
            "(default NEWSROOM_WIRE_SETTLE_SECONDS).",
        )

    def handle(self, *args, **options):
        settings = poll.Options.from_settings()
        if options["settle"] is not None:
            if options["settle"] < 0:
                raise CommandError("--settle must be 0 or more seconds.")
            settings.settle = options["settle"]
        if options["tick"] <= 0:
            raise CommandError("--tick must be more than 0 seconds.")
        if options["once"]:
            result = poll.poll_due(owner=poll.poller_id(), options=settings)
            self.stdout.write(result.summary())
            return
        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()

        previous = {sig: signal.signal(sig, request_stop) for sig in STOP_SIGNALS}
        try:
            self.stdout.write("Polling the wire sources; SIGTERM or Ctrl-C stops.")
            self.stdout.flush()
            poll.run(stop, options=settings, tick=options["tick"], report=self.report)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Stopped.")

    def report(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
