"""HTTP caching for public pages, and an app-level page cache that never goes stale.

The rule: a change to any story, photo, person, tag or agency shows on every page
at once. The cache keeps a *content generation* (a random token) that every
change replaces (``note_change``, called by ``articles.receivers``), and every
cached page's key contains the generation it was made under, so after a change no
old page can be found any more. Changes nobody saves — a scheduled story's time
arriving, an embargo lifting — are covered by the schedule: the cache looks up
when ``published()`` next changes by itself and no entry lives past that moment.

The bound, stated:

- Publishing, editing, correcting, killing (any save, delete or ``content_changed``):
  the next request after the transaction commits gets the new page.
- A scheduled publication or an embargo lift: pages made before it expire at that
  moment. If the schedule is unknown (a change whose transaction has not committed
  yet, or one that rolled back), pages live at most ``NEWSROOM_PAGE_CACHE_SECONDS``.
- Browsers and shared caches may keep a page for ``NEWSROOM_HTTP_MAX_AGE`` seconds
  (never past the next scheduled change) and then revalidate it with its ETag.

Every public page also answers conditional requests: ``ETag`` (a hash of the page)
and ``Last-Modified`` (the last content change, or the time the page was made when
the schedule is unknown) give a 304 to a client that has the current page.
``Last-Modified`` has HTTP's one-second resolution; the ETag is exact and wins when
a client sends both.

The generation lives in the cache itself (``NEWSROOM_PAGE_CACHE``), so all
processes share it only when that cache is shared (Redis); the per-process default
suits one process (development, tests).

``public_page`` (each public view's decorator) makes pages and marks them public;
``PageCacheMiddleware`` (near the top of ``MIDDLEWARE``) stores them and answers a
repeated request before sessions, CSRF, auth, messages and the CSP middleware run:
a cached page costs less than the cheapest view behind the full stack.
"""

import hashlib
import logging
import math
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import partial, wraps
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date, urlencode

from newsroom.routers import use_primary

from .models import Article, front_changes

logger = logging.getLogger(__name__)

STATE_KEY = "newsroom:pages:state"
# "v2": entries hold the final headers since the middleware stores them; entries of
# the earlier shape (in a shared Redis across a deploy) are never read.
PAGE_KEY = "newsroom:pages:v2:{generation}:{url}"
# Set on every answer, cached or not, from the state at that moment.
PER_RESPONSE_HEADERS = {"etag", "last-modified", "cache-control"}


def page_cache():
    return caches[settings.NEWSROOM_PAGE_CACHE]


@dataclass(frozen=True)
class State:
    """The content generation and what is known about the next scheduled change."""

    generation: str
    changed_at: float  # epoch seconds of the last change we know of
    next_change: float | None  # the next scheduled publication or embargo lift
    schedule_known: bool
    # The cache could not be reached: pages are made fresh and never kept.
    offline: bool = False

    def ttl(self, now: float) -> int:
        """Seconds a page made now may be kept."""
        if self.offline:
            return 0
        limit = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if self.schedule_known and self.next_change is not None:
            limit = min(limit, math.floor(self.next_change - now))
        return max(limit, 0)


def _save(state: State) -> State:
    page_cache().set(
        STATE_KEY,
        (state.generation, state.changed_at, state.next_change, state.schedule_known),
        timeout=None,
    )
    return state


def _new_generation() -> str:
    return secrets.token_hex(8)


def refresh(now=None) -> State:
    """A new generation with the schedule read from the database (one query):
    stories going out or lifting an embargo, banners starting or expiring,
    arrangements going live."""
    now = now or timezone.now()
    first, *rest = [*Article.objects.visibility_changes(now), *front_changes(now)]
    upcoming = min((t for t in first.union(*rest, all=True) if t), default=None)
    return _save(
        State(
            generation=_new_generation(),
            changed_at=now.timestamp(),
            next_change=upcoming.timestamp() if upcoming else None,
            schedule_known=True,
        )
    )


