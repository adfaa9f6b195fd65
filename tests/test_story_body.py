"""The story body as HTML (issue 21): what readers, machines and editors get."""

import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from articles import search, services
from articles.admin.diffs import field_diffs
from articles.body import clean_body, plain_text
from articles.models import Article, ArticleRevision
from articles.photos import photo_refresh_renditions
from articles.wire import ninjs, read_stories
from articles.wire.merge import merge_paragraphs, split_paragraphs

from . import factories
from .conftest import make_user
from .factories import NOW
from .test_wire_formats import assert_valid_ninjs_31

RICH = (
    "<p>Talks resumed in Tokyo on Monday, the ministry said.</p>"
    "<h2>What was agreed</h2>"
    '<p>The text is <a href="https://example.org/treaty">on the ministry site</a>'
    " and <strong>binding</strong>.</p>"
    "<blockquote><p>We are ready, he said.</p></blockquote>"
    "<ul><li><p>fishing rights</p></li><li><p>visas</p></li></ul>"
)


@pytest.fixture
def pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def test_plain_paragraphs_become_escaped_p_elements():
    assert clean_body("One & two.\n\nThree <four>.") == (
        "<p>One &amp; two.</p><p>Three &lt;four&gt;.</p>"
    )


def test_a_word_processor_paste_keeps_only_what_the_schema_allows():
    pasted = (
        '<div class="WordSection1"><h1 style="x">Title</h1><p class="MsoNormal">'
        "<b>Bold</b> and <i>italic</i><span style='color:red'> red</span>"
        "<o:p></o:p></p><table><tr><td>cell</td></tr></table></div>"
    )
    assert clean_body(pasted) == (
        "<h2>Title</h2><p><strong>Bold</strong> and <em>italic</em> red</p><p>cell</p>"
    )


@pytest.mark.django_db
def test_the_page_shows_subheads_links_quotes_lists_and_the_dateline(client, pinned):
    story = factories.article(1, body=RICH)
    page = client.get(story.get_absolute_url()).content.decode()
    assert '<span class="dateline">MOSCOW, November 29. /TASS/.</span> Talks' in page
    assert "<h2>What was agreed</h2>" in page
    assert '<a href="https://example.org/treaty">on the ministry site</a>' in page
    assert "<blockquote><p>We are ready, he said.</p></blockquote>" in page
    assert "<li><p>visas</p></li>" in page


@pytest.mark.django_db
def test_a_photo_in_the_body_shows_with_srcset_caption_and_credit(client, pinned):
    photo = factories.photo(7, caption="Crowds at the quay", credit="Ann Lee/TASS")
    photo_refresh_renditions(photo=photo, force=True)
    story = factories.article(
        1, body=f'<p>First.</p><figure data-photo="{photo.pk}"></figure><p>Last.</p>'
    )
    page = client.get(story.get_absolute_url()).content.decode()
    body = page[page.index('<div class="story-body">') :]
    between = body[body.index("First.") : body.index("Last.")]
    assert "srcset=" in between
    assert "Crowds at the quay" in between
    assert "© Ann Lee/TASS" in between


@pytest.mark.django_db
def test_a_link_to_our_story_follows_its_slug_and_hides_drafts(client, pinned):
    target = factories.article(2, headline="Earlier story")
    draft = factories.article(3, status=Article.Status.DRAFT, published_at=None)
    story = factories.article(
        1,
        body=f'<p>See <a href="story:{target.pk}">our report</a> and '
        f'<a href="story:{draft.pk}">the draft</a>.</p>',
    )
    Article.objects.filter(pk=target.pk).update(slug="renamed-story")
    page = client.get(story.get_absolute_url()).content.decode()
    address = Article.objects.get(pk=target.pk).get_absolute_url()
    assert "renamed-story" in address
    assert f'<a href="{address}">our report</a>' in page
    assert draft.slug not in page
    assert "the draft." in page


@pytest.mark.django_db
def test_machines_get_plain_text_and_full_html(client, pinned):
    story = factories.article(1, body=RICH, dek="")
    data = story_jsonld(client, story)
    assert data["articleBody"].startswith("Talks resumed in Tokyo")
    assert "<" not in data["articleBody"] and "What was agreed" in data["articleBody"]
    assert story.summary == "Talks resumed in Tokyo on Monday, the ministry said."
    rss = client.get("/feeds/news.rss").content.decode()
    assert "<content:encoded>&lt;p&gt;Talks resumed" in rss
    atom = client.get("/feeds/news.atom").content.decode()
    assert '<content type="html">&lt;p&gt;Talks resumed' in atom
    doc = ninjs.article_to_ninjs(story, base_url="https://news.example.org/")
    assert_valid_ninjs_31(doc)
    plain, html = doc["bodies"]
    assert plain["value"] == plain_text(RICH)
    assert html["value"] == RICH


def story_jsonld(client, story) -> dict:
    page = client.get(story.get_absolute_url()).content.decode()
    start = page.index('<script type="application/ld+json">') + 35
    blocks = page[start:].split("</script>")[0]
    data = json.loads(blocks)
    return data if data.get("@type") == "NewsArticle" else data[0]


@pytest.mark.django_db
def test_search_finds_the_words_not_the_markup():
    story = factories.article(1, body=RICH)
    assert story.pk in list(search.ranked_matches("agreed"))
    assert story.pk not in list(search.ranked_matches("strong"))
    assert story.pk not in list(search.ranked_matches("href"))


