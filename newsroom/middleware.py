"""Project-wide middleware: request ids, the Content-Security-Policy, replica reads."""

import random
import re
import uuid

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

from .logs import request_id_var
from .routers import use_replica

REQUEST_ID_HEADER = "X-Request-ID"
# Ids from the front proxy are reused (nginx's $request_id is 32 hex digits), but only
# when they look like ids, so nobody can inject text into our logs.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")


class RequestIdMiddleware:
    """Give every request an id: the proxy's X-Request-ID or a fresh one.

    Logs written while the request runs carry it, and the response returns it, so a
    reader's "Reference" on the error page leads to the log lines.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = (
            incoming if _VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        )
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, relaxed for the admin's inline style attributes only.

    Django's admin ships no inline scripts, but its widgets (and ours, e.g. the
    thumbnails) write ``style="…"`` attributes. Scripts stay 'self' everywhere, plus,
    in the admin, the one inline import map the body editor needs, by its hash.
    """

    ADMIN_UPDATE = {"style-src": ["'unsafe-inline'"]}

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(settings.NEWSROOM_ADMIN_PREFIX):
            update = dict(parts.update or {})
            for directive, sources in self.ADMIN_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            # The story body editor's import map (articles/body_editor.py), by hash.
            from articles.body_editor import importmap_hash

            update["script-src"] = [*update.get("script-src", []), importmap_hash()]
            parts.update = update
        return parts


class ReplicaReadsMiddleware:
    """Send an anonymous reader's GET to a read replica, everything else to the primary.

    Writes (POST…), the admin and anyone with a session (editors checking what they
    just published) read from the primary, so nobody sees their own change missing
    because a replica lags. Without replicas configured this does nothing.
    """

    SAFE_METHODS = frozenset({"GET", "HEAD"})

    def __init__(self, get_response):
        self.get_response = get_response
        self.replicas = list(settings.NEWSROOM_READ_REPLICAS)

    def __call__(self, request):
        if not self.replicas or not self.is_public_read(request):
            return self.get_response(request)
        with use_replica(random.choice(self.replicas)):  # noqa: S311 - load spreading
            return self.get_response(request)

    def is_public_read(self, request) -> bool:
        return (
            request.method in self.SAFE_METHODS
            and not request.path_info.startswith(settings.NEWSROOM_ADMIN_PREFIX)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
