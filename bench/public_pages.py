"""Public pages at 100,000 stories: query counts, query plans and timings.

    export DATABASE_URL=sqlite:////tmp/public100k.sqlite3
    .venv/bin/python -m bench.public_pages populate --stories 100000
    .venv/bin/python -m bench.public_pages measure

``populate`` migrates a fresh database and bulk-loads generated stories (fixed random
seed) with tags, people, photo placements and a few unpublished ones of every kind,
then builds the search index. ``measure`` requests every kind of public page
in-process with Django's test client and prints, per page, the queries a freshly
rendered page runs, the median time of a fresh render (page cache emptied first)
and of a cached one. Timings vary by machine; only their ratios mean much.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

import django

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)
# Plain word lists, kept readable as text.
WORDS = (  # noqa: SIM905
    "energy oil gas trade tariffs election parliament budget inflation rates "
    "missile defense security talks summit treaty sanctions army navy space "
    "satellite launch health vaccine climate emissions floods drought harvest grain "
    "football hockey olympics tennis chess culture film museum theatre festival "
    "railway airline shipping ports banking stocks bonds currency technology "
    "internet cybersecurity science nuclear arctic agriculture fisheries tourism "
    "migration courts police protest education universities housing transport "
    "minister president said talks meeting agreed officials government week "
    "country region plans new report statement visit cooperation growth"
).split()
PLACES = (  # noqa: SIM905
    "Moscow Tokyo Beijing Berlin Paris London Washington Rome Madrid Kyiv Ankara "
    "Tehran Delhi Seoul Cairo Nairobi Brasilia Ottawa Canberra Jakarta"
).split()


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()


def tiny_jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 60, 120)).save(buffer, "JPEG")
    return buffer.getvalue()


def populate(stories: int) -> None:
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import transaction
    from taggit.models import Tag

    from articles import search
    from articles.models import (
        Agency,
        Article,
        ArticlePerson,
        ArticlePhoto,
        Person,
        Photo,
        TaggedArticle,
        place_slug,
    )

    call_command("migrate", verbosity=0)
    rng = random.Random(20261129)
    started = time.perf_counter()
    with transaction.atomic():
        agencies = [
            Agency.objects.create(name=f"Agency {i}", short_name=f"AG{i}")
            for i in range(8)
        ]
        people = Person.objects.bulk_create(
            Person(name=f"Person {i}", slug=f"person-{i}", description="Official")
            for i in range(2000)
        )
        tags = Tag.objects.bulk_create(
            Tag(name=f"{w} {i}" if i else w, slug=f"{w}-{i}" if i else w)
            for w in WORDS[:60]
            for i in range(5)
        )
        photo = Photo(caption="A photo", credit="Photographer/Agency", alt_text="Alt")
        photo.image.save("bench.jpg", ContentFile(tiny_jpeg()), save=False)
        photo.save()

        def text(n):
            return " ".join(rng.choice(WORDS) for _ in range(n))

        batch = []
        for pk in range(1, stories + 1):
            published_at = NOW - SPAN * rng.random()
            status, embargo = Article.Status.PUBLISHED, None
            roll = rng.random()
            if roll < 0.01:
                status, published_at = Article.Status.DRAFT, None
            elif roll < 0.02:
                published_at = datetime(2099, 1, 1, tzinfo=UTC) + timedelta(hours=pk)
            elif roll < 0.03:
                embargo = datetime(2099, 1, 1, tzinfo=UTC) + timedelta(hours=pk)
            place = rng.choice(PLACES)
            batch.append(
                Article(
                    pk=pk,
                    headline=text(9).capitalize(),
                    slug=f"story-{pk}",
                    dek=text(20),
                    body="\n\n".join(text(60) for _ in range(5)),
                    dateline_place=place,
                    dateline_slug=place_slug(place),
                    dateline_date=(published_at or NOW).date(),
                    agency=rng.choice(agencies),
                    status=status,
                    published_at=published_at,
                    embargo_until=embargo,
                )
            )
            if len(batch) == 2000 or pk == stories:
                Article.objects.bulk_create(batch)
                TaggedArticle.objects.bulk_create(
                    TaggedArticle(content_object_id=a.pk, tag=t)
                    for a in batch
                    for t in rng.sample(tags, 3)
                )
                ArticlePerson.objects.bulk_create(
                    ArticlePerson(article_id=a.pk, person=p, role="subject")
                    for a in batch
                    for p in rng.sample(people, 2)
                )
                ArticlePhoto.objects.bulk_create(
                    ArticlePhoto(article_id=a.pk, photo=photo)
                    for a in batch
                    if rng.random() < 0.5
                )
                batch = []
        print(f"loaded {stories} stories in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        search.rebuild()
    print(f"indexed them in {time.perf_counter() - started:.0f} s")


PAGES = [
    ("home", "/"),
    ("home page 200", "/?page=200"),
    ("article", "/news/story-{story}/"),
    ("tag (common)", "/tags/energy/"),
    ("person", "/people/person-7/"),
    ("agency", "/agencies/ag1/"),
    ("place", "/places/tokyo/"),
    ("archive year", "/archive/2025/"),
    ("archive month", "/archive/2025/06/"),
    ("archive day", "/archive/2025/06/15/"),
    ("search (common word)", "/search/?q=minister"),
    ("search (two words)", "/search/?q=nuclear+arctic"),
    ("search (rare)", "/search/?q=%22Person+7%22"),
    ("search page 20", "/search/?q=minister&page=20"),
    ("rss", "/feeds/news.rss"),
    ("atom per tag", "/feeds/tags/energy.atom"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap articles p1", "/sitemap-articles.xml?p=1"),
    ("news sitemap", "/sitemap-news.xml"),
]


def measure(repeat: int) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article

    story = Article.objects.published().order_by("-published_at").first().pk
    client = Client(HTTP_HOST="localhost")
    print(f"{Article.objects.count()} stories; {connection.vendor}")
    print(f"{'page':24} {'status':>6} {'queries':>7} {'fresh ms':>9} {'cached ms':>9}")
    for name, url in PAGES:
        url = url.format(story=story)
        cache.clear()
        client.get(url)  # warm the page cache's schedule and the database's pages
        fresh, cached = [], []
        for _ in range(repeat):
            cache.clear()
            client.get("/robots.txt")  # schedule state back in place, not timed
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                fresh.append(time.perf_counter() - started)
            count = len(queries)  # now: the next request clears the query log
            started = time.perf_counter()
            client.get(url)
            cached.append(time.perf_counter() - started)
        print(
            f"{name:24} {response.status_code:>6} {count:>7} "
            f"{statistics.median(fresh) * 1000:>9.1f} "
            f"{statistics.median(cached) * 1000:>9.2f}"
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    pop = sub.add_parser("populate")
    pop.add_argument("--stories", type=int, default=100_000)
    mea = sub.add_parser("measure")
    mea.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    setup()
    if args.command == "populate":
        populate(args.stories)
    else:
        measure(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
