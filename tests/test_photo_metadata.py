"""Metadata in: caption, credit, photographer and rights come from the file itself.

The files under tests/data/ carry IPTC IIM and XMP written by exiftool
(tests/data/make_photos.py); these tests upload them as an editor or the wire
importer would and check what lands in the photo library.
"""

import html
from datetime import date

import pytest
from django.urls import reverse
from PIL import Image

from articles.models import Article, ArticlePhoto, Person, Photo
from articles.photos import photo_from_file

from . import factories
from . import photo_files as files
from .formdata import form_data

ADD_URL = reverse("admin:articles_photo_add")


@pytest.mark.django_db
def test_xmp_wins_over_iim_and_the_sites_language_is_picked(settings):
    settings.NEWSROOM_LANGUAGE = "en"
    tass = factories.agency()
    photo = photo_from_file(files.fixture("xmp-and-iptc.jpg"))
    # XMP's English alternative, not its Russian x-default nor the IIM caption.
    assert photo.caption == "Sergey Lavrov and Taro Kono shake hands in Tokyo"
    assert photo.credit == "Alexander Shcherbak/TASS"
    assert photo.copyright_notice == "© Alexander Shcherbak/TASS"
    assert photo.source == "TASS"
    assert photo.alt_text == "Two men shaking hands before flags"
    assert (photo.city, photo.country) == ("Tokyo", "Japan")
    assert photo.date_created == date(2018, 3, 21)
    # dc:creator is a list of two: the first is the photographer, made a Person.
    assert photo.photographer.name == "Alexander Shcherbak"
    assert photo.agency == tass
    assert photo.credit_display == "© Alexander Shcherbak/TASS"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "caption"),
    [
        ("de", "Sergej Lawrow und Taro Kono in Tokio"),
        ("fr", "Сергей Лавров и Таро Коно пожимают руки в Токио"),  # x-default
    ],
    ids=["de", "fr"],
)
def test_a_language_alternative_falls_back_to_x_default(settings, language, caption):
    settings.NEWSROOM_LANGUAGE = language
    assert photo_from_file(files.fixture("xmp-and-iptc.jpg")).caption == caption


@pytest.mark.django_db
def test_iim_fills_only_what_xmp_lacks():
    content = files.jpeg_with_iim(
        [
            (2, 120, b"Caption from IIM"),
            (2, 110, b"IIM Credit/IIM"),
            (2, 90, b"Osaka"),
            (2, 55, b"20240229"),
        ],
        xmp=files.xmp_packet("<photoshop:Credit>XMP Credit/TASS</photoshop:Credit>"),
    )
    photo = photo_from_file(files.upload("both.jpg", content))
    assert photo.credit == "XMP Credit/TASS"
    assert photo.caption == "Caption from IIM"
    assert photo.city == "Osaka"
    assert photo.date_created == date(2024, 2, 29)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("charset", "raw", "caption"),
    [
        (b"\x1b%G", "Zürich – Genève".encode(), "Zürich – Genève"),
        (None, "Zürich".encode("latin-1"), "Zürich"),
        # Without 1:90, UTF-8 bytes are not guessed at: Latin-1 says what they are.
        (None, "Zü".encode(), "ZÃ¼"),
    ],
    ids=["declared-utf8", "latin1", "undeclared-utf8-bytes"],
)
def test_iim_text_follows_the_declared_character_set(charset, raw, caption):
    datasets = [(1, 90, charset)] if charset else []
    content = files.jpeg_with_iim([*datasets, (2, 120, raw)])
    assert photo_from_file(files.upload("iim.jpg", content)).caption == caption


@pytest.mark.django_db
def test_iim_declared_utf8_is_decoded_as_utf8():
    photo = photo_from_file(files.fixture("iptc-utf8.jpg"))
    assert photo.caption == "Сергей Лавров и Таро Коно пожимают руки в Токио"
    assert photo.credit == "А. Щербак/ТАСС"
    assert photo.photographer.name == "Александр Щербак"
    assert photo.copyright_notice == "© ТАСС"
    assert (photo.city, photo.country) == ("Токио", "Япония")
    assert photo.date_created == date(2018, 3, 21)


@pytest.mark.django_db
def test_iim_without_a_declared_charset_is_read_as_latin1():
    photo = photo_from_file(files.fixture("iptc-latin1.jpg"))
    assert photo.caption == "Fußball fans in São Paulo’s café"
    assert photo.photographer.name == "José Müller"
    assert photo.city == "São Paulo"
    # No credit in the file: the house credit is built from creator and source.
    assert photo.credit == "José Müller/EFE"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["xmp.png", "xmp.webp"])
