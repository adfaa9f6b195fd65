"""The editors' screens, one module per area; importing registers them."""

from . import (
    accounts,
    front,
    incoming,
    people,
    photos,
    sources,
    stories,
    tags,
    workflow,
)

__all__ = [
    "accounts",
    "front",
    "incoming",
    "people",
    "photos",
    "sources",
    "stories",
    "tags",
    "workflow",
]
