"""Entry point: the admin's URLs and query strings (filters, dates, search, ids).

Django turns most nonsense in a changelist's query string into its ``?e=1`` redirect;
``articles.admin.guards`` makes the rest do the same (a date-hierarchy year of 9999,
and a NUL character anywhere in a query string is a 400 before any view runs
(``articles.middleware``: PostgreSQL fails on it in any lookup). Nothing is written.
"""

import json

import pytest
from django.urls import reverse

from .. import factories
from .checks import injected_markup, nothing_written

LISTS = {
    "stories": reverse("admin:articles_article_changelist"),
    "photos": reverse("admin:articles_photo_changelist"),
    "audit-log": reverse("admin:articles_auditentry_changelist"),
}
DATE_FIELD = {
    "stories": "published_at",
    "photos": "created_at",
    "audit-log": "created_at",
}

# id, query (``{d}`` is the list's date-hierarchy field).
REDIRECTED = [
    ("year-9999", "{d}__year=9999"),
    ("december-9999", "{d}__year=9999&{d}__month=12"),
    ("last-day-9999", "{d}__year=9999&{d}__month=12&{d}__day=31"),
    ("year-0", "{d}__year=0"),
    ("month-13", "{d}__year=2026&{d}__month=13"),
    ("30-february", "{d}__year=2026&{d}__month=2&{d}__day=30"),
    ("year-words", "{d}__year=soon"),
    ("not-a-date", "{d}__gte=notadate"),
    ("unknown-field", "nosuchfield=1"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", [c[1] for c in REDIRECTED], ids=[c[0] for c in REDIRECTED]
)
@pytest.mark.parametrize("name", list(LISTS))
def test_a_nonsense_list_query_redirects_to_the_plain_list(
    chief_client, media_root, name, query
):
    factories.article(1)
    url = LISTS[name] + "?" + query.format(d=DATE_FIELD[name])
    with nothing_written(media_root):
        response = chief_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == LISTS[name] + "?e=1"


NUL_QUERIES = [
    ("story-status", "articles/article/?status=%00"),
    ("story-status-suffix", "articles/article/?status=draft%00"),
    ("story-own-filter", "articles/article/?publication=%00"),
    ("story-date", "articles/article/?published_at__gte=%00"),
    ("story-search", "articles/article/?q=Lavrov%00"),
    ("nul-in-a-key", "articles/article/?status%00=draft"),
    ("photo-search", "articles/photo/?q=%00"),
    ("users-by-name", "auth/user/?username=%00"),
    ("tags-by-name", "taggit/tag/?name=%00"),
    ("tags-by-slug", "taggit/tag/?slug=%00"),
    (
        "autocomplete",
        "autocomplete/?term=%00&app_label=articles&model_name=article"
        "&field_name=agency",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", [c[1] for c in NUL_QUERIES], ids=[c[0] for c in NUL_QUERIES]
)
def test_a_nul_anywhere_in_an_admin_query_is_a_400_on_every_database(
    chief_client, media_root, path
):
    factories.article(1)
    with nothing_written(media_root):
        response = chief_client.get("/admin/" + path)
    assert response.status_code == 400
    assert response.content == b"Bad request: the address holds a NUL character."


# id, query. The list answers 200 and shows none of it as markup.
SHOWN = [
    ("long-search", "q=" + "x" * 20_000),
    ("markup-search", "q=%3Cscript%3Ealert(%22xss-q%22)%3C/script%3E"),
    ("markup-filter-value", "status=%3Cscript%3Ealert(%22xss-status%22)%3C/script%3E"),
    ("markup-own-filter", "publication=%22%3E%3Csvg%20onload=alert(%22xss-pub%22)%3E"),
    ("absurd-page", "p=" + "9" * 40),
    ("unknown-ordering", "o=999.-5.x"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", [c[1] for c in SHOWN], ids=[c[0] for c in SHOWN])
def test_an_odd_search_or_filter_still_shows_the_list(chief_client, media_root, query):
    factories.article(1)
    with nothing_written(media_root):
        response = chief_client.get(LISTS["stories"] + "?" + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert injected_markup(page, ["xss-q", "xss-status", "xss-pub"]) == []


# id, path, status. Unknown or malformed ids never reach the database as such.
OBJECTS = [
    ("word-id", "articles/article/abc/change/", 302),
    ("huge-id", f"articles/article/{2**70}/change/", 302),
    ("nul-id", "articles/article/%00/change/", 302),
    ("traversal-id", "articles/article/..%2F..%2F/change/", 302),
    ("photo-word-id", "articles/photo/abc/change/", 302),
    ("history-word-id", "articles/article/abc/history/", 404),
    ("history-huge-id", f"articles/article/{2**70}/history/", 404),
    ("revision-huge", "articles/article/{pk}/revisions/" + str(2**70) + "/", 404),
    ("revision-missing", "articles/article/{pk}/revisions/999/", 404),
    ("kill-word-id", "articles/article/abc/kill/", 404),
    ("kill-huge-id", f"articles/article/{2**70}/kill/", 404),
    ("delete-word-id", "articles/article/abc/delete/", 302),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"), [c[1:] for c in OBJECTS], ids=[c[0] for c in OBJECTS]
)
def test_an_unknown_or_malformed_object_id_is_a_redirect_or_404(
    chief_client, media_root, path, status
):
    story = factories.article(1)
    with nothing_written(media_root):
        response = chief_client.get("/admin/" + path.format(pk=story.pk))
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == reverse("admin:index")


@pytest.mark.django_db
def test_posting_to_a_malformed_story_id_changes_nothing(chief_client, media_root):
    factories.article(1)
    with nothing_written(media_root):
        response = chief_client.post(
            "/admin/articles/article/abc/change/", {"headline": "Hijack"}
        )
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"),
    [("article", "agency"), ("articleperson", "person"), ("photo", "photographer")],
)
@pytest.mark.parametrize("term", ["x" * 5_000, "%3Cscript%3E", "%E2%80%AE"])
def test_autocomplete_answers_hostile_search_terms_with_json(
    chief_client, model, field, term
):
    factories.agency()
    response = chief_client.get(
        f"/admin/autocomplete/?term={term}&app_label=articles"
        f"&model_name={model}&field_name={field}"
    )
    assert response.status_code == 200
    assert json.loads(response.content)["results"] == []


# id, the list, an action it offers. Every admin's bulk actions share Django's path.
ACTION_LISTS = [
    ("stories", "articles/article/", "publish_selected"),
    ("photos", "articles/photo/", "remake_renditions"),
    ("people", "articles/person/", "delete_selected"),
    ("agencies", "articles/agency/", "delete_selected"),
    ("users", "auth/user/", "delete_selected"),
    ("groups", "auth/group/", "delete_selected"),
    ("tags", "taggit/tag/", "delete_selected"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("selected", ["abc", str(2**70), "-" + str(2**70), "1.5"])
@pytest.mark.parametrize(
    ("path", "action"),
    [c[1:] for c in ACTION_LISTS],
    ids=[c[0] for c in ACTION_LISTS],
)
def test_a_bulk_action_on_a_malformed_selection_redirects_with_a_message(
    chief_client, media_root, path, action, selected
):
    factories.article(1, tags=["Diplomacy"])
    factories.photo(1)
    url = "/admin/" + path
    with nothing_written(media_root):
        response = chief_client.post(
            url, {"action": action, "index": "0", "_selected_action": selected}
        )
    assert response.status_code == 302
    assert response["Location"] == url
    shown = [str(m) for m in chief_client.get(url).context["messages"]]
    assert shown == [
        "The selection holds an id that does not exist. No items have been changed."
    ]
