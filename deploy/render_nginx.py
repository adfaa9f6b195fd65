#!/usr/bin/env python3
"""Render Newsroom's nginx configuration from deploy/nginx/*.template.

Production (goes in nginx's http {} context, next to the distribution's nginx.conf):

    python3 deploy/render_nginx.py --server-name news.example.org \\
        --upstream 127.0.0.1:8000 --media-root /srv/newsroom/media \\
        --static-root /srv/newsroom/staticfiles > /etc/nginx/conf.d/newsroom.conf

Standalone, unprivileged, on any port (tests, benchmarks):

    python3 deploy/render_nginx.py --standalone /tmp/nx --listen 127.0.0.1:8080 \\
        --upstream 127.0.0.1:8000 ...
    nginx -p /tmp/nx -c /tmp/nx/nginx.conf        # stop: nginx -p /tmp/nx -s quit

Only the standard library; values are checked so a typo cannot inject directives.
"""

import argparse
import getpass
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEMPLATES = HERE / "nginx"

# What a value may contain: no spaces, braces, quotes or semicolons.
_SAFE = re.compile(r"[A-Za-z0-9_./:\[\]@*~-]+")


def render(template: str, values: dict[str, str]) -> str:
    """Fill every @NAME@ in ``template``; a missing or unsafe value is an error."""
    for name, value in values.items():
        if not _SAFE.fullmatch(value):
            raise ValueError(f"{name}={value!r}: not a safe nginx value")

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"no value for @{name}@")
        return values[name]

    return re.sub(r"@([A-Z_]+)@", fill, template)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="80", help="address:port or port")
    parser.add_argument("--server-name", default="_", help="public host name(s)")
    parser.add_argument("--upstream", default="127.0.0.1:8000", help="gunicorn bind")
    parser.add_argument("--static-root", default=str(ROOT / "staticfiles"))
    parser.add_argument("--media-root", default=str(ROOT / "media"))
    parser.add_argument(
        "--cache-dir", help="default /var/cache/nginx/newsroom, or PREFIX/cache"
    )
    parser.add_argument(
        "--access-log", help="default /var/log/nginx/newsroom.access.log, or PREFIX/…"
    )
    # The signed mark of a signed-in editor (articles.caching.EDITOR_COOKIE), not
    # the session cookie: anyone can send a made-up session cookie.
    parser.add_argument("--editor-cookie", default="newsroom_editor")
    parser.add_argument("--body-limit", default="25m")
    parser.add_argument(
        "--microcache", default="1s", help="how long pages without Cache-Control live"
    )
    parser.add_argument(
        "--standalone",
        metavar="PREFIX",
        help="write PREFIX/nginx.conf + PREFIX/newsroom.conf for an unprivileged nginx",
    )
    parser.add_argument("--workers", default="1", help="standalone: worker processes")
    parser.add_argument("--mime-types", default="/etc/nginx/mime.types")
    parser.add_argument(
        "--foreground", action="store_true", help="standalone: daemon off"
    )
    args = parser.parse_args(argv)

    values = {
        "LISTEN": args.listen,
        "SERVER_NAME": args.server_name,
        "UPSTREAM": args.upstream,
        "STATIC_ROOT": str(Path(args.static_root).resolve()),
        "MEDIA_ROOT": str(Path(args.media_root).resolve()),
        "CACHE_DIR": args.cache_dir or "/var/cache/nginx/newsroom",
        "ACCESS_LOG": args.access_log or "/var/log/nginx/newsroom.access.log",
        "EDITOR_COOKIE": args.editor_cookie,
        "BODY_LIMIT": args.body_limit,
        "MICROCACHE": args.microcache,
    }
    try:
        if not args.standalone:
            site = (TEMPLATES / "newsroom.conf.template").read_text()
            sys.stdout.write(render(site, values))
            return 0
        prefix = Path(args.standalone).resolve()
        values["CACHE_DIR"] = args.cache_dir or str(prefix / "cache")
        values["ACCESS_LOG"] = args.access_log or str(prefix / "access.log")
        values.update(
            PREFIX=str(prefix),
            WORKERS=args.workers,
            USER=getpass.getuser(),
            MIME_TYPES=args.mime_types,
            DAEMON="off" if args.foreground else "on",
        )
        for sub in ("tmp", "cache"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        site = (TEMPLATES / "newsroom.conf.template").read_text()
        main_conf = (TEMPLATES / "standalone.conf.template").read_text()
        (prefix / "newsroom.conf").write_text(render(site, values))
        (prefix / "nginx.conf").write_text(render(main_conf, values))
    except (KeyError, ValueError, OSError) as exc:
        print(f"render_nginx: {exc}", file=sys.stderr)
        return 2
    print(prefix / "nginx.conf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