# Inside ``deferred()``: whether anything changed during the block.
_changed_in_block: ContextVar[list[bool] | None] = ContextVar(
    "page_cache_changed", default=None
)


@contextmanager
def deferred() -> Iterator[None]:
    """Retire cached pages once, at the end of the block, however much it changed.

    For bulk writers (wire ingest) that commit story by story: without it every
    commit would read the schedule again. Pages made during the block may show the
    content as it was when the block began, until it ends.
    """
    flag: list[bool] = []
    token = _changed_in_block.set(flag)
    try:
        yield
    finally:
        _changed_in_block.reset(token)
        if flag:
            note_change()


def note_change() -> None:
    """Retire every cached page: content changed (or is about to, on commit).

    The generation is replaced at once, so a page made from the new data within
    the transaction is never served as current afterwards, and again on commit,
    with the schedule read from the committed data.

    A cache that cannot be reached (Redis down) is logged as one warning and the
    change goes on: the content is the database's, and a save or an ingest must
    not fail, or roll back, because its cached pages could not be retired.
    """
    flag = _changed_in_block.get()
    if flag is not None:
        flag.append(True)
        return
    if cache_paused():
        _warn_not_retired(ConnectionError("the cache failed moments ago"))
        return
    try:
        _save(
            State(
                generation=_new_generation(),
                changed_at=timezone.now().timestamp(),
                next_change=None,
                schedule_known=False,
            )
        )
    except Exception as exc:  # redis-py's and other backends' connection errors
        _unreachable_since[:] = [time.monotonic()]
        _warn_not_retired(exc)
        return  # the refresh on commit would only fail the same way
    # One refresh per transaction, however many rows it saves (an import of a
    # thousand stories reads the schedule once, after it commits): every change
    # registers a callback, and the first to run after the commit refreshes for
    # all of its batch. Django drops the callbacks of a rolled-back block, so a
    # batch whose callbacks were all dropped stays open for the next change.
    batch = getattr(_pending, "batch", None)
    if batch is None or batch.done:
        batch = _pending.batch = _Batch()
    transaction.on_commit(partial(_refresh_after_commit, batch))


class _Batch:
    """The changes of one thread awaiting their commit's refresh."""

    done = False


_pending = threading.local()


def _refresh_after_commit(batch: _Batch) -> None:
    if batch.done:
        return
    batch.done = True
    try:
        refresh()
    except Exception as exc:  # as in note_change: the change itself is committed
        _warn_not_retired(exc)


def _warn_not_retired(exc: Exception) -> None:
    """One line: what failed, and how long pages made before the change may last."""
    reason = str(exc).strip().splitlines()
    reason = f"{type(exc).__name__}: {reason[0]}" if reason else type(exc).__name__
    logger.warning(
        "page cache: could not retire cached pages after a change (%s); the change "
        "is saved, but pages cached before it may be served for up to %s seconds "
        "once the cache answers again.",
        reason,
        settings.NEWSROOM_PAGE_CACHE_SECONDS,
    )


# When the cache last failed (epoch seconds, per process): for a little while after,
# it is not asked again, so an outage costs readers one time-out, not one a request.
_unreachable_since: list[float] = []
# One warning a minute while the cache is down, not one a request.
_last_warning: list[float] = []


def cache_unreachable(exc: Exception) -> None:
    """Note a failed cache call: pause the cache for ``NEWSROOM_CACHE_RETRY_SECONDS``
    and log one warning a minute at most."""
    now = time.monotonic()
    _unreachable_since[:] = [now]
    if _last_warning and now - _last_warning[0] < 60:
        return
    _last_warning[:] = [now]
    reason = str(exc).strip().splitlines()
    reason = f"{type(exc).__name__}: {reason[0]}" if reason else type(exc).__name__
    logger.warning(
        "page cache unavailable (%s): pages are made fresh for every request until "
        "it answers again (retried every %s seconds; this warning at most once a "
        "minute).",
        reason,
        settings.NEWSROOM_CACHE_RETRY_SECONDS,
    )


