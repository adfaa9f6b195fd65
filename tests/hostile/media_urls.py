"""The URL map as ``make run`` (DEBUG) has it: Django serves media/ itself.

newsroom/urls.py adds that route only when DEBUG is on at import, which tests never
are; this module adds the same view in front of the real map.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import urlpatterns as site


def media(request, path):
    # MEDIA_ROOT is read per request: each test has its own folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site]
