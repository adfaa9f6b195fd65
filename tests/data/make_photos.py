"""Draw the small test photos in this folder and write their IPTC/XMP with exiftool.

Run by a developer when a fixture must change (needs Debian's exiftool,
libimage-exiftool-perl); the results are committed, so CI needs no exiftool:

    .venv/bin/python tests/data/make_photos.py

Each picture is a few kilobytes: a gradient with a bright square off-centre (the
"subject" the focal-point tests look for).
"""

import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
CAPTION_EN = "Sergey Lavrov and Taro Kono shake hands in Tokyo"
CAPTION_RU = "Сергей Лавров и Таро Коно пожимают руки в Токио"
CAPTION_DE = "Sergej Lawrow und Taro Kono in Tokio"


def picture(size=(640, 360), subject=(0.8, 0.3)) -> Image.Image:
    width, height = size
    im = Image.new("RGB", size)
    draw = ImageDraw.Draw(im)
    for x in range(width):
        shade = int(40 + 80 * x / width)
        draw.line([(x, 0), (x, height)], fill=(shade, shade + 20, 110))
    cx, cy, r = int(subject[0] * width), int(subject[1] * height), height // 10
    draw.rectangle([cx - r, cy - r, cx + r, cy + r], fill=(255, 240, 0))
    return im


def exiftool(path: Path, *args: str) -> None:
    # (To see IIM and XMP tags of the same name side by side: exiftool -a -G1.)
    subprocess.run(
        [shutil.which("exiftool"), "-q", "-overwrite_original", *args, str(path)],
        check=True,
    )


def main() -> None:
    if not shutil.which("exiftool"):
        raise SystemExit("exiftool is needed (apt-get install libimage-exiftool-perl)")

    # XMP and IIM disagree: XMP must win. Language alternatives and a creator list.
    path = HERE / "xmp-and-iptc.jpg"
    picture().save(path, "JPEG", quality=70)
    exiftool(
        path,
        "-codedcharacterset=utf8",
        "-IPTC:Caption-Abstract=The IIM caption, which XMP overrides",
        "-IPTC:Credit=IIM Credit/IIM",
        "-IPTC:By-line=IIM Byline",
        "-IPTC:City=Osaka",
        "-IPTC:DateCreated=2001:01:01",
        "-IPTC:CopyrightNotice=© IIM only",
    )
    exiftool(
        path,
        f"-XMP-dc:Description-x-default={CAPTION_RU}",
        f"-XMP-dc:Description-en={CAPTION_EN}",
        f"-XMP-dc:Description-de={CAPTION_DE}",
        "-XMP-dc:Creator=Alexander Shcherbak",
        "-XMP-dc:Creator+=Second Shooter",
        "-XMP-dc:Rights-x-default=© Alexander Shcherbak/TASS",
        "-XMP-photoshop:Credit=Alexander Shcherbak/TASS",
        "-XMP-photoshop:Source=TASS",
        "-XMP-photoshop:City=Tokyo",
        "-XMP-photoshop:Country=Japan",
        "-XMP-photoshop:DateCreated=2018:03:21 14:30:00+09:00",
        "-XMP-iptcCore:AltTextAccessibility=Two men shaking hands before flags",
    )

    # IIM only, declared UTF-8 (1:90 = ESC % G), Cyrillic text.
    path = HERE / "iptc-utf8.jpg"
    picture().save(path, "JPEG", quality=70)
    exiftool(
        path,
        "-codedcharacterset=utf8",
        f"-IPTC:Caption-Abstract={CAPTION_RU}",
        "-IPTC:By-line=Александр Щербак",
        "-IPTC:Credit=А. Щербак/ТАСС",  # IIM allows 32 bytes
        "-IPTC:Source=ТАСС",
        "-IPTC:CopyrightNotice=© ТАСС",
        "-IPTC:City=Токио",
        "-IPTC:Country-PrimaryLocationName=Япония",
        "-IPTC:DateCreated=2018:03:21",
    )

    # IIM only, no 1:90: the text is Latin-1 bytes, as older agency systems wrote.
    path = HERE / "iptc-latin1.jpg"
    picture().save(path, "JPEG", quality=70)
    exiftool(
        path,
        "-charset",
        "iptc=latin1",
        "-IPTC:Caption-Abstract=Fußball fans in São Paulo’s café",
        "-IPTC:By-line=José Müller",
        "-IPTC:Source=EFE",
        "-IPTC:City=São Paulo",
        "-IPTC:Country-PrimaryLocationName=Brasil",
    )

    # XMP in a PNG (iTXt chunk) and in a WebP (XMP chunk).
    for name, kind in (("xmp.png", "PNG"), ("xmp.webp", "WEBP")):
        path = HERE / name
        picture((480, 320)).save(path, kind)
        exiftool(
            path,
            f"-XMP-dc:Description={CAPTION_EN}",
            "-XMP-dc:Creator=Jane Roe",
            "-XMP-photoshop:Credit=Jane Roe/Reuters",
            "-XMP-dc:Rights=© Reuters 2024",
            "-XMP-photoshop:Source=Reuters",
        )

    # A phone picture stored on its side: EXIF orientation 6 (rotate 90° clockwise).
    path = HERE / "rotated.jpg"
    picture((300, 200), subject=(0.1, 0.1)).save(path, "JPEG", quality=70)
    exiftool(path, "-n", "-Orientation=6", "-XMP-photoshop:Credit=Phone/AP")

    # Markup in metadata: escaped in XMP (as XML requires), raw in IIM.
    path = HERE / "markup-caption.jpg"
    picture().save(path, "JPEG", quality=70)
    exiftool(
        path,
        "-codedcharacterset=utf8",
        "-IPTC:Caption-Abstract=<script>alert('iim')</script> Caption",
        "-IPTC:Credit=<b>Bold</b>/TASS",
    )
    exiftool(
        path,
        "-XMP-dc:Description=<img src=x onerror=alert('xmp')> Caption",
    )
    for path in sorted(HERE.glob("*.*")):
        if path.suffix != ".py":
            print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
