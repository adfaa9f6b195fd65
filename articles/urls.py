from django.urls import path, register_converter

from . import views, workflow_views


class UnicodeSlugConverter:
    """Slugs may hold letters of any script (a Cyrillic or CJK headline's slug)."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("people/<uslug:slug>/", views.PersonView.as_view(), name="person"),
    path("preview/<uuid:guid>/", workflow_views.preview, name="preview"),
]
