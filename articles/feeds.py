"""RSS 2.0 and Atom feeds: all news, per section, tag and person (Django's
syndication).

Each item carries its lead photo (a rendition up to 1200 px wide, as the pages
show it, never the uploaded original with its camera metadata) as a Media RSS
``media:content`` element with the caption, the credit (“© Photographer/Agency”)
and the copyright notice, so the credit travels with the picture into every reader
and aggregator. (An RSS ``enclosure`` cannot carry a credit and would need the
file's size, a storage round trip per item.)

Each item carries the story's full body as HTML (RSS ``content:encoded``, Atom
``content type="html"``; links to our stories and body photos resolved to full
URLs), beside the plain-text summary in ``description``/``summary``.

Each item also says the story's language: in Atom as the entry's ``xml:lang``
(RFC 4287 §2), in RSS, whose ``<language>`` names only the channel's, as the
Dublin Core ``dc:language`` element feed readers know.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from taggit.models import Tag

from .body_render import body_html
from .models import Article, ArticlePerson, Person, Section, TaggedArticle
from .photos import rendition
from .views import placements_prefetch

FEED_SIZE = 50
FEED_PHOTO_WIDTH = 1200  # wide enough for any reader's card, far below the original
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


def add_media_elements(handler, item) -> None:
    media = item.get("media")
    if not media:
        return
    attrs = {"url": media["url"], "medium": "image", "type": media["type"]}
    if media.get("width"):
        attrs.update(width=str(media["width"]), height=str(media["height"]))
    handler.startElement("media:content", attrs)
    if media["caption"]:
        handler.addQuickElement(
            "media:description", media["caption"], {"type": "plain"}
        )
    if media["credit"]:
        handler.addQuickElement("media:credit", media["credit"])
    if media["copyright"]:
        handler.addQuickElement("media:copyright", media["copyright"])
    handler.endElement("media:content")


class MediaRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:media": MEDIA_NS,
            "xmlns:dc": DC_NS,
            "xmlns:content": CONTENT_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        add_media_elements(handler, item)


class MediaAtomFeed(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        add_media_elements(handler, item)

    def write_items(self, handler):
        # As Atom1Feed writes them, with each entry's own language.
        for item in self.items:
            language = item.get("language")
            handler.startElement("entry", {"xml:lang": language} if language else {})
            self.add_item_elements(handler, item)
            handler.endElement("entry")


def lead_photo_media(request, article: Article) -> dict | None:
    """The lead photo as feed readers get it: a cleaned rendition (upright, sRGB,
    rights in its XMP, no camera EXIF such as GPS or serial), never the original."""
    lead = article.lead_placement
    if lead is None:
        return None
    photo = lead.photo
    shown = rendition(photo, None, FEED_PHOTO_WIDTH)
    return {
        "url": request.build_absolute_uri(shown.url),
        "type": shown.mime_type,
        "width": shown.width,
        "height": shown.height,
        "caption": lead.caption,
        "credit": photo.credit_display,
        "copyright": photo.copyright_notice,
    }


class NewsFeed(Feed):
    """The newest published stories, RSS 2.0."""

    feed_type = MediaRssFeed

    @classmethod
    def as_view(cls):
        """A view making one feed object per request: it keeps the request (for
        the photos' absolute addresses), which a shared instance must not."""

        def view(request, *args, **kwargs):
            return cls()(request, *args, **kwargs)

        view.__name__ = view.__qualname__ = cls.__name__
        return view

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self, obj=None):
        return f"{settings.NEWSROOM_SITE_NAME}: all news"

    def link(self, obj=None):
        return reverse("articles:home")

    def description(self, obj=None):
        return f"The latest stories published by {settings.NEWSROOM_SITE_NAME}."

    subtitle = description  # Atom's name for it

    language = settings.NEWSROOM_LANGUAGE

    def author_name(self, obj=None):
        # Atom needs an author for every entry (RFC 4287 4.1.1): the feed's own
        # covers a story with neither byline nor agency, as JSON-LD falls back to
        # the site. (RSS has no feed author; Django writes none there.)
        return settings.NEWSROOM_SITE_NAME

    def stories(self, obj):
        """Published stories this feed is about (narrowed by the subclasses)."""
        return Article.objects.published()

    def items(self, obj=None):
        items = list(
            self.stories(obj)
            .newest_first()
            .select_related("agency")
            .prefetch_related(placements_prefetch(), "tags")[:FEED_SIZE]
        )
        if obj is not None and not items:
            raise Http404("No published stories.")  # the subject stays hidden
        return items

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # RSS readers take <description> as HTML, and Django's Atom feed marks the
        # summary type="html": the text goes in as HTML showing exactly that text.
        return escape(item.summary)

    def item_guid(self, item):
        return f"urn:uuid:{item.guid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.byline or (item.agency.name if item.agency else None)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_extra_kwargs(self, item):
        return {
            "media": lead_photo_media(self.request, item),
            "language": item.language,
            "content_html": body_html(
                item.body, absolute=self.request.build_absolute_uri
            ),
        }


class NewsAtomFeed(NewsFeed):
    feed_type = MediaAtomFeed


class TagFeed(NewsFeed):
    """Published stories with one tag."""

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"{settings.NEWSROOM_SITE_NAME}: {obj.name}"

    def link(self, obj):
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def description(self, obj):
        return f"The latest stories tagged “{obj.name}”."

    subtitle = description

    def stories(self, obj):
        links = TaggedArticle.objects.filter(tag=obj).values("content_object")
        return Article.objects.published().filter(pk__in=links)


class TagAtomFeed(TagFeed):
    feed_type = MediaAtomFeed


class PersonFeed(NewsFeed):
    """Published stories a person appears in."""

    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def title(self, obj):
        return f"{settings.NEWSROOM_SITE_NAME}: {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"The latest stories about {obj.name}."

    subtitle = description

    def stories(self, obj):
        roles = ArticlePerson.objects.filter(person=obj).values("article_id")
        return Article.objects.published().filter(pk__in=roles)


class PersonAtomFeed(PersonFeed):
    feed_type = MediaAtomFeed


class SectionFeed(NewsFeed):
    """Published stories of one section (an empty section's feed is empty, not a
    404: the section itself is public, in every page's navigation)."""

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"{settings.NEWSROOM_SITE_NAME}: {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description or f"The latest stories in {obj.name}."

    subtitle = description

    def stories(self, obj):
        return Article.objects.published().filter(section=obj)

    def items(self, obj=None):
        return list(
            self.stories(obj)
            .newest_first()
            .select_related("agency")
            .prefetch_related(placements_prefetch(), "tags")[:FEED_SIZE]
        )


class SectionAtomFeed(SectionFeed):
    feed_type = MediaAtomFeed
