"""The editors' screens, one module per area; importing registers them."""

from . import people, photos, stories

__all__ = ["people", "photos", "stories"]
