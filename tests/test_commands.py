"""`manage.py load_demo`, as `make run` calls it on every start; dumpdata backups."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article


def run(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_creates_the_story_and_an_editor_once():
    first = run()
    assert "Loaded the seed story" in first
    password = first.split("password:")[1].split()[0]
    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and not user.is_superuser
    assert user.check_password(password)
    assert user.has_perm("articles.publish_article")

    Article.objects.update(dek="Edited by the desk")
    second = run()
    assert "password:" not in second
    assert Article.objects.get().dek == "Edited by the desk"
    assert get_user_model().objects.count() == Article.objects.count() == 1


@pytest.mark.django_db
def test_load_demo_prints_the_login_address_where_the_server_answers():
    assert "log in at http://127.0.0.1:8000/admin/" in run()
    get_user_model().objects.all().delete()
    printed = run("--site", "http://192.0.2.7:8765/")
    assert "log in at http://192.0.2.7:8765/admin/" in printed


@pytest.mark.django_db
def test_dumpdata_backs_up_the_stories_and_loaddata_restores_them(seed, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("dumpdata", "--natural-foreign", output=str(backup), verbosity=0)
    models = {item["model"] for item in json.loads(backup.read_text())}
    assert {"articles.article", "articles.agency", "taggit.tag"} <= models
    assert "articles.searchentry" not in models  # derived: rebuild_search_index
    headline = seed.headline
    Article.objects.filter(pk=seed.pk).update(headline="Overwritten by mistake")
    call_command("loaddata", str(backup), verbosity=0)
    seed.refresh_from_db()
    assert seed.headline == headline


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("", "--username must not be empty."),
        ("bad user!", "--username 'bad user!': Enter a valid username."),
        ("e" * 200, "--username is 200 characters long; the most is 150."),
    ],
)
def test_load_demo_refuses_a_user_name_the_user_model_would_not_take(username, message):
    with pytest.raises(CommandError) as refused:
        run("--username", username)
    assert str(refused.value).startswith(message)
    # Checked before anything is written: not even the seed story.
    assert not get_user_model().objects.exists()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_load_demo_takes_the_longest_user_name_the_model_allows():
    assert f"user name: {'e' * 150}" in run("--username", "e" * 150)
