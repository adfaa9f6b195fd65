"""Upload checks: what we accept as a photo, and why we refuse the rest.

``inspect_upload`` is the one gate every photo file passes (the photo library form,
the story form's inline upload, the wire importer, file replacement). In order:

1. the name's extension is one of ours (JPEG, PNG, WebP; SVG and the rest refused);
2. the byte size is under ``NEWSROOM_PHOTO_MAX_BYTES`` (read before anything else);
3. the leading bytes say which format the file really is, and it must be the one the
   extension names (a GIF or a PNG named ``.jpg`` is refused, as is HTML);
4. the container is walked (``containers``): cut-short files are refused, and the
   declared width × height × frames must be under ``NEWSROOM_PHOTO_MAX_PIXELS``
   before any decoder runs (decompression bombs never get decoded);
5. Pillow decodes the picture, restricted to the one format the file claims;
6. XMP and IPTC metadata are read (``metadata``); unsafe XMP is refused;
7. data after the image's end (an appended HTML page, a motion-photo video) is cut
   off, and markup hidden in metadata segments makes us re-encode the pixels with
   clean metadata; either way the result is checked again and the editor is told.

Every refusal is a ``ValidationError`` whose message names the file and the reason.
Nothing is written to storage here.
"""

import io
import re
import struct
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

from . import privacy
from .containers import LAYOUTS, PNG_SIGNATURE, Damaged, Layout
from .metadata import MetadataError, PhotoMetadata, read_metadata
from .privacy import strip_private

# Extension → the format Pillow calls it; and the extension a format is saved with.
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
ACCEPTED = "JPEG, PNG or WebP"

# What a file's first bytes say it is, for the formats people actually send.
_SIGNATURES = [
    (b"\xff\xd8\xff", "JPEG"),
    (PNG_SIGNATURE, "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x00\x00\x01\x00", "Windows icon"),
    (b"8BPS", "Photoshop document"),
]
_ISO_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF", b"avif": "AVIF"}
# How a refusal names what the file really is.
_DESCRIBED = {
    "GIF": "a GIF image",
    "BMP": "a BMP image",
    "TIFF": "a TIFF image",
    "PDF": "a PDF document",
    "ZIP archive": "a ZIP archive",
    "Windows icon": "a Windows icon",
    "Photoshop document": "a Photoshop document",
    "HEIC": "a HEIC image",
    "HEIF": "a HEIF image",
    "AVIF": "an AVIF image",
    "SVG": "an SVG drawing",
    "HTML page": "an HTML page",
    "XML or HTML document": "an XML or HTML document",
}
_MARKUP = re.compile(
    rb"<\s*(?:script|html|body|iframe|svg|object|embed|form|meta|\?php)\b"
    rb"|<!doctype\s+html|javascript:",
    re.IGNORECASE,
)


@dataclass
class CheckedPhoto:
    """An upload that passed the checks: the bytes to store and what we learnt."""

    name: str
    content: bytes
    format: str  # "JPEG", "PNG" or "WEBP"
    image: Image.Image  # decoded first frame, EXIF orientation not yet applied
    metadata: PhotoMetadata
    notes: list[str] = field(default_factory=list)


def refuse(name: str, reason: str, code: str) -> ValidationError:
    return ValidationError(
        "“%(name)s” was not accepted: %(reason)s.",
        code=code,
        params={"name": name, "reason": reason},
    )


