"""Benchmark: the Wire screen (the desk's queue) with 100,000 items in the database.

    python -m bench.wire_screen                    # 1,000 then 100,000 items
    python -m bench.wire_screen --items 20000 --runs 10

Builds a scratch SQLite database under bench/.work/ (migrated, then filled with
invented wire items from six agencies over fourteen days, some grouped, some flash
or urgent), logs an editor in with Django's test client and renders the Wire screen
(unfiltered, filtered, searched) ``--runs`` times at 1,000 items and again at the
full count. Prints the median CPU milliseconds and the queries of each, and
as its last line the same as JSON (``bench/run.py`` reads it). Equal queries and
close medians at both sizes show the screen's cost does not grow with the table.
Nothing here asserts a time; it only measures.
"""

import argparse
import json
import os
import secrets
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"
AGENCIES = ["TASS", "XINHUA", "YONHAP", "KYODO", "INTERFAX", "BERNAMA"]
LANGUAGES = ["en", "en", "en", "ru", "zh", "ko"]
SCREENS = {
    "Wire screen": "/admin/articles/wireitem/",
    "  filtered: agency, urgent": (
        "/admin/articles/wireitem/?urgency=2&agency__id__exact=1"
    ),
    "  searched: a word every headline has": "/admin/articles/wireitem/?q=harbour",
    # A word no item has: the search reads every row (LIKE), so this one grows.
    "  searched: a word none has": "/admin/articles/wireitem/?q=zeppelin",
}


def setup(database: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY")
            or secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "testserver,localhost",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    # DEBUG off serves hashed static names: the admin's pages need the manifest.
    os.environ.setdefault("DJANGO_STATIC_ROOT", str(WORK / "static-root"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fill(upto: int) -> None:
    """Add invented items until the queue holds ``upto``."""
    from django.utils import timezone

    from articles.models import Agency, WireItem

    agencies = []
    for short in AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            short_name=short, defaults={"name": short.title(), "slug": short.lower()}
        )
        agencies.append(agency)
    have = WireItem.objects.count()
    now = timezone.now()
    batch = []
    for n in range(have, upto):
        # Newest last: item n arrived (upto - n) × 12 seconds ago (about 14 days
        # for 100,000 items), as a real queue fills.
        at = now - timedelta(seconds=12 * (upto - n))
        batch.append(
            WireItem(
                agency=agencies[n % len(agencies)],
                agency_ref=f"urn:bench:{n}",
                headline=f"Invented wire item {n} on harbour works and trade",
                urgency=1 if n % 97 == 0 else 2 if n % 31 == 0 else 3 + n % 5,
                language=LANGUAGES[n % len(LANGUAGES)],
                keywords="economy, ports",
                received_at=at,
                updated_at=at,
                changed_at=at,
                state="spiked" if n % 13 == 0 else "new",
                group_key=f"g{n // 3}" if n % 5 == 0 else f"i{n}",
                signature=n,
            )
        )
        if len(batch) == 5000:
            WireItem.objects.bulk_create(batch)
            batch = []
    WireItem.objects.bulk_create(batch)


def measure(runs: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client

    user, made = get_user_model().objects.get_or_create(
        username="bench-desk", defaults={"is_staff": True}
    )
    if made:
        user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    figures = {}
    for label, url in SCREENS.items():
        client.get(url)  # warm
        times = []
        for _ in range(runs):
            # CPU time of this process: other work on a shared machine does not
            # count (SQLite runs in-process, so its reading does).
            started = time.process_time()
            response = client.get(url)
            times.append((time.process_time() - started) * 1000)
        sent = []

        def count(execute, sql, params, many, context, sent=sent):
            sent.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        figures[label] = {
            "median_ms": statistics.median(times),
            "queries": len(sent),
            "status": response.status_code,
        }
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "wire-screen.sqlite3"
    for old in WORK.glob("wire-screen.sqlite3*"):
        old.unlink()
    setup(database)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    result = {"items": args.items, "small": 1000, "screens": {}}
    fill(1000)
    small = measure(args.runs)
    fill(args.items)
    large = measure(args.runs)
    for label in SCREENS:
        result["screens"][label] = {"small": small[label], "large": large[label]}
        print(
            f"{label:<30} {small[label]['median_ms']:7.2f} ms "
            f"{small[label]['queries']:2d} queries at 1,000 · "
            f"{large[label]['median_ms']:7.2f} ms "
            f"{large[label]['queries']:2d} queries at {args.items:,}"
        )
    print(json.dumps(result))
    # The last line is the JSON bench/run.py reads; say where the database is.
    print(f"(database kept at {database})", file=sys.stderr)
    return 0


def rows(env: dict) -> list[dict]:
    """The rows ``bench/run.py`` adds to its table (run in a child process)."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "bench.wire_screen"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1][:160]
        return [{"figure": "Wire screen", "value": f"n/a: {last}"}]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    out = [
        {
            "section": f"The Wire screen, {figures['items']:,} items in the database "
            "(median CPU ms per render, Django's test client)"
        }
    ]
    for label, sizes in figures["screens"].items():
        small, large = sizes["small"], sizes["large"]
        constant = small["queries"] == large["queries"]
        out.append(
            {
                "figure": label,
                "value": f"{large['median_ms']:.2f} ms",
                "queries": str(large["queries"]),
                "target": (
                    f"{'met' if constant and large['queries'] < 10 else 'MISSED'}: "
                    f"< 10 queries, constant ({small['queries']} at 1,000; "
                    f"{small['median_ms']:.2f} ms)"
                ),
            }
        )
    return out


if __name__ == "__main__":
    raise SystemExit(main())
