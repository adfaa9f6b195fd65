"""Loaded by every Python process of ``make test-future`` (on PYTHONPATH there).

Under ``faketime --exclude-monotonic`` Python 3.11's ``time.sleep`` fails with
EINVAL (libfaketime mishandles the absolute monotonic deadline it sleeps to), so
sleeps wait in ``select`` instead, which takes a plain relative timeout. Outside
faketime nothing changes.
"""

import os

if os.environ.get("FAKETIME"):
    import select
    import time

    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        select.select([], [], [], seconds)

    time.sleep = _sleep
