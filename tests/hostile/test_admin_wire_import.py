"""Entry point: the admin's "Import wire story" page (paste or upload) and the review
of an agency's newer version.

The command's bad files (``test_wire_ingest.BAD_FILES``), uploaded: each answers
the form again (200) with “Nothing was imported from “<file>”: <reason>” and writes
nothing. Pasted bad copy comes back in the box with the reason. Hostile text in the
copy is shown as text in every message the import leaves and on the review page.
"""

import html
import re
from datetime import date
from pathlib import PurePath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, WireUpdate
from articles.wire import read_stories
from articles.wire.importer import WireImporter

from . import payloads as p
from . import wire_copy as w
from .checks import form_errors, injected_markup, nothing_written, page_text
from .test_wire_ingest import REFERENCE

IMPORT_URL = reverse("admin:articles_article_import_wire")
# Where the page's answer differs from the command's: Django's file field speaks first.
PAGE_REASON = {"empty": "The submitted file is empty."}


def errors(response) -> list[str]:
    """The page's messages about the input: the note above the form, then each
    field's (the paste box's, the file's)."""
    notes = re.findall(r'<div class="errornote">(.*?)</div>', response.content.decode())
    return [html.unescape(note) for note in notes] + form_errors(response)


def pasted(response) -> str:
    """What the paste box holds when the form comes back."""
    found = re.search(
        r"<textarea[^>]*>\n?(.*?)</textarea>", response.content.decode(), re.S
    )
    return html.unescape(found[1]) if found else ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "name", "content", "reason"), w.BAD_FILES, ids=[c[0] for c in w.BAD_FILES]
)
def test_a_bad_upload_is_refused_naming_the_file(
    chief_client, media_root, case, name, content, reason
):
    upload = SimpleUploadedFile(name, content, "application/octet-stream")
    fmt = w.FORMAT_OF[PurePath(name).suffix]
    with nothing_written(media_root):
        response = chief_client.post(IMPORT_URL, {"upload": upload, "format": fmt})
    assert response.status_code == 200
    said = errors(response)
    if case in PAGE_REASON:
        assert said == [PAGE_REASON[case]]
    else:
        [error] = said
        assert error.startswith(f"Nothing was imported from “{name}”: "), error
        assert reason in error


# (case, pasted copy, the reason after “Nothing was imported: ”)
BAD_PASTES = [
    (
        "nul-escape-in-json",
        w.ninjs(w.Copy(person=f"Ta{p.NUL}ro")).decode(),
        "The person 1's name holds a NUL character; it cannot be stored.",
    ),
    # An embargo that is not a real moment holds the story instead (see
    # test_wire_ingest.test_an_embargo_that_is_not_a_real_moment_holds_the_story).
    (
        "several-megabytes-of-body",
        w.ninjs(w.Copy(body=p.long_body(p.SEVERAL_MEGABYTES))).decode(),
        "body: This is 3,",
    ),
    (
        "overlong-headline",
        w.newsml(w.Copy(headline="Long headline " * 21 + "the end")).decode(),
        "headline: Ensure this value has at most 300 characters (it has 301).",
    ),
    (
        "entity-bomb",
        next(c[2] for c in w.BAD_FILES if c[0] == "entity-bomb").decode(),
        "refused for safety",
    ),
    (
        "page-text-starting-with-markup",
        w.agency_text(w.Copy(headline="<b>Bold</b> move")).decode(),
        "(Read as NewsML-G2 because it starts with “<”",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "reason"), [c[1:] for c in BAD_PASTES], ids=[c[0] for c in BAD_PASTES]
)
def test_bad_pasted_copy_comes_back_in_the_box_with_the_reason(
    chief_client, media_root, text, reason
):
    with nothing_written(media_root):
        response = chief_client.post(IMPORT_URL, {"text": text, "format": "auto"})
    assert response.status_code == 200
    [error] = errors(response)
    assert error.startswith("Nothing was imported: ") and reason in error, error
    assert pasted(response) == text


