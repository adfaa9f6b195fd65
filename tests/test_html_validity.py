"""The Nu HTML Checker (the W3C's validator, npm's ``vnu-jar``) finds no error on
any public page type: home, story, section, tag, person, photographer, agency,
place, the archive's pages, search with and without results, 404 and 410.

It runs offline with the machine's Java over the pages as the test client renders
them, all in one run of the checker (its start-up is most of its time).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from articles.models import ArticlePhoto, Person

from . import factories
from .test_accessibility import pages

VNU = (
    Path(__file__).resolve().parents[1]
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)


def missing_checker() -> str | None:
    if shutil.which("java") is None:
        return (
            "the Nu HTML Checker needs Java 17 or later (apt-get install default-jre)"
        )
    if not VNU.exists():
        return f"{VNU} is missing: run `npm ci` (make install-test does)"
    return None


pytestmark = pytest.mark.skipif(
    missing_checker() is not None, reason=str(missing_checker())
)


@pytest.fixture
def site(db):
    story = factories.furnish(factories.article(1, headline="A story"), 3)
    story.tags.add("common")
    other = factories.article(2, headline="Another story")
    other.tags.add("common")
    photographer = Person.objects.create(name="Alexander Shcherbak", slug="shcherbak")
    photo = factories.photo(9, credit="Alexander Shcherbak/TASS")
    assert photo.photographer == photographer
    ArticlePhoto.objects.create(article=other, photo=photo)
    Person.objects.create(name="Someone", slug="someone").story_roles.create(
        article=story
    )
    return story


def test_no_public_page_has_an_html_error(client, site, tmp_path):
    files = {}
    rendered = [
        *pages(client, site),
        ("photographer", client.get("/people/shcherbak/").content.decode()),
    ]
    for n, (url, html) in enumerate(rendered):
        path = tmp_path / f"page-{n}.html"
        path.write_text(html)
        files[path.as_uri()] = url
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stderr)  # the checker writes its report there
    errors = [
        f"{files.get(m.get('url'), m.get('url'))} line {m.get('lastLine')}: "
        f"{m['message']} [{m.get('extract', '')}]"
        for m in report["messages"]
        if m["type"] in {"error", "non-document-error"}
    ]
    assert len(files) >= 16  # every page type above was checked
    assert not errors, "\n".join(errors)
