"""In-process figures for Newsroom (Django's test client, no server).

Run by the harness as ``python -m bench.inprocess MODE`` with ``DJANGO_SETTINGS_MODULE=
bench.settings`` and ``DATABASE_URL`` naming one of the bench databases; prints one
JSON object on its last line.

Modes:
  pages        the public pages (article, home, tag, search, feed — the last two only
               when their URL resolves) and the admin article list and edit form:
               median time and query count of each
  cache-probe  whether the app's own page cache answers a repeated article request
               without the database (run with BENCH_PAGE_CACHE=1)
  ingest       stories per second of the wire importer on this database, with the
               story generator and ingest function of bench/ingest.py (the wire
               importer's own benchmark) when that file exists
  admin-list   the admin story list with its date hierarchy, drawn by the story
               admin's own ChangeList (StoryChangeList) and by Django's stock one,
               at the top level and at one year
  write-costs  the queries of one story save that changes one field (the work
               after its commit included) and of one opening of the story form
  lists        the story, home and tag pages, caching off: median CPU and wall ms
               (on PostgreSQL the database's work is outside this process: read
               the wall figures)
  repeat       request a page (--page, default the article) --count times and print
               nothing: what the harness runs under valgrind to count instructions
               per request
"""

import argparse
import json
import os
import sys
import time

import django

from bench.populate import EDITOR, SEED_SLUG, SUPERUSER

TAG_SLUG = "russia"
SEARCH_QUERY = "missile defense"
# Names and paths the search and feed pages may have; the first that resolves is used.
SEARCH_CANDIDATES = ["articles:search", "search", "/search/"]
FEED_CANDIDATES = [
    "articles:feed",
    "articles:rss",
    "articles:latest-feed",
    "articles:feed-rss",
    "articles:home-feed",
    "feed",
    "/feed/",
    "/feeds/",
    "/rss/",
    "/feed.xml",
    "/rss.xml",
    "/feeds/rss/",
    "/feeds/latest/",
]


def find_url(candidates: list[str]) -> str | None:
    """The first candidate URL name (without arguments) or path that resolves."""
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    for candidate in candidates:
        if candidate.startswith("/"):
            try:
                resolve(candidate)
            except Resolver404:
                continue
            return candidate
        try:
            return reverse(candidate)
        except NoReverseMatch:
            continue
    return None


def page_urls() -> dict[str, str | None]:
    from django.urls import reverse

    search = find_url(SEARCH_CANDIDATES)
    return {
        "article": reverse("articles:detail", kwargs={"slug": SEED_SLUG}),
        "article_data": reverse("bench-article-data", kwargs={"slug": SEED_SLUG}),
        "article_textbook": reverse("bench-textbook", kwargs={"slug": SEED_SLUG}),
        "home": reverse("articles:home"),
        "tag": reverse("articles:tag", kwargs={"slug": TAG_SLUG}),
        "search": f"{search}?q={SEARCH_QUERY.replace(' ', '+')}" if search else None,
        "feed": find_url(FEED_CANDIDATES),
    }


def mode_pages(runs: int, admin_runs: int, profile_dir: str | None) -> dict:
    from django.contrib.admin import site
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from articles.models import Article
    from bench.timing import measure

    result: dict = {"pages": {}, "admin": {}}
    reader = Client()
    for name, url in page_urls().items():
        result["pages"][name] = measure(reader, url, runs=runs) if url else None
        if url and profile_dir:
            profile(reader, url, os.path.join(profile_dir, f"page-{name}.txt"))

    users = get_user_model().objects
    article = Article.objects.get(slug=SEED_SLUG)
    admin_urls = {
        "changelist": reverse("admin:articles_article_changelist"),
        "change_form": reverse("admin:articles_article_change", args=[article.pk]),
    }
    for who in (EDITOR, SUPERUSER):
        staff = Client()
        staff.force_login(users.get(username=who))
        for name, url in admin_urls.items():
            key = f"{name}:{'editor' if who == EDITOR else 'superuser'}"
            result["admin"][key] = measure(staff, url, runs=admin_runs)
            if profile_dir and who == EDITOR:
                profile(staff, url, os.path.join(profile_dir, f"admin-{name}.txt"))
    # What if the list had no date hierarchy? (Its year list is a DISTINCT over every
    # row's date; README.md explains.) Measured, then put back.
    article_admin = site._registry[Article]
    hierarchy, article_admin.date_hierarchy = article_admin.date_hierarchy, None
    try:
        for who, role in ((EDITOR, "editor"), (SUPERUSER, "superuser")):
            staff = Client()
            staff.force_login(users.get(username=who))
            result["admin"][f"changelist-no-date-hierarchy:{role}"] = measure(
                staff, admin_urls["changelist"], runs=admin_runs
            )
    finally:
        article_admin.date_hierarchy = hierarchy
    return result


