"""Guessing passwords: the desk's sign-in locks out after a few failures.

django-axes counts failures by account and by address; every failure is logged with
the username and the address. Behind a trusted proxy the address is the one the
proxy saw, and a client's own X-Forwarded-For changes nothing without one.
"""

import pytest
from django.test import Client

from ..conftest import sign_in
from ..logcapture import json_logs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lockout(settings):
    settings.AXES_FAILURE_LIMIT = 5


def wrong_guesses(client, username: str, count: int) -> list:
    return [
        client.post("/admin/login/", {"username": username, "password": f"guess-{n}"})
        for n in range(count)
    ]


def test_after_five_failures_even_the_right_password_is_refused(editor):
    client = Client(REMOTE_ADDR="203.0.113.7")
    with json_logs("axes") as logged:
        answers = wrong_guesses(client, "editor", 5)
        locked = client.post(
            "/admin/login/",
            {"username": "editor", "password": "a-long-test-password"},
        )
    assert [a.status_code for a in answers[:4]] == [200] * 4  # the form again
    assert locked.status_code == 429
    assert b"Too many failed sign-ins" in locked.content
    assert "_auth_user_id" not in client.session
    failures = [e for e in logged if "login failure by" in e["message"]]
    assert len(failures) >= 5  # each guess (and the refused sign-in) is logged
    assert all(
        "editor" in e["message"] and "203.0.113.7" in e["message"] for e in failures
    )


def test_one_address_guessing_many_accounts_is_locked_out(editor, reporter):
    client = Client(REMOTE_ADDR="203.0.113.8")
    for name in ("alice", "bob", "carol", "dave", "erin"):
        wrong_guesses(client, name, 1)
    assert not sign_in(client, "reporter")
    # The account itself is not locked: from another address it signs in.
    assert sign_in(Client(REMOTE_ADDR="198.51.100.4"), "reporter")


def test_a_made_up_forwarded_address_does_not_dodge_the_lockout(editor):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(5):
        client.post(
            "/admin/login/",
            {"username": f"user{n}", "password": "x"},
            headers={"X-Forwarded-For": f"10.0.0.{n}"},
        )
    assert not sign_in(client, "editor")


def test_behind_a_trusted_proxy_the_clients_own_address_counts(settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for n in range(5):  # one guesser behind the proxy…
        proxy.post(
            "/admin/login/",
            {"username": f"user{n}", "password": "x"},
            # What nginx sends: the client's made-up entry, then the address it saw.
            headers={"X-Forwarded-For": f"10.9.9.{n}, 203.0.113.10"},
        )
    # …does not lock out the editor signing in from elsewhere through the same proxy.
    response = proxy.post(
        "/admin/login/",
        {"username": "editor", "password": "a-long-test-password"},
        headers={"X-Forwarded-For": "198.51.100.20"},
    )
    assert response.status_code == 302


def test_a_sign_in_with_an_unsafe_next_lands_on_the_desk(editor):
    client = Client()
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {
            "username": "editor",
            "password": "a-long-test-password",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_staff_session_lasts_a_working_day(editor):
    client = Client()
    assert sign_in(client, "editor")
    cookie = client.cookies["sessionid"]
    assert int(cookie["max-age"]) == 12 * 3600
