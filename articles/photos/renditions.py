"""Resized and cropped copies of a photo for public pages, made once, kept in storage.

For each shape — the whole picture and the 16:9, 4:3 and 1:1 crops search engines
ask for — and each width in ``NEWSROOM_PHOTO_WIDTHS`` (up to the picture's own), a
WebP and a JPEG are written under a deterministic name::

    renditions/<photo guid>/<key>/<shape>-<width>.<webp|jpg>

``Photo.renditions`` records the key and the sizes made, so a page derives every URL
and size from the row it already loaded (no query, no storage call but ``url()``).
The key is a hash of what the pixels and the embedded rights depend on (the file's
SHA-256, the focal point, credit, copyright, photographer, source, the widths), so a
new file, a moved focal point or a corrected credit gives new names; old files are
deleted once the change is committed.

Every rendition carries the photo's credit, copyright notice, creator and source in
embedded XMP (a plain re-save would drop them). Crops are centred on the editor's
focal point, moved only as far as needed to stay inside the picture.
"""

import hashlib
import io
import json
from contextlib import suppress
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from PIL import Image, ImageCms, ImageOps

# Bump when the way renditions are drawn changes, so every photo gets new ones.
RENDITION_VERSION = 1

# Ratio as callers name it → the shape's name in file names and Photo.renditions.
SHAPES = {None: "full", "16:9": "16x9", "4:3": "4x3", "1:1": "1x1"}
RATIOS = {"16:9": 16 / 9, "4:3": 4 / 3, "1:1": 1.0}
FORMATS = {"webp": ("WEBP", "image/webp"), "jpeg": ("JPEG", "image/jpeg")}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
ORIENTATION = 0x0112  # EXIF tag
# Crops feed thumbnails and structured data; Google asks for 1200 px wide images.
CROP_MAX_WIDTH = 1200


@dataclass(frozen=True)
class Rendition:
    """One file a page can point at: its URL, its real size and its MIME type."""

    url: str
    width: int
    height: int
    mime_type: str


