"""Merging tags in the admin: duplicate tags from the wire become one, everywhere."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from articles import search
from articles.models import Article

from . import factories

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:taggit_tag_changelist")
MERGE = reverse("admin:taggit_tag_merge_tags")


def choose(client, *tags):
    return client.post(
        CHANGELIST,
        {"action": "render_tag_form", "_selected_action": [t.pk for t in tags]},
    )


def tag_names(story) -> list[str]:
    return sorted(Article.objects.get(pk=story.pk).tags.names())


def test_an_editor_merges_tags_on_every_story_and_the_old_one_goes(editor_client):
    only_old, only_new, both = (factories.article(n) for n in (1, 2, 3))
    only_old.tags.add("Russian Federation")
    only_new.tags.add("Russia")
    both.tags.add("Russia", "Russian Federation")
    for story in (only_old, only_new, both):
        story.save()  # indexed with its tags
    old = Tag.objects.get(name="Russian Federation")
    new = Tag.objects.get(name="Russia")

    assert choose(editor_client, old, new)["Location"].endswith(MERGE)
    page = unescape(editor_client.get(MERGE).content.decode())
    assert "Russian Federation (2 stories)" in page and "Russia (2 stories)" in page
    response = editor_client.post(MERGE, {"new_tag_name": "russia"}, follow=True)
    assert "2 tags were merged into “Russia”." in unescape(response.content.decode())

    assert [tag_names(s) for s in (only_old, only_new, both)] == [["Russia"]] * 3
    assert not Tag.objects.filter(name="Russian Federation").exists()
    tag_page = editor_client.get(reverse("articles:tag", kwargs={"slug": new.slug}))
    assert tag_page.content.decode().count("Story number") == 3
    assert list(search.ranked_matches("federation")) == []  # re-indexed


def test_merging_into_a_new_name_makes_that_tag(editor_client):
    story = factories.article(1)
    story.tags.add("Missile shield", "Missile defence")
    tags = list(Tag.objects.all())
    choose(editor_client, *tags)
    editor_client.post(MERGE, {"new_tag_name": "Missile defense"})
    assert tag_names(story) == ["Missile defense"]
    assert list(Tag.objects.values_list("name", flat=True)) == ["Missile defense"]


def test_a_reporter_may_not_merge_tags(reporter):
    client = Client()
    client.force_login(reporter)
    tag = Tag.objects.create(name="Russia")
    assert "render_tag_form" not in client.get(CHANGELIST).content.decode()
    session = client.session
    session["selected_tag_ids"] = str(tag.pk)
    session.save()
    assert client.post(MERGE, {"new_tag_name": "Other"}).status_code == 403
    assert Tag.objects.get().name == "Russia"


def test_tags_gone_before_the_merge_is_sent_are_a_message_not_a_500(editor_client):
    tags = [Tag.objects.create(name=n) for n in ("Arctic", "Arctic Ocean")]
    choose(editor_client, *tags)
    Tag.objects.all().delete()  # someone else removed them meanwhile
    response = editor_client.post(MERGE, {"new_tag_name": "Arctic"}, follow=True)
    assert response.status_code == 200
    assert "no longer there" in response.content.decode()


def test_a_merged_tags_address_answers_301_to_the_tag_kept(editor_client, client):
    story = factories.article(1)
    story.tags.add("Russian Federation")
    old = Tag.objects.get()
    old_url = reverse("articles:tag", kwargs={"slug": old.slug})
    choose(editor_client, old)
    editor_client.post(MERGE, {"new_tag_name": "Russia"})
    kept = Tag.objects.get()

    response = client.get(old_url + "?utm_source=partner")
    assert response.status_code == 301
    assert response["Location"] == (
        reverse("articles:tag", kwargs={"slug": kept.slug}) + "?utm_source=partner"
    )
    assert client.get("/tags/never-was/").status_code == 404

    # Merged again: the oldest address follows to the newest tag.
    choose(editor_client, kept)
    editor_client.post(MERGE, {"new_tag_name": "Russia (country)"})
    final = Tag.objects.get()
    assert client.get(old_url)["Location"] == reverse(
        "articles:tag", kwargs={"slug": final.slug}
    )
