"""A story carries its language (BCP 47): from the copy or told from its text,
editable in the admin, and told to readers, feeds, search engines and partners.
A headline in any script gives a readable Latin address."""

from datetime import date
from pathlib import Path

import feedparser
import pytest
from defusedxml import ElementTree
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from articles.languages import normalize_tag, og_locale
from articles.models import Article
from articles.wire import read_stories
from articles.wire.importer import WireImporter
from articles.wire.language import detect_language

from . import factories
from .formdata import form_data
from .html import json_ld, meta, page, parse
from .test_wire_formats import assert_valid_ninjs_31

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")
DATA = Path(__file__).resolve().parent / "data" / "wire"

# Invented copy in each agency's convention.
TASS_RU = (
    "Лавров провел переговоры с японским коллегой\n\n"
    "ТОКИО, 21 марта. /ТАСС/. Министр иностранных дел России Сергей Лавров "
    "провел в среду переговоры с главой МИД Японии. Стороны обсудили "
    "экономическое сотрудничество и вопросы безопасности в регионе.\n\n"
    "Как отметил министр, диалог был полезным, и стороны договорились "
    "продолжить контакты на всех уровнях.\n"
)
UKRINFORM_UK = (
    "Міністр закордонних справ України зустрівся з колегою. Сторони "
    "обговорили питання безпеки, і їхня позиція є незмінною."
)


def story_form(client, **fields) -> dict:
    data = form_data(client.get(ADD_URL).content.decode(), "article_form")
    data.update(headline="Talks in Tokyo", body="Ministers met on Wednesday.")
    data.update(fields)
    return data


# ------------------------------------------------------------------ the admin


