"""Public pages: HTTP validators, and a page cache that a change retires at once.

The bound:

- A save, delete or ``content_changed`` of anything a page shows (stories, photos,
  people, tags, agencies, sections, banners, arrangements): the next request after
  the transaction commits gets a page made after the commit.
- A scheduled publication, an embargo lift, a banner starting or ending, an
  arrangement going live: no page made before that second is served after it.
- Otherwise a page is kept at most ``NEWSROOM_PAGE_CACHE_SECONDS``. Browsers and
  proxies are told ``max-age`` of at most ``NEWSROOM_HTTP_MAX_AGE`` (0 when a
  scheduled change is nearer than that, so it is never a countdown), then revalidate:
  every public page carries ``ETag`` and ``Last-Modified`` and answers 304.
- A change made while the cache cannot be reached is logged; pages cached before it
  may then be served for up to ``NEWSROOM_PAGE_CACHE_SECONDS`` once it answers.

How: the cache (``NEWSROOM_PAGE_CACHE``) holds one ``State``: a random generation,
when it began, and when the next scheduled change is (read in one query, on the
primary). Pages are stored under keys containing the generation, so a new
generation retires every page at once. ``note_change`` (called by
``articles.receivers``) starts a new generation at once and deletes the state after
the commit (``transaction.on_commit``); the next request then reads the schedule
afresh. A state is also dropped when its next scheduled change comes.

``public_page`` (each public view's decorator) makes a page and gives it its
headers; Django's ``ConditionalGetMiddleware`` answers 304s from them (for GET;
HEAD gets the headers); ``PageCacheMiddleware`` (right after it) answers a
cached page before sessions, CSRF, auth and CSP run, and stores what the full stack
made (its final headers included). A signed-in editor (a signed cookie set by
``EditorCookieMiddleware``) always gets a fresh, private page.

The state lives in the cache, so processes share it only when the cache is shared
(Redis); with each process's own memory pages are kept a few seconds (settings).
If the cache cannot be reached, pages are made fresh (and kept by nobody) and the
cache is left alone for ``NEWSROOM_CACHE_RETRY_SECONDS``; a save still commits.
"""

import hashlib
import logging
import math
import secrets
import time
from contextlib import nullcontext
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.cache import set_response_etag
from django.utils.http import http_date, urlencode

from newsroom.routers import use_primary

from .models import Article, front_changes

logger = logging.getLogger(__name__)

# "v3": a state and its pages are plain tuples; earlier shapes (in a shared Redis
# across a deploy) are never read.
STATE_KEY = "newsroom:pages:v3:state"
PAGE_KEY = "newsroom:pages:v3:{generation}:{url}"


def page_cache():
    return caches[settings.NEWSROOM_PAGE_CACHE]


class State(NamedTuple):
    """What pages are cached under: the generation, when it began (epoch seconds),
    and the next scheduled change (None: nothing scheduled)."""

    generation: str
    changed_at: float
    next_change: float | None

    def ttl(self, now: float) -> int:
        """Seconds a page made now may be kept."""
        limit = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if self.next_change is not None:
            limit = min(limit, math.floor(self.next_change - now))
        return max(limit, 0)


def refresh(now=None) -> State:
    """A new generation, with the schedule read in one query (on the primary: a
    replica may not have the change that moved it): stories going out or lifting an
    embargo, banners starting or ending, arrangements going live."""
    now = now or timezone.now()
    with use_primary():
        first, *rest = [*Article.objects.visibility_changes(now), *front_changes(now)]
        upcoming = min((t for t in first.union(*rest, all=True) if t), default=None)
    state = State(
        secrets.token_hex(8),
        now.timestamp(),
        upcoming.timestamp() if upcoming else None,
    )
    return _save(state)


def _save(state: State) -> State:
    page_cache().set(STATE_KEY, tuple(state), timeout=None)
    return state


def stored_state(now) -> State | None:
    """The state the cache holds, unless a scheduled change has come since (never a
    query). Raises the cache's own error when it cannot be reached."""
    stored = page_cache().get(STATE_KEY)
    state = State(*stored) if stored else None
    if state and state.next_change is not None and now.timestamp() >= state.next_change:
        return None
    return state


def current_state(now=None) -> State:
    """The state pages are made under (reads the schedule only when needed)."""
    now = now or timezone.now()
    if not cache_paused():
        try:
            return stored_state(now) or refresh(now)
        except Exception as exc:  # redis-py's and other backends' connection errors
            cache_unreachable(exc)
    # Without the cache: a state whose next change is now keeps nothing (max-age=0).
    return State(secrets.token_hex(8), now.timestamp(), now.timestamp())


