"""The product's URL map plus three bench-only views.

The floor is the cheapest page Django can serve through the project's full middleware
stack: no database, no template, a constant body. Every other figure is compared
with it. The article's data is the story page's view up to its template: the same
look-ups and queries, then the floor's constant body instead of the page, so the
table can say how much of the page is data and how much is drawing it. The
textbook page is the story as the plainest Django code would serve it, carrying
what the Wagtail page carries and nothing more: how far Django itself goes for
this content. They live here so the product's own URLs never carry them.
"""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from django.views.generic import DetailView

from articles.models import Article, ArticlePerson, ArticlePhoto
from articles.photos import rendition
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


# What bench/wagtail_compare's story page and the stock Wagtail base template draw:
# title, standfirst, time, one 1,024-pixel photo with caption and credit, dateline,
# body, people with roles, tags; a stylesheet (our site has no script).
TEXTBOOK_PAGE = engines["jinja2"].from_string(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ article.headline }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{{ static('articles/site.css') }}">
</head>
<body>
<article class="story">
<header>
<h1>{{ article.headline }}</h1>
{% if article.dek %}<p class="dek">{{ article.dek }}</p>{% endif %}
<p class="meta"><time datetime="{{ article.published_at.isoformat() }}">
{{- article.published_at | date("j F Y, H:i e") }}</time></p>
</header>
{% if photo %}
<figure class="photo">
<img src="{{ picture.url }}" alt="{{ photo.photo.alt_text }}"
 width="{{ picture.width }}" height="{{ picture.height }}" decoding="async">
<figcaption><span class="caption">{{ photo.caption }}</span>
<span class="credit">© {{ photo.photo.credit }}</span></figcaption>
</figure>
{% endif %}
<div class="story-body">
<p class="dateline">{{ article.dateline }}</p>
{% for paragraph in article.paragraphs %}<p>{{ paragraph }}</p>{% endfor %}
</div>
<footer class="story-footer">
{% if roles %}<section><h2>People in this story</h2><ul>
{% for role in roles %}<li>{{ role.person.name }} ({{ role.get_role_display() }})</li>
{% endfor %}</ul></section>{% endif %}
{% if tags %}<section><h2>Tags</h2><ul>
{% for tag in tags -%}
<li><a href="/tags/{{ tag.slug }}/" rel="tag">{{ tag.name }}</a></li>
{% endfor %}</ul></section>{% endif %}
</footer>
</article>
</body>
</html>
"""
)


class TextbookStoryView(DetailView):
    """The story the way Django's tutorial would serve it: a DetailView over
    ``published()``, prefetches, one template. Four queries, as our page."""

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("agency")
            .prefetch_related(
                Prefetch(
                    "photo_placements", ArticlePhoto.objects.select_related("photo")
                ),
                Prefetch(
                    "person_roles", ArticlePerson.objects.select_related("person")
                ),
                "tags",
            )
        )

    def render_to_response(self, context):
        article = context["object"]
        photo = article.lead_placement
        return HttpResponse(
            TEXTBOOK_PAGE.render(
                {
                    "article": article,
                    "photo": photo,
                    "picture": rendition(photo.photo, None, 1024) if photo else None,
                    "roles": list(article.person_roles.all()),
                    "tags": list(article.tags.all()),
                },
                self.request,
            )
        )


urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("bench/article-data/<slug:slug>/", article_data, name="bench-article-data"),
    path(
        "bench/textbook/<slug:slug>/",
        TextbookStoryView.as_view(),
        name="bench-textbook",
    ),
    path("", include("newsroom.urls")),
]
