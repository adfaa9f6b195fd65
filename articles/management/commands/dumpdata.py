"""``dumpdata`` that leaves out the search index.

The index (``articles.SearchEntry``) is derived from the stories and lives in a table
of the database's own engine (an FTS5 table on SQLite, a ``tsvector`` column on
PostgreSQL), whose columns no single model describes for both: Django's dumpdata
fails on it whichever the database. A backup needs only the stories;
``manage.py rebuild_search_index`` remakes the index after ``loaddata``.
"""

from django.core.management.commands import dumpdata

SEARCH_INDEX = "articles.SearchEntry"


class Command(dumpdata.Command):
    help = (
        dumpdata.Command.help
        + " The search index is left out: rebuild_search_index remakes it."
    )

    def handle(self, *app_labels, **options):
        options["exclude"] = [*(options.get("exclude") or []), SEARCH_INDEX]
        return super().handle(*app_labels, **options)
