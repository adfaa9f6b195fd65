"""The address a sign-in comes from, for django-axes's lock-out.

Without a proxy it is the connection's own address. Behind
``DJANGO_TRUSTED_PROXY_COUNT`` proxies (nginx appends the address it saw to
X-Forwarded-For), it is the entry that many places from the right: entries further
left were written by the client and could name any address. django-ipware's
counting leaves a single-entry header unread and falls back to the proxy's own
address for a longer one, which would lock every reader behind the proxy out
together, so the rule is stated here.
"""

from django.conf import settings


def client_address(request) -> str | None:
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
