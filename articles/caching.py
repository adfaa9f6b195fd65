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
"""

import hashlib
import math
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date

from newsroom.routers import use_primary

from .models import Article

STATE_KEY = "newsroom:pages:state"
PAGE_KEY = "newsroom:pages:{generation}:{url}"
# Headers a cached page keeps; the rest are set per response (validators, caching,
# length) or by middleware on the way out (security headers).
KEPT_HEADERS = {"content-type", "content-language", "x-robots-tag", "link"}


def page_cache():
    return caches[settings.NEWSROOM_PAGE_CACHE]


@dataclass(frozen=True)
class State:
    """The content generation and what is known about the next scheduled change."""

    generation: str
    changed_at: float  # epoch seconds of the last change we know of
    next_change: float | None  # the next scheduled publication or embargo lift
    schedule_known: bool

    def ttl(self, now: float) -> int:
        """Seconds a page made now may be kept."""
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
    """A new generation with the schedule read from the database (two queries)."""
    now = now or timezone.now()
    upcoming = Article.objects.next_visibility_change(now)
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
    """
    flag = _changed_in_block.get()
    if flag is not None:
        flag.append(True)
        return
    _save(
        State(
            generation=_new_generation(),
            changed_at=timezone.now().timestamp(),
            next_change=None,
            schedule_known=False,
        )
    )
    connection = transaction.get_connection()
    # One refresh per transaction, however many rows it saves (an import of a
    # thousand stories reads the schedule once, after it commits).
    if not any(entry[1] is refresh for entry in connection.run_on_commit):
        transaction.on_commit(refresh, robust=True)


def current_state(now=None) -> State:
    """The generation pages are cached under; refreshed when a scheduled change has
    come or the cache lost the state (no query otherwise)."""
    now = now or timezone.now()
    stored = page_cache().get(STATE_KEY)
    if stored is None:
        return refresh(now)
    state = State(*stored)
    if (
        state.schedule_known
        and state.next_change is not None
        and now.timestamp() >= state.next_change
    ):
        return refresh(now)
    return state


@dataclass
class Entry:
    content: bytes
    headers: dict
    etag: str
    made_at: float


def _page_key(request, generation: str) -> str:
    url = request.build_absolute_uri().encode()
    return PAGE_KEY.format(
        generation=generation, url=hashlib.sha256(url).hexdigest()[:32]
    )


def _cacheable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _entry(response, now: float) -> Entry:
    set_response_etag(response)
    headers = {k: v for k, v in response.items() if k.lower() in KEPT_HEADERS}
    return Entry(bytes(response.content), headers, response["ETag"], now)


def _response(entry: Entry) -> HttpResponse:
    response = HttpResponse(entry.content)
    for name, value in entry.headers.items():
        response[name] = value
    return response


def public_page(view=None, *, time_dependent: bool = False, max_ttl: int | None = None):
    """Cache a public view's page and give it HTTP validators and Cache-Control.

    ``time_dependent`` marks a page whose content also changes with the clock (the
    Google News sitemap's two-day window): its Last-Modified is when it was made,
    and ``max_ttl`` caps how long it is kept. A reader with a session cookie (an
    editor) always gets a freshly made page, never a shared copy.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            moment = timezone.now()
            now = moment.timestamp()
            state = current_state(moment)
            ttl = state.ttl(now)
            if max_ttl is not None:
                ttl = min(ttl, max_ttl)
            shared = settings.SESSION_COOKIE_NAME not in request.COOKIES
            key = _page_key(request, state.generation)
            entry = page_cache().get(key) if shared else None
            if entry is None:
                # Just after a change a read replica may not have it yet: make the
                # page from the primary, or an old page would be cached as new.
                recent = now - state.changed_at < settings.NEWSROOM_REPLICA_LAG_SECONDS
                with use_primary() if recent else nullcontext():
                    response = view(request, *args, **kwargs)
                    if hasattr(response, "render") and not response.is_rendered:
                        response.render()
                if not _cacheable(request, response):
                    return response
                entry = _entry(response, now)
                if shared and ttl > 0:
                    page_cache().set(key, entry, ttl)
            else:
                response = _response(entry)
            if state.schedule_known and not time_dependent:
                last_modified = state.changed_at
            else:
                last_modified = entry.made_at
            response["ETag"] = entry.etag
            response["Last-Modified"] = http_date(last_modified)
            if shared:
                max_age = min(settings.NEWSROOM_HTTP_MAX_AGE, ttl)
                response["Cache-Control"] = f"public, max-age={max_age}"
            else:
                response["Cache-Control"] = "private, no-cache"
            return get_conditional_response(
                request,
                etag=entry.etag,
                last_modified=int(last_modified),
                response=response,
            )

        return wrapper

    return decorate(view) if view is not None else decorate
