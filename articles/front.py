"""What every public page shows around its content: the sections in the navigation,
the breaking-news banner, and the arranged top stories of the home and section pages.

The navigation and banner are read in one query (a UNION ALL), the arrangements in
another that only the home and section pages make; both are kept in the page cache
under the content generation (``articles.caching``) when caching is on.
Any change to a section, banner, arrangement or story moves the generation on; a
banner's start and expiry and an arrangement going live are in the cache's
schedule, so no page or furniture outlives them.

The furniture holds story ids only. Pages load those stories through
``Article.objects.published()`` at request time, so a slot whose story is killed,
unpublished or embargoed is skipped at once. The banner is kept only while its
story is published (its publication time and embargo are in the schedule too).
"""

from dataclasses import dataclass

from django.db.models import (
    DateTimeField,
    Exists,
    OuterRef,
    Q,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from . import caching
from .models import Arrangement, ArrangementSlot, Article, Banner, Section

FURNITURE_KEY = "newsroom:front:v2:{name}:{generation}"
HOME = 0  # the home page's place in ``Furniture.arranged`` (sections use their pk)


@dataclass(frozen=True)
class NavSection:
    pk: int
    name: str
    slug: str
    description: str

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class ShownBanner:
    text: str
    url: str


@dataclass(frozen=True)
class Furniture:
    sections: tuple[NavSection, ...] = ()
    banner: ShownBanner | None = None

    def section(self, slug: str) -> NavSection | None:
        return next((s for s in self.sections if s.slug == slug), None)


def live_arrangements(now):
    """For each page, the arrangement gone live most recently (the later one
    when two share a time)."""
    gone_live = Arrangement.objects.filter(goes_live_at__lte=now).annotate(
        page=Coalesce("section_id", Value(HOME))
    )
    newer = gone_live.filter(page=OuterRef("page")).filter(
        Q(goes_live_at__gt=OuterRef("goes_live_at"))
        | Q(goes_live_at=OuterRef("goes_live_at"), pk__gt=OuterRef("pk"))
    )
    return gone_live.filter(~Exists(newer))


def load(now=None) -> Furniture:
    """The navigation and the banner as of ``now``, in one query.

    Two plain SELECTs joined by a UNION ALL (PostgreSQL matches the column types of
    the branches; SQLite does not care): each banner row carries its story's state,
    judged here by ``Article.is_published``, the row-level mirror of the one
    visibility rule. Correlated subqueries in SQL cost the ORM five times as much to
    build as the whole query costs to run, on every page with caching off.
    """
    now = now or timezone.now()
    no_time = Value(None, output_field=DateTimeField())
    sections = Section.objects.order_by().values_list(
        Value("s"),
        "pk",
        "name",
        "slug",
        "order",
        "description",
        no_time,
        no_time,
        no_time,
    )
    banners = (
        Banner.objects.live(now)
        .order_by()
        .values_list(
            Value("b"),
            "pk",
            "text",
            "article__slug",
            Value(0),
            "article__status",
            "starts_at",
            "article__published_at",
            "article__embargo_until",
        )
    )
    rows = list(sections.union(banners, all=True))
    nav = sorted(
        (row for row in rows if row[0] == "s"), key=lambda r: (r[4], r[2].lower())
    )
    shown = sorted(
        (
            row
            for row in rows
            if row[0] == "b"
            and Article(
                status=row[5], published_at=row[7], embargo_until=row[8]
            ).is_published(now)
        ),
        key=lambda r: (r[6], r[1]),
    )
    banner = None
    if shown:
        _, _, text, slug, *_ = shown[-1]
        banner = ShownBanner(text, reverse("articles:detail", kwargs={"slug": slug}))
    return Furniture(
        sections=tuple(NavSection(r[1], r[2], r[3], r[5]) for r in nav),
        banner=banner,
    )


def load_arranged(now=None) -> dict[int, tuple[int, ...]]:
    """Each page's live arrangement as story ids, lead first (one query). Only the
    home and section pages ask for it."""
    now = now or timezone.now()
    slots = (
        ArrangementSlot.objects.filter(
            arrangement__in=live_arrangements(now).values("pk")
        )
        .order_by("position")
        .values_list(Coalesce("arrangement__section_id", Value(HOME)), "article_id")
    )
    arranged: dict[int, list[int]] = {}
    for page, article_id in slots:
        arranged.setdefault(int(page), []).append(article_id)
    return {page: tuple(ids) for page, ids in arranged.items()}


def _kept(request, name: str, loader):
    """``loader(moment)`` for this request: from the page cache under the current
    content generation, or loaded and kept there as long as a page made now may be
    kept (not at all with caching off)."""
    attribute = f"front_{name}"
    cached = getattr(request, attribute, None)
    if cached is not None:
        return cached
    moment, state = caching.lookup(request)
    key = FURNITURE_KEY.format(name=name, generation=state.generation)
    ttl = state.ttl(moment.timestamp())
    found = None
    if ttl > 0:
        try:
            found = caching.page_cache().get(key)
        except Exception as exc:  # the cache's own connection errors
            caching.cache_unreachable(exc)
            ttl = 0
    if found is None:
        found = loader(moment)
        if ttl > 0:
            try:
                caching.page_cache().set(key, found, ttl)
            except Exception as exc:  # as above: the page is made all the same
                caching.cache_unreachable(exc)
    setattr(request, attribute, found)
    return found


def furniture(request) -> Furniture:
    """The navigation and banner for this request (one query, or a cache read)."""
    return _kept(request, "furniture", load)


def arranged(request) -> dict[int, tuple[int, ...]]:
    """The live arrangements' story ids for this request (one query, or a cache
    read): the home and section pages' top stories."""
    return _kept(request, "arranged", load_arranged)
