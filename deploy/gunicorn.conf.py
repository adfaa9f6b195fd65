"""gunicorn settings for Newsroom: `gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`.

Every value can be changed from the environment (docs/deployment.md lists them), so
one file serves a laptop, a benchmark and a production host.
"""

import multiprocessing
import os
import sys

# As newsroom/startup.py: one line naming the setting, and gunicorn's "application
# failed to load" status, so a typo stops the server instead of a traceback.
EXIT_CONFIG_ERROR = 4


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        sys.stderr.write(
            f"newsroom: cannot start: {name}={value!r} is not a whole number"
            f"{f' of at least {minimum}' if minimum else ''}.\n"
        )
        sys.stderr.flush()
        raise SystemExit(EXIT_CONFIG_ERROR)  # gunicorn lets SystemExit through
    return number


# Behind nginx on the same host by default; a container sets 0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Sync workers: Django's ORM is synchronous and pages are CPU-bound templates. The
# classic 2 × cores + 1 keeps a core busy while another worker waits on PostgreSQL.
# (gunicorn itself reads WEB_CONCURRENCY when it starts, before this file: a value
# that is no number at all is refused by gunicorn, with its own traceback.)
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1, minimum=1)
threads = env_int("GUNICORN_THREADS", 1, minimum=1)
worker_class = "gthread" if threads > 1 else "sync"

# Load the app once in the master: the start-up checks (newsroom/startup.py) run
# before any worker forks, and a misconfiguration stops gunicorn with one clear line
# instead of a loop of crashing workers. The checks close their connections.
preload_app = True

# A request that takes longer than this is a bug or a stuck database: kill the worker.
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps connections to us alive (upstream keepalive).
keepalive = env_int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then so a slow leak never takes a host down; the jitter
# keeps them from restarting all at once.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Only the proxy in front may tell us the client's scheme (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Headers and request lines beyond these are refused with a 400 before Django runs.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Logs on stderr, one JSON object per access, with the request id the app returned
# (nginx passes its own $request_id in X-Request-ID, so the three logs line up).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
logger_class = "newsroom.gunicorn_logs.JsonAccessLogger"
proc_name = "newsroom"

# gunicorn 25.1+ opens a control socket at one fixed path per user, so two servers on
# a host (app and benchmark, two test runs) would fight over it. Off unless a path is
# given; older gunicorn ignores both names.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
