"""XSS payloads in every field an editor or a file fills, on every page that shows it.

Each payload goes in through the real entry points (the admin's person and story forms
with an inline photo upload, a correction, a kill; a photo file's IPTC metadata) and is
then looked for on every public and admin page. On each page it must show as the text
the editor typed (escaped), and nowhere may it become markup: no injected element, event
handler or script URL (``checks.injected_markup``). Tags go in through the model (as
the wire importer adds them): the admin's tag field splits a payload at its quotes.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Person, Photo
from articles.photos import photo_from_file
from articles.text import tidy_tag_names

from .. import factories
from .. import photo_files as files
from ..formdata import form_data, pressed
from . import payloads as p
from .checks import injected_markup, page_text

FIELDS = [
    "headline",
    "dek",
    "body",
    "body2",
    "byline",
    "dateline",
    "caption",
    "credit",
    "alt",
    "person-name",
    "person-description",
    "tag",
    "correction",
    "kill-notice",
]
STORY_TEXT = ["headline", "dek", "body", "body2", "byline", "correction"]
PHOTO_TEXT = ["caption", "credit", "alt"]
PERSON_TEXT = ["person-name", "person-description"]


def admin(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


def post_form(client, url: str, form_id: str, *, to: str | None = None, **fields):
    """Post the form ``url`` shows, with ``fields`` changed, to ``url`` (or to
    ``to``: a workflow button's own view)."""
    data = form_data(client.get(url).content.decode(), form_id)
    data.update(fields)
    response = client.post(to or url, data)
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    return response


def assert_inert(response, value, shown: list[str], status: int = 200):
    """The page answers ``status``, shows each field in ``shown`` as typed, and
    none of the payload's markers sits where markup runs."""
    assert response.status_code == status
    page = response.content.decode()
    assert injected_markup(page, [f"xss-{field}" for field in FIELDS]) == []
    text = page_text(response)
    # The body is HTML cleaned against its schema (issue 21): a payload's markup is
    # removed, not shown as typed (tests/hostile/test_body_markup.py); it is
    # checked for inertness above like every field.
    missing = [
        field
        for field in shown
        if field not in {"body", "body2"} and value(field) not in text
    ]
    assert missing == [], f"not shown as typed on {response.request['PATH_INFO']}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "template", [case[1] for case in p.XSS], ids=[case[0] for case in p.XSS]
)
def test_a_payload_in_every_field_is_inert_on_every_page(
    chief_client, client, jpeg_upload, template
):
    def value(field: str) -> str:
        if field == "tag":  # as the wire importer must add tags: tidied first
            return tidy_tag_names([p.xss(template, field)])[0]
        return p.xss(template, field)

    # In through the admin: a person, then a story with a photo and that person.
    post_form(
        chief_client,
        admin("articles_person_add"),
        "person_form",
        name=value("person-name"),
        description=value("person-description"),
    )
    person = Person.objects.get()
    post_form(
        chief_client,
        admin("articles_article_add"),
        "article_form",
        headline=value("headline"),
        dek=value("dek"),
        # Text before the payload: an unclosed <iframe> swallows what follows it
        # (as in a browser), and a story without body text is not published.
        body="Opening paragraph.\n\n" + value("body") + "\n\nSecond paragraph.",
        byline=value("byline"),
        dateline_place=value("dateline"),
        **{
            "photo_placements-0-upload": jpeg_upload("photo.jpg", (320, 200)),
            "photo_placements-0-caption": value("caption"),
            "photo_placements-0-credit": value("credit"),
            "photo_placements-0-alt_text": value("alt"),
            "person_roles-0-person": str(person.pk),
            "person_roles-0-role": "subject",
        },
    )
    story = Article.objects.get()
    change = admin("articles_article_change", story.pk)
    post_form(chief_client, change, "article_form", to=pressed(change, "_publish"))
    story.refresh_from_db()
    assert story.is_published()
    assert re.fullmatch(r"[-\w]+", story.slug)  # the slug kept none of the markup
    story.tags.add(value("tag"))
    Photo.objects.update(photographer=person)
    data = form_data(chief_client.get(change).content.decode(), "article_form")
    post_form(
        chief_client,
        change,
        "article_form",
        body=data["body"] + "\n\n" + value("body2"),
    )
    post_form(
        chief_client,
        change,
        "article_form",
        to=pressed(change, "_correct"),
        correction_note=value("correction"),
        _correct="Save and correct",
    )
    story.refresh_from_db()
    photo, tag = Photo.objects.get(), Tag.objects.get()
    everything = [*STORY_TEXT, *PHOTO_TEXT, *PERSON_TEXT, "tag"]

    pages = [
        (story.get_absolute_url(), everything),
        (reverse("articles:home"), ["headline", "dek", "credit", "alt"]),
        (reverse("articles:tag", args=[tag.slug]), ["tag", "headline", "dek"]),
        (person.get_absolute_url(), [*PERSON_TEXT, "headline", *PHOTO_TEXT]),
        (reverse("articles:preview", args=[story.guid]), everything),
        (admin("articles_article_changelist"), ["headline"]),
        (change, [*STORY_TEXT[:-1], *PHOTO_TEXT, "person-name"]),
        (admin("articles_article_history", story.pk), ["headline", "correction"]),
        (admin("articles_article_revision", story.pk, 1), ["headline", "body2"]),
        (admin("articles_article_kill", story.pk), ["headline"]),
        (admin("articles_photo_changelist"), [*PHOTO_TEXT, "person-name"]),
        (admin("articles_photo_change", photo.pk), [*PHOTO_TEXT, "headline"]),
        (admin("articles_person_changelist"), PERSON_TEXT),
        (admin("articles_person_change", person.pk), PERSON_TEXT),
        (admin("articles_auditentry_changelist"), ["headline", "correction"]),
        (admin("taggit_tag_changelist"), ["tag"]),
        (admin("taggit_tag_change", tag.pk), ["tag"]),
    ]
    for url, shown in pages:
        staff_only = url.startswith(("/admin/", "/preview/"))
        reader = chief_client if staff_only else client
        assert_inert(reader.get(url), value, shown)

    # Killed: the notice is what readers get at the address, and staff in preview.
    kill = admin("articles_article_kill", story.pk)
    response = chief_client.post(
        kill,
        {"kill_notice": value("kill-notice"), "lock_version": story.lock_version},
    )
    assert response.status_code == 302
    assert_inert(client.get(story.get_absolute_url()), value, ["kill-notice"], 410)
    preview = chief_client.get(reverse("articles:preview", args=[story.guid]))
    assert_inert(preview, value, ["kill-notice", "headline"])
    history = chief_client.get(admin("articles_article_history", story.pk))
    assert_inert(history, value, ["kill-notice"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "template", [case[1] for case in p.XSS], ids=[case[0] for case in p.XSS]
)
def test_a_payload_in_a_photos_iptc_metadata_is_inert_on_every_page(
    chief_client, client, template
):
    """The file's own caption, credit and by-line (photographer) prefill the photo."""

    def value(field: str) -> str:
        return p.xss(template, field)

    content = files.jpeg_with_iim(
        [
            (1, 90, b"\x1b%G"),  # UTF-8
            (2, 120, value("caption").encode()),
            (2, 110, value("credit").encode()),
            (2, 80, value("person-name").encode()),
        ]
    )
    photo = photo_from_file(files.upload("metadata.jpg", content))
    assert (photo.caption, photo.credit) == (value("caption"), value("credit"))
    assert photo.photographer.name == value("person-name")
    story = factories.article(1, headline="Quiet headline")
    story.photo_placements.create(photo=photo)
    shown = ["caption", "credit", "person-name"]
    assert_inert(client.get(story.get_absolute_url()), value, ["caption", "credit"])
    assert_inert(client.get(photo.photographer.get_absolute_url()), value, shown)
    assert_inert(chief_client.get(admin("articles_photo_changelist")), value, shown)
    assert_inert(
        chief_client.get(admin("articles_photo_change", photo.pk)),
        value,
        ["caption", "credit"],
    )


class _Head(HTMLParser):
    """The <title> text and the meta description, as a browser parses them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.description, self._in_title = "", None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content")

    def handle_endtag(self, tag):
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head_of(response) -> _Head:
    head = _Head()
    head.feed(response.content.decode())
    return head


@pytest.mark.django_db
@pytest.mark.parametrize(
    "template", [case[1] for case in p.XSS], ids=[case[0] for case in p.XSS]
)
def test_the_title_and_meta_description_hold_the_payload_as_plain_text(
    client, editor_client, template
):
    headline, dek = p.xss(template, "headline"), p.xss(template, "dek")
    story = factories.article(1, headline=headline, dek=dek)
    page = head_of(client.get(story.get_absolute_url()))
    assert page.title == f"{headline} · Newsroom"
    assert page.description == dek
    preview = head_of(editor_client.get(reverse("articles:preview", args=[story.guid])))
    assert preview.title == f"Preview: {headline} · Newsroom"
    admin_page = head_of(editor_client.get(admin("articles_article_change", story.pk)))
    assert admin_page.title == f"{headline} | Change story | Newsroom admin"
