"""Operational endpoints and the project's own 500 page.

/healthz and /readyz are for load balancers and orchestrators: cheap, no session,
never cached, and their bodies say nothing an outsider could use (details go to the
log). /readyz/wire, beside them, tells monitoring how the wire sources are polled.
"""

import logging

from django.conf import settings
from django.db import connections
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .startup import cache_problems

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """The process is up and answering; touches neither database nor cache."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_safe
def readyz(request):
    """Ready for traffic: the primary database answers.

    The cache is reported too, as "degraded" when it does not answer: pages are then
    made fresh for every request (articles/caching.py), slower but correct, so a
    cache outage must not take every server out of the load balancer.
    """
    status = {"database": "ok", "cache": "ok"}
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any driver error: not ready, and the log says why
        logger.exception("readyz: the database does not answer")
        status["database"] = "unavailable"
    problems = cache_problems()
    if problems:
        logger.warning("readyz: %s", problems[0])
        status["cache"] = "degraded"
    ready = status["database"] == "ok"
    return JsonResponse(status, status=200 if ready else 503)


@never_cache
@require_safe
def readyz_wire(request):
    """Each active wire source's age of last success, and "stale" past three
    intervals, for monitoring the poller. One query; always 200 (a stale source is
    the poller's problem, not this web server's), so it is no readiness probe."""
    from articles.models import WireSource
    from articles.models.sources import STALE_INTERVALS

    now = timezone.now()
    sources = []
    for source in WireSource.objects.filter(active=True).only(
        "name", "interval", "last_success_at", "created_at", "active"
    ):
        age = (
            None
            if source.last_success_at is None
            else int((now - source.last_success_at).total_seconds())
        )
        sources.append(
            {
                "name": source.name,
                "last_success_age_seconds": age,
                "interval_seconds": source.interval,
                "status": "stale" if source.is_stale(now) else "ok",
            }
        )
    stale = sum(1 for entry in sources if entry["status"] == "stale")
    return JsonResponse(
        {
            "status": "stale" if stale else "ok",
            "stale_after_intervals": STALE_INTERVALS,
            "sources": sources,
        }
    )


def server_error(request):
    """Our friendly 500: no detail for readers, the request id to quote to the desk.

    Rendered without context processors or database access, since whatever failed
    may fail again.
    """
    template = loader.get_template("500.html")
    body = template.render(
        {
            "request_id": getattr(request, "request_id", ""),
            "site_name": settings.NEWSROOM_SITE_NAME,
            "site_language": settings.NEWSROOM_LANGUAGE,
        }
    )
    return HttpResponseServerError(body)
