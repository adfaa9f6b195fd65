"""schema.org NewsArticle and BreadcrumbList JSON-LD for a story page, and their
safe ``<script>`` tag.

Built only from what the story page has already loaded (the story, its agency,
photo placements, people and tags), so it costs no query.
"""

import json
from collections.abc import Iterable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from . import photos
from .models import Article, ArticlePhoto

# What json_script escapes: no "</script>", "<!--" or "&" can survive in the text.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def jsonld_script(data: dict) -> SafeString:
    """``<script type="application/ld+json">`` holding ``data``, escaped as Django's
    ``json_script`` escapes (which only writes ``type="application/json"``)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        SafeString(text.translate(_SCRIPT_ESCAPES)),
    )


def images(placements: list[ArticlePhoto], absolute) -> list[dict]:
    """The lead photo in the three crops search engines ask for (16:9, 4:3, 1:1),
    then every other photo whole; each an ImageObject with its credit and rights."""
    if not placements:
        return []
    lead, *rest = placements
    return photos.image_objects(
        lead.photo, caption=lead.caption, ratios=photos.RATIOS, absolute=absolute
    ) + [
        photos.image_object(p.photo, caption=p.caption, absolute=absolute) for p in rest
    ]


def date_modified(article: Article):
    candidates = [article.published_at, article.updated_at]
    corrected = getattr(article, "corrected_at", None)
    if corrected:
        candidates.append(corrected)
    return max(candidates)


def news_article(
    article: Article,
    *,
    absolute,
    people: Iterable,
    tags: Iterable,
    corrections: Iterable = (),
) -> dict:
    """The NewsArticle for ``article``; ``absolute`` turns a path into a full URL.

    ``people`` is the page's [(person, roles)] list; ``corrections`` are objects
    with ``note`` and ``created_at`` (the workflow's Correction).
    """
    canonical = absolute(article.get_absolute_url())
    bylines = [person for person, roles in people if "byline" in roles]
    if bylines:
        author = [
            {"@type": "Person", "name": p.name, "url": absolute(p.get_absolute_url())}
            for p in bylines
        ]
    elif article.byline:
        author = [{"@type": "Person", "name": article.byline}]
    elif article.agency_id:
        author = [{"@type": "Organization", "name": article.agency.name}]
    else:
        author = [{"@type": "Organization", "name": settings.NEWSROOM_SITE_NAME}]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.summary,
        # The body's text without markup (schema.org: articleBody is Text).
        "articleBody": "\n\n".join(article.paragraphs),
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "datePublished": article.published_at.isoformat(),
        "dateModified": date_modified(article).isoformat(),
        "author": author,
        "publisher": {
            "@type": "Organization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": absolute(reverse("articles:home")),
        },
        "dateline": article.dateline,
        "keywords": [tag.name for tag in tags],
        "inLanguage": article.language or settings.NEWSROOM_LANGUAGE,
        "isAccessibleForFree": True,
    }
    if article.agency_id:
        data["sourceOrganization"] = {
            "@type": "Organization",
            "name": article.agency.name,
            **({"url": article.agency.url} if article.agency.url else {}),
        }
    data["image"] = images(article.placements, absolute)
    correction_list = [
        {
            "@type": "CorrectionComment",
            "text": correction.note,
            "datePublished": correction.created_at.isoformat(),
        }
        for correction in corrections
    ]
    if correction_list:
        data["correction"] = correction_list
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def breadcrumbs(article: Article) -> list[tuple[str, str]]:
    """(name, path) from the home page to the story, through its section."""
    trail = [("Home", reverse("articles:home"))]
    if article.section_id:
        trail.append((article.section.name, article.section.get_absolute_url()))
    trail.append((article.headline, article.get_absolute_url()))
    return trail


def breadcrumb_list(article: Article, *, absolute) -> dict:
    """The story's BreadcrumbList: the same trail as the page's visible one."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": n,
                "name": name,
                "item": absolute(path),
            }
            for n, (name, path) in enumerate(breadcrumbs(article), start=1)
        ],
    }
