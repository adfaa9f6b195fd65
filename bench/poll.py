"""Benchmark: `poll_wire` reading a folder of 1,000 mixed wire files.

    python -m bench.poll                  # 1,000 files into a scratch SQLite file
    python -m bench.poll --files 3000 --json

Writes N generated files, a third each agency page text, ninjs and NewsML-G2 (all
invented here, never from the corpus), into a watched folder of a fresh database,
loads the parsers (as a running service has), then times one poll round (claim,
read, parse, import, move to done/) and prints items per second. ``--json`` prints
the figures as one JSON line for bench/run.py. Nothing here asserts a time.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def ninjs(n: int, rng: random.Random) -> bytes:
    from bench.ingest import CITIES, TOPICS

    topic = rng.choice(TOPICS)
    return json.dumps(
        {
            "uri": f"urn:newsroom-bench:ninjs:{n}",
            "type": "text",
            "version": "1",
            "headline": f"Item {n}: ministers meet on {topic}",
            "body_text": "\n\n".join(
                [f"{rng.choice(CITIES)}, June 3. /TASS/. Item {n} on {topic}."]
                + [f"Paragraph {k} of item {n} gives the detail." for k in range(4)]
            ),
            "versioncreated": "2026-06-03T08:00:00Z",
            "language": "en",
            "copyrightholder": "TASS",
        }
    ).encode()


def newsml(n: int, rng: random.Random) -> bytes:
    from bench.ingest import TOPICS

    topic = rng.choice(TOPICS)
    paragraphs = "".join(
        f"<p>Paragraph {k} of item {n} on {topic} gives the detail.</p>"
        for k in range(5)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsroom-bench:g2:{n}"
 version="1" xml:lang="en">
 <rightsInfo><copyrightHolder><name>TASS</name></copyrightHolder></rightsInfo>
 <itemMeta><itemClass qcode="ninat:text"/>
  <versionCreated>2026-06-03T08:00:00Z</versionCreated></itemMeta>
 <contentMeta><headline>Item {n}: talks on {topic} resume</headline>
  <dateline>MURMANSK, June 3</dateline></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml">
  <html xmlns="http://www.w3.org/1999/xhtml"><body>{paragraphs}</body></html>
 </inlineXML></contentSet>
</newsItem>
""".encode()


def write_files(folder: Path, count: int) -> None:
    from bench.ingest import page

    rng = random.Random(17)
    for n in range(count):
        kind = n % 3
        if kind == 0:
            (folder / f"{n:05}.txt").write_text(page(n, rng), encoding="utf-8")
        elif kind == 1:
            (folder / f"{n:05}.json").write_bytes(ninjs(n, rng))
        else:
            (folder / f"{n:05}.xml").write_bytes(newsml(n, rng))


def rows() -> list[dict]:
    """bench/run.py's rows: this benchmark in a process of its own."""
    label = "Polling a folder of 1,000 mixed files (one poll_wire round)"
    result = subprocess.run(
        [sys.executable, "-m", "bench.poll", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    section = {"section": "Wire poller (items per second; text, ninjs, NewsML-G2)"}
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return [section, {"figure": label, "value": f"n/a: {reason}"}]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    note = "" if figures["failed"] == 0 else f" ({figures['failed']} failed)"
    return [
        section,
        {"figure": label, "value": f"{figures['items_per_second']:,.0f} items/s{note}"},
        {
            "figure": "  the same, per CPU second of the poller",
            "value": f"{figures['items_per_cpu_second']:,.0f} items/s",
        },
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    scratch = Path(tempfile.mkdtemp(prefix="newsroom-bench-poll-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(scratch / "media")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import WireSource
    from articles.wire import poll, read_stories

    try:
        call_command("migrate", verbosity=0)
        inbox = scratch / "inbox"
        inbox.mkdir()
        write_files(inbox, args.files)
        WireSource.objects.create(name="Bench", kind="folder", location=str(inbox))
        # A running service has its parsers loaded: the first ninjs document imports
        # jsonschema (seconds, once per process), which is no cost per item.
        warm = time.perf_counter()
        rng = random.Random(0)
        from bench.ingest import page

        for sample in (page(0, rng).encode(), ninjs(0, rng), newsml(0, rng)):
            read_stories(sample, reference_date=date(2026, 6, 30))
        warm_up = time.perf_counter() - warm
        options = poll.Options(settle=0, timeout=30, max_bytes=20 << 20, lease=600)
        started, cpu = time.perf_counter(), time.process_time()
        result = poll.poll_due(owner=poll.poller_id(), options=options)
        seconds = time.perf_counter() - started
        # CPU time too: on a busy shared machine the wall clock mostly measures
        # the neighbours, the process's own CPU seconds far less so.
        cpu = time.process_time() - cpu
        done = len(list(inbox.glob("done/*/*")))
        figures = {
            "files": args.files,
            "seconds": round(seconds, 2),
            "items_per_second": round(args.files / seconds, 1),
            "cpu_seconds": round(cpu, 2),
            "items_per_cpu_second": round(args.files / cpu, 1),
            "received": result.totals.received,
            "failed": result.totals.failed,
            "moved_to_done": done,
            "warm_up_seconds": round(warm_up, 2),
        }
        if args.json:
            print(json.dumps(figures))
        else:
            print(
                f"poll_wire on {connection.vendor}: {args.files:,} files (text, "
                f"ninjs, NewsML-G2) in {seconds:.1f} s = "
                f"{figures['items_per_second']:,.1f} items/second "
                f"({figures['items_per_cpu_second']:,.1f} per CPU second); "
                f"{result.summary()} (parsers loaded first in {warm_up:.1f} s)"
            )
    finally:
        connection.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