def note_change() -> None:
    """Retire every cached page: content changed, or will when its transaction
    commits.

    At once: a new generation (keeping the schedule known so far), so a page made
    from uncommitted data is never served after the commit. After the commit: the
    state is deleted, so the next request reads the schedule from the committed
    data. Each change registers its own delete, with no de-duplication: measured,
    100 stories saved in one transaction (200 changes) cost no query more, where a
    schedule read after each change cost 200 queries and about a fifth more time.
    """
    now = timezone.now()
    try:
        if cache_paused():
            raise ConnectionError("the cache failed moments ago")
        known = stored_state(now)
        _save(State(secrets.token_hex(8), now.timestamp(), known and known.next_change))
    except Exception as exc:  # redis-py's and other backends' connection errors
        # A cache that cannot be reached must not fail (or roll back) the save.
        cache_unreachable(exc, after_change=True)
        return
    transaction.on_commit(_forget_state)


def _forget_state() -> None:
    try:
        page_cache().delete(STATE_KEY)
    except Exception as exc:  # as above: the change is committed
        cache_unreachable(exc, after_change=True)


# Outage handling (per process): after a failed call the cache is not asked for
# NEWSROOM_CACHE_RETRY_SECONDS, so an outage costs readers one time-out, not one a
# request; and one warning a minute is logged, not one a request.
_failed_at: list[float] = []
_warned_at: list[float] = []


def cache_unreachable(exc: Exception, *, after_change: bool = False) -> None:
    now = time.monotonic()
    _failed_at[:] = [now]
    if _warned_at and now - _warned_at[0] < 60:
        return
    _warned_at[:] = [now]
    reason = str(exc).strip().splitlines()
    reason = f"{type(exc).__name__}: {reason[0]}" if reason else type(exc).__name__
    if after_change:
        logger.warning(
            "page cache: could not retire cached pages after a change (%s); the "
            "change is saved, but pages cached before it may be served for up to %s "
            "seconds once the cache answers again.",
            reason,
            settings.NEWSROOM_PAGE_CACHE_SECONDS,
        )
    else:
        logger.warning(
            "page cache unavailable (%s): pages are made fresh for every request "
            "until it answers again (retried every %s seconds; this warning at most "
            "once a minute).",
            reason,
            settings.NEWSROOM_CACHE_RETRY_SECONDS,
        )


def cache_paused() -> bool:
    """Whether the cache failed so recently that it is not asked yet."""
    return bool(_failed_at) and (
        time.monotonic() - _failed_at[0] < settings.NEWSROOM_CACHE_RETRY_SECONDS
    )


def forget_outage() -> None:
    """Ask the cache again at once (a test, or an operator's shell, after repair)."""
    _failed_at.clear()
    _warned_at.clear()


# Editors ------------------------------------------------------------------------
#
# The page cache runs before sessions, so it tells an editor by a cookie signed with
# the secret key (a cookie that only had to exist could switch the cache off).
EDITOR_COOKIE = "newsroom_editor"
EDITOR_SALT = "articles.caching.editor"


def _editor(request) -> bool:
    """Whether the request carries a genuine editor mark (an HMAC check, no query)."""
    return (
        EDITOR_COOKIE in request.COOKIES
        and request.get_signed_cookie(
            EDITOR_COOKIE,
            default=None,
            salt=EDITOR_SALT,
            max_age=settings.SESSION_COOKIE_AGE,
        )
        is not None
    )


def _shared(request) -> bool:
    """A GET or HEAD that may share a cached page: anyone's but a signed-in editor's
    (made-up cookies change nothing)."""
    return request.method in ("GET", "HEAD") and not _editor(request)


