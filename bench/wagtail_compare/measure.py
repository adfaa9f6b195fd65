"""In-process figures for the Wagtail comparison site (Django's test client).

Prints one JSON object: the story page, the page explorer listing the 100,000
children of the news index, and the story's edit form (the last two for a member of
Wagtail's Editors group and for a superuser), each a median with its query count,
measured by bench/timing.py exactly as our own pages are.

Usage: python measure.py INDEX_ID STORY_ID STORY_URL RUNS
       python measure.py repeat STORY_URL COUNT   (request it COUNT times, print
       nothing: what the harness counts instructions of under valgrind)
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

    result = {"story_page": measure(Client(), story_url, runs=runs)}
    for role, username in (("editor", "bench-editor"), ("superuser", "bench-admin")):
        staff = Client()
        staff.force_login(get_user_model().objects.get(username=username))
        explorer = f"/admin/pages/{index_id}/"
        result[f"explorer:{role}"] = measure(staff, explorer, runs=runs)
        edit_form = f"/admin/pages/{story_id}/edit/"
        result[f"edit_form:{role}"] = measure(staff, edit_form, runs=runs)
    print(json.dumps(result))


def repeat_page(story_url: str, count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings.production")
    django.setup()
    from django.test import Client
    from timing import repeat

    repeat(Client(), story_url, count)


if __name__ == "__main__":
    if sys.argv[1] == "repeat":
        repeat_page(sys.argv[2], int(sys.argv[3]))
    else:
        main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
