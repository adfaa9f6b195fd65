"""Polling an HTTP(S) URL: one document (ninjs, NewsML-G2, NITF…) or a feed.

The standard library's urllib, with a timeout on each read and on the whole answer,
a byte limit that stops reading (a declared length over it is refused unread),
conditional GET (ETag / Last-Modified) so an unchanged answer costs nothing, and no
redirect to anything but http(s). An HTML answer (a login or error page) is refused
by name. An RSS or Atom feed is read for its entries: each entry's enclosure (or
link) is fetched as one item with the same limits, and entries already taken are
skipped (the source remembers the latest ids). Credentials go only to the source's
own host, never along a redirect.
"""

import base64
import contextlib
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from .poll import PollError, Session, credentials

USER_AGENT = "Newsroom wire poller"
CHUNK = 64 * 1024
SEEN_IDS_KEPT = 2000  # per source: well over any feed's length
TOTAL_TIME_FACTOR = 4  # the whole answer within this many read timeouts
HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_ROOT = re.compile(
    rb"\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?[^>]*\?>\s*)*"
    rb"(?:<!DOCTYPE[^>]*>\s*)?<(rss|feed|rdf:RDF)\b",
    re.S,
)
HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.S | re.I
)


@dataclass
class Answer:
    body: bytes
    etag: str
    last_modified: str


def split(url: str) -> tuple[str, str]:
    """(scheme, host:port) of ``url``; empty for one that does not parse."""
    try:
        parts = urlsplit(url)
        return parts.scheme, parts.netloc
    except ValueError:  # an unclosed [IPv6 address] in an agency's link
        return "", ""


class NoUnsafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only: never to file:, ftp: or data:."""

    def http_error_302(self, req, fp, code, msg, headers):
        target = urljoin(req.full_url, headers.get("Location", ""))
        if split(target)[0] not in ("http", "https"):
            fp.close()
            raise PollError(
                f"{req.full_url} redirects to {target}, not http(s).", retry=False
            )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_302
    http_error_308 = http_error_302


OPENER = urllib.request.build_opener(NoUnsafeRedirects)


def authorization(secrets: dict | None) -> str | None:
    if not secrets:
        return None
    if "token" in secrets:
        return f"Bearer {secrets['token']}"
    pair = f"{secrets['user']}:{secrets['password']}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


def fetch(
    url: str,
    session: Session,
    *,
    auth: str | None = None,
    etag: str = "",
    last_modified: str = "",
) -> Answer | None:
    """GET ``url`` within the limits; ``None`` when the server says unchanged."""
    if split(url)[0] not in ("http", "https"):
        raise PollError(f"{url} is not an http(s) address.", retry=False)
    options = session.options
    # The scheme was checked just above: http(s) only, never file: or ftp:.
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    if auth:
        # Unredirected: a redirect to another host never receives the secret.
        request.add_unredirected_header("Authorization", auth)
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    deadline = time.monotonic() + options.timeout * TOTAL_TIME_FACTOR
    try:
        response = OPENER.open(request, timeout=options.timeout)
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 304:
            return None
        hint = " (check the source's credentials)" if error.code in (401, 403) else ""
        raise PollError(
            f"{url} answered HTTP {error.code} {error.reason}{hint}.",
            retry=error.code >= 500 or error.code in (401, 403, 408, 429),
        ) from None
    except TimeoutError:
        raise PollError(f"{url} did not answer within {options.timeout:g} s.") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise PollError(
                f"{url} did not answer within {options.timeout:g} s."
            ) from None
        raise PollError(f"Cannot reach {url}: {error.reason}.") from None
    except OSError as error:  # a connection reset, a TLS failure
        raise PollError(f"Cannot read {url}: {error}.") from None
    with response:
        headers = response.headers
        if headers.get_content_type() in HTML_TYPES:
            raise PollError(
                f"{url} answered with an HTML page (a login or error page?), not "
                "wire copy.",
                retry=False,
            )
        declared = headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > options.max_bytes:
            raise PollError(
                f"{url} sends {int(declared):,} bytes, more than the limit of "
                f"{options.max_bytes:,}; not read.",
                retry=False,
            )
        body = read_limited(response, url, options.max_bytes, deadline)
        if HTML_START.match(body[:4096]):
            raise PollError(
                f"{url} answered with an HTML page (a login or error page?), not "
                "wire copy.",
                retry=False,
            )
        return Answer(body, headers.get("ETag", ""), headers.get("Last-Modified", ""))


def read_limited(response, url: str, limit: int, deadline: float) -> bytes:
    """Read at most ``limit`` bytes; stop (without reading on) past it or past
    the deadline, so an endless or crawling answer costs bounded time."""
    parts, size = [], 0
    while True:
        try:
            chunk = response.read1(CHUNK)
        except TimeoutError:
            raise PollError(f"{url} stopped sending (timed out).") from None
        except OSError as error:
            raise PollError(f"Cannot read {url}: {error}.") from None
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > limit:
            raise PollError(
                f"{url} sends more than the limit of {limit:,} bytes; stopped reading.",
                retry=False,
            )
        if time.monotonic() > deadline:
            raise PollError(f"{url} is too slow: the answer did not arrive in time.")
        parts.append(chunk)


def poll_http(source, session: Session) -> None:
    auth = authorization(credentials(source, token_ok=True))
    seen = source.seen
    answer = fetch(
        source.location,
        session,
        auth=auth,
        etag=seen.get("etag", ""),
        last_modified=seen.get("last_modified", ""),
    )
    if answer is None:
        return  # unchanged since the last poll
    complete = True
    if FEED_ROOT.match(answer.body[:4096]):
        complete = take_feed(source, session, answer.body, auth)
    else:
        session.take(answer.body, name=source.location)
    # Remembered only once the whole answer was taken in: an entry to retry, or a
    # stop half-way, means the feed must be fetched in full next time.
    if complete:
        seen["etag"], seen["last_modified"] = answer.etag, answer.last_modified
    else:
        seen.pop("etag", None), seen.pop("last_modified", None)


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2].rpartition(":")[2]


def feed_entries(body: bytes, base: str) -> list[tuple[str, str]]:
    """(id, address) of each RSS item or Atom entry, in the feed's order."""
    try:
        root = SafeET.fromstring(body)
    except (SafeET.ParseError, DefusedXmlException) as error:
        raise PollError(
            f"The feed at {base} is not well-formed XML: {error}."
        ) from None
    entries = []
    for element in root.iter():
        if local_name(element.tag) not in ("item", "entry"):
            continue
        ident, link, enclosure = "", "", ""
        for child in element:
            name = local_name(child.tag)
            if name in ("guid", "id"):
                ident = (child.text or "").strip()
            elif name == "enclosure":
                enclosure = enclosure or child.get("url", "")
            elif name == "link":
                rel = child.get("rel", "alternate")
                href = child.get("href") or (child.text or "").strip()
                if rel == "enclosure":
                    enclosure = enclosure or href
                elif rel == "alternate" and not link:
                    link = href
        address = enclosure or link
        if address:
            with contextlib.suppress(ValueError):  # then refused by name on fetch
                address = urljoin(base, address)
            entries.append((ident or address, address))
    return entries


def take_feed(source, session: Session, body: bytes, auth: str | None) -> bool:
    """Take the feed's new entries; whether every one was done with."""
    complete = True
    seen = source.seen
    seen_ids = list(seen.get("ids", []))
    known = set(seen_ids)
    host = split(source.location)[1]
    for ident, address in feed_entries(body, source.location):
        if ident in known:
            continue
        if session.stopping():
            complete = False
            break
        session.renew()  # many slow entries must not outlast the lease
        try:
            # The source's secret only for its own host.
            same_host = split(address)[1] == host
            item = fetch(address, session, auth=auth if same_host else None)
        except PollError as error:
            session.fail_item(f"{address}: {error}")
            if error.retry:
                complete = False
                continue  # fetched again next time
        else:
            if item is not None:
                session.take(item.body, name=address)
        seen_ids.append(ident)
        known.add(ident)
    seen["ids"] = seen_ids[-SEEN_IDS_KEPT:]
    return complete
