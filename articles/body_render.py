"""Reading the stored body: the public page, feeds and exports.

The stored body is already clean (``articles.body`` cleans on every write), so
reading only resolves its two references:

- ``<a href="story:<id>">`` becomes a link to the story's current address, so a
  slug change is followed; a story readers cannot see (draft, scheduled, killed…)
  is never linked, its words stay as plain text;
- ``<figure data-photo="<id>">`` becomes the library photo with its renditions,
  caption and credit.

A body with neither costs two substring searches and no query.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .body import FIGURE_RE, from_plain_text, is_markup, plain_text
from .models import Article, Photo

STORY_LINK_RE = re.compile(r'<a href="story:(\d+)">(.*?)</a>', re.DOTALL)


@dataclass
class BodyPhoto:
    """A photo placed in the body: what ``_figure.html`` reads from a placement."""

    photo: Photo

    @property
    def caption(self) -> str:
        return self.photo.caption


def story_addresses(body: str, absolute=None) -> dict[str, str]:
    """{id: address} of the published stories the body links to (one query)."""
    ids = {int(pk) for pk in re.findall(r'href="story:(\d+)"', body)}
    if not ids:
        return {}
    rows = Article.objects.published().filter(pk__in=ids).only("pk", "slug")
    make = absolute or (lambda path: path)
    return {str(a.pk): make(a.get_absolute_url()) for a in rows}


def resolve_links(body: str, absolute=None) -> str:
    """``body`` with its links to our stories resolved (see the module docstring)."""
    if "story:" not in body:
        return body
    addresses = story_addresses(body, absolute)

    def link(match):
        address = addresses.get(match.group(1))
        if address is None:
            return match.group(2)
        return f'<a href="{escape(address)}">{match.group(2)}</a>'

    return STORY_LINK_RE.sub(link, body)


def body_parts(article, *, dateline: str = "") -> list[tuple[SafeString, object]]:
    """The body as the page shows it: (html, None) runs and ("", BodyPhoto) photos,
    in order; the dateline opens the first paragraph."""
    body = article.body or ""
    if body and not is_markup(body):  # a row the migration has not reached
        body = from_plain_text(body)
    if dateline:
        mark = f'<span class="dateline">{escape(dateline)}</span> '
        if body.startswith("<p>"):
            body = f"<p>{mark}{body[3:]}"
        else:
            body = f"<p>{mark.strip()}</p>{body}"
    body = resolve_links(body)
    if "<figure" not in body:
        return [(mark_safe(body), None)]  # cleaned on write
    pieces = FIGURE_RE.split(body)
    photos = Photo.objects.select_related("photographer").in_bulk(
        {int(pk) for pk in pieces[1::2]}
    )
    parts: list[tuple[SafeString, object]] = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            if piece:
                parts.append((mark_safe(piece), None))  # cleaned on write
        elif (photo := photos.get(int(piece))) is not None:
            parts.append((mark_safe(""), BodyPhoto(photo)))
    return parts


def body_html(body: str, *, absolute) -> str:
    """The body for machines (feeds, ninjs): links to our stories as full URLs, body
    photos as ``<figure>`` with the library's image, caption and credit."""
    body = resolve_links(body or "", absolute)
    if "<figure" not in body:
        return body
    ids = {int(pk) for pk in FIGURE_RE.findall(body)}
    photos = Photo.objects.in_bulk(ids)

    def figure(match):
        photo = photos.get(int(match.group(1)))
        if photo is None or not photo.image:
            return ""
        caption = " ".join(
            part for part in (photo.caption, photo.credit_display) if part
        )
        return (
            f'<figure><img src="{escape(absolute(photo.image.url))}" '
            f'alt="{escape(photo.alt_text or photo.caption)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )

    return FIGURE_RE.sub(figure, body)


def body_photo_ids(body: str) -> list[int]:
    """The library photos placed in the body, in order."""
    return [int(pk) for pk in FIGURE_RE.findall(body or "")]


def story_link_ids(body: str) -> list[int]:
    """The stories the body links to, in order, each once."""
    found = re.findall(r'href="story:(\d+)"', body or "")
    return list(dict.fromkeys(int(pk) for pk in found))


__all__ = [
    "BodyPhoto",
    "body_html",
    "body_parts",
    "body_photo_ids",
    "plain_text",
    "resolve_links",
    "story_link_ids",
]


# --- Publishing rules (issue 21) ---------------------------------------------------


def body_photo_problems(body: str) -> list[str]:
    """Why the photos placed in the body stop the story from going out: each needs
    a credit line, like any other photo, and must still be in the library."""
    ids = body_photo_ids(body)
    if not ids:
        return []
    photos = Photo.objects.in_bulk(ids)
    problems = []
    for pk in dict.fromkeys(ids):
        photo = photos.get(pk)
        if photo is None:
            problems.append(
                f"A photo placed in the body (library number {pk}) is no longer in "
                "the library; remove it or place another."
            )
        elif not photo.credit.strip():
            problems.append(
                f"The photo “{photo}” placed in the body has no credit line; add "
                "one before publishing."
            )
    return problems


def unpublished_links(body: str) -> list[str]:
    """Headlines of the stories the body links to that readers cannot see (yet):
    readers get those words without the link until the story is published."""
    ids = story_link_ids(body)
    if not ids:
        return []
    visible = set(
        Article.objects.published().filter(pk__in=ids).values_list("pk", flat=True)
    )
    missing = [pk for pk in ids if pk not in visible]
    if not missing:
        return []
    found = dict(
        Article.objects.filter(pk__in=missing).values_list("pk", "headline")
    )
    return [found.get(pk, f"story {pk} (deleted)") for pk in missing]


def unpublished_links_note(body: str) -> str:
    """The editor's warning for ``unpublished_links`` ("" when there is none)."""
    headlines = unpublished_links(body)
    if not headlines:
        return ""
    shown = "; ".join(f"“{h}”" for h in headlines)
    return (
        f"The body links to stories readers cannot see yet: {shown}. Readers get "
        "those words without the link until each is published."
    )
