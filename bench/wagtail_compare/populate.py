"""Fill the Wagtail comparison site: the seed story with its photo, then 100,000 more.

Run with the Wagtail environment's Python from the generated project folder, after
``migrate``. The seed story is built through Wagtail's own API (image upload, page
tree, revision, publish) and its photo rendition is made once, as a first reader
would. The other pages go in with ``bulk_create`` and tree paths computed the way
treebeard does, so the explorer has 100,000 children to list, as our admin has
100,000 stories.

Usage: python populate.py SEED_FIXTURE SEED_PHOTO COUNT
"""

import html
import json
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import django

RENDITION = "width-1024"
GENERATED_UNTIL = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def seed_fields(fixture: Path) -> dict:
    """The seed story's text, people and tags, read from our own fixture file."""
    rows = json.loads(fixture.read_text())
    article = next(r["fields"] for r in rows if r["model"] == "articles.article")
    people = {
        r["fields"]["slug"]: r["fields"]
        for r in rows
        if r["model"] == "articles.person"
    }
    parts = [
        (people[r["fields"]["person"][0]], r["fields"]["role"])
        for r in rows
        if r["model"] == "articles.articleperson"
    ]
    tags = [
        r["fields"]["tag"][0] for r in rows if r["model"] == "articles.taggedarticle"
    ]
    return {"article": article, "parts": parts, "tags": tags}


def main(fixture: Path, photo_path: Path, count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings.production")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.images import ImageFile
    from django.db import connection, transaction
    from django.utils.text import slugify
    from stories.models import Person, StoryIndexPage, StoryPage, StoryPerson
    from wagtail.images.models import Image
    from wagtail.models import Locale, Page

    started = time.perf_counter()
    seed = seed_fields(fixture)
    article = seed["article"]
    admin = get_user_model().objects.create_superuser(
        "bench-admin", email="", password=None
    )
    # Wagtail's own "Editors" group (made by its migrations: page permissions on the
    # whole tree, admin access), as our bench editor is in our Editors group.
    editor = get_user_model().objects.create_user("bench-editor", password=None)
    editor.groups.add(Group.objects.get(name="Editors"))
    home = Page.objects.get(depth=2).specific
    index = home.add_child(instance=StoryIndexPage(title="News", slug="news"))
    index.save_revision(user=admin).publish()

    with photo_path.open("rb") as fh:
        image = Image(
            title="Russian and Japanese Foreign Ministers, Sergey Lavrov and Taro Kono",
            file=ImageFile(fh, name=photo_path.name),
            uploaded_by_user=admin,
        )
        image.save()
    body = "".join(
        f"<p>{html.escape(p.strip(), quote=False)}</p>"
        for p in article["body"].split("\n\n")
        if p.strip()
    )
    story = StoryPage(
        title=article["headline"],
        slug=article["slug"],
        dek=article["dek"].replace("planis", "plan is"),
        dateline="TOKYO, March 21. /TASS/.",
        body=body,
        photo=image,
        photo_caption=image.title,
        photo_credit="Alexander Shcherbak/TASS",
    )
    index.add_child(instance=story)
    for position, (fields, role) in enumerate(seed["parts"]):
        person, _ = Person.objects.get_or_create(
            slug=fields["slug"],
            defaults={"name": fields["name"], "description": fields["description"]},
        )
        story.story_people.add(
            StoryPerson(person=person, role=role, sort_order=position)
        )
    story.tags.add(*seed["tags"])
    story.save_revision(user=admin).publish()
    image.get_rendition(RENDITION)  # the first reader's cost, paid before timing
    seeded = time.perf_counter()

    story_type = ContentType.objects.get_for_model(StoryPage)
    locale = Locale.get_default()
    base_path, depth = index.path, index.depth + 1
    batch = 5_000
    with transaction.atomic():
        first_step = index.get_children().count() + 1
        for start in range(0, count, batch):
            pages = []
            for i in range(start, min(start + batch, count)):
                when = GENERATED_UNTIL - timedelta(minutes=15 * i)
                title = f"Generated wire story number {i}"
                slug = f"{slugify(title)}"
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=story_type,
                        path=Page._get_path(base_path, depth, first_step + i),
                        depth=depth,
                        numchild=0,
                        url_path=f"{index.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=when,
                        last_published_at=when,
                        latest_revision_created_at=when,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                        owner=admin,
                    )
                )
            Page.objects.bulk_create(pages)
            ids = list(
                Page.objects.filter(path__in=[p.path for p in pages]).values_list(
                    "pk", flat=True
                )
            )
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {StoryPage._meta.db_table} "  # noqa: S608 - our table
                    "(page_ptr_id, dek, dateline, body, photo_id, photo_caption, "
                    "photo_credit) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [
                        (
                            pk,
                            "One sentence of standfirst.",
                            "MOSCOW. /TASS/.",
                            body,
                            image.pk if pk % 3 else None,
                            image.title,
                            "Alexander Shcherbak/TASS",
                        )
                        for pk in ids
                    ],
                )
        Page.objects.filter(pk=index.pk).update(numchild=first_step - 1 + count)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    done = time.perf_counter()
    print(
        f"wagtail seed story in {seeded - started:.1f}s; {count:,} pages in "
        f"{done - seeded:.1f}s"
    )
    print(json.dumps({"index_id": index.pk, "story_id": story.pk, "url": story.url}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