def test_the_story_form_saves_a_language_and_tidies_its_case(editor_client):
    response = editor_client.post(ADD_URL, story_form(editor_client, language="pt_br"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Article.objects.get().language == "pt-BR"


def test_the_story_form_offers_common_languages_and_shows_the_default(
    editor_client,
):
    doc = parse(editor_client.get(ADD_URL).content.decode())
    field = doc.find(".//input[@name='language']")
    assert field.get("value") == "en"
    options = doc.find(f".//datalist[@id='{field.get('list')}']")
    values = [option.get("value") for option in options.iter("option")]
    assert {"en", "ru", "uk", "zh-Hans", "pt-BR"} <= set(values)


@pytest.mark.parametrize("bad", ["English", "r", "en-", "ru--RU", "12"])
def test_a_bad_language_tag_is_refused_with_a_message(editor_client, bad):
    response = editor_client.post(ADD_URL, story_form(editor_client, language=bad))
    assert response.status_code == 200
    shown = response.content.decode()
    assert "is not a language tag" in shown
    assert "“pt-BR”" in shown  # the message shows what a tag looks like
    assert not Article.objects.exists()


def test_the_story_list_filters_by_language(editor_client):
    factories.article(1, headline="Talks in Tokyo", language="en")
    factories.article(2, headline="Переговоры в Токио", language="ru")
    factories.article(3, headline="Переговоры в Киеве", language="ru-UA")
    url = reverse("admin:articles_article_changelist")
    shown = editor_client.get(url, {"language": "ru"}).content.decode()
    assert "Переговоры в Токио" in shown
    assert "Переговоры в Киеве" in shown
    assert "Talks in Tokyo" not in shown
    assert "Russian" in editor_client.get(url).content.decode()  # the filter


# --------------------------------------------------------------- public pages


def test_a_russian_story_page_is_in_russian_and_its_site_frame_in_english(client):
    story = factories.article(
        1,
        headline="Лавров провел переговоры",
        body="Текст.",
        dateline_place="Токио",
        language="ru",
    )
    doc = page(client, story.get_absolute_url())
    assert doc.get("lang") == "ru"
    body = doc.find("body")
    assert body.find(".//header[@class='site-header']").get("lang") == "en"
    assert body.find(".//footer[@class='site-footer']").get("lang") == "en"
    article = body.find(".//article")
    assert article.get("lang") is None  # the story itself inherits "ru"
    assert article.find(".//h1").text == "Лавров провел переговоры"
    assert json_ld(doc)["inLanguage"] == "ru"
    assert meta(doc, "og:locale") == "ru_RU"
    # In the site's "More stories" box, the story's place name says it is Russian.
    more = body.find(".//aside[@class='more']")
    assert more.get("lang") == "en"
    assert [(e.get("lang"), e.text) for e in more.iter("span")] == [("ru", "Токио")]


def test_a_story_in_the_sites_language_marks_nothing_twice(client):
    story = factories.article(1, language="en")
    doc = page(client, story.get_absolute_url())
    assert doc.get("lang") == "en"
    assert [e.tag for e in doc.iter() if e.get("lang")] == ["html"]
    assert json_ld(doc)["inLanguage"] == "en"
    assert meta(doc, "og:locale") == "en_US"


def test_a_list_marks_each_headline_in_another_language(client):
    factories.article(1, headline="Talks in Tokyo", language="en")
    factories.article(2, headline="東京で会談", dek="外相が会談した。", language="ja")
    doc = page(client, reverse("articles:home"))
    marked = {"".join(h.itertext()).strip(): h.get("lang") for h in doc.iter("h2")}
    assert marked["東京で会談"] == "ja"
    assert marked["Talks in Tokyo"] is None


@pytest.mark.parametrize(
    ("language", "locale"),
    [
        ("en", "en_US"),  # the territory of Django's LANGUAGE_CODE, en-us
        ("en-GB", "en_GB"),
        ("pt-BR", "pt_BR"),
        ("ru", "ru_RU"),
        ("uk", "uk_UA"),
        ("zh-Hant", "zh_TW"),
        ("eo", ""),  # no usual territory: left out rather than guessed
    ],
)
def test_open_graph_locale_comes_from_the_storys_language(language, locale):
    assert og_locale(language, "en-us") == locale


# ----------------------------------------------------------- feeds and sitemaps


def test_each_feed_item_says_its_storys_language(client):
    factories.article(1, headline="Talks in Tokyo", language="en")
    factories.article(2, headline="Переговоры в Токио", language="ru")
    atom = feedparser.parse(client.get(reverse("articles:feed-atom")).content)
    languages = {e.title: e.title_detail.language for e in atom.entries}
    assert languages == {"Talks in Tokyo": "en", "Переговоры в Токио": "ru"}
    rss = feedparser.parse(client.get(reverse("articles:feed-rss")).content)
    assert rss.feed.language == "en"  # the channel: the site's language
    assert {e.title: e.language for e in rss.entries} == {
        "Talks in Tokyo": "en",
        "Переговоры в Токио": "ru",
    }


def test_the_news_sitemap_names_each_storys_language(client, settings):
    from django.utils import timezone

    factories.article(1, headline="Переговоры", language="ru", published_at=None)
    Article.objects.update(published_at=timezone.now())
    xml = client.get("/sitemap-news.xml").content
    ns = {"news": "http://www.google.com/schemas/sitemap-news/0.9"}
    found = ElementTree.fromstring(xml).findall(".//news:language", ns)
    assert [element.text for element in found] == ["ru"]


# ---------------------------------------------------------------------- ninjs


def test_ninjs_export_gives_the_storys_language_and_stays_valid(client):
    story = factories.article(1, headline="Переговоры в Токио", language="ru")
    document = client.get(story.get_ninjs_url()).json()
    assert document["language"] == "ru"
    assert_valid_ninjs_31(document)


def test_ninjs_input_language_is_kept_and_tidied():
    doc = (
        b'{"uri": "urn:x:1", "type": "text", "language": "en_GB",'
        b' "headlines": [{"role": "main", "value": "Talks in Tokyo"}],'
        b' "bodies": [{"role": "main", "contentType": "text/plain",'
        b' "value": "Ministers met."}]}'
    )
    (story,) = read_stories(doc, reference_date=date(2026, 3, 21))
    assert story.language == "en-GB"
    assert "The language “en_GB” was read as “en-GB”." in story.unsure


def test_newsml_g2_xml_lang_is_kept():
    listing = DATA / "newsml-g2" / "LISTING_2_NewsML-G2_Text_Document.xml"
    (story,) = read_stories(listing.read_bytes(), reference_date=date(2026, 3, 21))
    assert story.language == "en-US"
    assert not [note for note in story.unsure if "language" in note]


# ----------------------------------------------------------------- wire copy


def test_russian_agency_copy_is_told_russian_and_gets_a_latin_address():
    # The text and the address on their own: reading Russian datelines is the
    # agency-text parser's business.
    assert detect_language(TASS_RU) == "ru"
    story = factories.article(1, headline=TASS_RU.splitlines()[0])
    assert story.slug == "lavrov-provel-peregovory-s-yaponskim-kollegoy"


def test_imported_copy_without_a_tag_takes_the_language_of_its_text():
    doc = (
        '{"uri": "urn:x:2", "type": "text", "copyrightHolder": "TASS",'
        ' "headlines": [{"role": "main", "value": "Лавров провел переговоры"}],'
        ' "bodies": [{"role": "main", "contentType": "text/plain", "value": '
        f'"{TASS_RU.splitlines()[2]}"'
        "}]}"
    ).encode()
    (story,) = read_stories(doc, reference_date=date(2026, 3, 21))
    assert story.language == "ru"
    article = WireImporter().import_story(story).article
    assert article.language == "ru"
    assert article.slug == "lavrov-provel-peregovory"


def test_an_unreadable_agency_tag_is_noted_and_the_text_decides():
    doc = (
        '{"uri": "urn:x:3", "type": "text", "language": "Ukrainian!",'
        ' "headlines": [{"role": "main", "value": "Переговори"}],'
        ' "bodies": [{"role": "main", "contentType": "text/plain", "value": '
        f'"{UKRINFORM_UK}"'
        "}]}"
    ).encode()
    (story,) = read_stories(doc, reference_date=date(2026, 3, 21))
    assert story.language == "uk"
    assert any("“Ukrainian!” is no language tag" in note for note in story.unsure)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (TASS_RU, "ru"),
        (UKRINFORM_UK, "uk"),
        ("Прэзідэнт Беларусі заявіў, што краіна гатовая да перамоў.", "be"),
        ("Қазақстан Президенті бүгін шетелдік әріптестерімен кездесті.", "kk"),
        ("外相が東京で会談し、経済協力について話し合った。", "ja"),
        ("外交部长在东京会晤，这是两国关系的重要进展。", "zh-Hans"),
        ("外交部長在東京會晤，這是兩國關係的重要進展。", "zh-Hant"),
        ("서울에서 외교장관 회담이 열렸다", "ko"),
        ("التقى وزير الخارجية نظيره في طوكيو", "ar"),
        ("Le ministre a rencontré son homologue et ils ont parlé de la paix.", "fr"),
        ("El ministro se reunió con su homólogo y hablaron de los acuerdos.", "es"),
        ("O ministro se reuniu com o seu homólogo e falaram dos acordos.", "pt"),
        (
            "Der Minister traf sich mit seinem Amtskollegen und sprach über die Lage.",
            "de",
        ),
        ("Il ministro ha incontrato il suo omologo e hanno parlato della pace.", "it"),
        (
            "Menteri bertemu dengan mitranya dan mereka membahas kerja sama yang ada.",
            "id",
        ),
        ("Bộ trưởng đã gặp người đồng cấp và hai bên đã thảo luận về hợp tác.", "vi"),
        ("The minister met his counterpart and they discussed the talks.", "en"),
        ("Tokyo 2026", "en"),  # Latin letters without a sign: English
        ("2026 — 21/03", ""),  # no letters: the default decides later
    ],
)
def test_the_language_is_told_from_the_text(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("given", "tidy"),
    [
        ("EN", "en"),
        ("en_US", "en-US"),
        (" pt-br ", "pt-BR"),
        ("ZH-HANT-tw", "zh-Hant-TW"),
        ("sr-latn", "sr-Latn"),
        ("de-CH-1901", "de-CH-1901"),
        ("english", ""),
        ("x-private", ""),
        ("", ""),
    ],
)
def test_agency_language_tags_are_tidied_or_refused(given, tidy):
    assert normalize_tag(given) == tidy


