"""The product's URL map plus two bench-only views.

The floor is the cheapest page Django can serve through the project's full middleware
stack: no database, no template, a constant body. Every other figure is compared
with it. The article's data is the story page's view up to its template: the same
look-ups and queries, then the floor's constant body instead of the page, so the
table can say how much of the page is data and how much is drawing it. They live
here so the product's own URLs never carry them.
"""

from django.http import HttpResponse
from django.urls import include, path

from articles.views import ArticleDetailView

FLOOR_BODY = b"ok\n"


def floor(request):
    return HttpResponse(FLOOR_BODY, content_type="text/plain; charset=utf-8")


def article_data(request, slug):
    view = ArticleDetailView()
    view.setup(request, slug=slug)
    view.object = view.get_object()
    view.get_context_data(object=view.object)
    return floor(request)


urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("bench/article-data/<slug:slug>/", article_data, name="bench-article-data"),
    path("", include("newsroom.urls")),
]
