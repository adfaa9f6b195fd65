"""Real processes for the deployment tests: manage.py, gunicorn, nginx on loopback.

Each helper bounds its waits and the fixtures stop what they start, by pid.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def outside_env() -> dict[str, str]:
    """The environment for a server that is not ours (redis-server) a test starts.

    Without libfaketime (``make test-future`` preloads it into every process):
    redis-server cannot start under it, and moving its clock tests nothing of ours.
    """
    return {
        key: value
        for key, value in os.environ.items()
        if key != "LD_PRELOAD" and not key.startswith("FAKETIME")
    }


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment of a production-like process: DEBUG off, a real key, own files."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_"))
        and key not in {"DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp_path / "collected-static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "uploads"),
        DJANGO_CACHE_URL="locmem://",
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict, timeout: float = 120):
    return subprocess.run(
        args,
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    result = run([PYTHON, "manage.py", *args], env=env)
    assert result.returncode == 0, result.stderr
    return result


def get(url: str, headers: dict | None = None, data: bytes | None = None):
    """(status, headers, body) of a request; 4xx/5xx are answers, not exceptions."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until_answers(url: str, process: subprocess.Popen, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            return get(url)
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
