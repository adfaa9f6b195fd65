"""Build the bench's SQLite databases: the seed story published with its photo, then
100,000 generated stories around it.

Run by the harness (``python -m bench.populate``) with ``DJANGO_SETTINGS_MODULE=
bench.settings`` and ``DATABASE_URL`` naming a file under bench/.work/. It writes two
files: the *seed* database (migrated, the seed story published with
media/seed/lavrov-kono-tokyo.jpg attached, the bench's editor and superuser) and the
*big* one (the seed database plus ``--stories`` generated stories with tags, people
and photo placements). The generated rows go in with ``bulk_create`` and explicit
primary keys, from a fixed random seed, so every run measures the same data.
"""

import argparse
import io
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from uuid import UUID

import django

SEED_PHOTO = Path(__file__).resolve().parent.parent / "media/seed/lavrov-kono-tokyo.jpg"
SEED_SLUG = "japans-missile-defense-poses-no-threat-to-russia-top-diplomat-says"
SEED_PUBLISHED_AT = datetime(2018, 3, 21, 9, 30, tzinfo=UTC)
EDITOR, SUPERUSER = "bench-editor", "bench-admin"

# Where generated stories sit in time: the last three years up to a fixed "now", so a
# run on another day measures the same rows. Scheduled and embargoed stories lie in
# the real future so they stay hidden whenever the bench runs.
GENERATED_UNTIL = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
GENERATED_SPAN = timedelta(days=3 * 365)
FAR_FUTURE = datetime(2099, 1, 1, tzinfo=UTC)


def words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


AGENCIES = [
    ("Reuters", "Reuters"),
    ("Associated Press", "AP"),
    ("Agence France-Presse", "AFP"),
    ("Deutsche Presse-Agentur", "dpa"),
    ("Kyodo News", "Kyodo"),
    ("Xinhua News Agency", "Xinhua"),
    ("Agenzia Nazionale Stampa Associata", "ANSA"),
]
CITIES = words(
    "Moscow Tokyo Beijing Berlin Paris London Washington Rome Madrid Kyiv Ankara "
    "Tehran Delhi Seoul Cairo Nairobi Brasilia Ottawa Canberra Jakarta Hanoi Riyadh "
    "Vienna Geneva Brussels Warsaw Prague Minsk Astana Baku Tbilisi Yerevan"
)
FIRST = words(
    "Anna Sergey Maria Taro Olga Ivan Yuki Li Wei Hans Claire Ahmed Fatima John Mary "
    "Pedro Lucia Marco Giulia Kenji Aiko Omar Leila Peter Elena Dmitry Irina Paul Sara "
    "Chen Mei Ravi Priya Tom Emma Lars Ingrid Jan Ewa Pavel"
)
LAST = words(
    "Ivanov Petrova Smith Tanaka Muller Dubois Rossi Garcia Kim Lee Wang Zhang Singh "
    "Khan Novak Kowalski Sato Suzuki Brown Wilson Martin Bernard Schmidt Fischer "
    "Romano Lopez Silva Costa Haddad Yilmaz Popescu Horvat Nielsen Berg Larsen "
    "Virtanen Jensen Andersen Kuznetsov Sokolov"
)
ROLES_TITLES = words(
    "Foreign Minister|Defence Minister|President|Prime Minister|Spokeswoman|"
    "Central Bank Governor|Ambassador|Mayor|Opposition Leader|Economy Minister|"
    "Chief Executive|Health Minister|Senator|General Secretary|Photographer",
    sep="|",
)
TOPIC_WORDS = words(
    "energy oil gas trade tariffs election parliament budget inflation rates "
    "missile defense security talks summit treaty sanctions army navy space "
    "satellite launch health vaccine climate emissions floods drought harvest grain "
    "football hockey olympics tennis chess culture film museum theatre festival "
    "railway airline shipping ports banking stocks bonds currency technology "
    "internet cybersecurity science nuclear arctic agriculture fisheries tourism "
    "migration courts police protest education universities housing transport"
)
SENTENCES = [
    "Officials said the talks would continue next week in the capital.",
    "The ministry confirmed the figures in a statement on its website.",
    "Analysts expect the decision to affect markets across the region.",
    "The agreement still has to be ratified by parliament before it takes effect.",
    "According to the report, the number rose by 4.2% compared with last year.",
    "The spokesperson declined to comment on the details of the negotiations.",
    "Earlier this month the government announced a similar package of measures.",
    "Delegations from twelve countries took part in the two-day meeting.",
    '"We are ready to continue the dialogue," the minister told reporters.',
    "The project is planned to be completed by the end of the next decade.",
    "Local authorities said there were no casualties.",
    "The company said its output would return to normal within days.",
    "Experts warn that the trend may continue into the next quarter.",
    "The decision was made after consultations with regional partners.",
    "Both sides expressed interest in expanding cooperation.",
    "The event drew thousands of visitors, organisers said.",
]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # SQLite: the two files to write. PostgreSQL (DATABASE_URL naming a throwaway
    # database): neither, the rows go into that database.
    parser.add_argument("--seed-db", type=Path)
    parser.add_argument("--big-db", type=Path)
    parser.add_argument("--stories", type=int, default=100_000)
    return parser.parse_args(argv)


