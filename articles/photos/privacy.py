"""Where a photo was taken and which camera took it: not kept in originals.

Originals are served to anyone with their URL, and a camera's EXIF can hold the GPS
position (a source's home, a protected location) and serial numbers that identify
the photographer's equipment. On upload these are removed from EXIF (the GPS block,
body and lens serial numbers, the owner's name, the maker note, which carries serial
numbers in each vendor's own format) and from XMP (``exif:GPS…``, ``aux:SerialNumber``
and the like), while the caption, credit, creator and rights (IPTC IIM, XMP ``dc:``
and ``photoshop:``) stay as they are.

JPEG files are rewritten segment by segment, so the pixels are not re-encoded. PNG
and WebP files carrying such data are re-encoded losslessly with the cleaned EXIF
and XMP.
"""

import io
import re
import struct

from PIL import ExifTags, Image, PngImagePlugin

GPS_IFD = ExifTags.IFD.GPSInfo
EXIF_IFD = ExifTags.IFD.Exif
# CameraOwnerName, BodySerialNumber, LensSerialNumber, MakerNote.
PRIVATE_EXIF_TAGS = {0xA430, 0xA431, 0xA435, 0x927C}
# The same in XMP, as attributes (name="…") or elements (<name>…</name>).
_XMP_NAMES = (
    r"exif:GPS\w+|aux:SerialNumber|aux:LensSerialNumber|aux:OwnerName|"
    r"exifEX:BodySerialNumber|exifEX:LensSerialNumber|exifEX:CameraOwnerName"
)
_XMP_ATTRIBUTE = re.compile(rf"""\s(?:{_XMP_NAMES})=(?:"[^"]*"|'[^']*')""".encode())
_XMP_ELEMENT = re.compile(
    rf"<(?P<name>{_XMP_NAMES})(?:\s[^>]*)?(?:/>|>.*?</(?P=name)>)".encode(), re.S
)
XMP_JPEG_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
NOTE = "its GPS position and camera serial numbers were removed"


def cleaned_exif(image: Image.Image) -> bytes | None:
    """The image's EXIF without location and serial numbers ("Exif\\0\\0" + TIFF),
    or None when it holds none of them."""
    exif = image.getexif()
    private = GPS_IFD in exif
    details = exif.get_ifd(EXIF_IFD) if EXIF_IFD in exif else {}
    for tag in PRIVATE_EXIF_TAGS & set(details):
        del details[tag]
        private = True
    if not private:
        return None
    if GPS_IFD in exif:
        del exif[GPS_IFD]
    return exif.tobytes()


def cleaned_xmp(packet: bytes) -> bytes | None:
    """The XMP packet without location and serial numbers, or None when it holds
    none of them."""
    cleaned = _XMP_ELEMENT.sub(b"", _XMP_ATTRIBUTE.sub(b"", packet))
    return None if cleaned == packet else cleaned


def strip_private(data: bytes, kind: str, image: Image.Image) -> bytes | None:
    """``data`` without location and serial numbers, or None when it has none."""
    if kind == "JPEG":
        return _jpeg_without_private(data, image)
    exif = cleaned_exif(image)
    xmp = image.info.get("xmp")
    xmp_clean = cleaned_xmp(xmp) if isinstance(xmp, bytes) else None
    if exif is None and xmp_clean is None:
        return None
    return _reencode_lossless(data, kind, exif, xmp_clean or xmp)


def _jpeg_without_private(data: bytes, image: Image.Image) -> bytes | None:
    exif = cleaned_exif(image)
    out, pos, changed = [data[:2]], 2, False
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: the rest is picture data
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        payload = data[pos + 4 : pos + 2 + length]
        segment = data[pos : pos + 2 + length]
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00") and exif is not None:
            segment = _segment(0xE1, exif)
            changed = True
        elif marker == 0xE1 and payload.startswith(XMP_JPEG_HEADER):
            xmp = cleaned_xmp(payload[len(XMP_JPEG_HEADER) :])
            if xmp is not None:
                segment = _segment(0xE1, XMP_JPEG_HEADER + xmp)
                changed = True
        out.append(segment)
        pos += 2 + length
    if not changed:
        return None
    out.append(data[pos:])
    return b"".join(out)


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _reencode_lossless(data: bytes, kind: str, exif, xmp) -> bytes:
    with Image.open(io.BytesIO(data), formats=[kind]) as image:
        image.load()
        exif = exif if exif is not None else image.info.get("exif", b"")
        buffer = io.BytesIO()
        if kind == "PNG":
            text = PngImagePlugin.PngInfo()
            if xmp:
                text.add_itxt("XML:com.adobe.xmp", xmp.decode("utf-8", "replace"))
            image.save(buffer, "PNG", exif=exif, pnginfo=text)
        else:
            image.save(buffer, "WEBP", lossless=True, exif=exif, xmp=xmp or b"")
    return buffer.getvalue()