def sniff(data: bytes) -> str:
    """The format a file's first bytes announce, or a plain description."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp":
        return _ISO_BRANDS.get(data[8:12], "video or HEIF file")
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in head:
        return "SVG"
    if head.startswith((b"<!doctype html", b"<html")) or b"<script" in head:
        return "HTML page"
    if head.startswith(b"<"):
        return "XML or HTML document"
    # Binary formats have control bytes early on; text has none but tab and newline.
    if all(byte >= 0x20 or byte in b"\t\r\n" for byte in data[:1024]):
        return "text file"
    return "file of an unknown kind"


def inspect_upload(fileobj, name: str | None = None) -> CheckedPhoto:
    """Check one uploaded file; return it ready to store, or raise ValidationError."""
    name = PurePath(name or getattr(fileobj, "name", "") or "photo").name
    suffix = PurePath(name).suffix.lower()
    if suffix == ".svg":
        raise refuse(
            name,
            f"SVG drawings can carry scripts and are not accepted; upload a {ACCEPTED}"
            " picture",
            "svg",
        )
    if suffix not in EXTENSIONS:
        shown = suffix or "no extension"
        raise refuse(
            name,
            f"only {ACCEPTED} files are accepted and this name has {shown}",
            "extension",
        )
    expected = EXTENSIONS[suffix]

    size = _size_of(fileobj)
    limit = settings.NEWSROOM_PHOTO_MAX_BYTES
    if size is not None and size > limit:
        raise refuse(
            name,
            f"it is {filesizeformat(size)}, over the limit of {filesizeformat(limit)}",
            "too_big",
        )
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    data = fileobj.read(limit + 1)
    if len(data) > limit:
        raise refuse(
            name, f"it is over the limit of {filesizeformat(limit)}", "too_big"
        )
    if not data:
        raise refuse(name, "the file is empty", "empty")
    return _inspect_bytes(data, name, expected)


def _size_of(fileobj) -> int | None:
    size = getattr(fileobj, "size", None)
    if size is not None:
        return size
    try:
        position = fileobj.tell()
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(position)
    except (AttributeError, OSError):
        return None
    return size


def _inspect_bytes(
    data: bytes, name: str, expected: str, *, cleaned: bool = False
) -> CheckedPhoto:
    kind = sniff(data)
    if kind not in FORMAT_NAMES:
        described = _DESCRIBED.get(kind, f"a {kind}")
        raise refuse(name, f"it is {described}, not a {ACCEPTED} picture", "format")
    if kind != expected:
        raise refuse(
            name,
            f"it is a {FORMAT_NAMES[kind]} picture but its name says "
            f"{FORMAT_NAMES[expected]}; rename it to end in "
            f".{'jpg' if kind == 'JPEG' else kind.lower()}",
            "mismatch",
        )
    try:
        layout = LAYOUTS[kind](data)
    except Damaged as error:
        raise refuse(name, f"it is damaged or truncated: {error}", "damaged") from None
    _check_pixels(name, layout, kind)
    image = _decode(data, name, kind)
    try:
        metadata = read_metadata(image)
    except MetadataError as error:
        raise refuse(name, str(error), "metadata") from None
    checked = CheckedPhoto(name, data, kind, image, metadata)
    if cleaned:
        return checked
    return _disarm(checked, layout)


def _check_pixels(name: str, layout: Layout, kind: str) -> None:
    limit = settings.NEWSROOM_PHOTO_MAX_PIXELS
    if kind != "JPEG":
        # PNG and WebP decode whole (JPEG decodes in steps): a lower cap keeps one
        # upload's memory under 300 MB (tests/test_photo_memory.py).
        limit = min(limit, settings.NEWSROOM_PHOTO_MAX_PIXELS_LOSSLESS)
    pixels = layout.width * layout.height * layout.frames
    if pixels > limit:
        frames = f" × {layout.frames} frames" if layout.frames > 1 else ""
        raise refuse(
            name,
            f"it is {layout.width} × {layout.height} pixels{frames}, "
            f"{megapixels(pixels)} megapixels; the limit is {megapixels(limit)}",
            "too_many_pixels",
        )


def megapixels(pixels: int) -> str:
    return f"{pixels / 1e6:,.1f}".removesuffix(".0")


def _decode(data: bytes, name: str, kind: str) -> Image.Image:
    """Decode the first frame fully, with only the claimed format's decoder."""
    try:
        with warnings.catch_warnings():
            # Our own pixel cap (lower than Pillow's) has been applied already.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as probe:
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=[kind])
            if kind == "JPEG":
                # Decode in DCT steps (1/2, 1/4, 1/8) to no more than the largest
                # rendition needs: every block is still read, so a cut-short file
                # is still refused, and a 60-megapixel photo takes a fraction of
                # the memory. The stored original keeps its full size.
                image.draft(None, _draft_size(image.size))
            image.load()
    except Image.DecompressionBombError:
        raise refuse(
            name, "it is a decompression bomb (far too many pixels)", "too_many_pixels"
        ) from None
    except (
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        IndexError,
        struct.error,
        zlib.error,
    ) as error:
        if "Decompressed data too large" in str(error):
            raise refuse(
                name,
                "its text metadata would inflate to far too much data "
                "(a decompression bomb)",
                "too_many_pixels",
            ) from None
        # Pillow's messages ("image file is truncated") are clear enough to pass on.
        raise refuse(name, f"it is damaged or truncated: {error}", "damaged") from None
    return image


def _draft_size(size: tuple[int, int]) -> tuple[int, int]:
    """The smallest size whose shorter side still holds the widest rendition."""
    needed = max(max(settings.NEWSROOM_PHOTO_WIDTHS), 1200)
    scale = min(1.0, needed / min(size))
    return (max(1, round(size[0] * scale)), max(1, round(size[1] * scale)))


def _disarm(checked: CheckedPhoto, layout: Layout) -> CheckedPhoto:
    """Cut off trailing data; re-encode a file that hides markup in its metadata."""
    data, notes = checked.content, []
    if layout.end < len(data):
        extra = len(data) - layout.end
        kind = "an HTML page" if _MARKUP.search(data[layout.end :]) else "data"
        notes.append(
            f"{filesizeformat(extra)} of {kind} after the end of the picture "
            "were removed"
        )
        data = data[: layout.end]
    if any(_MARKUP.search(segment) for segment in layout.metadata):
        data = _reencode(checked)
        notes.append(
            "its embedded metadata held HTML or script markup, so the picture was "
            "re-encoded without it (caption and credit were read first)"
        )
    else:
        private = strip_private(data, checked.format, checked.image)
        if private is not None:
            data = private
            notes.append(privacy.NOTE)
    if not notes:
        return checked
    # Check the cleaned file from the start, as if it had been uploaded like that.
    cleaned = _inspect_bytes(data, checked.name, checked.format, cleaned=True)
    cleaned.metadata = checked.metadata
    cleaned.notes = [*checked.notes, *notes]
    return cleaned


def _reencode(checked: CheckedPhoto) -> bytes:
    """The pixels alone in a new file: no comment, EXIF, XMP or profile carried over
    (Pillow would otherwise copy ``info["comment"]`` and the like into the save)."""
    # The full picture again: ``checked.image`` may have been decoded smaller.
    with Image.open(io.BytesIO(checked.content), formats=[checked.format]) as full:
        image = ImageOps.exif_transpose(full).copy()
    image.info = {}
    buffer = io.BytesIO()
    if checked.format == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(buffer, "JPEG", quality=95, subsampling="4:4:4")
    elif checked.format == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", lossless=True)
    return buffer.getvalue()
