"""Photos as a newsroom needs them: checked uploads, metadata in, renditions out.

The API other parts of Newsroom call:

``photo_from_file(fileobj, name=None, **overrides) -> Photo``
    Create a library photo from a file (wire importer, scripts). The file is checked
    (``inspect_upload``), blank fields are pre-filled from its XMP/IPTC metadata, the
    photographer is matched to a Person by name or created, renditions are made.
    Raises ``django.core.exceptions.ValidationError`` naming the reason when refused.

``photo_store_file(*, photo, upload, prefill=True) -> Photo``
    Make a checked upload (a ``CheckedPhoto`` from ``inspect_upload``) the file of a
    new photo or of an existing one (the admin's "replace the file"): placements
    stay, blank fields are pre-filled from the file (unless ``prefill=False``),
    renditions are remade.

``files_kept_on_commit()``
    A context manager around a caller's whole transaction: when an error leaves it
    (the transaction rolled back), the files the services above stored inside it
    are deleted, so no original or rendition is left without its row.

``photo_refresh_renditions(*, photo, force=False) -> bool``
    Remake renditions after an edit they depend on (focal point, credit, rights).

``rendition(photo, ratio=None, width=None, fmt="jpeg") -> Rendition``
    URL, width, height and MIME type of the smallest stored rendition at least
    ``width`` wide (the largest when ``width`` is None or none is that wide).
    ``ratio`` is None (the whole picture), ``"16:9"``, ``"4:3"`` or ``"1:1"``;
    ``fmt`` is ``"jpeg"`` or ``"webp"``. No query and no storage read: it uses the
    row's ``renditions`` record. A photo without renditions (made before they
    existed; run ``manage.py make_renditions``) gives its original file and size.

``image_object(photo, *, caption=None, ratio=None, absolute=None) -> dict``
    A schema.org ``ImageObject`` for JSON-LD: URL, size, caption, ``creditText``,
    ``copyrightNotice``, ``creator``. ``caption`` overrides the library caption (a
    story's own), ``ratio`` picks a crop as for ``rendition`` (1200 px wide where the
    picture allows), ``absolute`` (e.g. ``request.build_absolute_uri``) turns
    relative storage URLs into absolute ones.

``image_objects(photo, *, caption=None, ratios=(None,), absolute=None) -> list[dict]``
    ``image_object`` for several crops of one photo (the rights worked out once).

URLs come from the storage's ``url()``, never a local path, so object storage works.
"""

import mimetypes
from collections.abc import Callable

from .checks import CheckedPhoto, inspect_upload
from .library import (
    files_kept_on_commit,
    photo_from_file,
    photo_refresh_renditions,
    photo_store_file,
)
from .renditions import RATIOS, Rendition, all_sizes, lookup

STRUCTURED_DATA_WIDTH = 1200

__all__ = [
    "RATIOS",
    "STRUCTURED_DATA_WIDTH",
    "CheckedPhoto",
    "Rendition",
    "files_kept_on_commit",
    "image_object",
    "image_objects",
    "inspect_upload",
    "photo_from_file",
    "photo_refresh_renditions",
    "photo_store_file",
    "rendition",
    "srcset",
]


def rendition(photo, ratio: str | None = None, width: int | None = None, fmt="jpeg"):
    """See the module docstring. Always returns a Rendition."""
    found = lookup(photo, ratio, width, fmt)
    if found is not None:
        return found
    mime = mimetypes.guess_type(photo.image.name)[0] or "image/jpeg"
    return Rendition(photo.image.url, photo.width or 0, photo.height or 0, mime)


def srcset(photo, ratio: str | None = None, fmt: str = "jpeg") -> str:
    """``srcset`` attribute value over every stored width ("" without renditions)."""
    return ", ".join(f"{r.url} {r.width}w" for r in all_sizes(photo, ratio, fmt))


def _absolute(url: str, absolute: Callable[[str], str] | None) -> str:
    return absolute(url) if absolute else url


def image_object(
    photo, *, caption: str | None = None, ratio: str | None = None, absolute=None
) -> dict:
    """schema.org ImageObject for JSON-LD, with the rights that travel with a photo.

    ``caption`` overrides the library caption (a story's own); ``ratio`` picks a crop
    (None for the whole picture). ``creditText`` is the credit line as the agency
    gives it; ``copyrightNotice`` falls back to the house rule “© credit”; the
    creator is the photographer, else the name before the slash in the credit.
    Uses only the row and its ``photographer``/``agency`` (select them with it).
    """
    return image_objects(photo, caption=caption, ratios=[ratio], absolute=absolute)[0]


def image_objects(
    photo, *, caption: str | None = None, ratios=(None,), absolute=None
) -> list[dict]:
    """``image_object`` for each of ``ratios``: the crops differ only in address and
    size, so the caption, credit, rights and creator are worked out once."""
    rights = {
        "caption": photo.caption if caption is None else caption,
        "creditText": photo.credit.strip(),
        "copyrightNotice": photo.copyright_notice or photo.credit_display,
    }
    if photo.photographer_id:
        rights["creator"] = {
            "@type": "Person",
            "name": photo.photographer.name,
            "url": _absolute(photo.photographer.get_absolute_url(), absolute),
        }
    elif rights["creditText"]:
        rights["creator"] = {
            "@type": "Person",
            "name": rights["creditText"].split("/")[0].strip(),
        }
    if photo.agency_id:
        rights["copyrightHolder"] = {"@type": "Organization", "name": photo.agency.name}
    objects = []
    for ratio in ratios:
        main = rendition(photo, ratio, STRUCTURED_DATA_WIDTH)
        url = _absolute(main.url, absolute)
        data = {
            "@type": "ImageObject",
            "contentUrl": url,
            "url": url,
            "width": main.width,
            "height": main.height,
            **rights,
        }
        objects.append(
            {key: value for key, value in data.items() if value not in ("", None, 0)}
        )
    return objects