def rendition_key(*, sha256: str, photo) -> str:
    recipe = json.dumps(
        [
            RENDITION_VERSION,
            sha256,
            photo.focal_x,
            photo.focal_y,
            photo.credit,
            photo.copyright_notice,
            photo.photographer.name if photo.photographer_id else "",
            photo.source,
            sorted(settings.NEWSROOM_PHOTO_WIDTHS),
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(recipe.encode()).hexdigest()[:16]


def rendition_name(guid, key: str, shape: str, width: int, fmt: str) -> str:
    return f"renditions/{guid}/{key}/{shape}-{width}.{EXTENSIONS[fmt]}"


def recorded_names(guid, record: dict) -> list[str]:
    """Storage names of every file a ``Photo.renditions`` record lists."""
    key = record.get("key")
    if not key:
        return []
    return [
        rendition_name(guid, key, shape, width, fmt)
        for shape, sizes in record.get("sizes", {}).items()
        for width, _height in sizes
        for fmt in FORMATS
    ]


# -------------------------------------------------------------------------- lookup


def lookup(photo, ratio: str | None = None, width: int | None = None, fmt="jpeg"):
    """The smallest rendition at least ``width`` wide (else the largest); see
    ``articles.photos.rendition`` for the documented entry point."""
    if ratio not in SHAPES:
        raise ValueError(f"unknown ratio {ratio!r}; use one of {list(SHAPES)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use 'jpeg' or 'webp'")
    record = photo.renditions or {}
    sizes = record.get("sizes", {}).get(SHAPES[ratio])
    if not sizes:
        return None
    if width is None:
        chosen = sizes[-1]
    else:
        chosen = next((size for size in sizes if size[0] >= width), sizes[-1])
    return _rendition(photo, record["key"], SHAPES[ratio], chosen, fmt)


def all_sizes(photo, ratio: str | None, fmt: str) -> list[Rendition]:
    record = photo.renditions or {}
    return [
        _rendition(photo, record["key"], SHAPES[ratio], size, fmt)
        for size in record.get("sizes", {}).get(SHAPES[ratio], [])
    ]


def _rendition(photo, key, shape, size, fmt) -> Rendition:
    width, height = size
    name = rendition_name(photo.guid, key, shape, width, fmt)
    return Rendition(photo.image.storage.url(name), width, height, FORMATS[fmt][1])


# ---------------------------------------------------------------------- generation


def widest(ratio: str | None) -> int:
    """The widest rendition a shape needs: crops serve thumbnails and structured
    data (1200 px), only the whole picture is shown large."""
    biggest = max(settings.NEWSROOM_PHOTO_WIDTHS)
    return biggest if ratio is None else min(biggest, CROP_MAX_WIDTH)


def widths_for(crop_width: int, ratio: str | None) -> list[int]:
    """Configured widths narrower than the crop, plus the crop itself (capped)."""
    top = min(crop_width, widest(ratio))
    return [*(w for w in settings.NEWSROOM_PHOTO_WIDTHS if w < top), top]


def crop_box(size: tuple[int, int], ratio: float, focal: tuple[float, float]):
    """The largest ``ratio`` box in ``size``, centred on ``focal`` as far as it can."""
    width, height = size
    if width / height > ratio:
        crop_w, crop_h = height * ratio, float(height)
    else:
        crop_w, crop_h = float(width), width / ratio
    left = min(max(focal[0] * width - crop_w / 2, 0), width - crop_w)
    top = min(max(focal[1] * height - crop_h / 2, 0), height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def _box(size, ratio: str | None, focal):
    if ratio is None:
        return (0.0, 0.0, float(size[0]), float(size[1]))
    return crop_box(size, RATIOS[ratio], focal)


def _box_width(size, ratio: str | None, focal) -> float:
    box = _box(size, ratio, focal)
    return box[2] - box[0]


def reduced(image: Image.Image) -> Image.Image:
    """A copy shrunk by a whole factor (a cheap box filter) that still holds the
    widest rendition of every shape, or the picture itself when it is small.

    Drawn before ``prepare``, so its conversions (rotation, colour profile, a white
    background behind transparency) copy a small picture, not a 60-megapixel one:
    this keeps a worker's memory for one upload under 300 MB.
    """
    needed = max(max(settings.NEWSROOM_PHOTO_WIDTHS), CROP_MAX_WIDTH)
    # The shorter side bounds every crop's width, whichever way the picture turns.
    factor = min(image.size) // needed
    if factor < 2:
        return image
    return image.reduce(factor)  # keeps ``info``: EXIF orientation, ICC profile


def prepare(image: Image.Image) -> Image.Image:
    """The picture as readers should see it: upright, sRGB, no transparency."""
    if image.getexif().get(ORIENTATION, 1) != 1:
        image = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "CMYK"):
        # A broken profile is ignored: the plain conversion below still gives a
        # picture.
        with suppress(ImageCms.PyCMSError, OSError, ValueError):
            image = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
    if image.mode.startswith("I") or image.mode == "F":
        # 16-bit greyscale PNG: scale to 8 bits (a plain conversion clips to white).
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    return image


def rights_xmp(photo) -> bytes:
    """An XMP packet with the credit, copyright notice, creator and source."""
    properties = []
    creator = photo.photographer.name if photo.photographer_id else ""
    if creator:
        properties.append(
            f"<dc:creator><rdf:Seq><rdf:li>{escape(creator)}</rdf:li></rdf:Seq>"
            "</dc:creator>"
        )
    if photo.copyright_notice:
        properties.append(
            '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{escape(photo.copyright_notice)}</rdf:li></rdf:Alt></dc:rights>"
        )
    for tag, value in (
        ("photoshop:Credit", photo.credit),
        ("photoshop:Source", photo.source),
    ):
        if value:
            properties.append(f"<{tag}>{escape(value)}</{tag}>")
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f"<rdf:Description rdf:about={quoteattr('')}"
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
        + "".join(properties)
        + "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def generate(photo, image: Image.Image, *, sha256: str, storage: Storage) -> dict:
    """Write every rendition of ``photo`` from its decoded ``image``.

    Returns the record for ``Photo.renditions``. On failure the files written so far
    are deleted and the error propagates.
    """
    key = rendition_key(sha256=sha256, photo=photo)
    picture = prepare(reduced(image))
    # One downscaled working copy big enough for the widest rendition of each shape.
    scale = min(
        1.0,
        max(
            widest(ratio) / _box_width(picture.size, ratio, (0.5, 0.5))
            for ratio in SHAPES
        ),
    )
    if scale < 1.0:
        picture = picture.resize(
            (round(picture.width * scale), round(picture.height * scale)),
            Image.Resampling.LANCZOS,
            reducing_gap=2.0,
        )
    focal = (photo.focal_x / 100, photo.focal_y / 100)
    xmp = rights_xmp(photo)
    record, written = {"key": key, "sizes": {}}, []
    try:
        for ratio, shape in SHAPES.items():
            box = _box(picture.size, ratio, focal)
            box_w, box_h = box[2] - box[0], box[3] - box[1]
            sizes, source, source_box = [], picture, box
            # Largest first, each smaller one drawn from the one before: cheaper
            # than resampling the working copy every time, and as sharp.
            for width in reversed(widths_for(int(box_w), ratio)):
                height = max(1, round(width * box_h / box_w))
                resized = source.resize(
                    (width, height),
                    Image.Resampling.LANCZOS,
                    box=source_box,
                    reducing_gap=2.0,
                )
                for fmt in FORMATS:
                    name = rendition_name(photo.guid, key, shape, width, fmt)
                    _store(storage, name, _encode(resized, fmt, xmp))
                    written.append(name)
                sizes.insert(0, [width, height])
                source, source_box = resized, None
            record["sizes"][shape] = sizes
    except BaseException:
        delete_files(storage, written)
        raise
    return record


def _encode(image: Image.Image, fmt: str, xmp: bytes) -> bytes:
    buffer = io.BytesIO()
    if fmt == "webp":
        # method 2: files about 5% bigger than the default's in a quarter of the time.
        image.save(buffer, "WEBP", quality=80, method=2, xmp=xmp)
    else:
        image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True, xmp=xmp)
    return buffer.getvalue()


def _store(storage: Storage, name: str, content: bytes) -> None:
    # The name encodes the content, so a file already there is this very file.
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # a storage that renames would break derived URLs
        storage.delete(saved)
        raise OSError(f"storage saved {name!r} as {saved!r}")


def delete_files(storage: Storage, names) -> None:
    for name in names:
        # Already gone, or storage trouble: a leftover file, never an error page.
        with suppress(OSError):
            storage.delete(name)
