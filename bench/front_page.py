"""Benchmark: the arranged home page and a section page at 100,000 stories.

    python bench/run.py --only front        # these rows alone (a few minutes)

``make bench`` adds the same rows to its table. They use copies of the bench's
databases (bench/run.py builds them: the seed story alone, and 100,000 generated
stories), arranged as editors would arrange them: five sections sharing the
stories, a live home-page arrangement (a lead and eleven top stories), a live one
for the World section (a lead and five), and a running breaking-news banner.

Figures, for the home page and the World section page:

- in process (Django's test client): median CPU milliseconds and queries per
  request with caching off, at 100,000 stories and at the seed's one story (the
  query count must not grow with the stories; the issue allows at most 5; the
  tests assert exactly 5 at 2 and at 20 slots);
- under wrk: gunicorn with caching off, and as production serves it (the page
  cache on, locmem in each worker as configured by default).

Run as ``python -m bench.front_page arrange|measure`` by ``rows()`` in child
processes with the bench's environment; nothing here asserts a time.
"""

import argparse
import json
import shutil
import sys
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGES = {"home": "/", "section": "/sections/world/"}
SECTIONS = ["World", "Russia", "Economy", "Science & Space", "Sport"]
HOME_SLOTS, SECTION_SLOTS = 12, 6
MAX_QUERIES = 5


def arrange() -> dict:
    """Sections, arrangements and a banner in the database DATABASE_URL names."""
    import django

    django.setup()
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from django.utils.text import slugify

    from articles.models import Arrangement, ArrangementSlot, Article, Banner, Section

    now = timezone.now()
    with transaction.atomic():
        sections = [
            Section.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "order": order}
            )[0]
            for order, name in enumerate(SECTIONS)
        ]
        # The stories shared out by id: a fifth in each section.
        numbered = Article.objects.annotate(share=F("pk") % len(sections))
        for share, section in enumerate(sections):
            Article.objects.filter(
                pk__in=numbered.filter(share=share).values("pk")
            ).update(section=section)
        world = sections[0]
        public = Article.objects.published(now).newest_first()
        # Arranged: older stories than the newest, as editors keep a story on top
        # (the newest ones where there are few, as in the seed's database).
        newest = list(public.values_list("pk", flat=True)[: 20 + HOME_SLOTS])
        home_ids = newest[20:] or newest[:HOME_SLOTS]
        in_world = list(
            public.filter(section=world).values_list("pk", flat=True)[
                : 10 + SECTION_SLOTS
            ]
        )
        # A section may lead with any story, from its own pages or not.
        world_ids = in_world[10:] or (in_world or newest)[:SECTION_SLOTS]
        for section, ids in ((None, home_ids), (world, world_ids)):
            arrangement = Arrangement.objects.create(
                section=section, goes_live_at=now - timedelta(hours=1), note="bench"
            )
            ArrangementSlot.objects.bulk_create(
                ArrangementSlot(arrangement=arrangement, article_id=pk, position=n)
                for n, pk in enumerate(ids)
            )
        if home_ids:
            Banner.objects.create(
                text="Breaking: a bench banner",
                article_id=home_ids[0],
                starts_at=now - timedelta(hours=1),
                expires_at=now + timedelta(days=30),
            )
    return {"home_slots": len(home_ids), "world_slots": len(world_ids)}


def measure(runs: int) -> dict:
    import django

    django.setup()
    from django.test import Client

    from bench.timing import measure as timed

    reader = Client()
    return {name: timed(reader, url, runs=runs) for name, url in PAGES.items()}


def child(mode: str, env: dict, *extra: str) -> dict:
    from bench.run import inprocess

    return inprocess(mode, env, *extra, module="bench.front_page")


def serve(secret: str, db: Path) -> dict:
    """wrk against gunicorn, caching off and on, for each page."""
    from bench import run, servers

    wrk = shutil.which("wrk")
    if not wrk:
        return {"reason": "wrk is missing (apt-get install wrk)"}
    procs = servers.Processes()
    results: dict = {}
    try:
        bases = {}
        for name, cache in (("off", False), ("on", True)):
            port = servers.free_port()
            log = run.WORK / "logs" / f"front-gunicorn-{name}.log"
            proc = procs.start(
                f"front-gunicorn-{name}",
                run.gunicorn_argv(sys.executable, "newsroom.wsgi:application", port),
                env=run.our_env(db, cache=cache, secret=secret),
                cwd=run.REPO,
                log=log,
            )
            bases[name] = f"http://127.0.0.1:{port}"
            servers.wait_for(bases[name] + "/", proc=proc, log=log)
        for path in PAGES.values():
            for base in bases.values():
                status, body, _ = servers.fetch(base + path)
                if status != 200 or b"lead-story" not in body:
                    raise RuntimeError(f"{base + path} answered {status} unarranged")
                servers.run_wrk(
                    wrk,
                    base + path,
                    seconds=2,
                    threads=run.THREADS,
                    connections=run.CONNECTIONS,
                )
        for _ in range(run.ROUNDS):
            for page, path in PAGES.items():
                for name, base in bases.items():
                    got = servers.run_wrk(
                        wrk,
                        base + path,
                        seconds=run.DURATION,
                        threads=run.THREADS,
                        connections=run.CONNECTIONS,
                    )
                    results.setdefault(f"{page}:{name}", []).append(got.__dict__)
                    run.log(
                        f"front: {page}, caching {name}: {got.rps:,.0f} req/s, "
                        f"p50 {got.p50_ms:.2f} ms"
                    )
    finally:
        procs.stop_all()
    return results


