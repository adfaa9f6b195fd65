"""The Jinja2 environment of the public pages (``TEMPLATES`` in the settings).

Besides Jinja2's own, the templates (``articles/jinja2/``) call what Django's tags
gave them, as plain functions:

- ``url(name, *args, **kwargs)``, ``static(path)`` and ``querystring(page=N)``, as
  ``{% url %}``, ``{% static %}`` and ``{% querystring %}``;
- ``picture(photo, ...)``: a photo as responsive, lazy, credit-carrying HTML, and
  ``credit(photo)``: its printed credit, the photographer linked to their page;
- ``absolute_url(path)``, ``news_article_jsonld(article)``, ``sharing_image(photo)``;
- ``breadcrumbs(article)`` (name, path) pairs and ``breadcrumb_jsonld(article)``;
- ``lang_attr(tag)``: ` lang="ru"` for text in another language than the page's,
  and ``og_locale_of(tag)``: a story language's Open Graph locale;
- the filters ``date`` (Django's, in the current time zone as Django's templates
  show a date) and ``date_modified``; ``spaceless`` for a ``{% filter %}`` block.

Printed values are escaped as Django escapes them (``&#x27;`` and ``&quot;``, where
Jinja2 alone writes ``&#39;`` and ``&#34;``), so a page's bytes are what the Django
templates gave.
"""

import html
from types import SimpleNamespace

from django.conf import settings
from django.http import QueryDict
from django.template import defaultfilters, defaulttags
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import (
    conditional_escape,
    format_html,
    format_html_join,
    strip_spaces_between_tags,
)
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime
from jinja2 import Environment, pass_context, pass_eval_context

from . import body_render, languages, photos, structured_data
from .models.photos import credit_name

# The width browsers without srcset support get.
FALLBACK_WIDTH = 800


def environment(**options) -> Environment:
    options.setdefault("finalize", escape_as_django)
    env = Environment(**options)  # noqa: S701 - Django's backend sets autoescape=True
    env.globals.update(
        url=url,
        static=static,
        querystring=querystring,
        picture=picture,
        credit=credit,
        absolute_url=absolute_url,
        news_article_jsonld=news_article_jsonld,
        breadcrumb_jsonld=breadcrumb_jsonld,
        breadcrumbs=structured_data.breadcrumbs,
        sharing_image=sharing_image,
        lang_attr=lang_attr,
        og_locale_of=og_locale_of,
        body_parts=body_render.body_parts,
    )
    env.filters.update(
        date=date,
        # When readers last saw the story change (the JSON-LD's dateModified).
        date_modified=structured_data.date_modified,
        spaceless=spaceless,
    )
    return env


@pass_eval_context
def escape_as_django(eval_ctx, value):
    """What ``{{ value }}`` prints: escaped as ``django.utils.html.escape`` escapes
    (without its lazy-string wrapper), unless it is safe already (``__html__``)."""
    if eval_ctx.autoescape and not hasattr(value, "__html__"):
        return SafeString(html.escape(str(value)))
    return value


# Django's tags and filters --------------------------------------------------------


