"""Every public surface, listed once.

The stories tests make are in the World section (``factories.section``).

The tests that walk the whole public site (visibility, HTTP caching, accessibility,
query plans) take their addresses from ``SURFACES``, so a new public page, feed or
API is added here and every one of them covers it. Placeholders are filled from the
test's own data by ``Surface.url``:

``{story}``  the published story's page      ``{ninjs}``  its ninjs document
``{tag}``    a tag slug it carries            ``{person}`` a person slug in it
``{word}``   a word that finds it in search   ``{y}/{m}/{d}`` its publication day
"""

from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Surface:
    path: str
    # "page" (HTML for readers), "feed", "sitemap", "robots" or "api".
    kind: str
    # Whether the page names the published story it was built around (its address
    # or slug). The archive index, the sitemap index and the static-pages sitemap
    # list no story; robots.txt neither. The story page is checked for its related
    # stories, not for itself.
    names_story: bool = True

    def __str__(self) -> str:  # the test id
        return self.path

    def url(self, *, story, tag: str = "", person: str = "", word: str = "") -> str:
        day = timezone.localtime(story.published_at)
        return self.path.format(
            story=story.get_absolute_url(),
            ninjs=story.get_ninjs_url(),
            tag=tag,
            person=person,
            word=word,
            y=day.year,
            m=f"{day.month:02d}",
            d=f"{day.day:02d}",
        )


SURFACES = [
    Surface("/", "page"),
    Surface("{story}", "page", names_story=False),
    Surface("/tags/{tag}/", "page"),
    Surface("/people/{person}/", "page"),
    Surface("/agencies/tass/", "page"),
    Surface("/places/moscow/", "page"),
    Surface("/sections/world/", "page"),
    Surface("/archive/", "page", names_story=False),
    Surface("/archive/{y}/", "page"),
    Surface("/archive/{y}/{m}/", "page"),
    Surface("/archive/{y}/{m}/{d}/", "page"),
    Surface("/search/?q={word}", "page"),
    Surface("/feeds/news.rss", "feed"),
    Surface("/feeds/news.atom", "feed"),
    Surface("/feeds/tags/{tag}.rss", "feed"),
    Surface("/feeds/tags/{tag}.atom", "feed"),
    Surface("/feeds/people/{person}.rss", "feed"),
    Surface("/feeds/people/{person}.atom", "feed"),
    Surface("/feeds/sections/world.rss", "feed"),
    Surface("/feeds/sections/world.atom", "feed"),
    Surface("/sitemap.xml", "sitemap", names_story=False),
    Surface("/sitemap-articles.xml", "sitemap"),
    Surface("/sitemap-pages.xml", "sitemap", names_story=False),
    Surface("/sitemap-sections.xml", "sitemap", names_story=False),
    Surface("/sitemap-news.xml", "sitemap"),
    Surface("/robots.txt", "robots", names_story=False),
    Surface("{ninjs}", "api"),
]


def surfaces(*kinds: str) -> list[Surface]:
    """The surfaces of the given kinds (all of them without arguments)."""
    return [s for s in SURFACES if not kinds or s.kind in kinds]
