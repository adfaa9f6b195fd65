"""No lost edits under real concurrency: threads on separate database connections.

Runs on whichever database the suite uses (SQLite by default, PostgreSQL with
DATABASE_URL), with real transactions (``transaction=True``).
"""

import threading

import pytest

from articles import services
from articles.models import Article, ArticleRevision

from . import factories
from .threads import run_in_threads

Status = Article.Status


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_saving_the_same_version_at_once_one_wins_one_is_told(editor):
    pk = factories.article(1, status=Status.DRAFT).pk
    both_loaded = threading.Barrier(2, timeout=30)
    outcomes = {}

    def editor_saves(name):
        def run():
            article = Article.objects.get(pk=pk)
            both_loaded.wait()  # both hold version 1 before either saves
            article.headline = f"Headline by {name}"
            try:
                services.article_save(article=article, user=editor)
            except services.EditConflict:
                outcomes[name] = "refused"
            else:
                outcomes[name] = "saved"

        return run

    run_in_threads(editor_saves("first"), editor_saves("second"))
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(name for name, result in outcomes.items() if result == "saved")
    stored = Article.objects.get(pk=pk)
    assert stored.headline == f"Headline by {winner}"
    assert stored.lock_version == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_version_checked_saves_lose_no_update(editor):
    pk = factories.article(1, status=Status.DRAFT, body="Start.").pk
    rounds = 15
    start = threading.Barrier(2, timeout=30)
    refused = {"a": 0, "b": 0}

    def appender(name):
        def run():
            start.wait()
            for n in range(rounds):
                while True:  # what an editor does when refused: reload, redo
                    article = Article.objects.get(pk=pk)
                    article.body += f"\n\n{name}{n}."
                    try:
                        services.article_save(article=article, user=editor)
                        break
                    except services.EditConflict:
                        refused[name] += 1

        return run

    run_in_threads(appender("a"), appender("b"))
    stored = Article.objects.get(pk=pk)
    paragraphs = stored.paragraphs
    expected = {f"{name}{n}." for name in "ab" for n in range(rounds)}
    assert set(paragraphs[1:]) == expected  # zero lost updates
    assert len(paragraphs) == 1 + 2 * rounds  # and none applied twice
    assert stored.lock_version == 1 + 2 * rounds
    assert ArticleRevision.objects.filter(action="edited").count() == 2 * rounds
