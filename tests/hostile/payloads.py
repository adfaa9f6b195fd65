"""The catalogue of hostile input, shared by every entry point's module.

Each entry is ``(case id, value)`` or a small record, so a module parametrizes over a
whole list with ``ids``; new entry points (wire copy, search, feeds, JSON-LD) reuse the
same lists. Keep values literal: a reader should see exactly what was sent.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

# ------------------------------------------------------------------------ XSS
# ``{m}`` is replaced by a marker naming the field the payload went into, so a
# check can tell which field leaked. Every payload is shown as text or removed;
# none may become markup, an event handler or a script URL.

XSS = [
    ("script-tag", '<script>alert("{m}")</script>'),
    ("img-onerror", '<img src=x onerror=alert("{m}")>'),
    ("svg-onload-breakout", '"><svg onload=alert("{m}")>'),
    ("single-quote-breakout", "' onmouseover='alert(\"{m}\")' x='"),
    ("unquoted-attribute", 'x onfocus=alert("{m}") autofocus'),
    ("javascript-url", 'javascript:alert("{m}")'),
    ("data-url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#{m}"),
    ("title-breakout", '</title><script>alert("{m}")</script>'),
    ("textarea-breakout", '</textarea><script>alert("{m}")</script>'),
    ("script-breakout", '</script><script>alert("{m}")</script>'),
    ("link-javascript", "<a href=\"javascript:alert('{m}')\">{m}</a>"),
    ("iframe-data", "<iframe src=\"data:text/html,<script>alert('{m}')</script>\">"),
    ("style-import", "<style>@import 'https://evil.example/{m}.css';</style>"),
    ("template-syntax", "{{{{ {m} }}}}{{% debug %}}"),
    ("entity-encoded", '&lt;script&gt;alert("{m}")&lt;/script&gt;'),
]


def xss(template: str, field: str) -> str:
    return template.format(m=f"xss-{field}")


# -------------------------------------------------------------------- Unicode
# Headlines that must keep a readable, non-empty slug and render as typed.
HEADLINES = [
    # id, headline, slug it gets
    # Other scripts are transliterated: a readable address, never percent-encoded.
    (
        "cyrillic",
        "Лавров встретился с Коно в Токио",
        "lavrov-vstretilsya-s-kono-v-tokio",
    ),
    ("japanese", "東京で日ロ外相会談", "dong-jing-de-ri-ro-wai-xiang-hui-tan"),
    ("chinese", "外交部长在东京会晤", "wai-jiao-bu-zhang-zai-dong-jing-hui-wu"),
    ("arabic-rtl", "لافروف يلتقي كونو في طوكيو", "lfrwf-yltqy-kwnw-fy-twkyw"),
    ("hebrew-rtl", "לברוב נפגש עם קונו בטוקיו", "lvrvv-nfgs-m-kvnv-vtvkyv"),
    ("mixed-rtl-ltr", "TASS: لافروف in Tokyo", "tass-lfrwf-in-tokyo"),
    ("emoji-only", "🚀🚀🚀", "story"),
    ("emoji-and-words", "Launch 🚀 from Vostochny", "launch-from-vostochny"),
    ("zwj-emoji-family", "👨\u200d👩\u200d👧 family visa rules", "family-visa-rules"),
    ("punctuation-only", "?!… — «»", "story"),
    ("zero-width-inside", "Mis\u200bsile de\u200dfense", "missile-defense"),
    ("bidi-override", "\u202eevil\u202c headline", "evil-headline"),
]

# Text that is stored NFC: (id, as typed, as stored).
NFC = [
    ("combining-acute", "Cafe\u0301 de Flore", "Café de Flore"),
    ("combining-cyrillic-short-i", "Таи\u0306ланд", "Тайланд"),
    ("hangul-jamo", "\u1112\u1161\u11ab", "한"),
]

# Invisible characters stripped from slugs and tags.
INVISIBLE = [
    ("zero-width-space", "\u200b"),
    ("zero-width-joiner", "\u200d"),
    ("zero-width-non-joiner", "\u200c"),
    ("word-joiner", "\u2060"),
    ("byte-order-mark", "\ufeff"),
    ("left-to-right-mark", "\u200e"),
    ("right-to-left-override", "\u202e"),
    ("first-strong-isolate", "\u2068"),
    ("soft-hyphen", "\u00ad"),
]

NUL = "\x00"
NUL_MESSAGE = "Null characters are not allowed."  # Django's words, ours too

# -------------------------------------------------------------------- Sizes

BODY_LIMIT = 200_000  # Article.text_limits["body"]
CAPTION_LIMIT = 2_000  # articles.models.photos.CAPTION_MAX_LENGTH
SEVERAL_MEGABYTES = 3 * 1024 * 1024  # well under DATA_UPLOAD_MAX_MEMORY_SIZE


def long_body(characters: int) -> str:
    """Agency-like copy: paragraphs of words, ``characters`` long."""
    paragraph = "The minister said the talks were constructive and would go on. " * 8
    text = "\n\n".join([paragraph.strip()] * (characters // len(paragraph) + 1))
    return text[:characters]


# -------------------------------------------------------------------- Dates


@dataclass(frozen=True)
class BadTime:
    id: str
    date: str
    time: str
    message: str
    time_zone: str = "UTC"


BAD_TIMES = [
    BadTime("30-february", "2026-02-30", "10:00", "Enter a valid date."),
    BadTime("31-april", "2026-04-31", "10:00", "Enter a valid date."),
    BadTime("hour-25", "2026-03-01", "25:00", "Enter a valid time."),
    BadTime("year-9999", "9999-12-31", "23:59", "The year 9999 is out of range"),
    BadTime("year-1799", "1799-07-14", "12:00", "The year 1799 is out of range"),
    BadTime("year-five-digits", "20266-01-01", "10:00", "Enter a valid date."),
    BadTime("words", "tomorrow", "noon", "Enter a valid date."),
    BadTime(
        "dst-gap-berlin",
        "2026-03-29",
        "02:30",
        "couldn’t be interpreted in time zone Europe/Berlin",
        "Europe/Berlin",
    ),
    BadTime(
        "dst-ambiguous-berlin",
        "2026-10-25",
        "02:30",
        "couldn’t be interpreted in time zone Europe/Berlin",
        "Europe/Berlin",
    ),
    BadTime(
        "dst-gap-new-york",
        "2026-03-08",
        "02:15",
        "couldn’t be interpreted in time zone America/New_York",
        "America/New_York",
    ),
]

# Datetimes handed to the model layer (services, fixtures, the wire importer).
NAIVE = datetime(2026, 11, 29, 12, 0)  # no tzinfo: naive on purpose
YEAR_9999 = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)

# ---------------------------------------------------------------------- URLs

UNKNOWN_SLUGS = [
    ("ascii", "no-such-story"),
    ("cyrillic", "нет-такой-новости"),
    ("very-long", "a" * 5_000),
    ("nul", "%00"),
    ("dot-dot", ".."),
    ("encoded-traversal", "..%2F..%2Fnewsroom%2Fsettings.py"),
    ("encoded-backslash", "..%5C..%5Cmanage.py"),
    ("zero-width", "%E2%80%8B"),
]

BAD_PAGES = [
    ("zero", "0"),
    ("negative", "-1"),
    ("beyond-the-last", "99"),
    ("absurd", "9" * 40),
    ("float", "1.5"),
    ("exponent", "1e9"),
    ("word", "first"),
]

TRAVERSAL_PATHS = [
    ("dot-dot", "../newsroom/settings.py"),
    ("encoded", "..%2F..%2Fnewsroom%2Fsettings.py"),
    ("double-encoded", "%252e%252e%252fnewsroom%252fsettings.py"),
    ("absolute", "/etc/passwd"),
    ("backslash", "..\\..\\manage.py"),
]

LONG_QUERY = "q=" + "x" * 60_000 + "&utm=" + "<script>alert(1)</script>" * 100
