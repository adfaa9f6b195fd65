"""Real image files for the photo tests: good ones with metadata, and hostile ones.

Good files with IPTC/XMP written by exiftool are committed under ``tests/data/``
(``tests/data/make_photos.py`` remakes them). Everything else is built here in code
with Pillow and a few byte-level edits, so each hostile case says exactly what is
wrong with it.
"""

import io
import struct
import zlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

DATA = Path(__file__).resolve().parent / "data"


def fixture(name: str) -> SimpleUploadedFile:
    """A committed test photo as a browser would upload it."""
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def picture(size=(640, 360), subject=(0.8, 0.3)) -> Image.Image:
    """A gradient with a yellow square (the subject) at ``subject`` (fractions)."""
    width, height = size
    im = Image.new("RGB", size, (60, 80, 110))
    draw = ImageDraw.Draw(im)
    cx, cy, r = int(subject[0] * width), int(subject[1] * height), height // 10
    draw.rectangle([cx - r, cy - r, cx + r, cy + r], fill=(255, 240, 0))
    return im


def encode(im: Image.Image, fmt: str = "JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg(size=(640, 360), **options) -> bytes:
    return encode(picture(size), "JPEG", quality=80, **options)


def png(size=(320, 200)) -> bytes:
    return encode(picture(size), "PNG")


def webp(size=(320, 200)) -> bytes:
    return encode(picture(size), "WEBP")


def xmp_packet(description: str) -> bytes:
    """A minimal XMP packet whose dc:description is ``description`` (raw XML)."""
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
        f"{description}</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()


def jpeg_with_xmp(packet: bytes, size=(320, 200)) -> bytes:
    return encode(picture(size), "JPEG", xmp=packet)


def jpeg_with_comment(comment: bytes) -> bytes:
    return encode(picture((320, 200)), "JPEG", comment=comment)


GPS_IFD = 0x8825  # EXIF pointer to the GPS block
BODY_SERIAL = 0xA431  # EXIF BodySerialNumber, in the Exif block
EXIF_IFD = 0x8769


def jpeg_with_camera_exif(size=(640, 360)) -> bytes:
    """A JPEG as a camera writes it: EXIF with a GPS position and the body's serial."""
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL] = "SN-0123456789"
    # GPSLatitudeRef, GPSLatitude, GPSLongitudeRef, GPSLongitude: central Moscow.
    exif.get_ifd(GPS_IFD).update(
        {1: "N", 2: (55.0, 45.0, 7.0), 3: "E", 4: (37.0, 37.0, 2.0)}
    )
    return encode(picture(size), "JPEG", quality=80, exif=exif)


def camera_exif(data: bytes) -> dict:
    """What a reader of ``data`` learns about the camera: GPS block and serial."""
    exif = Image.open(io.BytesIO(data)).getexif()
    return {
        "gps": dict(exif.get_ifd(GPS_IFD)),
        "serial": exif.get_ifd(EXIF_IFD).get(BODY_SERIAL),
    }


def jpeg_with_iim(datasets: list[tuple[int, int, bytes]], xmp: bytes = b"") -> bytes:
    """A JPEG with IPTC IIM ``(record, dataset, raw bytes)`` in a Photoshop APP13."""
    iim = b"".join(
        b"\x1c" + bytes([record, number]) + struct.pack(">H", len(raw)) + raw
        for record, number, raw in datasets
    )
    if len(iim) % 2:
        iim += b"\x00"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00"
    resource += struct.pack(">I", len(iim)) + iim
    body = b"Photoshop 3.0\x00" + resource
    app13 = b"\xff\xed" + struct.pack(">H", len(body) + 2) + body
    options = {"xmp": xmp} if xmp else {}
    data = encode(picture((320, 200)), "JPEG", **options)
    return data[:2] + app13 + data[2:]


# ------------------------------------------------------------------ byte surgery


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body))
    )


def png_claiming(width: int, height: int) -> bytes:
    """A small real PNG whose header claims another size (CRC kept valid)."""
    data = bytearray(png((16, 16)))
    ihdr = bytearray(data[16:29])
    ihdr[0:8] = struct.pack(">II", width, height)
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)))
    return bytes(data)


def jpeg_claiming(width: int, height: int) -> bytes:
    """A tiny real JPEG whose frame header claims ``width`` × ``height``."""
    data = bytearray(encode(Image.new("RGB", (8, 8)), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def png_with_bad_crc() -> bytes:
    data = bytearray(png((64, 64)))
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF  # flip a byte of compressed pixels; the CRC no longer fits
    return bytes(data)


def png_with_text_bomb() -> bytes:
    """A PNG whose zTXt chunk inflates to 64 MB of text."""
    data = png((16, 16))
    bomb = png_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"A" * (64 << 20), 9))
    return data[:33] + bomb + data[33:]


def webp_animation(frames: int, size=(200, 200)) -> bytes:
    images = [picture(size, subject=(i / frames, 0.5)) for i in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "WEBP", save_all=True, append_images=images[1:])
    return buffer.getvalue()


def gif() -> bytes:
    return encode(picture((64, 64)).convert("P"), "GIF")


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&lol3;</x:xmpmeta>'
)

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