def forget_outage() -> None:
    """Ask the cache again at once (a test, or an operator's shell, after repair)."""
    _unreachable_since.clear()
    _last_warning.clear()


def cache_paused() -> bool:
    """Whether the cache failed so recently that it is not asked yet."""
    return bool(_unreachable_since) and (
        time.monotonic() - _unreachable_since[0] < settings.NEWSROOM_CACHE_RETRY_SECONDS
    )


def stored_state(now) -> State | None:
    """The state as the cache holds it, if still current (never a query): None when
    the cache lost it or a scheduled change has come since it was read. Raises the
    cache's own error when it cannot be reached."""
    stored = page_cache().get(STATE_KEY)
    if stored is None:
        return None
    state = State(*stored)
    if (
        state.schedule_known
        and state.next_change is not None
        and now.timestamp() >= state.next_change
    ):
        return None
    return state


def current_state(now=None) -> State:
    """The generation pages are cached under; refreshed when a scheduled change has
    come or the cache lost the state (no query otherwise)."""
    now = now or timezone.now()
    if not cache_paused():
        try:
            return stored_state(now) or refresh(now)
        except Exception as exc:  # redis-py's and other backends' connection errors
            cache_unreachable(exc)
    # Without the cache, pages are made fresh and kept by nobody (max-age=0).
    return State(_new_generation(), now.timestamp(), None, False, offline=True)


# Serving pages ------------------------------------------------------------------
#
# Two halves. ``public_page`` wraps each public view: it makes the page (from the
# primary just after a change), gives it validators and Cache-Control, and marks the
# response as a public page. ``PageCacheMiddleware`` sits near the top of the
# middleware stack: it answers a request whose page is cached before the session,
# CSRF, auth, messages and CSP middleware run (they would only rebuild the same
# headers), and stores the response the full stack made for a marked page. A page
# is cached only when both agree: the view said it is public and the request came
# from a reader without a session.


class Lookup(NamedTuple):
    """The content state one request is answered under, read once per request."""

    moment: datetime
    state: State


class PublicPage(NamedTuple):
    """What ``public_page`` tells the middleware about a page it made."""

    made_at: float
    expires: float  # epoch seconds: the next scheduled change, the caps
    time_dependent: bool


class Entry(NamedTuple):
    """A cached page: the final body and headers, without per-answer headers."""

    content: bytes
    headers: dict
    etag: str
    page: PublicPage


def _lookup(request) -> Lookup:
    lookup = getattr(request, "_page_cache_lookup", None)
    if lookup is None:
        moment = timezone.now()
        lookup = request._page_cache_lookup = Lookup(moment, current_state(moment))
    return lookup


# Set on a signed-in staff member's browser (``EditorCookieMiddleware``), signed with
# the secret key: the page cache runs before sessions, and a cookie that only has to
# exist could be made up by anyone to switch the cache off.
EDITOR_COOKIE = "newsroom_editor"
_EDITOR_SALT = "articles.caching.editor"


def _editor(request) -> bool:
    """Whether the request carries a genuine editor mark (an HMAC check, no query)."""
    if EDITOR_COOKIE not in request.COOKIES:
        return False
    value = request.get_signed_cookie(
        EDITOR_COOKIE,
        default=None,
        salt=_EDITOR_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
    )
    return value is not None


def _shared(request) -> bool:
    """A reader's GET or HEAD that may share a cached page: anyone but a signed-in
    editor (who always gets a freshly made page). Made-up cookies change nothing."""
    return request.method in ("GET", "HEAD") and not _editor(request)


