"""Template tags for public pages: absolute addresses and the story's JSON-LD."""

from django import template

from .. import photos, structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """``path`` as a full URL on the host the reader asked for."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def news_article_jsonld(context, article):
    """The story's NewsArticle JSON-LD ``<script>``, from what the page loaded."""
    request = context["request"]
    # The workflow loads corrections only for a corrected story (no query otherwise).
    corrections = (
        article.corrections.all() if getattr(article, "corrected_at", None) else ()
    )
    data = structured_data.news_article(
        article,
        absolute=request.build_absolute_uri,
        people=context.get("people", ()),
        tags=context.get("tags", ()),
        corrections=corrections,
    )
    return structured_data.jsonld_script(data)


@register.filter
def date_modified(article):
    """When readers last saw the story change (as the JSON-LD's dateModified)."""
    return structured_data.date_modified(article)


@register.simple_tag
def sharing_image(photo):
    """The 16:9 rendition that link previews (Open Graph, Twitter cards) show."""
    return photos.rendition(photo, "16:9", photos.STRUCTURED_DATA_WIDTH)
