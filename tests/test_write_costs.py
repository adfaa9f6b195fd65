"""What one save and one opening of the story form cost in queries (issue 19).

Measured on the seed story (a photo, people, tags), as an editor, with the work
done after the commit included; ``bench/run.py --only write-costs`` prints the same
figures.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from articles import services
from articles.models import Article
from articles.search import ranked_matches

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("saved_before", [False, True], ids=["first", "next"])
def test_a_save_that_changes_one_field_runs_at_most_20_queries(
    seed,
    editor,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
    saved_before,
):
    story = Article.objects.get(pk=seed.pk)
    if saved_before:  # a story saved through the desk before has its history
        story.dek = "An earlier standfirst."
        services.article_save(article=story, user=editor)
    story.headline = "Lavrov and Kono meet again"
    with (
        django_assert_max_num_queries(20),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.article_save(article=story, user=editor)
    assert Article.objects.get().headline == "Lavrov and Kono meet again"
    assert story.revisions.latest("version").changed_fields == ["headline"]


def test_a_save_re_indexes_the_story_once_and_search_finds_the_new_words(
    seed, editor, django_capture_on_commit_callbacks, monkeypatch
):
    from articles import search

    written, write = [], search._write

    def counted(docs, *, gone):
        written.append(sorted(docs))
        return write(docs, gone=gone)

    monkeypatch.setattr(search, "_write", counted)
    story = Article.objects.get(pk=seed.pk)
    story.headline = "Lavrov and Kono discuss fisheries"
    # As the admin and wire ingest save a story with its tags: in two steps, the
    # tags written in between, one transaction, the index written once at its end.
    with (
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
        search.deferred(),
    ):
        save = services.article_save_row(article=story, user=editor)
        story.tags.add("Fisheries")  # in the same change
        services.article_save_recorded(save=save)
    assert written == [[story.pk]]
    services.article_publish(article=story, user=editor)
    assert list(ranked_matches("fisheries")) == [story.pk]


def test_the_story_form_opens_with_at_most_15_queries(
    seed, editor_client, django_assert_max_num_queries
):
    url = reverse("admin:articles_article_change", args=[seed.pk])
    editor_client.get(url)  # the session and presence rows exist from here on
    with django_assert_max_num_queries(15):
        response = editor_client.get(url)
    assert response.status_code == 200
    assert seed.headline in response.content.decode()
