"""The editors' screens, one module per area; importing registers them."""

from . import accounts, people, photos, stories, workflow

__all__ = ["accounts", "people", "photos", "stories", "workflow"]
