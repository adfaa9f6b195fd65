"""Newsroom's models, one module per area, re-exported here for ``articles.models``."""

from .content import (
    Agency,
    Article,
    ArticlePerson,
    ArticlePhoto,
    ArticleQuerySet,
    Person,
    TaggedArticle,
    place_slug,
    unique_slug,
)
from .incoming import WireItem, WireItemVersion
from .notes import StoryNote, StoryPresence
from .photos import Photo, format_credit
from .search import SearchEntry
from .sources import WirePoll, WireSource
from .wire import WireCopy, WireUpdate
from .workflow import (
    ArticleRedirect,
    ArticleRevision,
    AuditEntry,
    Correction,
    TagRedirect,
)

__all__ = [
    "Agency",
    "Article",
    "ArticlePerson",
    "ArticlePhoto",
    "ArticleQuerySet",
    "ArticleRedirect",
    "ArticleRevision",
    "AuditEntry",
    "Correction",
    "Person",
    "Photo",
    "SearchEntry",
    "StoryNote",
    "StoryPresence",
    "TagRedirect",
    "TaggedArticle",
    "WireCopy",
    "WireItem",
    "WireItemVersion",
    "WirePoll",
    "WireSource",
    "WireUpdate",
    "format_credit",
    "place_slug",
    "unique_slug",
]
