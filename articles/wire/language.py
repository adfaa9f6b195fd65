"""The language of wire copy: the agency's tag tidied, or one told from the text.

``detect_language`` reads the writing system first (Cyrillic, Han, kana, Hangul,
Arabic…), then, within Cyrillic, the letters each language alone uses, and within
Latin script the short function words each language repeats. That is all a desk
needs to label agency copy: the languages agencies file in are few and far apart,
and a story is long enough. No statistical model is shipped (none is needed to
tell Russian from Ukrainian by "ї", and they cost megabytes and start-up time).

``settle_language`` is what ``read_stories`` applies to every parsed story, in
every format.
"""

from collections import Counter
from functools import lru_cache

from ..languages import normalize_tag
from .story import WireStory

SAMPLE = 2000  # characters read: the headline and first paragraphs are plenty
WORDS_SAMPLE = 1000  # of which the words weighed (some 150: plenty to tell by)
_ASCII_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())

# Writing systems by code point range (first, last, script).
_RANGES = (
    (0x00C0, 0x024F, "latin"),
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0E00, 0x0E7F, "thai"),
    (0x1100, 0x11FF, "hangul"),
    (0x1E00, 0x1EFF, "latin"),
    (0x3040, 0x30FF, "kana"),
    (0x3130, 0x318F, "hangul"),
    (0x31F0, 0x31FF, "kana"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hangul"),
    (0xF900, 0xFAFF, "han"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    (0xFF66, 0xFF9F, "kana"),
)
_ONE_LANGUAGE_SCRIPTS = {
    "hangul": "ko",
    "arabic": "ar",
    "hebrew": "he",
    "greek": "el",
    "thai": "th",
    "devanagari": "hi",
}

# Letters one Cyrillic language uses and Russian does not (and Russian's own).
_KAZAKH = "әғқңөұүһӘҒҚҢӨҰҮҺ"
_BELARUSIAN = "ўЎ"
_UKRAINIAN = "іїєґІЇЄҐ"
_SERBIAN = "јљњћђџЈЉЊЋЂЏ"
_RUSSIAN = "ыэъёЫЭЪЁ"
_RUSSIAN_NOT_BULGARIAN = "ыэЫЭ"

# Characters only one of the two written forms of Chinese uses, among its commonest.
_SIMPLIFIED = "这们个国说为时会来对发经于过与从进关开问还现动东"
_TRADITIONAL = "這們個國說為時會來對發經於過與從進關開問還現動東"

# The commonest short words of each language written in Latin script, each list
# kept apart from the others' where a word is shared by several.
_FUNCTION_WORDS = {
    "en": "the and of to is that for on with said was were by from has have it at "
    "as this are be will an which",
    "fr": "le les des et du une est dans pour qui sur au aux avec pas ont été "
    "ce cette sont il elle a",
    "es": "el los las y del por con para una es se al su sus fue como más lo "
    "entre según han",
    "pt": "o os as do da dos das em no na não ao com uma foi pelo pela seu sua "
    "mais é são",
    "de": "der die das und den dem des ist nicht mit von zu ein eine auf für "
    "sich im auch wird wurde sagte",
    "it": "il lo gli di della delle dei che è per nel nella alla sono ha non "
    "anche ai degli",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada ke juga "
    "oleh adalah kata telah",
    "vi": "của và các là có được trong cho những với này không người đã một "
    "tại về khi đến",
}
_LANGUAGES_OF: dict[str, list[str]] = {}  # word → the languages it is common in
for _language, _words in _FUNCTION_WORDS.items():
    for _word in _words.split():
        _LANGUAGES_OF.setdefault(_word, []).append(_language)
# Around a word: what split() leaves on it.
_PUNCTUATION = ".,;:!?\"'()[]«»“”‘’„—–-…/"
# Vietnamese's own letters (horn and breve vowels, d with stroke): a sure sign.
_VIETNAMESE = "ơưđăƠƯĐĂ"


@lru_cache(maxsize=8192)
def _script(char: str) -> str:
    point = ord(char)
    for first, last, script in _RANGES:
        if first <= point <= last:
            return script
    return ""


def _count(chars: Counter, letters: str) -> int:
    return sum(chars[letter] for letter in letters)


def detect_language(text: str) -> str:
    """The BCP 47 tag of the language ``text`` is written in: "ru", "uk", "zh-Hans",
    "ja", "ar", "fr"… Latin-script text without a clear sign is "en"; text
    without letters gives "" (the importer then uses the site's default)."""
    sample = text[:SAMPLE]
    # ASCII letters are counted in bytes; each distinct other character is
    # looked at once (Counter counts them in C): English copy costs little.
    ascii_text = sample.encode("ascii", "ignore")
    chars = Counter(sample) if len(ascii_text) < len(sample) else Counter()
    counts: Counter = Counter()
    for char, times in chars.items():
        if not char.isascii():
            counts[_script(char)] += times
    counts["latin"] += len(ascii_text.translate(None, _ASCII_NOT_LETTERS))
    del counts[""]
    counts = +counts  # no zero counts
    if not counts:
        return ""
    script = max(counts, key=counts.get)
    if script in ("han", "kana"):
        # Japanese mixes kana into its kanji; Chinese has none.
        if counts["kana"] >= max(2, counts["han"] // 20):
            return "ja"
        return _chinese(chars)
    if script == "cyrillic":
        return _cyrillic(chars, counts["cyrillic"])
    if script == "latin":
        return _latin(sample, chars)
    return _ONE_LANGUAGE_SCRIPTS[script]


def _chinese(chars: Counter) -> str:
    simplified, traditional = _count(chars, _SIMPLIFIED), _count(chars, _TRADITIONAL)
    if simplified > traditional:
        return "zh-Hans"
    if traditional > simplified:
        return "zh-Hant"
    return "zh"


def _cyrillic(chars: Counter, letters: int) -> str:
    def share(listed: str) -> float:
        return _count(chars, listed) / letters

    if share(_KAZAKH) > 0.01:
        return "kk"
    if share(_SERBIAN) > 0.005:
        return "sr"
    if share(_BELARUSIAN) > 0.003:
        return "be"
    ukrainian, russian = share(_UKRAINIAN), share(_RUSSIAN)
    if ukrainian > russian:
        return "uk"
    if letters >= 40 and russian and not _count(chars, _RUSSIAN_NOT_BULGARIAN):
        return "bg"  # ъ as a vowel, and never ы or э
    return "ru"


def _latin(sample: str, chars: Counter) -> str:
    if _count(chars, _VIETNAMESE) >= 3:
        return "vi"
    scores = dict.fromkeys(_FUNCTION_WORDS, 0)
    for word in sample[:WORDS_SAMPLE].lower().split():
        for language in _LANGUAGES_OF.get(word.strip(_PUNCTUATION), ()):
            scores[language] += 1
    best = max(scores, key=scores.get)
    # A few shared words decide nothing: without a clear lead, English.
    runner_up = max(score for language, score in scores.items() if language != best)
    if scores[best] >= 3 and scores[best] > runner_up * 1.2:
        return best
    return "en"


def settle_language(story: WireStory) -> None:
    """Give ``story`` a tidy BCP 47 tag: the agency's own, tidied ("EN_us" →
    "en-US", with a note saying so), or, when it names none or an unreadable one,
    the language its text is written in (or "" for text with no letters)."""
    given = story.language.strip()
    tidy = normalize_tag(given)
    if given and tidy != given:
        if tidy:
            story.unsure.append(f"The language “{given}” was read as “{tidy}”.")
        else:
            story.unsure.append(
                f"The language “{given[:40]}” is no language tag; it was told "
                "from the text instead."
            )
    if not tidy:
        tidy = detect_language(" ".join([story.headline, *story.paragraphs[:6]]))
    story.language = tidy
