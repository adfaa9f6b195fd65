"""Run code on other threads, each with its own database connection."""

import threading
import traceback

from django.db import connections


def run_in_threads(*targets):
    """Run each target on its own thread (and so its own DB connection)."""
    errors = []

    def wrap(target):
        def run():
            try:
                target()
            except Exception:  # reported to the test below, with where it happened
                errors.append(traceback.format_exc())
            finally:
                connections.close_all()

        return run

    threads = [threading.Thread(target=wrap(t)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert errors == [], "\n".join(errors)
