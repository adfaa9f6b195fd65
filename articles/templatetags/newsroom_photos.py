"""``{% picture %}``: a photo as responsive, lazy, credit-carrying HTML.

    {% load newsroom_photos %}
    {% picture photo sizes="(min-width: 46rem) 44rem, 100vw" lazy=False %}
    {% picture lead.photo ratio="4:3" sizes="14rem" class="thumb" %}

Gives a ``<picture>`` with a WebP ``<source>`` and a JPEG ``<img>`` fallback, both
with every stored width in ``srcset``, and ``width``/``height`` so the page does not
jump while it loads. Everything comes from the photo row already loaded: no query.
"""

from django import template
from django.utils.html import format_html, format_html_join

from articles.photos import rendition, srcset

register = template.Library()

# The width browsers without srcset support get.
FALLBACK_WIDTH = 800


@register.simple_tag
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
    """Render ``photo``; ``alt`` defaults to its alt text, then its caption."""
    if photo is None or not photo.image:
        return ""
    if alt is None:
        alt = photo.alt_text or photo.caption
    main = rendition(photo, ratio, FALLBACK_WIDTH)
    jpeg_set, webp_set = srcset(photo, ratio, "jpeg"), srcset(photo, ratio, "webp")
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