@pytest.mark.django_db
def test_publishing_needs_a_credit_for_a_body_photo_and_flags_draft_links(pinned):
    editor = make_user("chief", "Editors")
    nameless = factories.photo(5, credit="")
    draft = factories.article(4, status=Article.Status.DRAFT, published_at=None)
    story = factories.article(
        1,
        status=Article.Status.DRAFT,
        published_at=None,
        body=f'<p>Text <a href="story:{draft.pk}">more</a>.</p>'
        f'<figure data-photo="{nameless.pk}"></figure>',
    )
    with pytest.raises(ValidationError, match="placed in the body has no credit"):
        services.article_publish(article=story, user=editor)
    nameless.credit = "Ann Lee/TASS"
    nameless.save()
    from articles.body_render import unpublished_links_note

    assert "“Story number 4”" in unpublished_links_note(story.body)
    story = Article.objects.get(pk=story.pk)  # as the next form shows it
    services.article_publish(article=story, user=editor)
    assert Article.objects.get(pk=story.pk).status == Article.Status.PUBLISHED


@pytest.mark.django_db
def test_the_revision_diff_reads_structure_and_restore_brings_markup_back(pinned):
    editor = make_user("chief", "Editors")
    story = factories.article(1, status=Article.Status.DRAFT, published_at=None)
    services.article_save(article=story, user=editor)
    first = ArticleRevision.objects.filter(article=story).latest("version")
    story.body = RICH
    services.article_save(article=story, user=editor)
    revisions = ArticleRevision.objects.filter(article=story).order_by("version")
    diffs = field_diffs(revisions[0].data, revisions.last().data)
    body = next(d for d in diffs if d.name == "body")
    assert "Subhead: What was agreed" in body.new
    assert "[link: https://example.org/treaty]" in body.new
    assert "Quote: We are ready" in body.new and "• visas" in body.new
    assert "<ins>" in body.inline and "&lt;h2&gt;" not in body.inline
    services.article_restore(article=story, revision=revisions.last(), user=editor)
    assert Article.objects.get(pk=story.pk).body == RICH
    services.article_restore(article=story, revision=first, user=editor)
    assert "<h2>" not in Article.objects.get(pk=story.pk).body


def test_the_wire_merge_keeps_the_desks_link_and_takes_the_agencys_paragraph():
    base = split_paragraphs("Lead.\n\nSecond paragraph here.\n\nThird.")
    desk = split_paragraphs(
        '<p>Lead.</p><p>Second <a href="https://e.org/">paragraph</a> here.</p>'
        "<p>Third.</p>"
    )
    agency = split_paragraphs("Lead.\n\nSecond paragraph here.\n\nThird, updated.")
    merged = merge_paragraphs(base, desk, agency).paragraphs()
    assert merged == [
        "<p>Lead.</p>",
        '<p>Second <a href="https://e.org/">paragraph</a> here.</p>',
        "<p>Third, updated.</p>",
    ]


NITF = b"""<?xml version="1.0" encoding="UTF-8"?>
<nitf><head><title>Port reopens</title>
<docdata><doc-id id-string="port-1"/><doc.copyright holder="Harbour Agency"/>
<date.issue norm="20261129T100000Z"/></docdata></head>
<body><body.head><hedline><hl1>Port reopens</hl1></hedline></body.head>
<body.content><p>The northern quay reopened on Monday, the port said.</p>
<hl2>What happens next</hl2>
<p>Ships return <a href="https://port.example/notice">as announced</a>.</p>
<bq><p>We are open, the harbour master said.</p></bq>
</body.content></body></nitf>"""


def test_nitf_subheads_links_and_quotes_map_onto_the_schema():
    (story,) = read_stories(NITF, reference_date=NOW.date())
    assert "<h2>What happens next</h2>" in story.body
    assert '<a href="https://port.example/notice">as announced</a>' in story.body
    assert "<blockquote><p>We are open" in story.body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_turns_paragraphs_into_p_and_back():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("articles")
    before = [("articles", "0018_desk_autosave")]
    after = [("articles", "0019_rich_body")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model(
            "articles", "Article"
        )
        old.objects.create(
            headline="Stored before",
            slug="stored-before",
            body="One & two.\n\nThree.",
            created_at=NOW,
            updated_at=NOW,
        )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps.get_model("articles", "Article")
        assert new.objects.get().body == "<p>One &amp; two.</p><p>Three.</p>"
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        assert old.objects.get().body == "One & two.\n\nThree."
    finally:
        MigrationExecutor(connection).migrate(latest)


@pytest.mark.django_db
def test_the_story_link_search_finds_headlines_for_staff_only(editor_client):
    target = factories.article(2, headline="Harbour reopens after the storm")
    url = "/admin/articles/article/story-links/"
    assert Client().get(url, {"q": "harbour"}).status_code == 302  # to the login
    found = editor_client.get(url, {"q": "harbour storm"}).json()["results"]
    assert found == [
        {
            "id": target.pk,
            "headline": "Harbour reopens after the storm",
            "href": f"story:{target.pk}",
            "state": "Published",
        }
    ]
    assert editor_client.get(url, {"q": "x"}).json() == {"results": []}
