"""Library services: store a checked file as a photo, replace it, remake renditions.

Keyword-only and atomic like ``articles.services``. Storage is not transactional, so
each service deletes the files it wrote when it fails, and deletes the files it made
obsolete (the replaced original, the old renditions) only once the change commits.
A caller whose own transaction may still roll back after a service succeeded (an
admin save with several uploads, a wire story) runs inside ``files_kept_on_commit``.
"""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from ..models import Agency, Person, Photo
from ..text import YEARS
from . import renditions
from .checks import CheckedPhoto, inspect_upload
from .metadata import PhotoMetadata

# Text fields the metadata fills when the editor left them blank.
TEXT_FIELDS = (
    "caption",
    "credit",
    "copyright_notice",
    "source",
    "alt_text",
    "city",
    "country",
)
OVERRIDABLE = {
    *TEXT_FIELDS,
    "date_created",
    "photographer",
    "agency",
    "focal_x",
    "focal_y",
}

# What the services wrote inside the innermost ``files_kept_on_commit`` block: one
# entry per write, ``[names, committed]``.
_written_here: ContextVar[list[list] | None] = ContextVar("photo_files", default=None)


@contextmanager
def files_kept_on_commit() -> Iterator[None]:
    """Delete the photo files stored inside the block when their rows roll back.

    Wrap a whole transaction (outside its ``atomic``). When an exception leaves
    the block, every file written by a transaction that did not commit is deleted:
    its rows are gone, so the originals and renditions would be orphans. A file
    whose transaction did commit is kept even then (an ``on_commit`` callback,
    such as a ``content_changed`` receiver, may raise after the commit). Files a
    service rewrote under a name its photo already had are not counted, so a
    failed refresh never deletes what a committed row points at. Blocks nest: an
    inner block that succeeds hands its files to the outer one.
    """
    written: list[list] = []
    token = _written_here.set(written)
    try:
        yield
    except BaseException:
        orphans = [n for names, committed in written if not committed for n in names]
        renditions.delete_files(Photo._meta.get_field("image").storage, orphans)
        raise
    finally:
        _written_here.reset(token)
    outer = _written_here.get()
    if outer is not None:
        outer.extend(written)


def _note_written(names) -> None:
    written = _written_here.get()
    if written is None or not names:
        return
    entry = [list(names), False]
    written.append(entry)
    # Django drops this callback when the transaction (or savepoint) rolls back.
    transaction.on_commit(lambda: entry.__setitem__(1, True))


def photo_from_file(fileobj, name: str | None = None, **overrides) -> Photo:
    """Create a library photo from a file: checked, pre-filled, with renditions.

    ``overrides`` are Photo fields (``caption``, ``credit``, ``alt_text``,
    ``copyright_notice``, ``source``, ``city``, ``country``, ``date_created``,
    ``agency``, ``focal_x``, ``focal_y``, and ``photographer`` as a Person or a name);
    a blank value lets the file's metadata fill the field. Raises ValidationError
    naming the file and the reason when the file is refused; nothing is stored then.
    """
    unknown = set(overrides) - OVERRIDABLE
    if unknown:
        raise TypeError(f"photo_from_file() got unknown fields: {sorted(unknown)}")
    upload = inspect_upload(fileobj, name)
    photo = Photo()
    for field, value in overrides.items():
        if value in (None, ""):
            continue
        if field == "photographer" and isinstance(value, str):
            value = person_for_name(value)
        setattr(photo, field, value)
    return photo_store_file(photo=photo, upload=upload)


@transaction.atomic
def photo_store_file(
    *, photo: Photo, upload: CheckedPhoto, prefill: bool = True
) -> Photo:
    """Make ``upload`` the file of ``photo`` (a new photo, or a replacement).

    Blank fields are filled from the file's metadata when ``prefill``; what the editor
    typed is kept. A replaced photo keeps its row, so every story that uses it keeps
    its placement and shows the new picture; its renditions are made afresh.
    """
    old_file = photo.image.name if photo.pk and photo.image else ""
    old_renditions = renditions.recorded_names(photo.guid, photo.renditions or {})
    if prefill:
        apply_metadata(photo, upload.metadata)
    photo.upload_notes = "\n".join(upload.notes)
    photo.image = ContentFile(upload.content, name=stored_name(upload))
    photo.width = photo.height = None  # save() reads the new file's size
    photo.full_clean()
    storage = photo.image.storage
    try:
        photo.save()
        sha256 = hashlib.sha256(upload.content).hexdigest()
        record = renditions.generate(
            photo, upload.image, sha256=sha256, storage=storage
        )
        photo.renditions = {**record, "sha256": sha256}
        photo.save(update_fields=["renditions"])
    except BaseException:
        if photo.image.name and photo.image._committed:
            renditions.delete_files(storage, [photo.image.name])
        raise
    current = _current_names(photo)
    _note_written([n for n in [photo.image.name, *current] if n not in old_renditions])
    obsolete = [n for n in old_renditions if n not in current]
    if old_file and old_file != photo.image.name:
        obsolete.append(old_file)
    _delete_after_commit(storage, obsolete)
    return photo


