"""Benchmark: ingest wire stories in every format with `manage.py ingest_wire`.

    python bench/ingest.py                 # 10,000 stories into a scratch SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom python bench/ingest.py

Writes N generated stories into a temporary folder, the formats in turn (``page``):
agency page text (furniture, photo block, dateline, people with titles), ninjs 3.x,
NewsML-G2, NITF and IPTC 7901, each told apart by ``--format auto`` as an inbox
holding them all would be. It ingests them in two halves into an empty scratch
database (SQLite: a temporary file; PostgreSQL: Django's test database, created and
dropped here), then ingests everything again (all unchanged). Prints stories per
second for each pass: the second half runs against a table already holding the
first, so equal rates show the cost per story does not grow with the table.
Nothing here asserts a time; it only measures.
"""

import argparse
import io
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

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


def agency_page(n: int, rng: random.Random) -> str:
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


def _copy(n: int, rng: random.Random) -> dict:
    """What a generated story says, whatever its format."""
    topic = rng.choice(TOPICS)
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return {
        "topic": topic,
        "person": person,
        "title": rng.choice(TITLES),
        "city": rng.choice(CITIES).split(" /")[0].title(),
        "day": rng.randint(1, 28),
        "headline": f"Story {n}: talks on {topic} to resume",
        "paragraphs": [
            f"Paragraph {k} of story {n} on {topic} has the detail, "
            f"{person.split()[1]} told reporters after the meeting."
            for k in range(rng.randint(3, 7))
        ],
    }


def ninjs_document(n: int, rng: random.Random) -> str:
    c = _copy(n, rng)
    body = "".join(f"<p>{p}</p>" for p in c["paragraphs"])
    return json.dumps(
        {
            "uri": f"urn:newsml:bench.example:2026:ninjs-{n}",
            "type": "text",
            "version": "1",
            "versionCreated": f"2026-06-{c['day']:02}T09:00:00Z",
            "firstCreated": f"2026-06-{c['day']:02}T08:00:00Z",
            "pubStatus": "usable",
            "language": "en",
            "copyrightHolder": "NTB",
            "headlines": [{"role": "main", "value": c["headline"]}],
            "bodies": [{"role": "main", "contentType": "text/html", "value": body}],
            "by": c["person"],
        }
    )


def newsml_item(n: int, rng: random.Random) -> str:
    c = _copy(n, rng)
    body = "".join(f"<p>{escape(p)}</p>" for p in c["paragraphs"])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" '
        f'guid="urn:newsml:bench.example:2026:g2-{n}" version="1" xml:lang="en">'
        "<rightsInfo><copyrightHolder><name>ANSA</name></copyrightHolder></rightsInfo>"
        '<itemMeta><itemClass qcode="ninat:text"/>'
        '<provider qcode="nprov:ANSA"><name>ANSA</name></provider>'
        f"<versionCreated>2026-06-{c['day']:02}T09:00:00Z</versionCreated>"
        '<pubStatus qcode="stat:usable"/></itemMeta><contentMeta>'
        f"<contentCreated>2026-06-{c['day']:02}T08:00:00Z</contentCreated>"
        f"<located><name>{c['city']}</name></located><by>{c['person']}</by>"
        f"<headline>{escape(c['headline'])}</headline></contentMeta><contentSet>"
        '<inlineXML contenttype="application/xhtml+xml">'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>'
        "</inlineXML></contentSet></newsItem>"
    )


def nitf_document(n: int, rng: random.Random) -> str:
    c = _copy(n, rng)
    body = "".join(f"<p>{escape(p)}</p>" for p in c["paragraphs"])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nitf SYSTEM "nitf.dtd">\n'
        '<nitf xml:lang="en-US"><head><docdata>'
        f'<doc-id regsrc="AP" id-string="nitf-{n}"/><urgency ed-urg="4"/>'
        f'<date.issue norm="202606{c["day"]:02}T080000Z"/>'
        '<doc.copyright year="2026" holder="The Associated Press"/>'
        f'<key-list><keyword key="{c["topic"]}"/></key-list>'
        f"<identified-content><person>{c['person']}<function>{c['title']}"
        "</function></person></identified-content></docdata></head><body>"
        f"<body.head><hedline><hl1>{escape(c['headline'])}</hl1></hedline>"
        f"<byline>By <person>{c['person']}</person></byline>"
        f"<dateline><location><city>{c['city']}</city></location></dateline>"
        f"</body.head><body.content>{body}</body.content></body></nitf>"
    )


def iptc7901_message(n: int, rng: random.Random) -> str:
    c = _copy(n, rng)
    text = "\r\n\r\n".join(
        [f"{c['city']} (dpa) - {c['paragraphs'][0]}", *c["paragraphs"][1:]]
    )
    return (
        f"\x16\x16\x01eca{n % 10000:04} 4 pl {len(text.split())}  dpa {n % 10000:04}"
        f"\r\nBench/Talks/Story{n}/\r\n\x02{c['headline']} =\r\n\r\n{text}"
        f"\r\n\r\ndpa xy zz\r\n\r\n{c['day']:02}0930 GMT Jun 26\r\n\x03\x04"
    )


# The formats in turn, so an inbox of any size holds them in equal parts.
FORMATS = [agency_page, ninjs_document, newsml_item, nitf_document, iptc7901_message]


def page(n: int, rng: random.Random) -> str:
    """Story ``n`` of the bench inbox, in the n-th format of ``FORMATS`` in turn."""
    return FORMATS[n % len(FORMATS)](n, rng)


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
            f"ingest_wire on {engine}: {args.stories:,} wire stories "
            f"({len(FORMATS)} formats in turn), "
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
