"""In-process figures for the Wagtail comparison site (Django's test client).

Prints one JSON object: the story page, the page explorer listing the 100,000
children of the news index, and the story's edit form, each a median with its query
count, measured by bench/timing.py exactly as our own pages are.

Usage: python measure.py INDEX_ID STORY_ID STORY_URL RUNS
"""

import json
import os
import sys

import django


def main(index_id: int, story_id: int, story_url: str, runs: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings.production")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from timing import measure

    reader = Client()
    editor = Client()
    editor.force_login(get_user_model().objects.get(username="bench-admin"))
    result = {
        "story_page": measure(reader, story_url, runs=runs),
        "explorer": measure(editor, f"/admin/pages/{index_id}/", runs=runs),
        "edit_form": measure(editor, f"/admin/pages/{story_id}/edit/", runs=runs),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