# ------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Лавров провел переговоры", "lavrov-provel-peregovory"),
        ("Україна і Польща", "ukraina-i-polshcha"),
        ("外交部长在东京会晤", "wai-jiao-bu-zhang-zai-dong-jing-hui-wu"),
        ("東京で会談", "dong-jing-de-hui-tan"),
        ("لافروف يلتقي كونو", "lfrwf-yltqy-kwnw"),
        ("Launch 🚀 from Vostochny", "launch-from-vostochny"),
        ("🚀🚀🚀", "story"),
    ],
)
def test_a_headline_in_any_script_gives_a_readable_latin_address(headline, slug):
    story = factories.article(1, headline=headline)
    assert story.slug == slug
    assert story.get_absolute_url().isascii()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_gives_stories_on_file_the_default_language_and_latin_places():
    before, after = (
        [("articles", "0009_tag_redirect")],
        [("articles", "0010_article_language")],
    )
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("articles")
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps.get_model(
            "articles", "Article"
        )
        old.objects.create(
            headline="Stored before", slug="stored-before", dateline_place="Москва"
        )
        old.objects.create(
            headline="Also stored", slug="also-stored", dateline_place="Tokyo"
        )
        assert sorted(old.objects.values_list("dateline_slug", flat=True)) == ["", ""]
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps.get_model("articles", "Article")
        rows = new.objects.order_by("slug").values_list(
            "slug", "language", "dateline_slug"
        )
        # Only a place in another script is rewritten; others wait for a save.
        assert list(rows) == [
            ("also-stored", "en", ""),
            ("stored-before", "en", "moskva"),
        ]
    finally:
        MigrationExecutor(connection).migrate(latest)


# -------------------------------------------------------------------- the seed


def test_the_seed_story_is_english():
    call_command("loaddata", "seed_story", verbosity=0)
    assert set(Article.objects.values_list("language", flat=True)) == {"en"}
