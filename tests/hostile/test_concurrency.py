"""Two creates racing for the same slug: both saved with distinct slugs, or one told.

Threads on separate database connections with real transactions. On SQLite writers
take turns (BEGIN IMMEDIATE), so the exact interleaving some cases force can only
happen on PostgreSQL; those cases say so and are skipped on SQLite. ``.ci/run`` runs
the suite on both.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles import services
from articles.admin.stories import ArticleAdmin
from articles.models import Article, Person, slugs
from articles.photos.library import person_for_name

from ..conftest import make_user
from ..formdata import form_data
from ..threads import run_in_threads

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HEADLINE = "Lavrov meets Kono in Tokyo"


def postgres_only():
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite lets one writer in at a time: the other save cannot land between "
            "this one's slug check and its INSERT"
        )


def test_two_desks_creating_the_same_headline_at_once_both_get_a_story(editor):
    start = threading.Barrier(2, timeout=30)

    def create():
        start.wait()
        services.article_save(article=Article(headline=HEADLINE), user=editor)

    run_in_threads(create, create)  # any exception in a thread fails the test
    slugs = sorted(Article.objects.values_list("slug", flat=True))
    assert slugs == ["lavrov-meets-kono-in-tokyo", "lavrov-meets-kono-in-tokyo-2"]


def interleave(monkeypatch, other_create):
    """Run ``other_create`` on its own connection right after this thread's slug is
    chosen and before its INSERT: the slug is taken under its feet, once."""
    original, raced = slugs.unique_slug, []

    def unique_slug_then_race(*args, **kwargs):
        slug = original(*args, **kwargs)
        if not raced and threading.current_thread() is threading.main_thread():
            raced.append(slug)
            run_in_threads(other_create)
        return slug

    monkeypatch.setattr(slugs, "unique_slug", unique_slug_then_race)
    return raced


def test_a_story_whose_slug_is_taken_before_its_insert_takes_the_next(monkeypatch):
    raced = interleave(monkeypatch, lambda: Article.objects.create(headline=HEADLINE))
    story = Article.objects.create(headline=HEADLINE)
    assert raced == ["lavrov-meets-kono-in-tokyo"]
    assert story.slug == "lavrov-meets-kono-in-tokyo-2"
    assert Article.objects.count() == 2


def test_a_person_whose_slug_is_taken_before_its_insert_takes_the_next(monkeypatch):
    """Two photo uploads naming the same new photographer at once."""
    raced = interleave(monkeypatch, lambda: person_for_name("Jane Roe"))
    person = person_for_name("Jane Roe")
    assert raced == ["jane-roe"]
    assert person.slug == "jane-roe-2"
    assert sorted(Person.objects.values_list("slug", flat=True)) == [
        "jane-roe",
        "jane-roe-2",
    ]


def test_the_race_inside_a_service_transaction_also_ends_in_two_stories(
    monkeypatch, editor
):
    postgres_only()
    interleave(
        monkeypatch,
        lambda: services.article_save(article=Article(headline=HEADLINE), user=editor),
    )
    story = services.article_save(article=Article(headline=HEADLINE), user=editor)
    assert story.slug == "lavrov-meets-kono-in-tokyo-2"
    assert Article.objects.count() == 2
    assert story.revisions.count() == 1  # its revision survived the retry


def test_an_editor_whose_chosen_slug_is_taken_meanwhile_is_told_with_text_kept(
    monkeypatch, editor
):
    """Both typed the same address; the other one's save lands after this form was
    checked. Nothing of this editor's is saved; they are told why (409), with their
    text handed back."""
    postgres_only()
    other = make_user("alice", "Editors")
    save_model, raced = ArticleAdmin.save_model, []

    def alice_saves_first(self, request, obj, form, change):
        if not raced:
            raced.append(True)
            run_in_threads(
                lambda: services.article_save(
                    article=Article(headline="Alice's story", slug="tokyo-talks"),
                    user=other,
                )
            )
        return save_model(self, request, obj, form, change)

    monkeypatch.setattr(ArticleAdmin, "save_model", alice_saves_first)
    client = Client()
    client.force_login(editor)
    url = reverse("admin:articles_article_add")
    data = form_data(client.get(url).content.decode(), "article_form")
    data.update(headline=HEADLINE, body="My body text.", slug="tokyo-talks")
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Story with this Slug already exists." in response.content.decode()
    assert "My body text." in response.content.decode()
    assert list(Article.objects.values_list("headline", flat=True)) == ["Alice's story"]
