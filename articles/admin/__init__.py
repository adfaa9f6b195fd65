"""The editors' screens, one module per area; importing registers them."""

from . import accounts, people, photos, sources, stories, tags, workflow

__all__ = ["accounts", "people", "photos", "sources", "stories", "tags", "workflow"]
