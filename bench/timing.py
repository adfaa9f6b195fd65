"""Time a page in-process with Django's test client and count its queries.

Shared by our measurements and the Wagtail ones (the harness copies this file into
the generated Wagtail project), so both sides are timed by the same code.
"""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def measure(client, url: str, *, runs: int, warmup: int = 2) -> dict:
    """Median time of ``runs`` GETs after ``warmup`` ones, and the query count.

    ``median_ms`` is the process's CPU time per request (``time.process_time``): the
    page, the ORM and SQLite all run in this process, and unlike wall time it does
    not grow when other programs take the machine's cores; ``median_wall_ms`` is kept
    beside it. The query count is the one of the last run (after warm-up, so one-time
    costs such as a first rendition or a cold cache are not counted);
    ``queries_varied`` says if any timed run differed from it.
    """
    for _ in range(warmup):
        client.get(url)
    cpu, wall, counts, status, size = [], [], [], None, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            if getattr(response, "streaming", False):
                size = sum(len(chunk) for chunk in response.streaming_content)
            else:
                size = len(response.content)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        counts.append(len(ctx.captured_queries))
        status = response.status_code
    return {
        "url": url,
        "status": status,
        "bytes": size,
        "median_ms": statistics.median(cpu),
        "median_wall_ms": statistics.median(wall),
        "queries": counts[-1],
        "queries_varied": len(set(counts)) > 1,
        "runs": runs,
    }


def repeat(client, url: str, count: int) -> None:
    """GET ``url`` ``count`` times, each answered 200: the work whose instructions
    the harness counts under valgrind (run.py, ``instructions_per_request``)."""
    for _ in range(count):
        status = client.get(url).status_code
        if status != 200:
            raise RuntimeError(f"{url} answered {status}")
