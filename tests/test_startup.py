"""A server that cannot serve stops at start-up with one line naming the setting."""

import secrets

import pytest

from .servers import BASE_DIR, BIN, PYTHON, production_env, run

START_WSGI = [PYTHON, "-c", "import newsroom.wsgi"]
DEAD_PORT = "127.0.0.1:1"  # nothing listens on port 1: refused at once


def documented_env(tmp_path, *, real_secret: bool = True) -> dict[str, str]:
    """deploy/production.env.example, with a real secret, as an operator uses it."""
    values = {}
    for line in (
        (BASE_DIR / "deploy" / "production.env.example").read_text().split("\n")
    ):
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    if real_secret:
        values["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    return production_env(tmp_path, **values)


def assert_refused_with_one_line(result, setting: str):
    assert result.returncode == 4, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"newsroom: cannot start: {setting}"), lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("setting", "environment"),
    [
        ("DJANGO_SECRET_KEY", {"DJANGO_SECRET_KEY": ""}),
        ("DATABASE_URL", {"DATABASE_URL": "mysqlx://db.example/newsroom"}),
        ("DATABASE_URL", {"DATABASE_URL": f"postgres://postgres@{DEAD_PORT}/nr"}),
        (
            "DJANGO_DATABASE_REPLICA_URLS",
            {"DJANGO_DATABASE_REPLICA_URLS": f"postgres://postgres@{DEAD_PORT}/nr"},
        ),
        ("DJANGO_CACHE_URL", {"DJANGO_CACHE_URL": "memcache://127.0.0.1:11211"}),
        ("DJANGO_CACHE_URL", {"DJANGO_CACHE_URL": f"redis://{DEAD_PORT}/0"}),
        ("REDIS_URL", {"DJANGO_CACHE_URL": "", "REDIS_URL": f"redis://{DEAD_PORT}/0"}),
        ("DJANGO_MEDIA_ROOT", {"DJANGO_MEDIA_ROOT": "/proc/newsroom-media"}),
        ("DJANGO_SESSION_STORE", {"DJANGO_SESSION_STORE": "files"}),
        ("DJANGO_STATIC_ROOT", {}),  # collectstatic never ran
        ("NEWSROOM_PAGE_SIZE", {"NEWSROOM_PAGE_SIZE": "0"}),  # lists need a page
    ],
)
def test_server_refuses_to_start_naming_the_setting(tmp_path, setting, environment):
    result = run(START_WSGI, env=production_env(tmp_path, **environment))
    assert_refused_with_one_line(result, setting)


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("replace-me", "it has 10 characters, fewer than 50"),
        ("k" * 60, "it has 1 different characters, fewer than 5"),
        ("django-insecure-" + "x" * 50, "it starts with 'django-insecure-'"),
    ],
)
def test_server_refuses_a_weak_secret_key(tmp_path, key, reason):
    # What `check --deploy` calls weak (security.W009) never signs a real session.
    result = run(START_WSGI, env=production_env(tmp_path, DJANGO_SECRET_KEY=key))
    assert_refused_with_one_line(result, "DJANGO_SECRET_KEY is too weak")
    assert reason in result.stderr
    assert key not in result.stderr  # the key itself is never printed


def test_server_refuses_the_placeholder_key_of_the_documented_environment(tmp_path):
    # An operator who copied deploy/production.env.example and forgot the secret.
    env = documented_env(tmp_path, real_secret=False)
    assert env["DJANGO_SECRET_KEY"] == "replace-me"
    result = run(START_WSGI, env=env)
    assert_refused_with_one_line(result, "DJANGO_SECRET_KEY is too weak")


def test_asgi_entry_point_refuses_the_same_way(tmp_path):
    env = production_env(tmp_path, DJANGO_CACHE_URL=f"redis://{DEAD_PORT}/0")
    result = run([PYTHON, "-c", "import newsroom.asgi"], env=env)
    assert_refused_with_one_line(result, "DJANGO_CACHE_URL")


def test_a_correct_configuration_starts(tmp_path):
    env = production_env(tmp_path)
    # A manifest is all the start-up check looks for; tests/test_serving.py runs the
    # real collectstatic.
    (tmp_path / "collected-static").mkdir()
    (tmp_path / "collected-static" / "staticfiles.json").write_text(
        '{"paths": {}, "version": "1.1"}'
    )
    result = run(START_WSGI, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_deploy_check_passes_with_no_warning_in_the_documented_environment(tmp_path):
    result = run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=documented_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_names_what_is_missing_without_it(tmp_path):
    env = production_env(tmp_path, DJANGO_SECRET_KEY="")
    result = run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env=env
    )
    assert result.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W009"):
        assert warning in result.stderr


def test_deploy_check_reports_an_unreachable_cache(tmp_path):
    env = documented_env(tmp_path)
    env["DJANGO_CACHE_URL"] = f"redis://{DEAD_PORT}/0"
    result = run([PYTHON, "manage.py", "check", "--deploy"], env=env)
    assert result.returncode == 1
    assert "newsroom.E001" in result.stderr
    assert "DJANGO_CACHE_URL: cannot reach redis://127.0.0.1:1/0" in result.stderr


def test_a_damaged_static_manifest_is_named(tmp_path):
    (tmp_path / "collected-static").mkdir()
    (tmp_path / "collected-static" / "staticfiles.json").write_text("{not json")
    result = run(START_WSGI, env=production_env(tmp_path))
    assert_refused_with_one_line(result, "DJANGO_STATIC_ROOT")


@pytest.mark.parametrize(
    ("variable", "value", "line"),
    [
        ("GUNICORN_TIMEOUT", "x", "GUNICORN_TIMEOUT='x' is not a whole number."),
        ("GUNICORN_KEEPALIVE", "5s", "GUNICORN_KEEPALIVE='5s' is not a whole number."),
        (
            "WEB_CONCURRENCY",
            "0",
            "WEB_CONCURRENCY='0' is not a whole number of at least 1.",
        ),
        (
            "GUNICORN_THREADS",
            "-2",
            "GUNICORN_THREADS='-2' is not a whole number of at least 1.",
        ),
    ],
)
def test_gunicorn_refuses_a_bad_value_with_one_line(tmp_path, variable, value, line):
    env = production_env(tmp_path, **{variable: value})
    gunicorn = [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py"]
    result = run([*gunicorn, "newsroom.wsgi"], env=env, timeout=60)
    assert_refused_with_one_line(result, line)


def test_manage_py_refuses_a_bad_value_with_one_line(tmp_path):
    env = production_env(tmp_path, DJANGO_DEBUG="maybe")
    result = run([PYTHON, "manage.py", "check"], env=env)
    assert_refused_with_one_line(
        result, "DJANGO_DEBUG='maybe' is not a yes/no value (use 1 or 0)."
    )
