"""The project's URLs plus one view that fails, to see the 500 page readers get."""

from django.urls import path

from newsroom.urls import handler500
from newsroom.urls import urlpatterns as project_urls


def broken_view(request):
    raise RuntimeError("the printing press jammed")


urlpatterns = [*project_urls, path("broken/", broken_view)]

__all__ = ["handler500", "urlpatterns"]
