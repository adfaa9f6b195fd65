"""Originals lose where they were taken and which camera took them; credits stay.

The test photos carry IPTC IIM and XMP captions and credits (tests/data); an EXIF
block with a GPS position and serial numbers, and XMP location and serial fields,
are added here byte by byte, as a camera and a photo tool would have written them.
"""

import io
import struct
import subprocess
import sys

import pytest
from PIL import Image, IptcImagePlugin

from articles.photos import photo_from_file

from . import photo_files as files
from .photo_files import DATA

pytestmark = pytest.mark.django_db

SERIAL = "SN-20261206-77"


def camera_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Cameramaker"  # Make: not private, kept
    exif.get_ifd(0x8825).update(
        {1: "N", 2: (59.0, 56.0, 12.5), 3: "E", 4: (10.0, 45.0, 3.0)}
    )
    details = exif.get_ifd(0x8769)
    details[0xA431] = SERIAL  # BodySerialNumber
    details[0xA435] = "LENS-4411"  # LensSerialNumber
    details[0x829A] = (1, 250)  # ExposureTime: kept
    return exif.tobytes()


def with_segment(jpeg: bytes, payload: bytes) -> bytes:
    """``jpeg`` with an APP1 segment holding ``payload`` right after its start."""
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def located_photo() -> bytes:
    original = (DATA / "xmp-and-iptc.jpg").read_bytes()
    xmp = (
        b'http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/"'
        b' xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"'
        b' exif:GPSLatitude="59,56.2N" aux:SerialNumber="' + SERIAL.encode() + b'">'
        b"<exif:GPSLongitude>10,45.05E</exif:GPSLongitude>"
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    return with_segment(with_segment(original, xmp), camera_exif())


def test_an_upload_loses_gps_and_serial_numbers_and_keeps_its_credit():
    before = photo_from_file(files.fixture("xmp-and-iptc.jpg"))
    photo = photo_from_file(files.upload("located.jpg", located_photo()))
    stored = photo.image.read()
    assert SERIAL.encode() not in stored and b"LENS-4411" not in stored
    assert b"GPSLatitude" not in stored and b"GPSLongitude" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        exif = image.getexif()
        assert 0x8825 not in exif  # no GPS block
        assert exif[0x010F] == "Cameramaker"
        assert 0x829A in exif.get_ifd(0x8769)  # the exposure time is kept
        iptc = IptcImagePlugin.getiptcinfo(image)
    assert iptc[(2, 110)]  # the IIM credit is still in the file
    # What the desk reads from the file is as it was without the camera's data.
    assert (photo.caption, photo.credit) == (before.caption, before.credit)


def test_a_photo_without_private_data_is_stored_byte_for_byte():
    original = (DATA / "xmp-and-iptc.jpg").read_bytes()
    photo = photo_from_file(files.upload("plain.jpg", original))
    assert photo.image.read() == original


def test_a_png_loses_its_gps_too():
    image = files.picture()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", exif=camera_exif())
    photo = photo_from_file(files.upload("located.png", buffer.getvalue()))
    with Image.open(photo.image) as stored:
        assert 0x8825 not in stored.getexif()
        assert SERIAL.encode() not in photo.image.open("rb").read()


PEAK_SCRIPT = """
import io, os, resource, sys, tempfile
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
import django
django.setup()
from django.core.files.storage import FileSystemStorage
from articles.models import Photo
from articles.photos import renditions
from articles.photos.checks import inspect_upload
with open(sys.argv[1], "rb") as upload:
    checked = inspect_upload(upload, os.path.basename(sys.argv[1]))
renditions.generate(
    Photo(credit="Test"), checked.image, sha256="0" * 64,
    storage=FileSystemStorage(tempfile.mkdtemp()),
)
# The peak of this process's own memory (ru_maxrss would count the parent's, which
# a child inherits across fork and exec).
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


@pytest.mark.parametrize(
    ("name", "size", "mode"),
    [("largest.jpg", (9000, 6666), "RGB"), ("largest.png", (5000, 5000), "RGBA")],
)
def test_the_largest_accepted_upload_stays_under_300_mb(tmp_path, name, size, mode):
    """Checked and made into renditions in a process of its own (its peak resident
    memory, as the kernel counts it): 60 megapixels of JPEG, 25 of PNG with alpha."""
    path = tmp_path / name
    Image.new(mode, size, (120, 90, 60, 255)[: len(mode)]).save(path)
    result = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    peak_mb = int(result.stdout.strip().splitlines()[-1]) / 1024
    assert peak_mb < 300, f"{name}: {peak_mb:.0f} MB"
