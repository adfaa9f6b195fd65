"""The editors' screens, one module per area; importing registers them."""

from . import accounts, incoming, people, photos, sources, stories, tags, workflow

__all__ = [
    "accounts",
    "incoming",
    "people",
    "photos",
    "sources",
    "stories",
    "tags",
    "workflow",
]
