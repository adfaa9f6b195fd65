"""Processes the harness starts (gunicorn, nginx), wrk, and the nginx configuration.

Every process is started in its own session, remembered by its id, and stopped by
that id (its process group) when the run ends, however it ends.
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path


class Processes:
    """The servers this run started; ``stop_all`` ends each one by its own id."""

    def __init__(self) -> None:
        self.running: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], *, env: dict, cwd: Path, log: Path):
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            proc = subprocess.Popen(
                argv,
                env=env,
                cwd=cwd,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, ended by its id
            )
        self.running.append((name, proc))
        return proc

    def stop_all(self) -> None:
        for _name, proc in reversed(self.running):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for _name, proc in reversed(self.running):
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        self.running.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, *, proc: subprocess.Popen, log: Path, timeout: float = 60):
    """Poll ``url`` until it answers; fail with the server's log if it dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"server for {url} exited ({proc.returncode}); its log "
                f"{log}:\n{log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback
                return
        except urllib.error.HTTPError:
            return  # it answers; fetch() checks the status
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f}s")


def fetch(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


# -- wrk ---------------------------------------------------------------------------


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx responses plus socket errors (other than gunicorn's
    # connection closes after each response, which wrk reports as reconnects)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> WrkResult:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non2xx:
        errors += int(non2xx.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read \d+, write (\d+), timeout (\d+)", output
    )
    if sockets:
        errors += sum(int(g) for g in sockets.groups())
    return WrkResult(rps, p50, p99, requests, errors)


def run_wrk(
    wrk: str, url: str, *, seconds: int, threads: int, connections: int
) -> WrkResult:
    output = subprocess.run(
        [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    return parse_wrk(output)


# -- nginx -------------------------------------------------------------------------

NGINX_MAIN = """\
# Generated by bench/run.py for one run; every path is under bench/.work/.
worker_processes {workers};
daemon off;
pid {work}/nginx/nginx.pid;
error_log {work}/nginx/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    client_body_temp_path {work}/nginx/tmp/body;
    proxy_temp_path {work}/nginx/tmp/proxy;
    fastcgi_temp_path {work}/nginx/tmp/fastcgi;
    uwsgi_temp_path {work}/nginx/tmp/uwsgi;
    scgi_temp_path {work}/nginx/tmp/scgi;

    # The physical floor: our rendered article as a file.
    server {{
        listen 127.0.0.1:{static_port};
        root {work}/static-site;
        location / {{
            default_type text/html;
            try_files $uri $uri/index.html =404;
        }}
    }}
}}
"""


def render_deploy_nginx(
    repo: Path, *, prefix: Path, listen_port: int, upstream_port: int, workers: int
) -> tuple[Path | None, str]:
    """deploy/'s nginx configuration (micro-cache in front of gunicorn), rendered for
    this run by deploy/render_nginx.py's standalone mode; or why there is none.

    The production template is used as it is; only the listen address, the upstream,
    the worker count and the folders (cache, logs, static, media) are this run's.
    """
    deploy = repo / "deploy"
    renderer = deploy / "render_nginx.py"
    if not deploy.is_dir():
        return None, "n/a: deploy/ not present"
    if not renderer.exists():
        return None, "n/a: deploy/render_nginx.py not present"
    result = subprocess.run(
        [
            sys.executable,
            str(renderer),
            "--standalone",
            str(prefix),
            "--listen",
            f"127.0.0.1:{listen_port}",
            "--upstream",
            f"127.0.0.1:{upstream_port}",
            "--workers",
            str(workers),
            "--foreground",
            "--static-root",
            str(prefix.parent / "static-root"),
            "--media-root",
            str(prefix.parent / "media"),
        ],
        capture_output=True,
        text=True,
    )
    conf = prefix / "nginx.conf"
    if result.returncode != 0 or not conf.exists():
        reason = (result.stderr.strip().splitlines() or ["failed"])[-1]
        return None, f"n/a: deploy/render_nginx.py: {reason}"
    return conf, "deploy/nginx/ rendered by deploy/render_nginx.py --standalone"


def write_nginx_conf(*, work: Path, workers: int, static_port: int) -> Path:
    """The static nginx's configuration (the physical floor)."""
    for sub in (
        "tmp/body",
        "tmp/proxy",
        "tmp/fastcgi",
        "tmp/uwsgi",
        "tmp/scgi",
        "cache",
    ):
        (work / "nginx" / sub).mkdir(parents=True, exist_ok=True)
    path = work / "nginx" / "nginx.conf"
    path.write_text(
        NGINX_MAIN.format(work=work, workers=workers, static_port=static_port)
    )
    return path


def nginx_check(nginx: str, conf: Path) -> str | None:
    """None if nginx accepts ``conf``, else its complaint."""
    result = subprocess.run(
        [nginx, "-t", "-q", "-c", str(conf), "-p", str(conf.parent)],
        capture_output=True,
        text=True,
    )
    if result.returncode == 0:
        return None
    lines = [line for line in result.stderr.splitlines() if "emerg" in line]
    return (lines or result.stderr.splitlines() or ["nginx -t failed"])[0]
