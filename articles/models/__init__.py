"""Newsroom's models, one module per area, re-exported here for ``articles.models``."""

from .content import (
    Agency,
    Article,
    ArticlePerson,
    ArticlePhoto,
    ArticleQuerySet,
    Person,
    TaggedArticle,
    unique_slug,
)
from .photos import Photo, format_credit
from .wire import WireCopy, WireUpdate
from .workflow import ArticleRedirect, ArticleRevision, AuditEntry, Correction

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
    "TaggedArticle",
    "WireCopy",
    "WireUpdate",
    "format_credit",
    "unique_slug",
]