def profile(client, url: str, path: str) -> None:
    """Write the 25 costliest functions of 20 requests to ``path`` (cProfile)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        client.get(url)
    profiler.disable()
    with open(path, "w") as out:
        out.write(f"# cProfile of 20 GET {url}\n")
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(40)


def mode_cache_probe() -> dict:
    """Does a second request for the article skip the database? (App page cache.)"""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    url = page_urls()["article"]
    client = Client()
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        counts.append(len(ctx.captured_queries))
    return {
        "status": response.status_code,
        "queries": counts,
        "cached": counts[-1] < counts[0],
        "cache_backends": {
            alias: conf.get("BACKEND") for alias, conf in settings.CACHES.items()
        },
        "cache_control": response.get("Cache-Control", ""),
    }


def mode_ingest(count: int, folder: str) -> dict:
    """Ingest ``count`` generated wire stories in two halves; stories per second.

    bench/ingest.py writes the stories (``page(n, rng)``, the formats in turn) and
    runs ``manage.py ingest_wire`` on a folder (``ingest(folder)``, returning
    seconds). The second half goes into a table already holding the first, as that
    script does.
    """
    import random
    from pathlib import Path

    try:
        import bench.ingest as wire_bench
    except ModuleNotFoundError as error:
        if error.name != "bench.ingest":
            raise
        return {"available": False, "reason": "bench/ingest.py not present"}
    if not (
        callable(getattr(wire_bench, "page", None))
        and callable(getattr(wire_bench, "ingest", None))
    ):
        return {
            "available": False,
            "reason": "bench/ingest.py has no page() and ingest() to call",
        }
    from django.db import connection

    from articles.models import Article

    rng = random.Random(5)
    halves = [Path(folder) / "first", Path(folder) / "second"]
    for index in range(count):
        target = halves[0 if index < count // 2 else 1] / f"{index // 1000:03}"
        target.mkdir(parents=True, exist_ok=True)
        (target / f"story-{index:05}.txt").write_text(
            wire_bench.page(index, rng), encoding="utf-8"
        )
    before = Article.objects.count()
    # CPU time too: on a shared machine the wall clock also counts other programs'
    # turns on the cores (the page figures are CPU time for the same reason).
    cpu_started = time.process_time()
    seconds = [wire_bench.ingest(half) for half in halves]
    cpu = time.process_time() - cpu_started
    created = Article.objects.count() - before
    return {
        "available": True,
        "stories": created,
        "seconds": sum(seconds),
        "stories_per_second": created / sum(seconds),
        "cpu_seconds": cpu,
        "stories_per_cpu_second": created / cpu,
        "halves_per_second": [
            (count // 2) / seconds[0],
            (count - count // 2) / seconds[1],
        ],
        "vendor": connection.vendor,
    }


def mode_admin_list(runs: int) -> dict:
    """What StoryChangeList buys: the story list as an editor sees it, with the
    story admin's ChangeList and with Django's stock one (the input guards kept)."""
    from django.contrib.admin import site
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from articles.admin.guards import GuardedChangeList
    from articles.models import Article
    from bench.timing import measure

    staff = Client()
    staff.force_login(get_user_model().objects.get(username=EDITOR))
    url = reverse("admin:articles_article_changelist")
    newest = Article.objects.filter(published_at__isnull=False).latest("published_at")
    pages = {"all": url, "year": f"{url}?published_at__year={newest.published_at.year}"}
    article_admin = site.get_model_admin(Article)
    result = {}
    for kind in ("ours", "stock"):
        if kind == "stock":  # an instance attribute, dropped again below
            article_admin.get_changelist = lambda request, **kwargs: GuardedChangeList
        try:
            for level, page in pages.items():
                result[f"{kind}:{level}"] = measure(staff, page, runs=runs)
        finally:
            article_admin.__dict__.pop("get_changelist", None)
    return result


def mode_write_costs() -> dict:
    """Queries of ``article_save`` changing the seed story's headline, and of a
    second GET of its change form by an editor (the first makes the session and
    presence rows). Writes to the database: the harness passes a copy."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from articles import services
    from articles.models import Article

    editor, _ = get_user_model().objects.get_or_create(
        username=EDITOR, defaults={"is_staff": True}
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    story = Article.objects.get(slug=SEED_SLUG)
    story.headline += " (bench)"
    with CaptureQueriesContext(connection) as save:
        services.article_save(article=story, user=editor)
    staff = Client()
    staff.force_login(editor)
    url = reverse("admin:articles_article_change", args=[story.pk])
    staff.get(url)
    with CaptureQueriesContext(connection) as form:
        status = staff.get(url).status_code
    return {"save": len(save), "change_form": len(form), "status": status}


def mode_lists(runs: int) -> dict:
    """The story page and the two busiest list pages, each measured twice in turn
    (the better median kept): what readers and crawlers get with no cache."""
    from django.test import Client

    from bench.timing import measure

    reader, urls, result = Client(), page_urls(), {}
    for _ in range(2):
        for name in ("article", "home", "tag"):
            m = measure(reader, urls[name], runs=runs)
            best = result.get(name)
            if best is None or m["median_wall_ms"] < best["median_wall_ms"]:
                result[name] = m
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "mode",
        choices=[
            *("pages", "cache-probe", "ingest", "repeat"),
            *("write-costs", "admin-list", "lists"),
        ],
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--admin-runs", type=int, default=10)
    parser.add_argument("--profile-dir")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--page", default="article", help="repeat: which page")
    parser.add_argument("--folder", help="ingest: where to write the stories")
    args = parser.parse_args(argv)
    django.setup()
    if args.mode == "repeat":
        from django.test import Client

        from bench.timing import repeat

        repeat(Client(), page_urls()[args.page], args.count)
        return 0
    if args.mode == "pages":
        result = mode_pages(args.runs, args.admin_runs, args.profile_dir)
    elif args.mode == "lists":
        result = mode_lists(args.runs)
    elif args.mode == "cache-probe":
        result = mode_cache_probe()
    elif args.mode == "admin-list":
        result = mode_admin_list(args.admin_runs)
    elif args.mode == "write-costs":
        result = mode_write_costs()
    else:
        result = mode_ingest(args.count, args.folder)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
