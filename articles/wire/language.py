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

import re
from collections import Counter

from ..languages import normalize_tag
from .story import WireStory

SAMPLE = 3000  # characters read: the headline and first paragraphs are plenty

_SCRIPTS = {
    "cyrillic": re.compile("[\u0400-\u052f]"),
    "han": re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
    "kana": re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]"),
    "hangul": re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"),
    "arabic": re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "hebrew": re.compile("[\u0590-\u05ff]"),
    "greek": re.compile("[\u0370-\u03ff]"),
    "thai": re.compile("[\u0e00-\u0e7f]"),
    "devanagari": re.compile("[\u0900-\u097f]"),
    "latin": re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
}
_ONE_LANGUAGE_SCRIPTS = {
    "hangul": "ko",
    "arabic": "ar",
    "hebrew": "he",
    "greek": "el",
    "thai": "th",
    "devanagari": "hi",
}

# Letters one Cyrillic language uses and Russian does not (and Russian's own).
_KAZAKH = re.compile("[әғқңөұүһӘҒҚҢӨҰҮҺ]")
_BELARUSIAN = re.compile("[ўЎ]")
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")
_SERBIAN = re.compile("[јљњћђџЈЉЊЋЂЏ]")
_RUSSIAN = re.compile("[ыэъёЫЭЪЁ]")
_RUSSIAN_NOT_BULGARIAN = re.compile("[ыэЫЭ]")

# Characters only one of the two written forms of Chinese uses, among its commonest.
_SIMPLIFIED = re.compile("[这们个国说为时会来对发经于过与从进关开问还现动东]")
_TRADITIONAL = re.compile("[這們個國說為時會來對發經於過與從進關開問還現動東]")

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
_WORDS = {
    language: frozenset(words.split()) for language, words in _FUNCTION_WORDS.items()
}
_WORD = re.compile(r"[^\W\d_]+")
# Vietnamese's own letters (horn and breve vowels, d with stroke): a sure sign.
_VIETNAMESE = re.compile("[ơưđăƠƯĐĂ]")


def detect_language(text: str) -> str:
    """The BCP 47 tag of the language ``text`` is written in: "ru", "uk", "zh-Hans",
    "ja", "ar", "fr"… Latin-script text without a clear sign is "en"; text
    without letters gives "" (the importer then uses the site's default)."""
    sample = text[:SAMPLE]
    counts = {name: len(pattern.findall(sample)) for name, pattern in _SCRIPTS.items()}
    script = max(counts, key=counts.get)
    if not counts[script]:
        return ""
    if script in ("han", "kana"):
        # Japanese mixes kana into its kanji; Chinese has none.
        if counts["kana"] >= max(2, counts["han"] // 20):
            return "ja"
        return _chinese(sample)
    if script == "cyrillic":
        return _cyrillic(sample, counts["cyrillic"])
    if script == "latin":
        return _latin(sample)
    return _ONE_LANGUAGE_SCRIPTS[script]


def _chinese(sample: str) -> str:
    simplified = len(_SIMPLIFIED.findall(sample))
    traditional = len(_TRADITIONAL.findall(sample))
    if simplified > traditional:
        return "zh-Hans"
    if traditional > simplified:
        return "zh-Hant"
    return "zh"


def _cyrillic(sample: str, letters: int) -> str:
    def share(pattern):
        return len(pattern.findall(sample)) / letters

    if share(_KAZAKH) > 0.01:
        return "kk"
    if share(_SERBIAN) > 0.005:
        return "sr"
    if share(_BELARUSIAN) > 0.003:
        return "be"
    ukrainian, russian = share(_UKRAINIAN), share(_RUSSIAN)
    if ukrainian > russian:
        return "uk"
    if letters >= 40 and not _RUSSIAN_NOT_BULGARIAN.search(sample) and russian:
        return "bg"  # ъ as a vowel, and never ы or э
    return "ru"


def _latin(sample: str) -> str:
    if len(_VIETNAMESE.findall(sample)) >= 3:
        return "vi"
    words = Counter(word.lower() for word in _WORD.findall(sample))
    scores = {
        language: sum(words[word] for word in listed)
        for language, listed in _WORDS.items()
    }
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