def url(name: str, *args, **kwargs) -> str:
    """``{% url name arg … %}``."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


@pass_context
def querystring(context, **params) -> str:
    """``{% querystring page=N %}``: the request's query string with ``params``
    changed (``None`` removes one), starting with "?".

    Only the parameters the page reads (its view's ``query_params``) are kept: a
    cached page is shared by every address that differs in the others, so it must
    not carry one reader's made-up parameters into its links.
    """
    request = context["request"]
    query = request.GET
    used = getattr(context.get("view"), "query_params", None)
    if used is not None:
        query = QueryDict(mutable=True)
        for name in used:
            if name in request.GET:
                query.setlist(name, request.GET.getlist(name))
    django_context = SimpleNamespace(request=request)
    return defaulttags.querystring(django_context, query, **params)


def date(value, arg=None) -> str:
    """Django's ``date`` filter, after the conversion to the current time zone that
    Django's templates make before it (``expects_localtime``)."""
    return defaultfilters.date(template_localtime(value), arg)


def spaceless(value) -> SafeString:
    """``{% spaceless %}``: no whitespace between tags. A ``{% filter %}`` block
    arrives rendered and escaped; a plain string is escaped here."""
    return SafeString(strip_spaces_between_tags(conditional_escape(value).strip()))


# Photos ---------------------------------------------------------------------------


def credit(photo) -> SafeString:
    """A photo's printed credit (“© Alexander Shcherbak/TASS”), the photographer's
    name a link to their page when the credit names the photographer on file. The
    photographer comes with the photo (``select_related``): no query."""
    shown = photo.credit_display
    person = photo.photographer if photo.photographer_id else None
    name = credit_name(photo.credit)
    if person is None or not person.slug or name.casefold() != person.name.casefold():
        return conditional_escape(shown)
    start = shown.index(name)
    return format_html(
        '{}<a href="{}">{}</a>{}',
        shown[:start],
        person.get_absolute_url(),
        name,
        shown[start + len(name) :],
    )


def picture(
    photo,
    *,
    ratio=None,
    sizes="100vw",
    alt=None,
    lazy=True,
    fetchpriority="",
    **attrs,
):
    """A ``<picture>`` with a WebP ``<source>`` and a JPEG ``<img>`` fallback, both
    with every stored width in ``srcset``, and ``width``/``height`` so the page does
    not jump while it loads. ``alt`` defaults to the photo's alt text, then its
    caption; ``class`` is passed on. Everything comes from the photo row already
    loaded: no query.

        {{ picture(photo, sizes="(min-width: 46rem) 44rem, 100vw", lazy=False) }}
        {{ picture(lead.photo, ratio="4:3", sizes="14rem", class="thumb") }}
    """
    if photo is None or not photo.image:
        return ""
    if alt is None:
        alt = photo.alt_text or photo.caption
    main = photos.rendition(photo, ratio, FALLBACK_WIDTH)
    jpeg_set = photos.srcset(photo, ratio, "jpeg")
    webp_set = photos.srcset(photo, ratio, "webp")
    extra = [("class", attrs.get("class")), ("fetchpriority", fetchpriority)]
    if lazy:
        extra.append(("loading", "lazy"))
    if main.width and main.height:
        extra = [("width", main.width), ("height", main.height), *extra]
    extra = format_html_join(
        "", ' {}="{}"', ((name, value) for name, value in extra if value)
    )
    if not jpeg_set:  # no renditions yet: the original file, still sized
        return format_html(
            '<img src="{}" alt="{}"{} decoding="async">', main.url, alt, extra
        )
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" alt="{}"{} decoding="async">'
        "</picture>",
        webp_set,
        sizes,
        main.url,
        jpeg_set,
        sizes,
        alt,
        extra,
    )


def sharing_image(photo):
    """The 16:9 rendition that link previews (Open Graph, Twitter cards) show."""
    return photos.rendition(photo, "16:9", photos.STRUCTURED_DATA_WIDTH)


# A story's page -------------------------------------------------------------------


@pass_context
def absolute_url(context, path: str) -> str:
    """``path`` as a full URL on the host the reader asked for."""
    return context["request"].build_absolute_uri(path)


@pass_context
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


@pass_context
def breadcrumb_jsonld(context, article):
    """The story's BreadcrumbList JSON-LD ``<script>`` (no query: the section
    comes with the story)."""
    data = structured_data.breadcrumb_list(
        article, absolute=context["request"].build_absolute_uri
    )
    return structured_data.jsonld_script(data)


def lang_attr(tag: str, within: str | None = None) -> SafeString:
    """`` lang="tag"`` for an element whose text is in language ``tag`` inside
    text in language ``within`` (the site's language by default); nothing when
    they are the same, or when ``tag`` is empty."""
    within = settings.NEWSROOM_LANGUAGE if within is None else str(within).strip()
    if not tag or tag == within:
        return SafeString("")
    return format_html(' lang="{}"', tag)


def og_locale_of(tag: str) -> str:
    """Open Graph's locale for a story in language ``tag`` ("ru" → "ru_RU"), or ""
    when no territory is known."""
    return languages.og_locale(
        tag or settings.NEWSROOM_LANGUAGE, settings.LANGUAGE_CODE
    )
