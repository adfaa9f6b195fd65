"""Public reads from a replica; writes, the admin and logged-in users on the primary.

The end-to-end tests need a replica alias: .ci/run runs this file with
DJANGO_DATABASE_REPLICA_URLS pointing at the primary's own server (a test mirror,
which is what a streaming replica looks like to the app).
"""

import pytest
from django.db import connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import caching
from articles.models import Article
from newsroom.middleware import ReplicaReadsMiddleware
from newsroom.routers import PrimaryReplicaRouter, use_replica

from . import factories

router = PrimaryReplicaRouter()


def test_reads_use_the_replica_only_when_asked():
    assert router.db_for_read(Article) == "default"
    with use_replica("replica_1"):
        assert router.db_for_read(Article) == "replica_1"
        assert router.db_for_write(Article) == "default"
    assert router.db_for_read(Article) == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica_1", "articles")


def read_alias_during(request, settings) -> str:
    """Which alias a read would use while the middleware handles ``request``."""
    settings.NEWSROOM_READ_REPLICAS = ["replica_1"]
    seen = []

    def view(request):
        seen.append(router.db_for_read(Article))
        return None

    ReplicaReadsMiddleware(view)(request)
    return seen[0]


@pytest.mark.parametrize(
    ("method", "path", "cookies", "alias"),
    [
        ("get", "/", {}, "replica_1"),
        ("head", "/news/some-story/", {}, "replica_1"),
        ("get", "/admin/articles/article/", {}, "default"),
        ("post", "/", {}, "default"),
        ("get", "/", {"sessionid": "an-editor"}, "default"),
    ],
)
def test_only_anonymous_public_reads_go_to_a_replica(
    settings, method, path, cookies, alias
):
    factory = RequestFactory()
    factory.cookies.load(cookies)
    request = getattr(factory, method)(path)
    assert read_alias_during(request, settings) == alias


def test_without_replicas_everything_stays_on_the_primary(settings):
    settings.NEWSROOM_READ_REPLICAS = []
    assert ReplicaReadsMiddleware(lambda request: None).replicas == []


# End to end, with a real second connection ------------------------------------

needs_replica = pytest.mark.skipif(
    "replica_1" not in connections,
    reason="set DJANGO_DATABASE_REPLICA_URLS (as .ci/run does) to test with a replica",
)


@needs_replica
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")
def test_a_readers_story_page_is_read_from_the_replica(client, settings):
    settings.NEWSROOM_REPLICA_LAG_SECONDS = 0  # the change below is long replicated
    story = factories.article()
    # After a change the page cache reads the schedule once, on the primary (a
    # lagging replica could miss a story just scheduled); the page is the reader's.
    caching.current_state()
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica_1"]) as replica,
    ):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert story.headline in response.content.decode()
    assert len(replica) > 0
    assert len(primary) == 0


@needs_replica
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")
def test_just_after_a_change_pages_are_made_from_the_primary(client, settings):
    # A replica that has not caught up must not put an old page in the cache.
    settings.NEWSROOM_REPLICA_LAG_SECONDS = 60
    story = factories.article()  # a change: the page cache's generation moves on
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica_1"]) as replica,
    ):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert len(primary) > 0
    assert len(replica) == 0


@needs_replica
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases="__all__")
def test_the_admin_reads_and_writes_on_the_primary(editor):
    from django.test import Client

    desk = Client()
    desk.force_login(editor)
    story = factories.article(status=Article.Status.DRAFT)
    with CaptureQueriesContext(connections["replica_1"]) as replica:
        response = desk.get(reverse("admin:articles_article_changelist"))
        assert response.status_code == 200
        public = desk.get("/")  # logged in: read-your-writes on the primary
        assert public.status_code == 200
    assert len(replica) == 0
    assert Article.objects.using("replica_1").get(pk=story.pk).headline
