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
from .photos import Photo, format_credit
from .search import SearchEntry

__all__ = [
    "Agency",
    "Article",
    "ArticlePerson",
    "ArticlePhoto",
    "ArticleQuerySet",
    "Person",
    "Photo",
    "SearchEntry",
    "TaggedArticle",
    "format_credit",
    "place_slug",
    "unique_slug",
]