class EditorCookieMiddleware:
    """Marks the browser of a signed-in staff member, and unmarks it at sign-out.

    Goes after ``AuthenticationMiddleware``. The user is looked at only when the
    request carries a session cookie or the mark, or signs in, so a reader's page
    never reads the session and never varies on cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        marked = EDITOR_COOKIE in request.COOKIES
        session = getattr(request, "session", None)
        signing_in = session is not None and session.modified
        if not (
            marked or signing_in or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return response
        user = getattr(request, "user", None)
        staff = user is not None and user.is_authenticated and user.is_staff
        if staff and not _editor(request):
            response.set_signed_cookie(
                EDITOR_COOKIE,
                "1",
                salt=_EDITOR_SALT,
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif marked and not staff:
            response.delete_cookie(EDITOR_COOKIE, samesite="Lax")
        return response


def _page_key(url: str, generation: str) -> str:
    return PAGE_KEY.format(
        generation=generation, url=hashlib.sha256(url.encode()).hexdigest()[:32]
    )


def _no_cookies(request, response) -> bool:
    return not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


def _answer(request, response, *, etag, page: PublicPage, state: State, now: float):
    """Validators, Cache-Control and, for a client that has this page, a 304."""
    if state.schedule_known and not page.time_dependent:
        last_modified = state.changed_at
    else:
        last_modified = page.made_at
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    if _shared(request):
        left = min(state.ttl(now), math.floor(page.expires - now))
        # Never a countdown: a max-age shorter than usual would tell anyone the
        # second a scheduled story goes out or an embargo lifts. Near such a moment
        # clients revalidate every time (cheap: the ETag gives a 304).
        max_age = max(min(settings.NEWSROOM_HTTP_MAX_AGE, left), 0)
        if state.next_change is not None and state.next_change - now <= max_age:
            max_age = 0
        response["Cache-Control"] = f"public, max-age={max_age}"
    else:
        response["Cache-Control"] = "private, no-cache"
    return get_conditional_response(
        request, etag=etag, last_modified=int(last_modified), response=response
    )


def public_page(
    view=None,
    *,
    time_dependent: bool = False,
    max_ttl: int | None = None,
    query: tuple[str, ...] = (),
):
    """Make a public view's page cacheable and give it HTTP validators.

    ``time_dependent`` marks a page whose content also changes with the clock (the
    Google News sitemap's two-day window): its Last-Modified is when it was made,
    and ``max_ttl`` caps how long it is kept. ``query`` names the query parameters
    the page reads; the page cache keys the page on those alone, so made-up
    parameters share one cached page instead of filling the cache. Only a 200
    without cookies is marked; ``PageCacheMiddleware`` stores what is marked (and
    nothing without it).
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            moment, state = _lookup(request)
            now = moment.timestamp()
            # Just after a change a read replica may not have it yet: make the page
            # from the primary, or an old page would be cached as new.
            recent = now - state.changed_at < settings.NEWSROOM_REPLICA_LAG_SECONDS
            with use_primary() if recent else nullcontext():
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            if (
                response.status_code != 200
                or response.streaming
                or not _no_cookies(request, response)
            ):
                return response
            expires = now + state.ttl(now)
            if max_ttl is not None:
                expires = min(expires, now + max_ttl)
            page = PublicPage(now, expires, time_dependent)
            if _shared(request):
                response.public_page = page  # for PageCacheMiddleware
            set_response_etag(response)
            return _answer(
                request,
                response,
                etag=response["ETag"],
                page=page,
                state=state,
                now=now,
            )

        wrapper.page_query = frozenset(query)
        return wrapper

    return decorate(view) if view is not None else decorate


def page_url(request, used: frozenset) -> str:
    """The address a page is cached under: scheme, host, path and the query
    parameters the page reads, in a fixed order."""
    params = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name in used
        for value in values
    )
    url = request.build_absolute_uri(request.path)
    return f"{url}?{urlencode(params)}" if params else url


