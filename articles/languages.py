"""A story's language as a BCP 47 tag (RFC 5646), and addresses in any script.

The model validates with ``validate_language_tag``; wire parsers tidy what an
agency sends with ``normalize_tag`` ("EN" → "en", "en_US" → "en-US"); the story
page's ``og:locale`` comes from ``og_locale``; ``ascii_slug`` makes a readable
Latin address from a headline or name in any script.
"""

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify

# RFC 5646 §4.4.1: 35 characters hold every tag of language, extended language,
# script, region and one variant; longer tags carry extensions we do not keep.
TAG_MAX_LENGTH = 35

# RFC 5646 §2.1's "langtag" (the regular, well-formed form; grandfathered and
# private-use-only tags are not languages a story is written in). The language
# subtag is the two- or three-letter code: the grammar's 4-8 letter form is
# reserved and registers no language, and would let "English" pass as a tag.
_LANGTAG = re.compile(
    r"""
    (?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3})
    (?:-(?P<script>[a-z]{4}))?
    (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
    (?P<variants>(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)
    (?P<extensions>(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*)
    (?P<private>-x(?:-[a-z0-9]{1,8})+)?
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Languages an editor picks most often (offered in the story form; any other
# well-formed tag may be typed).
COMMON_LANGUAGES = [
    ("en", "English"),
    ("en-GB", "English (United Kingdom)"),
    ("en-US", "English (United States)"),
    ("ru", "Russian"),
    ("uk", "Ukrainian"),
    ("be", "Belarusian"),
    ("kk", "Kazakh"),
    ("de", "German"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("pt", "Portuguese"),
    ("pt-BR", "Portuguese (Brazil)"),
    ("it", "Italian"),
    ("ar", "Arabic"),
    ("zh-Hans", "Chinese (Simplified)"),
    ("zh-Hant", "Chinese (Traditional)"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("id", "Indonesian"),
    ("ms", "Malay"),
    ("vi", "Vietnamese"),
    ("tr", "Turkish"),
]

# The territory a bare language is most often written in (CLDR's likely subtags),
# for Open Graph's language_TERRITORY. A language not listed gets no og:locale
# rather than a guessed one.
_LIKELY_TERRITORY = {
    "ar": "EG",
    "be": "BY",
    "de": "DE",
    "en": "US",
    "es": "ES",
    "fr": "FR",
    "id": "ID",
    "it": "IT",
    "ja": "JP",
    "kk": "KZ",
    "ko": "KR",
    "ms": "MY",
    "pt": "BR",
    "ru": "RU",
    "tr": "TR",
    "uk": "UA",
    "vi": "VN",
}
_SCRIPT_TERRITORY = {("zh", "Hans"): "CN", ("zh", "Hant"): "TW"}


def default_language() -> str:
    """A story's language when nothing says otherwise: ``NEWSROOM_DEFAULT_LANGUAGE``
    tidied ("EN" → "en"), or "en" when that is no language tag."""
    return normalize_tag(getattr(settings, "NEWSROOM_DEFAULT_LANGUAGE", "")) or "en"


def normalize_tag(value: str) -> str:
    """``value`` as a well-formed BCP 47 tag in its conventional case ("en-US",
    "zh-Hans", "sr-Latn-RS"), or "" when it is none.

    Lenient with what agencies write: an underscore ("en_US", as locales spell
    it) is read as a hyphen, surrounding space is dropped, and a tag longer than
    ``TAG_MAX_LENGTH`` keeps its language, script and region only.
    """
    text = value.strip().replace("_", "-") if isinstance(value, str) else ""
    found = _LANGTAG.fullmatch(text)
    if not found:
        return ""
    parts = [found["language"].lower()]
    if found["script"]:
        parts.append(found["script"].title())
    if found["region"]:
        parts.append(found["region"].upper())
    rest = "".join(found[name] or "" for name in ("variants", "extensions", "private"))
    tag = "-".join(parts) + rest.lower()
    return tag if len(tag) <= TAG_MAX_LENGTH else "-".join(parts)


def validate_language_tag(value: str) -> None:
    """Refuse anything that is not a well-formed BCP 47 tag in its usual case."""
    tidy = normalize_tag(value)
    if not tidy:
        raise ValidationError(
            "“%(value)s” is not a language tag. Use a BCP 47 tag such as “en”, "
            "“ru”, “pt-BR” or “zh-Hans”.",
            code="invalid_language",
            params={"value": value},
        )
    if tidy != value:
        raise ValidationError(
            "Write the language tag as “%(tidy)s”.",
            code="language_case",
            params={"tidy": tidy},
        )


def primary(tag: str) -> str:
    """The language subtag alone: "pt-BR" → "pt"."""
    return tag.split("-", 1)[0].lower()


@lru_cache(maxsize=256)
def og_locale(language: str, language_code: str = "") -> str:
    """Open Graph's ``language_TERRITORY`` for a tag ("ru" → "ru_RU", "pt-BR" →
    "pt_BR"), or "" when no territory is known (the tag is then left out rather
    than guessed).

    A bare tag takes its territory from ``language_code`` (Django's
    ``LANGUAGE_CODE``, "en-us") when that is the same language, else from the
    language's most usual territory.
    """
    tag = normalize_tag(language)
    if not tag:
        return ""
    found = _LANGTAG.fullmatch(tag)
    lang, script, region = found["language"], found["script"], found["region"]
    if not region and language_code:
        code = normalize_tag(language_code)
        code_parts = _LANGTAG.fullmatch(code) if code else None
        if code_parts and code_parts["language"] == lang and code_parts["region"]:
            region = code_parts["region"]
    if not region:
        region = _SCRIPT_TERRITORY.get((lang, script)) or _LIKELY_TERRITORY.get(lang)
    if not region or not region.isalpha():
        return ""
    return f"{lang}_{region}"


# Ideographs are written without spaces, each one a syllable: spaced apart, their
# readings make words ("北京" → "bei-jing", not "beijing" run on). Kana between
# them is kept together ("ミサイル" → "misairu").
_SYLLABIC = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def transliterate(text: str) -> str:
    """``text`` in Latin letters: "Лавров" → "Lavrov", "北京" → "Bei Jing".

    Only letters, marks and digits are transliterated (anyascii's tables); other
    symbols are kept for ``slugify`` to drop, so an emoji adds no word such as
    "rocket" to an address.
    """
    out = []
    for char in text:
        if char.isascii() or unicodedata.category(char)[0] not in "LMN":
            out.append(char)
        elif _SYLLABIC.match(char):
            out.append(f" {anyascii(char)} ")
        else:
            out.append(anyascii(char))
    return "".join(out)


def ascii_slug(text: str) -> str:
    """A readable ASCII slug for ``text`` in any script, as browsers show it
    (never percent-encoded): "Лавров провел переговоры" →
    "lavrov-provel-peregovory". May be "" (for punctuation or emoji only)."""
    return slugify(transliterate(text))
