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
from .front import (
    Arrangement,
    ArrangementSlot,
    ArrangementVersion,
    Banner,
    Section,
    SectionRubric,
    front_changes,
)
from .incoming import WireItem, WireItemVersion
from .notes import StoryAutosave, StoryNote, StoryPresence
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
    "Arrangement",
    "ArrangementSlot",
    "ArrangementVersion",
    "Article",
    "ArticlePerson",
    "ArticlePhoto",
    "ArticleQuerySet",
    "ArticleRedirect",
    "ArticleRevision",
    "AuditEntry",
    "Banner",
    "Correction",
    "Person",
    "Photo",
    "SearchEntry",
    "Section",
    "SectionRubric",
    "StoryAutosave",
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
    "front_changes",
    "place_slug",
    "unique_slug",
]
