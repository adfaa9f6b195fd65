"""Operational endpoints and the project's own 500 page.

/healthz and /readyz are for load balancers and orchestrators: cheap, no session,
never cached, and their bodies say nothing an outsider could use (details go to the
log).
"""

import logging

from django.conf import settings
from django.db import connections
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
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