class EditorCookieMiddleware:
    """Marks a signed-in staff member's browser, and unmarks it at sign-out.

    Goes after ``AuthenticationMiddleware``. The user is looked at only when the
    request carries a session cookie or the mark, or signs in, so a reader's page
    never reads the session (and never varies on cookies).
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
                salt=EDITOR_SALT,
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif marked and not staff:
            response.delete_cookie(EDITOR_COOKIE, samesite="Lax")
        return response


# Serving pages ------------------------------------------------------------------


def lookup(request) -> tuple:
    """``(moment, state)`` for this request, read once (``request.page_state``, set
    here or by the middleware)."""
    found = getattr(request, "page_state", None)
    if found is None:
        moment = timezone.now()
        found = request.page_state = (moment, current_state(moment))
    return found


def _no_cookies(request, response) -> bool:
    return not response.cookies and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


def _cache_control(request, response, state: State, expires: float, now: float):
    """Cache-Control for this moment (ConditionalGetMiddleware, above, then answers
    a client that has the page with a 304, from its ETag and Last-Modified)."""
    if _shared(request):
        left = min(state.ttl(now), math.floor(expires - now))
        max_age = max(min(settings.NEWSROOM_HTTP_MAX_AGE, left), 0)
        # Never a countdown to the second a story goes out or an embargo lifts:
        # near such a moment clients revalidate (cheap: a 304).
        if state.next_change is not None and state.next_change - now <= max_age:
            max_age = 0
        response["Cache-Control"] = f"public, max-age={max_age}"
    else:
        response["Cache-Control"] = "private, no-cache"
    return response


def public_page(
    view=None,
    *,
    time_dependent: bool = False,
    max_ttl: int | None = None,
    query: tuple[str, ...] = (),
):
    """Make a public view's page cacheable and give it HTTP validators.

    ``time_dependent``: the content also changes with the clock (the news sitemap's
    two-day window), so Last-Modified is when the page was made; ``max_ttl`` caps
    how long it is kept. ``query``: the query parameters the page reads; the cache
    keys the page on those alone, so made-up parameters share one cached page. Only
    a 200 without cookies gets validators and may be stored.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            moment, state = lookup(request)
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
            set_response_etag(response)
            response["Last-Modified"] = http_date(
                now if time_dependent else state.changed_at
            )
            if _shared(request):
                response.page_expires = expires  # for PageCacheMiddleware
            return _cache_control(request, response, state, expires, now)

        wrapper.page_query = frozenset(query)
        return wrapper

    return decorate(view) if view is not None else decorate


def page_url(request) -> str:
    """The address a page is cached under: scheme, host, path and the query
    parameters the page reads (none for an address that is no public page)."""
    try:
        used = getattr(resolve(request.path_info).func, "page_query", ())
    except Resolver404:
        used = ()
    params = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name in used
        for value in values
    )
    url = request.build_absolute_uri(request.path)  # a forged Host is a 400 here
    return f"{url}?{urlencode(params)}" if params else url


class PageCacheMiddleware:
    """Serve cached public pages early; store the ones the full stack makes.

    Goes right after ``ConditionalGetMiddleware`` (which, with the request id and
    security middleware, still runs on a cached answer). What the middleware below
    adds (CSP, X-Frame-Options, Content-Length) is stored with the page. Stored: a page
    ``public_page`` marked, for a reader's GET or HEAD, answered 200 without a
    cookie or a CSP nonce, under the generation read before it was made (a change
    meanwhile has retired that generation), until its ``page_expires``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Never pages: static files, uploads, the admin; nor the health probes,
        # which touch neither database nor cache (newsroom/views.py).
        self.skipped = tuple(
            prefix
            for prefix in (
                settings.STATIC_URL,
                settings.MEDIA_URL,
                settings.NEWSROOM_ADMIN_PREFIX,
            )
            if prefix and prefix.startswith("/")
        )
        self.probes = {reverse("healthz"), reverse("readyz")}

    def __call__(self, request):
        if (
            not _shared(request)
            or request.path.startswith(self.skipped)
            or request.path in self.probes
            or cache_paused()
        ):
            return self.get_response(request)
        url = page_url(request)
        moment = timezone.now()
        now = moment.timestamp()
        try:
            # No state: the view reads the schedule (the page cache's one query).
            state = stored_state(moment)
            entry = None
            if state is not None:
                request.page_state = (moment, state)
                if state.ttl(now) > 0:
                    entry = page_cache().get(self.key(url, state))
        except Exception as exc:  # redis-py's and other backends' connection errors
            cache_unreachable(exc)  # the page is made under a state that keeps nothing
            return self.get_response(request)
        if entry is not None and entry[2] > now:
            content, headers, expires = entry
            response = HttpResponse(content, headers=headers)
            return _cache_control(request, response, state, expires, now)

        response = self.get_response(request)
        expires = getattr(response, "page_expires", None)
        if expires is not None and response.status_code == 200:
            try:
                self.store(request, url, response, expires)
            except Exception as exc:  # as above: the reader still gets the page
                cache_unreachable(exc)
        return response

    @staticmethod
    def key(url: str, state: State) -> str:
        digest = hashlib.sha256(url.encode()).hexdigest()[:32]
        return PAGE_KEY.format(generation=state.generation, url=digest)

    def store(self, request, url: str, response, expires: float) -> None:
        moment, state = lookup(request)  # the state the page was made under
        ttl = math.floor(expires - moment.timestamp())
        headers = {k: v for k, v in response.items() if k.lower() != "cache-control"}
        # A nonce in the policy would be shared by every reader: never store one.
        nonce = "'nonce-" in headers.get("Content-Security-Policy", "")
        if ttl > 0 and _no_cookies(request, response) and not nonce:
            entry = (bytes(response.content), headers, expires)
            page_cache().set(self.key(url, state), entry, ttl)
