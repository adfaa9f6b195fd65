"""Pictures an agency sends beside its copy: found next to the input, stored in the
photo library through its own gate, and placed in the new story."""

from pathlib import Path

from django.core.exceptions import ValidationError

from ..models import Agency, Article, ArticlePhoto, Photo
from ..photos import photo_from_file
from .filing import limit
from .story import WireError, WirePhoto, WireStory


def attach_photos(
    article: Article, story: WireStory, base_dir: Path | None
) -> set[int]:
    """Place the pictures whose files sit beside the input; return their indexes."""
    placed: set[int] = set()
    if base_dir is None:
        return placed
    position = 0
    for index, wire_photo in enumerate(story.photos):
        path = local_photo_path(wire_photo.href, base_dir)
        if path is None:
            continue
        photo = photo_from_wire(path, wire_photo, agency=article.agency)
        ArticlePhoto.objects.create(article=article, photo=photo, position=position)
        placed.add(index)
        position += 1
    return placed


def local_photo_path(href: str, base_dir: Path) -> Path | None:
    """The file a picture reference names beside the input, if it is there.

    Only plain relative paths (or ``file:`` URLs relative to the input) inside the
    input's folder count; anything that climbs out of it is ignored.
    """
    if not href:
        return None
    ref = href.strip()
    if ref.startswith("file://"):
        ref = ref[len("file://") :]
        ref = ref.lstrip("/") if ref.startswith("/./") else ref
    if "://" in ref or ref.startswith(("/", "\\")) or ":" in ref.split("/")[0]:
        return None
    root = base_dir.resolve()
    try:
        path = (root / ref.strip()).resolve()
    except (OSError, ValueError):
        return None
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def photo_from_wire(
    path: Path, wire_photo: WirePhoto, *, agency: Agency | None
) -> Photo:
    """A real, validated Photo from a picture file the agency sent along.

    It goes through the photo library's own gate (format, size, metadata pre-fill,
    renditions); what the agency's item says wins over the file's metadata. A
    failing story removes the stored files (``files_kept_on_commit``).
    """
    try:
        with path.open("rb") as fileobj:
            photo = photo_from_file(
                fileobj,
                path.name,
                caption=wire_photo.caption,
                alt_text=limit(wire_photo.alt_text or wire_photo.caption, 400),
                credit=limit(wire_photo.credit, 200),
                copyright_notice=limit(wire_photo.copyright_notice, 300),
                agency=agency,
            )
    except ValidationError as error:
        raise WireError(
            f"The picture {path.name}: {' '.join(error.messages)}"
        ) from None
    return photo