def _page_query(request) -> frozenset:
    """The query parameters the page at this address reads (none for an address
    that is no public page: nothing is stored for it anyway)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return frozenset()
    return getattr(match.func, "page_query", frozenset())


class PageCacheMiddleware:
    """Serve cached public pages early; store the ones the full stack makes.

    Goes right after ``SecurityMiddleware`` (which, with the request id middleware,
    still runs on a cached answer: HTTPS redirect, security headers, a fresh
    X-Request-ID). What the middleware below it adds to a page (the CSP and
    X-Frame-Options headers, Content-Length) is stored with the page, so a cached
    answer carries the same headers as a freshly made one.

    Stored: only a response ``public_page`` marked, to a GET or HEAD from a reader
    without a session cookie, answered 200 without a cookie, under the content
    generation read before the page was made (a change made meanwhile has already
    moved the generation on, so that page is never found), for at most the time to
    the next scheduled change and ``NEWSROOM_PAGE_CACHE_SECONDS``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Never pages: static files, uploads, the admin (a login page has no session
        # yet). Asking the cache for them would only cost a look-up.
        self.skipped = tuple(
            prefix
            for prefix in (
                settings.STATIC_URL,
                settings.MEDIA_URL,
                settings.NEWSROOM_ADMIN_PREFIX,
            )
            if prefix and prefix.startswith("/")
        )
        # Health probes touch neither database nor cache (newsroom/views.py).
        self.probes = {reverse("healthz"), reverse("readyz")}

    def __call__(self, request):
        if (
            not _shared(request)
            or request.path.startswith(self.skipped)
            or request.path in self.probes
            or cache_paused()
        ):
            return self.get_response(request)
        used = _page_query(request)
        # The address names the page (a forged Host is refused here, a 400).
        url = page_url(request, used)
        moment = timezone.now()
        try:
            cached = self.cached_answer(request, url, moment)
        except Exception as exc:  # redis-py's and other backends' connection errors
            # The page is made fresh below, under a state that keeps nothing.
            cache_unreachable(exc)
            return self.get_response(request)
        if cached is not None:
            return cached
        response = self.get_response(request)
        page = getattr(response, "public_page", None)
        if page is not None and response.status_code == 200:
            try:
                self.store(request, url, response, page)
            except Exception as exc:  # as above: the reader still gets the page
                cache_unreachable(exc)
        return response

    def cached_answer(self, request, url: str, moment):
        # Without a current state no page can be cached under it, and with a TTL of
        # 0 (caching switched off) none is; the view, if it is a public page, reads
        # the schedule itself (the only queries of the page cache).
        state = stored_state(moment)
        if state is None:
            return None
        request._page_cache_lookup = Lookup(moment, state)
        now = moment.timestamp()
        if state.ttl(now) <= 0:
            return None
        entry = page_cache().get(_page_key(url, state.generation))
        # The cache's own expiry is a backstop; the page's is checked here.
        if entry is None or entry.page.expires <= now:
            return None
        response = HttpResponse(entry.content, headers=entry.headers)
        return _answer(
            request, response, etag=entry.etag, page=entry.page, state=state, now=now
        )

    def store(self, request, url: str, response, page: PublicPage) -> None:
        # The state public_page made the page under (the one read above, or the one
        # it read itself): a change since then has moved the generation on already.
        moment, state = request._page_cache_lookup
        ttl = math.floor(page.expires - moment.timestamp())
        if ttl <= 0 or not _no_cookies(request, response):  # caching off, or cookies
            return
        headers = {
            name: value
            for name, value in response.items()
            if name.lower() not in PER_RESPONSE_HEADERS
        }
        # A nonce in the policy would be shared by every reader: never store one.
        if "'nonce-" in headers.get("Content-Security-Policy", ""):
            return
        entry = Entry(bytes(response.content), headers, response["ETag"], page)
        page_cache().set(_page_key(url, state.generation), entry, ttl)