def build_seed(*, media_root: Path) -> None:
    """Migrate, load the seed story, attach its photo, publish it, add the users."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files import File
    from django.core.management import call_command

    from articles import services
    from articles.models import Agency, Article, ArticlePhoto, Person, Photo

    call_command("migrate", verbosity=0, interactive=False)
    call_command("loaddata", "seed_story", verbosity=0)

    user_model = get_user_model()
    admin = user_model(username=SUPERUSER, is_staff=True, is_superuser=True)
    admin.set_unusable_password()
    admin.save()
    editor = user_model(username=EDITOR, is_staff=True)
    editor.set_unusable_password()
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))

    article = Article.objects.get(slug=SEED_SLUG)
    with SEED_PHOTO.open("rb") as fh:
        photo = Photo(
            caption=(
                "Russian and Japanese Foreign Ministers, Sergey Lavrov and Taro Kono"
            ),
            alt_text="Sergey Lavrov and Taro Kono shake hands in Tokyo",
            credit="Alexander Shcherbak/TASS",
            photographer=Person.objects.get(slug="alexander-shcherbak"),
            agency=Agency.objects.get(short_name="TASS"),
        )
        photo.image.save(SEED_PHOTO.name, File(fh), save=False)
        photo.save()
    ArticlePhoto.objects.create(article=article, photo=photo, position=0)
    # The agency's typo, as the editor in README.md fixes it before publishing.
    article.dek = article.dek.replace("planis", "plan is")
    article.save()
    services.article_publish(article=article, user=admin, at=SEED_PUBLISHED_AT)
    assert (media_root / photo.image.name).exists()


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1 / (rank**s) for rank in range(1, n + 1)]


def generate(*, stories: int, rng: random.Random) -> dict[str, int]:
    """Bulk-create ``stories`` stories with realistic tags, people and photos."""
    from django.db import transaction
    from django.utils.text import slugify
    from taggit.models import Tag

    from articles.models import (
        Agency,
        Article,
        ArticlePerson,
        ArticlePhoto,
        Person,
        Photo,
        TaggedArticle,
    )

    seed_photo = Photo.objects.get()
    counts: dict[str, int] = {}
    with transaction.atomic():
        agencies = list(Agency.objects.all())
        for name, short in AGENCIES:
            agencies.append(
                Agency.objects.create(name=name, short_name=short, slug=slugify(short))
            )

        # People: a few thousand, a fifth of them photographers.
        next_person = Person.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1
        people = [
            Person(
                pk=next_person + i,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                slug=f"person-{i}",
                description=rng.choice(ROLES_TITLES),
            )
            for i in range(5_000)
        ]
        Person.objects.bulk_create(people, batch_size=2_000)
        person_ids = [p.pk for p in people]
        photographers = person_ids[:1_000]
        person_cum = list(accumulate(zipf_weights(len(person_ids), 1.0)))
        counts["people"] = len(people)

        # Tags: the seed's own tags are among the most used (Russia first).
        seed_tags = list(Tag.objects.order_by("pk"))
        popular = {t.slug: t for t in seed_tags}
        ordered = [popular["russia"], popular["japan"], popular["missile-defense"]]
        ordered += [t for t in seed_tags if t not in ordered]
        next_tag = max(t.pk for t in seed_tags) + 1
        names = {t.name.lower() for t in seed_tags}
        new_tags = []
        while len(new_tags) < 2_000:
            name = " ".join(rng.sample(TOPIC_WORDS, rng.choice((1, 2, 2, 3))))
            if name in names:
                continue
            names.add(name)
            new_tags.append(
                Tag(pk=next_tag + len(new_tags), name=name, slug=slugify(name))
            )
        Tag.objects.bulk_create(new_tags, batch_size=2_000)
        tags = [*ordered[:3], *new_tags[:50], *ordered[3:], *new_tags[50:]]
        tag_ids = [t.pk for t in tags]
        tag_cum = list(accumulate(zipf_weights(len(tag_ids), 0.9)))
        counts["tags"] = len(tag_ids)

        # A photo library: many stories reuse a picture. Every row points at the
        # seed's stored file (pages only read its name and size).
        next_photo = seed_photo.pk + 1
        photos = [
            Photo(
                pk=next_photo + i,
                guid=UUID(int=rng.getrandbits(128), version=4),
                image=seed_photo.image.name,
                width=seed_photo.width,
                height=seed_photo.height,
                caption=rng.choice(SENTENCES),
                alt_text=rng.choice(SENTENCES)[:80],
                credit=f"{rng.choice(LAST)}/{rng.choice(agencies).short_name}",
                photographer_id=rng.choice(photographers),
                agency=rng.choice(agencies),
            )
            for i in range(20_000)
        ]
        Photo.objects.bulk_create(photos, batch_size=2_000)
        photo_ids = [seed_photo.pk, *(p.pk for p in photos)]
        counts["photos"] = len(photo_ids)

        first_article = Article.objects.order_by("-pk").values_list("pk", flat=True)[0]
        first_article += 1
        span = int(GENERATED_SPAN.total_seconds())
        batch = 5_000
        totals = {"articles": 0, "tagged": 0, "people_roles": 0, "placements": 0}
        for start in range(0, stories, batch):
            articles, tagged, roles, placements = [], [], [], []
            for i in range(start, min(start + batch, stories)):
                pk = first_article + i
                published_at = GENERATED_UNTIL - timedelta(seconds=rng.randrange(span))
                roll = rng.random()
                status, embargo = Article.Status.PUBLISHED, None
                if roll < 0.03:
                    status, published_at = Article.Status.DRAFT, None
                elif roll < 0.04:
                    published_at = FAR_FUTURE  # scheduled
                elif roll < 0.05:
                    embargo = FAR_FUTURE
                elif roll < 0.06:
                    status = Article.Status.KILLED
                agency = rng.choice(agencies)
                topic = " ".join(rng.sample(TOPIC_WORDS, 3))
                headline = (
                    f"{rng.choice(CITIES)} {rng.choice(ROLES_TITLES).lower()} "
                    f"discusses {topic}"
                ).capitalize()
                articles.append(
                    Article(
                        pk=pk,
                        guid=UUID(int=rng.getrandbits(128), version=4),
                        headline=headline,
                        slug=f"{slugify(headline)[:90]}-{pk}",
                        dek=rng.choice(SENTENCES),
                        dateline_place=rng.choice(CITIES),
                        dateline_date=(published_at or GENERATED_UNTIL).date(),
                        agency=agency,
                        body="\n\n".join(
                            " ".join(rng.sample(SENTENCES, rng.randint(2, 4)))
                            for _ in range(rng.randint(4, 9))
                        ),
                        status=status,
                        published_at=published_at,
                        embargo_until=embargo,
                        wire_id=f"{agency.short_name}-{pk}" if roll > 0.4 else "",
                        wire_version=1 if roll > 0.4 else None,
                    )
                )
                for tag_id in set(
                    rng.choices(tag_ids, cum_weights=tag_cum, k=rng.randint(1, 6))
                ):
                    tagged.append(TaggedArticle(content_object_id=pk, tag_id=tag_id))
                cast = {
                    (person, rng.choice(ArticlePerson.Role.values))
                    for person in rng.choices(
                        person_ids, cum_weights=person_cum, k=rng.randint(0, 4)
                    )
                }
                for position, (person, role) in enumerate(sorted(cast)):
                    roles.append(
                        ArticlePerson(
                            article_id=pk,
                            person_id=person,
                            role=role,
                            position=position,
                        )
                    )
                n_photos = rng.choices((0, 1, 2, 3), (15, 70, 10, 5))[0]
                for position, photo in enumerate(rng.sample(photo_ids, n_photos)):
                    placements.append(
                        ArticlePhoto(article_id=pk, photo_id=photo, position=position)
                    )
            Article.objects.bulk_create(articles)
            TaggedArticle.objects.bulk_create(tagged)
            ArticlePerson.objects.bulk_create(roles)
            ArticlePhoto.objects.bulk_create(placements)
            totals["articles"] += len(articles)
            totals["tagged"] += len(tagged)
            totals["people_roles"] += len(roles)
            totals["placements"] += len(placements)
        counts.update(totals)
    return counts


def snapshot(target: Path) -> None:
    """Copy the live SQLite database to ``target`` (consistent, WAL folded in)."""
    from django.db import connection

    target.unlink(missing_ok=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(target)])


def main(argv=None) -> int:
    args = parse_args(argv if argv is not None else sys.argv[1:])
    django.setup()
    from django.conf import settings
    from django.core.management import call_command, get_commands
    from django.db import connection

    sqlite = connection.vendor == "sqlite"
    if sqlite:
        if args.big_db is None or args.seed_db is None:
            raise SystemExit("on SQLite, --seed-db and --big-db name the files")
        db_name = Path(settings.DATABASES["default"]["NAME"])
        if db_name.resolve() != args.big_db.resolve():
            raise SystemExit(f"DATABASE_URL must name {args.big_db}, not {db_name}")
    started = time.perf_counter()
    build_seed(media_root=Path(settings.MEDIA_ROOT))
    if sqlite:
        snapshot(args.seed_db)
    seeded = time.perf_counter()
    counts = generate(stories=args.stories, rng=random.Random(8))
    # bulk_create sends no signals: whatever the app derives on save (its search
    # index) is rebuilt the app's own way, when it has one.
    if "rebuild_search_index" in get_commands():
        call_command("rebuild_search_index", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    done = time.perf_counter()
    print(
        f"seed database in {seeded - started:.1f}s; {counts['articles']:,} stories "
        f"({counts['tagged']:,} tag links, {counts['people_roles']:,} people, "
        f"{counts['placements']:,} photo placements) in {done - seeded:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
