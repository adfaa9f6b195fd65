"""Full-text search over published stories, in the database's own engine.

Readers search headline, standfirst, body, photo captions and credits, people and
tags. On SQLite the index is an FTS5 table ranked by BM25; on PostgreSQL a weighted
``tsvector`` with a GIN index, ranked by ``ts_rank``. Both are kept up to date by
``reindex``, which the signal receivers in ``articles.receivers`` call whenever a
story or anything shown with it changes (inside the same transaction, so a
rolled-back edit leaves the index as it was). ``manage.py rebuild_search_index``
rebuilds it whole.

Every story is indexed whatever its state; ``ranked_matches`` starts from
``Article.objects.published()``, so a search shows exactly what readers may see.
"""

import operator
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import reduce

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, Exists, F, OuterRef, QuerySet, Value, When

from .body import plain_text
from .models import Article, ArticlePerson, ArticlePhoto, TaggedArticle
from .models.search import SEARCH_TABLE, SearchEntry

# A reader's query longer than this is cut; nobody types more, and it bounds the work.
MAX_QUERY_LENGTH = 200
# Stories per write when (re)indexing many at once.
BATCH_SIZE = 500

# Relative weight of each part of a story. SQLite: BM25 column weights, in column
# order (set in migration 0007). PostgreSQL: tsvector weight letters.
COLUMNS = ("headline", "dek", "body", "captions", "people", "tags")
PG_WEIGHTS = {
    "headline": "A",
    "dek": "B",
    "people": "B",
    "tags": "B",
    "captions": "C",
    "body": "D",
}
# NEWSROOM_LANGUAGE → PostgreSQL text search configuration (stemming, stop words).
PG_CONFIGS = {
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


# Bidirectional embeddings, overrides and isolates: echoed unclosed into the page's
# title and heading they would reorder the text around them. They match nothing.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], None)


def clean_query(raw: str) -> str:
    """The reader's query as we echo it back: trimmed, one space between words,
    without bidirectional controls."""
    return " ".join(raw.translate(_BIDI_CONTROLS).split())[:MAX_QUERY_LENGTH]


def query_terms(query: str) -> list[str]:
    """Words and "quoted phrases" of a query, without operators or punctuation.

    Every term must match (like the search box of any news site); a quoted phrase
    must match as a phrase.
    """
    terms = []
    for phrase, word in _PHRASE_OR_WORD.findall(query):
        words = _WORD.findall(phrase if phrase else word)
        if words:
            terms.append(" ".join(words))
    return terms


def fts5_expression(terms: list[str]) -> str:
    """An FTS5 MATCH expression in which every term is a quoted string.

    Quoting makes any input safe: FTS5 operators (AND, NEAR, *, :, ^…) inside a
    string are plain text, and ``query_terms`` has already removed quote marks.
    """
    return " ".join(f'"{term}"' for term in terms)


def without_accents(text: str) -> str:
    """“Café” → “Cafe”, on PostgreSQL's side of the index and of every query (as
    FTS5's remove_diacritics does on SQLite), without the unaccent extension."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def pg_config() -> str:
    return PG_CONFIGS.get(settings.NEWSROOM_LANGUAGE.split("-")[0].lower(), "simple")


def ranked_matches(query: str) -> QuerySet | None:
    """Ids of the published stories matching ``query``, best match first (a
    ``values_list``, so a paginator counts and slices it); None for no words.

    The query starts from the full-text index and checks each match against the
    published rule with a correlated ``EXISTS`` (a primary-key look-up per match).
    With the stories as the outer table instead, SQLite's planner, which believes
    ``status = 'published'`` is selective, walks every published story and runs the
    full-text match once for each: seconds instead of milliseconds at 100,000.
    """
    terms = query_terms(query)
    if not terms:
        return None
    visible = Article.objects.published().filter(pk=OuterRef("article_id"))
    entries = SearchEntry.objects.filter(Exists(visible))
    if connection.vendor == "sqlite":
        # FTS5's BM25 divides by the length of the whole story, so a long story
        # with every word in its headline would rank below a short one that has a
        # word only among its tags. Stories whose headline alone matches (the same
        # tokens, stems and accents as the index) come first: one more full-text
        # query, read once as a set.
        expression = fts5_expression(terms)
        in_headline = SearchEntry.objects.filter(
            fts__match=f"{{headline}} : ({expression})"
        ).values("article_id")
        ranked = entries.filter(fts__match=expression).order_by(
            Case(When(article_id__in=in_headline, then=Value(0)), default=Value(1)),
            "rank",  # BM25: lower is better
            "-article_id",
        )
    elif connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        # One phrase query per term, all required: no word of the reader's ("or",
        # "-") can turn into an operator the way websearch syntax would.
        tsquery = reduce(
            operator.and_,
            (
                SearchQuery(
                    without_accents(t), search_type="phrase", config=pg_config()
                )
                for t in terms
            ),
        )
        ranked = (
            entries.filter(document__tsmatch=tsquery)
            .annotate(score=SearchRank(F("document"), tsquery))
            .order_by("-score", "-article_id")
        )
    else:
        raise NotImplementedError(
            f"Search runs on SQLite and PostgreSQL, not {connection.vendor}."
        )
    return ranked.values_list("article_id", flat=True)


def in_order(ids: list[int], stories: QuerySet) -> list[Article]:
    """The ``stories`` with these ids, in the order of ``ids`` (one query)."""
    found = {story.pk: story for story in stories.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


# Keeping the index up to date ------------------------------------------------------


@dataclass
class Document:
    """What the index holds for one story, one text per searchable part."""

    headline: str = ""
    dek: str = ""
    body: str = ""
    captions: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def columns(self) -> list[str]:
        return [
            self.headline,
            self.dek,
            self.body,
            "\n".join(self.captions),
            "\n".join(self.people),
            "\n".join(self.tags),
        ]


def build_documents(article_ids: Iterable[int]) -> dict[int, Document]:
    """The index documents of the given stories, in four queries for any number."""
    ids = list(article_ids)
    docs = {
        # The body's words without its markup: no match on "strong" or "href".
        row["id"]: Document(row["headline"], row["dek"], plain_text(row["body"]))
        for row in Article.objects.filter(pk__in=ids).values(
            "id", "headline", "dek", "body"
        )
    }
    captions = defaultdict(list)
    # A photo's credit and photographer are searched with its caption: a reader
    # looking for a photographer by name finds the stories with their pictures.
    for article_id, override, caption, credit, photographer in (
        ArticlePhoto.objects.filter(article_id__in=docs)
        .order_by("position", "pk")
        .values_list(
            "article_id",
            "caption_override",
            "photo__caption",
            "photo__credit",
            "photo__photographer__name",
        )
    ):
        captions[article_id] += [override or caption, credit, photographer]
    people = defaultdict(list)
    for article_id, name in (
        ArticlePerson.objects.filter(article_id__in=docs)
        .order_by("position", "pk")
        .values_list("article_id", "person__name")
        .distinct()
    ):
        people[article_id].append(name)
    tags = defaultdict(list)
    for article_id, name in TaggedArticle.objects.filter(
        content_object_id__in=docs
    ).values_list("content_object_id", "tag__name"):
        tags[article_id].append(name)
    for article_id, doc in docs.items():
        doc.captions = [c for c in captions[article_id] if c]
        doc.people = people[article_id]
        doc.tags = tags[article_id]
    return docs


# Inside ``deferred()``: the stories whose index rows wait for the block's end.
_pending: ContextVar[set[int] | None] = ContextVar("search_pending", default=None)


@contextmanager
def deferred() -> Iterator[set[int]]:
    """Index each story touched in the block once, when the block ends without error.

    A story's save, its people, tags and photos each ask for a reindex; an import
    that writes them one by one would index the same story several times. Use the
    block inside the transaction that writes, so the index still commits (or rolls
    back) with the story.
    """
    outer = _pending.get()
    pending: set[int] = set()
    token = _pending.set(pending)
    try:
        yield pending
    finally:
        _pending.reset(token)
    # Only reached without an exception: a failed block indexes nothing.
    if outer is not None:
        outer.update(pending)
    elif pending:
        reindex(pending)


def reindex(article_ids: Iterable[int]) -> int:
    """Bring the index rows of these stories up to date; returns how many exist.

    A story that no longer exists loses its row. Runs in the caller's transaction
    (inside ``deferred()``, at the end of that block; it then returns 0).
    """
    pending = _pending.get()
    if pending is not None:
        pending.update(article_ids)
        return 0
    ids = sorted(set(article_ids))
    written = 0
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        # One transaction per chunk: called after a commit (content_changed), two
        # saves' reindexes would otherwise interleave their DELETE and INSERT (the
        # second INSERT of a row fails on SQLite) or write an older document last.
        # (Inside a caller's transaction it just joins it: no savepoint.)
        with transaction.atomic(savepoint=False):
            docs = build_documents(chunk)
            _write(docs, gone=[pk for pk in chunk if pk not in docs])
        written += len(docs)
    return written


def remove(article_ids: Iterable[int]) -> None:
    ids = list(article_ids)
    if ids:
        _write({}, gone=ids)


def rebuild(*, batch_size: int = BATCH_SIZE, progress=None) -> int:
    """Empty the index and index every story again; returns the number indexed."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SEARCH_TABLE}")  # noqa: S608 - constant name
    done = 0
    last_pk = 0
    while True:
        chunk = list(
            Article.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not chunk:
            return done
        _write(build_documents(chunk), gone=[])
        done += len(chunk)
        last_pk = chunk[-1]
        if progress:
            progress(done)


def _write(docs: dict[int, Document], *, gone: list[int]) -> None:
    # Atomic even when called outside a transaction (the content_changed receiver
    # runs after commit): on SQLite a row is replaced by DELETE then INSERT, and
    # another writer's replacement of the same row must not land in between.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # FTS5 has no upsert: replace each row.
            stale = [*docs, *gone]
            if stale:
                marks = ",".join(["%s"] * len(stale))
                cursor.execute(
                    f"DELETE FROM {SEARCH_TABLE} WHERE rowid IN ({marks})",  # noqa: S608
                    stale,
                )
            if docs:
                cursor.executemany(
                    f"INSERT INTO {SEARCH_TABLE} (rowid, {', '.join(COLUMNS)}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * (len(COLUMNS) + 1))})",
                    [[pk, *doc.columns()] for pk, doc in docs.items()],
                )
        elif connection.vendor == "postgresql":
            if gone:
                cursor.execute(
                    f"DELETE FROM {SEARCH_TABLE} WHERE rowid = ANY(%s)",  # noqa: S608
                    [gone],
                )
            if docs:
                vector = " || ".join(
                    f"setweight(to_tsvector(%s::regconfig, %s), '{PG_WEIGHTS[c]}')"
                    for c in COLUMNS
                )
                config = pg_config()
                cursor.executemany(
                    f"INSERT INTO {SEARCH_TABLE} (rowid, document) "  # noqa: S608
                    f"VALUES (%s, {vector}) "
                    "ON CONFLICT (rowid) DO UPDATE SET document = EXCLUDED.document",
                    [
                        [
                            pk,
                            *[
                                v
                                for text in doc.columns()
                                for v in (config, without_accents(text))
                            ],
                        ]
                        for pk, doc in docs.items()
                    ],
                )
