"""Benchmark: ingest agency page-text stories with `manage.py ingest_wire`.

    python bench/ingest.py                 # 10,000 stories into a scratch SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom python bench/ingest.py

Writes N generated story pages (furniture, photo block, dateline, people with titles)
into a temporary folder and ingests them in two halves into an empty scratch
database (SQLite: a temporary file; PostgreSQL: Django's test database, created and
dropped here), then ingests everything again (all unchanged). Prints stories per
second for each pass: the second half runs against a table already holding the
first, so equal rates show the cost per story does not grow with the table.
Nothing here asserts a time; it only measures.
"""

import argparse
import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

CITIES = [
    "MOSCOW",
    "TOKYO",
    "BAIKONUR /Kazakhstan/",
    "ST. PETERSBURG",
    "GENEVA",
    "BEIJING",
    "NEW DELHI",
    "VLADIVOSTOK",
    "MINSK",
    "ANKARA",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
TITLES = [
    "Foreign Minister",
    "Deputy Prime Minister",
    "Kremlin Spokesman",
    "Defense Minister",
    "Central Bank Governor",
    "Energy Minister",
]
FIRST = [
    "Sergey",
    "Anna",
    "Dmitry",
    "Maria",
    "Yuri",
    "Elena",
    "Taro",
    "Olga",
    "Ivan",
    "Nikolai",
    "Irina",
    "Pavel",
]
LAST = [
    "Ivanov",
    "Petrova",
    "Sidorov",
    "Kuznetsova",
    "Smirnov",
    "Popova",
    "Volkov",
    "Sokolova",
    "Lebedev",
    "Kozlova",
    "Novikov",
    "Morozova",
]
TOPICS = [
    "grain exports",
    "Arctic shipping",
    "gas supplies",
    "space launches",
    "rail links",
    "interest rates",
    "the peace treaty",
    "fisheries quotas",
]


def page(n: int, rng: random.Random) -> str:
    topic = rng.choice(TOPICS)
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    title = rng.choice(TITLES)
    city = rng.choice(CITIES)
    body = [
        f"{city}, {rng.choice(MONTHS)} {rng.randint(1, 28)}. /TASS/. Talks on {topic} "
        f"will resume next week, Russian {title} {person} said on Tuesday.",
        *[
            f'"Paragraph {k} of story {n} on {topic} has the detail," '
            f"{person.split()[1]} told reporters after the meeting."
            for k in range(rng.randint(3, 7))
        ],
    ]
    return "\n".join(
        [
            "All news",
            "Politics",
            "",
            f"Story {n}: talks on {topic} to resume, {title.lower()} says",
            "",
            f"The parties expect progress on {topic}, according to {person}",
            f"{person} at the talks Alexander Shcherbak/TASS",
            f"{person} at the talks",
            "© Alexander Shcherbak/TASS",
            "",
            "\n\n".join(body),
            "",
            "Tags",
            topic,
        ]
    )


def ingest(folder: Path) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command(
        "ingest_wire",
        "--take",  # drafts, as this row has always measured (not the Wire queue)
        str(folder),
        "--reference-date",
        "2026-06-30",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    on_postgres = bool(os.environ.get("DATABASE_URL", "").startswith("postgres"))
    if not on_postgres:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(scratch / "media")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article, Person

    database = connection.settings_dict["NAME"]
    if on_postgres:
        # A scratch database of its own: <name>_bench, dropped at the end.
        connection.settings_dict["TEST"]["NAME"] = f"{database}_bench"
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    rng = random.Random(5)
    half = args.stories // 2
    inbox = scratch / "inbox"
    folders = [inbox / "first", inbox / "second"]
    for index in range(args.stories):
        folder = folders[0 if index < half else 1] / f"{index // 1000:03}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"story-{index:05}.txt").write_text(
            page(index, rng), encoding="utf-8"
        )

    try:
        engine = connection.vendor
        timings = [
            ("first half (empty table)", half, ingest(folders[0])),
            (
                "second half (table holds the first)",
                args.stories - half,
                ingest(folders[1]),
            ),
            ("all again (every story unchanged)", args.stories, ingest(inbox)),
        ]
        assert Article.objects.count() == args.stories
        print(
            f"ingest_wire on {engine}: {args.stories:,} agency stories, "
            f"{Person.objects.count():,} people filed"
        )
        for label, count, seconds in timings:
            print(
                f"  {label:<38} {count:>6,} in {seconds:7.1f} s = "
                f"{count / seconds:7.1f} stories/second"
            )
        first, second = (t[1] / t[2] for t in timings[:2])
        print(
            f"  second half / first half rate: {second / first:.2f} "
            "(about 1 = linear; quadratic work would fall well below)"
        )
    finally:
        if on_postgres:
            connection.creation.destroy_test_db(database, verbosity=0)
        connection.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