@transaction.atomic
def photo_refresh_renditions(*, photo: Photo, force: bool = False) -> bool:
    """Remake ``photo``'s renditions if what they depend on changed (or ``force``).

    Called after an edit of the focal point, credit, copyright, photographer or
    source, which the renditions' crops and embedded XMP depend on. Returns whether
    anything was made. Raises ValidationError when the stored file fails the checks.
    """
    if not force and renditions_up_to_date(photo):
        return False
    record = photo.renditions or {}
    storage = photo.image.storage
    try:
        with storage.open(photo.image.name, "rb") as handle:
            upload = inspect_upload(handle, PurePath(photo.image.name).name)
    except FileNotFoundError:
        raise ValidationError(
            f"The file of photo “{photo}” is missing from storage."
        ) from None
    sha256 = hashlib.sha256(upload.content).hexdigest()
    old = renditions.recorded_names(photo.guid, record)
    new_record = renditions.generate(
        photo, upload.image, sha256=sha256, storage=storage
    )
    photo.renditions = {**new_record, "sha256": sha256}
    try:
        photo.save(update_fields=["renditions", "updated_at"])
    except BaseException:
        renditions.delete_files(
            storage,
            [n for n in _current_names(photo) if n not in old],
        )
        raise
    current = _current_names(photo)
    _note_written([n for n in current if n not in old])
    _delete_after_commit(storage, [n for n in old if n not in current])
    return True


def renditions_up_to_date(photo: Photo) -> bool:
    """Whether the stored renditions match the file, focal point and rights now."""
    record = photo.renditions or {}
    sha256 = record.get("sha256")
    return bool(sha256) and record.get("key") == renditions.rendition_key(
        sha256=sha256, photo=photo
    )


def _current_names(photo: Photo) -> set[str]:
    return set(renditions.recorded_names(photo.guid, photo.renditions or {}))


def _delete_after_commit(storage, names: list[str]) -> None:
    if names:
        transaction.on_commit(lambda: renditions.delete_files(storage, names))


def stored_name(upload: CheckedPhoto) -> str:
    """A tidy storage name: the editor's stem (shortened) and a lower-case suffix."""
    path = PurePath(upload.name)
    stem = path.stem[:80].strip(" .") or "photo"
    return f"{stem}{path.suffix.lower()}"


def apply_metadata(photo: Photo, found: PhotoMetadata) -> None:
    """Fill ``photo``'s blank fields from what the file's metadata says."""
    for field in TEXT_FIELDS:
        value = getattr(found, field)
        if field == "credit" and not value and found.creator and found.source:
            # The house credit is "Photographer/Agency"; build it rather than make
            # the editor type what the file already says.
            value = f"{found.creator}/{found.source}"
        if value and not getattr(photo, field):
            limit = Photo._meta.get_field(field).max_length
            limit = limit or Photo.text_limits.get(field)  # e.g. the caption's
            setattr(photo, field, value[:limit] if limit else value)
    if (
        photo.date_created is None
        and isinstance(found.date_created, date)
        and found.date_created.year in YEARS  # a camera's garbage date is no date
    ):
        photo.date_created = found.date_created
    if photo.photographer_id is None and found.creator:
        photo.photographer = person_for_name(found.creator)
    if photo.agency_id is None:
        photo.agency = agency_for(photo.source, photo.credit)


def person_for_name(name: str) -> Person:
    """The Person with this name (any letter case), created when there is none."""
    name = " ".join(name.split())[: Person._meta.get_field("name").max_length]
    person = Person.objects.filter(name__iexact=name).order_by("pk").first()
    return person or Person.objects.create(name=name)


def agency_for(source: str, credit: str) -> Agency | None:
    """The agency a source ("TASS") or a credit's last part ("…/TASS") names."""
    candidates = {
        text.strip()
        for text in (source, credit.rsplit("/", 1)[-1] if "/" in credit else "")
        if text.strip()
    }
    if not candidates:
        return None
    query = Q()
    for text in candidates:
        query |= Q(short_name__iexact=text) | Q(name__iexact=text)
    return Agency.objects.filter(query).order_by("pk").first()