@pytest.mark.django_db
def test_a_pasted_nul_character_is_refused_under_the_box(chief_client, media_root):
    text = w.agency_text(w.Copy(dek=f"Cargo{p.NUL}passed")).decode()
    with nothing_written(media_root):
        response = chief_client.post(IMPORT_URL, {"text": text, "format": "auto"})
    assert response.status_code == 200
    assert errors(response) == [p.NUL_MESSAGE]


@pytest.mark.django_db
def test_an_upload_over_twenty_megabytes_is_refused_unread(chief_client, media_root):
    content = w.ninjs(w.Copy()) + b" " * (20 * 1024 * 1024)
    upload = SimpleUploadedFile("huge.json", content, "application/json")
    with nothing_written(media_root):
        response = chief_client.post(IMPORT_URL, {"upload": upload, "format": "auto"})
    assert errors(response) == [
        "Nothing was imported from “huge.json”: the file is larger than 20 MB."
    ]


@pytest.mark.django_db
def test_a_message_whose_second_story_fails_keeps_the_first(chief_client):
    good = w.Copy(wire_id="urn:1")
    bad = w.Copy(wire_id="urn:2", headline="Long headline " * 21 + "the end")
    upload = SimpleUploadedFile("two.xml", w.newsml(good, bad), "application/xml")
    response = chief_client.post(IMPORT_URL, {"upload": upload, "format": "auto"})
    assert response.status_code == 200
    assert errors(response) == [
        "Imported 1 of 2 stories from “two.xml”, then stopped: headline: Ensure this "
        "value has at most 300 characters (it has 301)."
    ]
    assert list(Article.objects.values_list("headline", flat=True)) == [good.headline]


@pytest.mark.django_db
def test_payloads_in_imported_copy_are_text_in_every_message(chief_client):
    """Fifteen stories in one pasted message, one payload each in the headline and
    in the version time (which the parser's note for the editor quotes)."""
    copies = [
        w.Copy(
            wire_id=f"urn:{n}",
            headline=p.xss(template, "headline"),
            version_created=p.xss(template, "note"),
        )
        for n, (_, template) in enumerate(p.XSS)
    ]
    response = chief_client.post(
        IMPORT_URL,
        {"text": w.newsml(*copies).decode(), "format": "auto"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_article_changelist"
    )
    page = response.content.decode()
    assert injected_markup(page, ["xss-headline", "xss-note"]) == []
    text = page_text(response)
    for copy in copies:
        assert f"“{copy.headline}” was imported as a draft." in text
        note = f"Check: The versionCreated “{copy.version_created[:40]}” is not a"
        assert note in text


FIELDS = ["headline", "dek", "body", "byline", "place"]


@pytest.mark.django_db
def test_a_newer_agency_version_shows_its_payloads_as_text_for_review(chief_client):
    """Three edited stories, each with a pending agency version carrying five
    payloads (one per field the review compares): all fifteen, each once."""
    importer = WireImporter()
    ref = {"reference_date": date.fromisoformat(REFERENCE)}
    pages = []
    for number in range(3):
        first = w.Copy(wire_id=f"urn:{number}", headline=f"Story {number}")
        [story] = read_stories(w.ninjs(first), **ref)
        article = importer.import_story(story).article
        Article.objects.filter(pk=article.pk).update(dek="The desk's own standfirst")
        chunk = p.XSS[number * 5 : number * 5 + 5]
        values = zip(FIELDS, [template for _, template in chunk], strict=True)
        newer = first.but(**{field: p.xss(t, field) for field, t in values})
        document = w.ninjs(newer).replace(b'"version": "1"', b'"version": "2"')
        [story] = read_stories(document, **ref)
        assert importer.import_story(story).outcome == "pending"
        update = WireUpdate.objects.get(article=article)
        url = reverse(
            "admin:articles_article_wire_update", args=[article.pk, update.pk]
        )
        pages.append((url, newer))
    for url, newer in pages:
        response = chief_client.get(url)
        assert response.status_code == 200
        markers = [f"xss-{field}" for field in FIELDS]
        assert injected_markup(response.content.decode(), markers) == []
        text = page_text(response)
        shown = [getattr(newer, field) for field in FIELDS]
        shown[-1] = w.expected("ninjs", newer, "place")
        assert [value for value in shown if value not in text] == []
