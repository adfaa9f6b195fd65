"""Small builders for stories in tests; time is always passed in explicitly."""

from datetime import UTC, datetime, timedelta

from articles.models import (
    Agency,
    Article,
    ArticlePerson,
    ArticlePhoto,
    Person,
    Photo,
    Section,
)

from .conftest import jpeg_bytes

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def agency() -> Agency:
    return Agency.objects.get_or_create(short_name="TASS", defaults={"name": "TASS"})[0]


def section(name: str = "World", order: int = 0) -> Section:
    """A section (World by default: every story the factory makes is in it)."""
    slug = name.lower().replace(" ", "-").replace("&", "and")
    return Section.objects.get_or_create(
        slug=slug, defaults={"name": name, "order": order}
    )[0]


def article(
    n: int = 0, *, status=Article.Status.PUBLISHED, published_at=None, **fields
) -> Article:
    if published_at is None and status == Article.Status.PUBLISHED:
        published_at = NOW - timedelta(hours=n + 1)
    defaults = {
        "headline": f"Story number {n}",
        "dek": f"Standfirst {n}",
        "body": f"First paragraph of story {n}.\n\nSecond paragraph.",
        "dateline_place": "Moscow",
        "dateline_date": (published_at or NOW).date(),
        "agency": agency(),
        "section": section(),
        "status": status,
        "published_at": published_at,
    }
    defaults.update(fields)
    return Article.objects.create(**defaults)


def photo(n: int = 0, **fields) -> Photo:
    from django.core.files.base import ContentFile

    p = Photo(
        **{
            "caption": f"Caption {n}",
            "credit": f"Photographer {n}/TASS",
            "alt_text": f"Alt {n}",
            **fields,
        }
    )
    p.image.save(f"photo-{n}.jpg", ContentFile(jpeg_bytes((80, 60))), save=False)
    p.save()
    return p


def furnish(story: Article, count: int) -> Article:
    """Give a story ``count`` tags, people and photos."""
    story.tags.add(*[f"tag {story.pk}-{i}" for i in range(count)])
    for i in range(count):
        person = Person.objects.create(
            name=f"Person {story.pk}-{i}", description="Official"
        )
        ArticlePerson.objects.create(
            article=story, person=person, role="quoted", position=i
        )
        ArticlePhoto.objects.create(article=story, photo=photo(i), position=i)
    return story
