"""The full-text search index: one row per story, in the database's own engine.

The table is created by migration 0007 for the database in use, not by Django's
schema editor (hence ``managed = False``):

- SQLite: an FTS5 virtual table with one column per searchable part of a story;
  the hidden column named like the table takes ``MATCH`` and ``rank`` is BM25 with
  the weights set in the migration.
- PostgreSQL: a weighted ``tsvector`` per story with a GIN index.

``articles.search`` keeps the rows up to date and runs the queries; stories are
indexed whatever their state, and every search filters through
``Article.objects.published()`` like any other public surface.
"""

from django.db import models

SEARCH_TABLE = "articles_search"


class FTS5MatchField(models.TextField):
    """SQLite FTS5's table-named hidden column; only ``__match`` is meaningful."""


class TSVectorField(models.Field):
    """PostgreSQL's ``tsvector``; only ``__tsmatch`` is meaningful.

    Our own two-line field because ``django.contrib.postgres`` cannot be imported
    without psycopg, which SQLite installs do not have.
    """

    def db_type(self, connection):
        return "tsvector"


@FTS5MatchField.register_lookup
class FTS5Match(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


@TSVectorField.register_lookup
class TSMatch(models.Lookup):
    lookup_name = "tsmatch"

    def get_db_prep_lookup(self, value, connection):
        # The right-hand side is a tsquery expression, never a plain parameter.
        return ("%s", [value])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ {rhs}", [*lhs_params, *rhs_params]


class SearchEntry(models.Model):
    """A story's row in the search index (see the module docstring)."""

    article = models.OneToOneField(
        "articles.Article",
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        # The index row is removed by articles.search on delete; Django must not
        # try to collect rows of a table it does not manage.
        on_delete=models.DO_NOTHING,
        related_name="search_entry",
    )
    # SQLite only.
    fts = FTS5MatchField(db_column=SEARCH_TABLE)
    rank = models.FloatField()
    # PostgreSQL only.
    document = TSVectorField()

    class Meta:
        managed = False
        db_table = SEARCH_TABLE
        verbose_name_plural = "search entries"

    def __str__(self):
        return f"search entry {self.pk}"