def test_xmp_is_read_from_png_and_webp(name):
    photo = photo_from_file(files.fixture(name))
    assert photo.credit == "Jane Roe/Reuters"
    assert photo.copyright_notice == "© Reuters 2024"
    assert photo.photographer.name == "Jane Roe"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("xmp", "creator", "caption"),
    [
        # Shorthand: properties as attributes of rdf:Description.
        (
            'photoshop:Credit="Ann Lee/AFP" photoshop:Source="AFP"',
            "",
            "",
        ),
        # A single value written without a list container.
        (
            "<dc:creator>Ann Lee</dc:creator>"
            "<dc:description>Plain description</dc:description>",
            "Ann Lee",
            "Plain description",
        ),
        # A one-item Seq and a one-item Alt without any language.
        (
            "<dc:creator><rdf:Seq><rdf:li>Ann Lee</rdf:li></rdf:Seq></dc:creator>"
            "<dc:description><rdf:Alt><rdf:li>Only one</rdf:li></rdf:Alt>"
            "</dc:description>",
            "Ann Lee",
            "Only one",
        ),
    ],
    ids=["attributes", "single-value", "one-item-list"],
)
def test_xmp_single_and_list_values_read_the_same(xmp, creator, caption):
    if xmp.startswith("photoshop:"):
        packet = files.xmp_packet("").replace(
            b"<rdf:Description ", f"<rdf:Description {xmp} ".encode()
        )
    else:
        packet = files.xmp_packet(xmp)
    photo = photo_from_file(files.upload("x.jpg", files.jpeg_with_xmp(packet)))
    assert photo.caption == caption
    assert (photo.photographer.name if photo.photographer else "") == creator
    if not creator:
        assert photo.credit == "Ann Lee/AFP"


@pytest.mark.django_db
def test_the_photographer_is_matched_by_name_not_duplicated():
    known = Person.objects.create(name="alexander shcherbak", description="TASS")
    first = photo_from_file(files.fixture("xmp-and-iptc.jpg"))
    second = photo_from_file(files.fixture("xmp-and-iptc.jpg"))
    assert first.photographer == second.photographer == known
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_what_the_importer_passes_overrides_the_file():
    photo = photo_from_file(
        files.fixture("xmp-and-iptc.jpg"),
        caption="The desk's own caption",
        credit="",  # blank: the file's credit is kept
        photographer="Someone Else",
    )
    assert photo.caption == "The desk's own caption"
    assert photo.credit == "Alexander Shcherbak/TASS"
    assert photo.photographer.name == "Someone Else"


@pytest.mark.django_db
def test_the_library_form_prefills_blank_fields_and_keeps_typed_ones(editor_client):
    data = form_data(editor_client.get(ADD_URL).content.decode(), "photo_form")
    data["file"] = files.fixture("xmp-and-iptc.jpg")
    data["caption"] = "Typed by the editor"
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.caption == "Typed by the editor"
    assert photo.credit == "Alexander Shcherbak/TASS"
    assert photo.photographer.name == "Alexander Shcherbak"

    # The change form shows what was filled in; the editor can override any of it.
    change_url = reverse("admin:articles_photo_change", args=[photo.pk])
    form = form_data(editor_client.get(change_url).content.decode(), "photo_form")
    assert form["credit"] == "Alexander Shcherbak/TASS"
    assert form["city"] == "Tokyo"
    assert form["date_created"] == "2018-03-21"
    form.update(credit="Corrected Name/TASS", city="Yokohama", copyright_notice="")
    assert editor_client.post(change_url, form).status_code == 302
    photo.refresh_from_db()
    assert photo.credit == "Corrected Name/TASS"
    assert photo.city == "Yokohama"
    assert photo.copyright_notice == ""  # cleared stays cleared: no re-fill on edit


@pytest.mark.django_db
def test_the_story_form_upload_is_prefilled_from_the_file(editor_client, seed):
    change_url = reverse("admin:articles_article_change", args=[seed.pk])
    data = form_data(editor_client.get(change_url).content.decode(), "article_form")
    data["photo_placements-0-upload"] = files.fixture("xmp-and-iptc.jpg")
    response = editor_client.post(change_url, data)
    assert response.status_code == 302
    photo = seed.photos.get()
    assert photo.caption == "Sergey Lavrov and Taro Kono shake hands in Tokyo"
    assert photo.credit == "Alexander Shcherbak/TASS"
    # The seed already knows the photographer: matched, not created again.
    assert photo.photographer == Person.objects.get(slug="alexander-shcherbak")
    assert photo.renditions["sizes"]


@pytest.mark.django_db
def test_markup_in_metadata_is_shown_as_text_not_run(client):
    photo = photo_from_file(files.fixture("markup-caption.jpg"))
    assert photo.caption == "<img src=x onerror=alert('xmp')> Caption"  # XMP wins
    assert photo.credit == "<b>Bold</b>/TASS"
    # The IIM held a raw <script>: the stored file was re-encoded without it.
    assert "re-encoded" in photo.upload_notes
    story = factories.article(1)
    ArticlePhoto.objects.create(article=story, photo=photo)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<img src=x onerror" not in page
    assert "&lt;img src=x onerror=alert(&#x27;xmp&#x27;)&gt; Caption" in page
    assert "<b>Bold</b>" not in page
    assert html.escape("© <b>Bold</b>/TASS") in page
    assert Article.objects.published().count() == 1


@pytest.mark.django_db
def test_the_upright_size_is_stored_for_a_rotated_phone_picture():
    photo = photo_from_file(files.fixture("rotated.jpg"))
    assert (photo.width, photo.height) == (200, 300)
    largest = photo.renditions["sizes"]["full"][-1]
    assert largest == [200, 300]


@pytest.mark.django_db
def test_the_exif_date_taken_is_the_last_resort_for_the_date():
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2020:05:04 10:11:12"
    content = files.encode(files.picture((320, 200)), "JPEG", exif=exif)
    assert photo_from_file(files.upload("exif.jpg", content)).date_created == date(
        2020, 5, 4
    )
