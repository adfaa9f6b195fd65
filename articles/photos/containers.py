"""Walk the container structure of JPEG, PNG and WebP files without decoding pixels.

Pillow happily opens a file with junk after the image and tells nothing about it, and
it reads dimensions only once it has committed to a decoder (libwebp allocates the
whole canvas of an animation while opening it). These walkers read the structure
itself, so the upload checks know, before any decoder runs:

- the picture's declared width, height and frame count (for the pixel cap);
- where the image really ends (anything after that is a trailer: an appended HTML
  page, a phone's motion-photo video, a second picture);
- the bytes of the metadata segments (APPn/COM, text chunks, EXIF/XMP/ICC chunks),
  which are searched for markup that would make the file a polyglot.

Each walker raises ``Damaged`` with a reason an editor can read.
"""

import struct
import zlib
from dataclasses import dataclass, field


class Damaged(ValueError):
    """The file's structure is broken or cut short."""


@dataclass
class Layout:
    width: int = 0
    height: int = 0
    frames: int = 1
    end: int = 0  # offset just past the image's last byte
    metadata: list[bytes] = field(default_factory=list)


# JPEG markers that stand alone (no length field): TEM and the restart markers.
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}
# Start-of-frame markers (all coding processes), which carry the dimensions.
# (C4 is DHT, C8 reserved, CC DAC.)
_JPEG_SOF = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def jpeg_layout(data: bytes) -> Layout:
    """Segments of a JPEG up to its first EOI marker (the primary image's end)."""
    if not data.startswith(b"\xff\xd8"):
        raise Damaged("it does not start like a JPEG")
    layout = Layout(width=0, height=0)
    pos, size = 2, len(data)
    while True:
        if pos >= size:
            raise Damaged("the file is cut short (no end-of-image marker)")
        if data[pos] != 0xFF:
            raise Damaged(f"a JPEG segment is corrupt (at byte {pos})")
        while pos < size and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= size:
            raise Damaged("the file is cut short (no end-of-image marker)")
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # EOI
            layout.end = pos
            break
        if marker in _JPEG_STANDALONE:
            continue
        if pos + 2 > size:
            raise Damaged("the file is cut short inside a segment")
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2 or pos + length > size:
            raise Damaged("the file is cut short inside a segment")
        body = data[pos + 2 : pos + length]
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            layout.metadata.append(body)
        elif marker in _JPEG_SOF:
            if len(body) < 5:
                raise Damaged("the frame header is corrupt")
            layout.height, layout.width = struct.unpack(">HH", body[1:5])
        pos += length
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            pos = _jpeg_skip_scan(data, pos)
    if not layout.width or not layout.height:
        raise Damaged("it has no frame header with the picture's size")
    return layout


def _jpeg_skip_scan(data: bytes, pos: int) -> int:
    """Offset of the first real marker after entropy-coded data starting at ``pos``."""
    size = len(data)
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= size:
            raise Damaged("the file is cut short (no end-of-image marker)")
        following = data[pos + 1]
        # FF00 is a stuffed byte, FFD0-FFD7 restart markers, FFFF padding: all data.
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            pos += 1 if following == 0xFF else 2
            continue
        return pos


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_IMAGE_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"fdAT", b"tRNS"}


def png_layout(data: bytes) -> Layout:
    """Chunks of a PNG up to IEND, with CRCs checked."""
    if not data.startswith(PNG_SIGNATURE):
        raise Damaged("it does not start like a PNG")
    layout = Layout()
    pos, size, seen_header = len(PNG_SIGNATURE), len(data), False
    while True:
        if pos + 8 > size:
            raise Damaged("the file is cut short (no IEND chunk)")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        start, stop = pos + 8, pos + 8 + length
        if stop + 4 > size:
            raise Damaged("the file is cut short inside a chunk")
        body = data[start:stop]
        (crc,) = struct.unpack(">I", data[stop : stop + 4])
        if zlib.crc32(kind + body) != crc:
            raise Damaged(f"the {kind.decode('latin-1')!r} chunk is corrupt (bad CRC)")
        if kind == b"IHDR":
            if len(body) < 8:
                raise Damaged("the image header is corrupt")
            layout.width, layout.height = struct.unpack(">II", body[:8])
            seen_header = True
        elif kind == b"acTL" and len(body) >= 4:
            (layout.frames,) = struct.unpack(">I", body[:4])
        elif kind not in _PNG_IMAGE_CHUNKS:
            layout.metadata.append(body)
        pos = stop + 4
        if kind == b"IEND":
            layout.end = pos
            break
    if not seen_header:
        raise Damaged("it has no image header")
    layout.frames = max(layout.frames, 1)
    return layout


def webp_layout(data: bytes) -> Layout:
    """Chunks of a WebP file inside its RIFF container."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise Damaged("it does not start like a WebP")
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = 8 + riff_size
    if end > len(data):
        raise Damaged("the file is cut short (shorter than its RIFF header says)")
    layout = Layout(end=end, frames=0)
    pos = 12
    canvas = None
    while pos + 8 <= end:
        kind = data[pos : pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        start, stop = pos + 8, pos + 8 + length
        if stop > end:
            raise Damaged("the file is cut short inside a chunk")
        body = data[start:stop]
        if kind == b"VP8X" and len(body) >= 10:
            width = 1 + int.from_bytes(body[4:7], "little")
            height = 1 + int.from_bytes(body[7:10], "little")
            canvas = (width, height)
        elif kind == b"VP8 " and len(body) >= 10:
            if body[3:6] != b"\x9d\x01\x2a":
                raise Damaged("the VP8 frame header is corrupt")
            width, height = struct.unpack("<HH", body[6:10])
            canvas = canvas or (width & 0x3FFF, height & 0x3FFF)
            layout.frames += 1
        elif kind == b"VP8L" and len(body) >= 5:
            if body[0] != 0x2F:
                raise Damaged("the lossless frame header is corrupt")
            bits = int.from_bytes(body[1:5], "little")
            canvas = canvas or (1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF))
            layout.frames += 1
        elif kind == b"ANMF":
            layout.frames += 1
        elif kind != b"ALPH" and kind != b"ANIM":
            layout.metadata.append(body)
        pos = stop + (length & 1)  # chunks are padded to an even length
    if canvas is None or layout.frames == 0:
        raise Damaged("it holds no picture")
    layout.width, layout.height = canvas
    return layout


LAYOUTS = {"JPEG": jpeg_layout, "PNG": png_layout, "WEBP": webp_layout}
