"""The body's editor in the admin: django-prose-editor, set to the body's schema.

django-prose-editor (FeinCMS, BSD) is ProseMirror/Tiptap packaged for Django: its
JavaScript and CSS ship in the wheel and are served from our static files (no CDN),
its toolbar is made of buttons with names and shortcuts (ProseMirror's keyboard
commands: Ctrl+B, Ctrl+I, Ctrl+Shift+8 …), and ProseMirror parses a paste against
the editor's schema, so a word processor's or a web page's paste keeps only what
the schema has. The extensions below are exactly ``articles.body``'s allow-list;
the server cleans again on save (``BodyField``), whatever a browser sends.

Photos placed in the body are stored as ``<figure data-photo="<id>">``; the
editor shows them as Tiptap's Figure (the library's thumbnail and caption, the id
kept in the image's ``data-file``), and ``articles.body.clean_body`` turns that
back into the reference. Links to our stories are ``story:<id>`` addresses.

Both are picked inside the editor's own dialogs (``articles/admin/body_editor.js``
adds a search box to them, a combobox over a listbox): the link dialog finds our
stories by headline (``story_link_search``) and sets the address to
``story:<id>``; the "Insert Figure" dialog finds library photos by caption, credit
or photographer (``photo_search``) and inserts the picked one as a figure holding
its id (the reference) with its thumbnail, caption and credit. Both searches are
staff-only JSON; the photo search also needs permission to view photos.
"""

import base64
import functools
import hashlib
import re

from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET
from django_prose_editor.widgets import AdminProseEditorWidget, importmap

from .body import FIGURE_RE
from .models import Article, Photo
from .photos import rendition

EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "story"]},
    "Figure": True,
    "Image": True,
    "Caption": True,
    "History": True,
}

EDITOR_THUMB_WIDTH = 400


@functools.cache
def importmap_hash() -> str:
    """The CSP source that lets the editor's import map run: its sha256. The map is
    inline (a ``<script type="importmap">`` cannot be a file), and the same for
    every page (static addresses only), so the admin allows exactly that text."""
    rendered = str(importmap)
    text = rendered[rendered.index(">") + 1 : rendered.rindex("</script>")]
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


SEARCH_LIMIT = 10


class BodyEditorWidget(AdminProseEditorWidget):
    """The prose editor over the body's textarea, showing body photos."""

    template_name = "admin/articles/body_editor.html"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"aria-label": "Story body", **(attrs or {})},
            config={"extensions": EXTENSIONS},
            preset="configurable",
        )

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["articles/admin/body_editor.css"]},
            js=["articles/admin/body_editor.js"],
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        # Where the editor's dialogs search (read by body_editor.js), and the
        # help under the editor (the template's), which says how to use them.
        described = widget_attrs.get("aria-describedby", "")
        help_id = f"{widget_attrs.get('id')}-help"
        widget_attrs.update(
            {
                "data-story-search": reverse("admin:articles_story_link_search"),
                "data-photo-search": reverse("admin:articles_body_photo_search"),
                "aria-describedby": f"{described} {help_id}".strip(),
            }
        )
        return context

    def format_value(self, value):
        return for_editor(super().format_value(value) or "")


def for_editor(body: str) -> str:
    """``body`` as the editor loads it: each photo reference as a figure with the
    library's thumbnail and caption (one query, only when there are photos)."""
    ids = [int(pk) for pk in FIGURE_RE.findall(body)]
    if not ids:
        return body
    photos = Photo.objects.in_bulk(ids)

    def figure(match):
        photo = photos.get(int(match.group(1)))
        if photo is None or not photo.image:
            return ""
        shown = rendition(photo, None, EDITOR_THUMB_WIDTH)
        caption = caption_line(photo)
        return (
            f'<figure><img src="{escape(shown.url)}" '
            f'alt="{escape(photo.alt_text or photo.caption)}" '
            f'data-file="{photo.pk}"><figcaption>{escape(caption)}</figcaption>'
            "</figure>"
        )

    return FIGURE_RE.sub(figure, body)


def caption_line(photo) -> str:
    """What the editor shows under a body photo: the caption and “© credit”."""
    return " ".join(p for p in (photo.caption, photo.credit_display) if p)


@staff_member_required
@require_GET
def story_link_search(request):
    """Stories whose headline has the typed words, newest first, as JSON:
    ``{"results": [{"id", "headline", "href", "state"}]}``. Staff only; a draft is
    listed (the desk may link ahead), with its state so the editor knows."""
    words = " ".join(request.GET.get("q", "").split())[:200]
    if len(words) < 2:
        return JsonResponse({"results": []})
    query = Q()
    for word in words.split()[:8]:
        query &= Q(headline__icontains=word)
    if re.fullmatch(r"\d+", words):
        query |= Q(pk=int(words))
    rows = Article.objects.filter(query).exclude(status=Article.Status.KILLED)
    results = [
        {
            "id": story.pk,
            "headline": story.headline,
            "href": f"story:{story.pk}",
            "state": story.state_label(),
        }
        for story in rows.order_by("-pk")[:SEARCH_LIMIT]
    ]
    return JsonResponse({"results": results})


@staff_member_required
@require_GET
def photo_search(request):
    """Library photos whose caption, credit or photographer's name has every typed
    word, newest first, as JSON: ``{"results": [{"id", "caption", "credit",
    "photographer", "line", "src", "alt"}]}`` (``src`` the editor's thumbnail, an
    existing rendition: nothing is copied or made). Staff who may view photos."""
    if not request.user.has_perm("articles.view_photo"):
        raise PermissionDenied("You may not view the photo library.")
    words = " ".join(request.GET.get("q", "").split())[:200]
    if len(words) < 2 and not words.isdigit():  # a photo's number may be short
        return JsonResponse({"results": []})
    query = Q()
    for word in words.split()[:8]:
        query &= (
            Q(caption__icontains=word)
            | Q(credit__icontains=word)
            | Q(photographer__name__icontains=word)
        )
    if re.fullmatch(r"\d+", words):
        query |= Q(pk=int(words))
    rows = (
        Photo.objects.filter(query)
        .exclude(image="")
        .select_related("photographer")
        .order_by("-created_at", "-pk")[:SEARCH_LIMIT]
    )
    results = [
        {
            "id": photo.pk,
            "caption": photo.caption,
            "credit": photo.credit,
            "photographer": photo.photographer.name if photo.photographer else "",
            "line": caption_line(photo),
            "src": rendition(photo, None, EDITOR_THUMB_WIDTH).url,
            "alt": photo.alt_text or photo.caption,
        }
        for photo in rows
    ]
    return JsonResponse({"results": results})