def figures(secret: str, dbs) -> dict:
    """Arrange copies of the bench databases and measure both pages."""
    from bench import run

    copies = {}
    for size, source in (("big", dbs.big), ("seed", dbs.seed)):
        target = run.WORK / f"front-{size}.sqlite3"
        for old in run.WORK.glob(f"front-{size}.sqlite3*"):
            old.unlink()
        shutil.copyfile(source, target)
        copies[size] = target
    out = {"stories": run.STORIES}
    for size, db in copies.items():
        env = run.our_env(db, cache=False, secret=secret)
        # A database built before the latest migration is brought up to date.
        run.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=run.REPO, env=env)
        out[f"arranged_{size}"] = child("arrange", env)
        runs = "15" if size == "big" else "3"
        out[f"inprocess_{size}"] = child("measure", env, "--runs", runs)
    run.log("front: the arranged pages under wrk, caching off and as served")
    out["wrk"] = serve(secret, copies["big"])
    return out


def table_rows(found: dict) -> list[dict]:
    """The rows of bench/run.py's table for these figures."""
    stories = found["stories"]
    rows = [
        {
            "section": f"Arranged front pages, {stories:,} stories "
            f"(home: lead + {found['arranged_big']['home_slots'] - 1} top stories; "
            f"World: lead + {found['arranged_big']['world_slots'] - 1}; a banner)"
        }
    ]
    labels = {"home": "Arranged home page", "section": "Section page “World”"}
    for page, label in labels.items():
        big, small = found["inprocess_big"][page], found["inprocess_seed"][page]
        # A page with fewer stories than it shows may skip a query, never add one.
        ok = small["queries"] <= big["queries"] <= MAX_QUERIES
        rows.append(
            {
                "figure": f"{label}, caching off, in process",
                "value": f"{big['median_ms']:.2f} ms"
                + ("" if big["status"] == 200 else f" (HTTP {big['status']})"),
                "queries": str(big["queries"]),
                "target": (
                    f"{'met' if ok else 'MISSED'}: ≤ {MAX_QUERIES} queries at any "
                    f"size ({small['queries']} at 1 story, {big['queries']} at "
                    f"{stories:,})"
                ),
            }
        )
        wrk = found["wrk"]
        for name, how in (("off", "caching off"), ("on", "as production serves it")):
            rounds = wrk.get(f"{page}:{name}") if "reason" not in wrk else None
            if not rounds:
                rows.append(
                    {
                        "figure": f"{label}, {how}, gunicorn",
                        "value": f"n/a: {wrk.get('reason', 'not measured')}",
                    }
                )
                continue
            best = max(rounds, key=lambda r: r["rps"])
            rows.append(
                {
                    "figure": f"{label}, {how}, gunicorn",
                    "value": f"{best['rps']:,.0f} req/s",
                    "rounds": " · ".join(f"{r['rps']:,.0f}" for r in rounds),
                    "p50": f"{best['p50_ms']:.2f}",
                    "p99": f"{best['p99_ms']:.2f}",
                }
            )
    return rows


def rows(secret: str, dbs) -> list[dict]:
    """What ``make bench`` adds to its table (a failure becomes an n/a row)."""
    from bench import run

    try:
        found = figures(secret, dbs)
    except Exception as error:  # one failed measurement must not lose the table
        last = (str(error).strip().splitlines() or ["failed"])[-1][:160]
        return [{"figure": "Arranged front pages", "value": f"n/a: {last}"}]
    (run.WORK / "last-front.json").write_text(json.dumps(found, indent=2))
    return table_rows(found)


def only_front() -> int:
    """``bench/run.py --only front``: the databases (built if missing), then
    these rows alone."""
    import secrets

    from bench import run

    run.WORK.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(64)  # a real key for this run, never stored
    dbs = run.Databases(
        run.WORK / "newsroom-seed.sqlite3",
        run.WORK / f"newsroom-{run.STORIES}.sqlite3",
    )
    if dbs.seed.exists() and dbs.big.exists():
        # Only copies are changed here, so any earlier build will do (make bench
        # rebuilds it when its sources change).
        run.log(f"front: reusing {dbs.big.name}")
    else:
        dbs = run.our_databases(secret)
    run.collect_our_static(secret, dbs.big)
    found = figures(secret, dbs)
    (run.WORK / "last-front.json").write_text(json.dumps(found, indent=2))
    print("\n" + run.render(table_rows(found)))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["arrange", "measure"])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    result = arrange() if args.mode == "arrange" else measure(args.runs)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
