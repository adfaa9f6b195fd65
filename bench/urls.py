"""The product's URL map plus the bench-only "Django floor" view.

The floor is the cheapest page Django can serve through the project's full middleware
stack: no database, no template, a constant body. Every other figure is compared
with it. It lives here so the product's own URLs never carry it.
"""

from django.http import HttpResponse
from django.urls import include, path

FLOOR_BODY = b"ok\n"


def floor(request):
    return HttpResponse(FLOOR_BODY, content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("", include("newsroom.urls")),
]
