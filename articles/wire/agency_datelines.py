"""Datelines, dates and agency names in agency page text, in each agency's convention.

A dateline opens the lead (or stands on its own line) and says where, when and from
whom the story comes. The shapes agencies print, all read by ``agency_dateline`` and
``bare_dateline``::

    MOSCOW, March 21. /TASS/.          ТОКИО, 21 марта. /ТАСС/.
    BAIKONUR /Kazakhstan/, June 3. /TASS/.
    SEOUL, Nov. 11 (Yonhap) --         WASHINGTON (AP) —
    MOSCOW. Feb 15 (Interfax) -        SOCHI, Russia (AP) —
    (Bernama) –                        МИНСК, 21 мая (БЕЛТА) –
    MOSCOW (UrduPoint News / Sputnik - 03rd January, 2023)
    MOSCOW, March 23 – RIA Novosti.    NUR-SULTAN. KAZINFORM      Kyiv • UNN
    TOKYO- (Jiji)    KUWAIT: (KUNA)    TOKYO (alone on its line)  Xinhua, July 25, 2016

Months are English (full, abbreviated, with a dot) or Russian in any grammatical
case ("21 марта", "март", "мая"). Dates printed with a year elsewhere on the page
(time lines) are found by ``full_dates``; whether they belong to the story is the
caller's call.
"""

import re
from dataclasses import dataclass
from datetime import date

from .story import WireError

EN_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# Russian month stems: every case form starts with one of these ("марта", "мае").
RU_MONTHS = {
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
}


def _ci(pattern: str) -> str:
    """``pattern`` matching any letter case, spelled as character classes: the
    IGNORECASE flag makes these many-branched patterns several times slower."""
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch.isalpha() and ch.lower() != ch.upper():
            pair = ch.lower() + ch.upper()
            ch = pair if in_class else f"[{pair}]"
        out.append(ch)
    return "".join(out)


_EN_MONTH = _ci(
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_RU_MONTH = _ci(
    r"(?:январ[ьяеюё]м?|феврал[ьяеюё]м?|март[аеуо]?м?|апрел[ьяеюё]м?|ма[йяеюё]м?|"
    r"июн[ьяеюё]м?|июл[ьяеюё]м?|август[аеуо]?м?|сентябр[ьяеюё]м?|октябр[ьяеюё]м?|"
    r"ноябр[ьяеюё]м?|декабр[ьяеюё]м?|янв|фев|мар|апр|авг|сент?|окт|нояб?|дек)"
)
MONTH = rf"(?:{_EN_MONTH}|{_RU_MONTH})(?![^\W\d_])\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# Any four digits: a year out of range is the importer's to refuse, with a reason.
_YEAR = r"\d{4}(?!\d)"
# "March 21", "Nov. 11, 2020", "21 марта", "03rd January, 2023", "20, January 2019".
DATE = (
    rf"(?<![\w:])(?:(?P<m1>{MONTH})\s*(?P<d1>{_DAY})(?:\s*,?\s*(?P<y1>{_YEAR}))?"
    rf"|(?P<d2>{_DAY})\s*,?\s*(?P<m2>{MONTH})(?:\s*,?\s*(?P<y2>{_YEAR}))?"
    rf"(?:\s*(?:г\.|года))?)"
)
DATE_RE = re.compile(DATE)

# Agencies as their datelines and credit lines print them → (short name, full name).
KNOWN_AGENCIES = {
    "tass": ("TASS", "TASS Russian News Agency"),
    "itar-tass": ("TASS", "TASS Russian News Agency"),
    "тасс": ("TASS", "TASS Russian News Agency"),
    "итар-тасс": ("TASS", "TASS Russian News Agency"),
    "ria novosti": ("RIA Novosti", "RIA Novosti"),
    "риа новости": ("RIA Novosti", "RIA Novosti"),
    "interfax": ("Interfax", "Interfax"),
    "interfax.ru": ("Interfax", "Interfax"),
    "интерфакс": ("Interfax", "Interfax"),
    "sputnik": ("Sputnik", "Sputnik"),
    "спутник": ("Sputnik", "Sputnik"),
    "xinhua": ("Xinhua", "Xinhua News Agency"),
    "yonhap": ("Yonhap", "Yonhap News Agency"),
    "kyodo": ("Kyodo", "Kyodo News"),
    "kyodo news": ("Kyodo", "Kyodo News"),
    "jiji": ("Jiji", "Jiji Press"),
    "jiji press": ("Jiji", "Jiji Press"),
    "ap": ("AP", "The Associated Press"),
    "associated press": ("AP", "The Associated Press"),
    "the associated press": ("AP", "The Associated Press"),
    "ap news": ("AP", "The Associated Press"),
    "afp": ("AFP", "Agence France-Presse"),
    "agence france-presse": ("AFP", "Agence France-Presse"),
    "reuters": ("Reuters", "Reuters"),
    "bernama": ("Bernama", "Bernama"),
    "antara": ("Antara", "Antara News Agency"),
    "wam": ("WAM", "Emirates News Agency"),
    "kuna": ("KUNA", "Kuwait News Agency"),
    "kazinform": ("Kazinform", "Kazinform"),
    "казинформ": ("Kazinform", "Kazinform"),
    "unn": ("UNN", "Ukrainian National News"),
    "ukrinform": ("Ukrinform", "Ukrinform"),
    "укрінформ": ("Ukrinform", "Ukrinform"),
    "belta": ("BelTA", "Belarusian Telegraph Agency"),
    "белта": ("BelTA", "Belarusian Telegraph Agency"),
    "prensa latina": ("Prensa Latina", "Prensa Latina"),
    "vna": ("VNA", "Vietnam News Agency"),
    "vns": ("VNS", "Viet Nam News"),
    "pti": ("PTI", "Press Trust of India"),
    "ani": ("ANI", "Asian News International"),
    "ians": ("IANS", "Indo-Asian News Service"),
    "efe": ("EFE", "Agencia EFE"),
    "ansa": ("ANSA", "ANSA"),
    "dpa": ("dpa", "Deutsche Presse-Agentur"),
    "anadolu": ("AA", "Anadolu Agency"),
    "anadolu agency": ("AA", "Anadolu Agency"),
    "irna": ("IRNA", "Islamic Republic News Agency"),
    "spa": ("SPA", "Saudi Press Agency"),
    "qna": ("QNA", "Qatar News Agency"),
    "mena": ("MENA", "Middle East News Agency"),
    "sana": ("SANA", "Syrian Arab News Agency"),
    "kcna": ("KCNA", "Korean Central News Agency"),
    "trend": ("Trend", "Trend News Agency"),
    "azertag": ("AZERTAC", "Azerbaijan State News Agency"),
    "azertac": ("AZERTAC", "Azerbaijan State News Agency"),
    "armenpress": ("Armenpress", "Armenpress"),
    "kabar": ("Kabar", "Kabar"),
    "akipress": ("AKIpress", "AKIpress"),
    "pna": ("PNA", "Philippine News Agency"),
    "lusa": ("Lusa", "Lusa"),
    "apa": ("APA", "APA"),
    "mti": ("MTI", "MTI"),
    "pap": ("PAP", "Polish Press Agency"),
    "ctk": ("CTK", "Czech News Agency"),
    "tasr": ("TASR", "TASR"),
    "bta": ("BTA", "Bulgarian News Agency"),
    "agerpres": ("Agerpres", "Agerpres"),
    "tanjug": ("Tanjug", "Tanjug"),
    "hina": ("HINA", "HINA"),
    "ntb": ("NTB", "NTB"),
    "ritzau": ("Ritzau", "Ritzau"),
    "belga": ("Belga", "Belga"),
    "anp": ("ANP", "ANP"),
}


def _spelled(name: str) -> str:
    # "Agence France-Presse" also as printed "Agence France- Presse".
    return r"\s+".join(
        r"\s*-\s*".join(re.escape(part) for part in word.split("-"))
        for word in name.split()
    )


_KNOWN = _ci(
    "(?:"
    + "|".join(_spelled(name) for name in sorted(KNOWN_AGENCIES, key=len, reverse=True))
    + ")"
)
KNOWN_AGENCY = _KNOWN
KNOWN_AGENCY_RE = re.compile(rf"(?<![\w-])(?:{_KNOWN})(?![\w-])")


def agency_names(printed: str) -> tuple[str, str]:
    """(short name, full name) for an agency as printed; unknown ones as printed."""
    printed = re.sub(r"\s+", " ", printed).strip(" .:-–—")
    # A republisher before the agency: "UrduPoint News / Sputnik".
    if "/" in printed:
        printed = printed.rsplit("/", 1)[1].strip()
    key = re.sub(r"\s*-\s*", "-", printed).casefold()
    if key not in KNOWN_AGENCIES:
        # "/Корр. ТАСС Иван Иванов/": the agency inside a longer credit.
        found = KNOWN_AGENCY_RE.search(printed)
        key = re.sub(r"\s*-\s*", "-", found[0]).casefold() if found else key
    return KNOWN_AGENCIES.get(key, (printed, ""))


def month_number(name: str) -> int:
    name = name.casefold().rstrip(".")
    if name[:3] in EN_MONTHS:
        return EN_MONTHS[name[:3]]
    if name.startswith("мар"):
        return 3
    for stem, number in RU_MONTHS.items():
        if name.startswith(stem):
            return number
    raise ValueError(name)


def date_parts(m: re.Match) -> tuple[int, int, int | None]:
    """(month, day, year or None) from a match of ``DATE``."""
    month = m["m1"] or m["m2"]
    day = m["d1"] or m["d2"]
    year = m["y1"] or m["y2"]
    return (
        month_number(month),
        int(re.match(r"\d+", day)[0]),
        int(year) if year else None,
    )


def make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# Dates with a year, as pages print them around a story (time lines, source lines).
_NUMERIC_DATES = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b"),
    # US order, as republishers print it: 08/30/2023.
    re.compile(r"\b(?P<mnum>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d\d)\b"),
]
_ANY_YEAR_RE = re.compile(r"(?:1[89]|2[01])\d\d")


def full_dates(text: str):
    """Each date printed with its year in ``text``, in order of the patterns."""
    if not _ANY_YEAR_RE.search(text):
        return
    for m in DATE_RE.finditer(text):
        month, day, year = date_parts(m)
        found = make_date(year, month, day) if year else None
        if found:
            yield found
    for pattern in _NUMERIC_DATES:
        for m in pattern.finditer(text):
            found = make_date(int(m["year"]), int(m["mnum"]), int(m["day"]))
            if found:
                yield found


class AgencyTextError(WireError):
    """The text is not a story page this parser can read."""


@dataclass
class Dateline:
    """A dateline as printed: where, when, whose; ``rest`` is the lead after it."""

    place: str = ""
    region: str = ""
    month: int | None = None
    day: int | None = None
    year: int | None = None
    agency: str = ""  # as printed
    rest: str = ""
    # The dateline stands alone on its line (the lead is the next paragraph).
    alone: bool = False
    # A site's meta line ("Kyiv • UNN"): the summary under it is the standfirst.
    meta: bool = False
    # The reporter named after the agency: "МОСКВА, 5 мая — РИА Новости, Иван Иванов."
    author: str = ""


_WORD = r"[^\W\d_]+(?:['’.\-][^\W\d_]+)*\.?"
_PLACE = rf"{_WORD}(?:\s+{_WORD}){{0,4}}?"
_REGION = r"[^\W\d_][\w'’.\-]*(?:\s+[^\W\d_][\w'’.\-]*){0,3}"
_DASH = r"(?:-{1,3}|[–—])"

# CITY /Region/, Month D[, YYYY]. /AGENCY/. lead — TASS; every part but the agency
# optional.
SLASH_RE = re.compile(
    rf"""^
    (?:(?P<place>{_PLACE})\s*(?:/(?P<region>[^/\n]{{1,60}})/)?\s*[,.]\s*)?
    (?:{DATE}\s*[.,]?\s*)?
    /(?P<agency>[^\W\d_][\w&.\- ]{{0,38}}?)/\s*\.?
    (?:\s*{_DASH}\s*|\s+|$)
    (?P<rest>.*)$""",
    re.VERBOSE | re.IGNORECASE,
)
# CITY[, Region][, Month D] (AGENCY[ - date]) — lead: Yonhap, Xinhua, AP, AFP,
# Reuters, Interfax, Bernama, PTI, Prensa Latina, BelTA, RIA in Russian.
PAREN_RE = re.compile(
    rf"""^
    (?:(?P<place>{_PLACE})
       (?:\s*/(?P<region>[^/\n]{{1,60}})/|\s*\[(?P<region3>[^\]\n]{{1,40}})\])?
       (?:\s*[,.]\s*{DATE}|\s*,\s*(?P<region2>{_REGION}))?
       \s*[,.]?\s*)?
    \((?P<agency>[^\W\d_][^()\n]{{1,60}}?)\)
    \s*(?:\.\s*(?={_DASH}))?(?P<dash>{_DASH}|:)?\s*
    (?P<rest>.*)$""",
    re.VERBOSE | re.IGNORECASE,
)
_AGENCY_IN_PAREN_RE = re.compile(
    rf"^(?P<agency>[^\W\d_][^,()\n]*?)(?:\s*(?:{_DASH}|,)\s*(?P<date>{DATE}))?$",
    re.I,
)
# CITY[, Month D] – AGENCY. lead — RIA Novosti, Kazinform, WAM, UNN, AFP's sites.
DASHED_RE = re.compile(
    rf"""^
    (?P<place>[^\W_]+(?:['’.\-][^\W_]+)*(?:\s+{_WORD}){{0,4}}?)
    (?:\s*[,.]\s*{DATE})?
    \s*(?P<sep>{_DASH}|•|\.|,)\s*
    (?P<agency>{_KNOWN}|[A-Z]{{3,}}(?:\.[A-Z]{{2,3}})?)
    (?P<end>\s*[.:]|\s*{_DASH}|\s*•|\s*$|\s+(?=[A-ZА-ЯЁ«"“])
      |\s*,\s*(?P<author>[^\W\d_][^.,\n]{{2,60}})\.)
    \s*(?P<rest>.*)$""",
    re.VERBOSE,
)
# Xinhua, July 25, 2016 — a source line, no city; what follows is page furniture.
SOURCE_RE = re.compile(rf"^(?P<agency>{_KNOWN})\s*,\s*(?P<date>{DATE})", re.I)
_UP = "A-ZÀ-ÖØ-ÞĀ-ſḀ-ỿА-ЯЁ"
_UPWORD = rf"[{_UP}][{_UP}'’.]*"
_UPPLACE = rf"{_UPWORD}(?:(?:\s|-){_UPWORD}){{0,3}}"
# TOKYO- lead (Jiji), KUWAIT: lead (KUNA), VIETNAM, March 12 - HÀ NỘI — lead.
BARE_RE = re.compile(
    rf"""^
    (?P<place>{_UPPLACE})
    (?:\s*,\s*{DATE})?
    (?:\s+{_DASH}\s+(?P<place2>{_UPPLACE}))?
    (?:\s*(?:{_DASH}|:)\s*(?P<rest>[^\W_a-zа-яё].*)|\s*$)""",
    re.VERBOSE,
)
# All-caps words that open a line but are no city.
NOT_PLACES = {
    "URGENT",
    "FLASH",
    "BREAKING",
    "UPDATE",
    "UPDATED",
    "NEWS",
    "PHOTO",
    "PHOTOS",
    "VIDEO",
    "EXCLUSIVE",
    "ANALYSIS",
    "FACTBOX",
    "EDITORIAL",
    "OPINION",
    "NOTE",
    "ATTN",
    "CORRECTION",
    "LIVE",
    "RELATED",
    "LATEST NEWS",
    "MORE",
    "TAGS",
    "TOPICS",
    "SHARE",
    "MENU",
    "SEARCH",
    "HOME",
    "END",
    "ENDITEM",
    "WATCH",
    "LISTEN",
    "READ",
    "INTERVIEW",
    "COMMENTARY",
    "FEATURE",
    "REVIEW",
    "FOCUS",
    "ROUNDUP",
    "SPOTLIGHT",
    "СРОЧНО",
    "МОЛНИЯ",
}


def _dated(d: Dateline, m: re.Match) -> Dateline:
    if m["m1"] or m["m2"]:
        d.month, d.day, d.year = date_parts(m)
    return d


def _plausible_agency(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 6
        and not re.search(r"[.,;!?]\s", text)
        and all(w[:1].isupper() or w in {"/", "&", "-", "News"} for w in words)
    )


def _paren(line: str) -> Dateline | None:
    m = PAREN_RE.match(line)
    if not m:
        return None
    inner = _AGENCY_IN_PAREN_RE.match(m["agency"].strip())
    if not inner or not _plausible_agency(inner["agency"]):
        return None
    # "(AP Photo/Evan Vucci)", "(EPA/Name)": a photo's credit, not a dateline;
    # "(END)", "(LEAD)": the agency's marks.
    if re.search(r"(?i)\bphoto|\S/\S", inner["agency"]) or (
        inner["agency"].upper() in NOT_PLACES | {"LEAD", "ENDS", "MORE"}
    ):
        return None
    place, rest = (m["place"] or "").strip(), m["rest"]
    known = bool(KNOWN_AGENCY_RE.fullmatch(inner["agency"].split("/")[-1].strip()))
    dated = bool(m["m1"] or m["m2"] or inner["date"])
    # "The ministry (MFA) said": a sentence, not a dateline. A dateline is followed
    # by a dash, or is one an agency (or a date) vouches for, and opens a sentence.
    if rest and not m["dash"] and not ((known or dated) and rest[:1].isupper()):
        return None
    if place and not (known or dated or m["dash"]):
        return None
    if len(place.split()) > 4:
        return None
    d = _dated(
        Dateline(
            place=place,
            region=(m["region"] or m["region2"] or m["region3"] or "").strip(),
            agency=inner["agency"],
            rest=rest,
            alone=not rest,
        ),
        m,
    )
    if inner["date"]:
        _dated(d, DATE_RE.match(inner["date"]))
    return d


def _dashed(line: str) -> Dateline | None:
    m = DASHED_RE.match(line)
    if not m:
        return None
    agency = m["agency"]
    known = bool(KNOWN_AGENCY_RE.fullmatch(agency))
    # An unknown all-caps word after a dash is only an agency when nothing but
    # punctuation or a sentence's capital follows it.
    if not known and m["sep"] in {".", "•", ","}:
        return None
    if m["rest"][:1].islower():
        return None
    place = m["place"].strip()
    if any(ch.isdigit() for ch in place):
        place = ""  # "Sharjah24 – WAM:": a site's name, not a city
    if len(place.split()) > 4:
        return None
    return _dated(
        Dateline(
            place=place,
            agency=agency,
            rest=m["rest"],
            alone=not m["rest"],
            meta=m["sep"] == "•",
            author=(m["author"] or "").strip(),
        ),
        m,
    )


def _source(line: str) -> Dateline | None:
    m = SOURCE_RE.match(line)
    if not m:
        return None
    d = _dated(Dateline(agency=m["agency"], alone=True), DATE_RE.match(m["date"]))
    return d if d.year else None


def agency_dateline(line: str) -> Dateline | None:
    """The dateline opening ``line`` when it names an agency, else None."""
    found = _agency_dateline(line)
    if found is not None and not found.place and found.rest:
        # "(ANSA) - ROME, MARCH 5 - lead": the agency first, then city and date.
        then = bare_dateline(found.rest)
        if then is not None and then.rest:
            found.place, found.rest = then.place, then.rest
            if then.month and not found.month:
                found.month, found.day, found.year = then.month, then.day, then.year
    return found


def _agency_dateline(line: str) -> Dateline | None:
    if len(line) < 4:
        return None
    if "/" in line:
        m = SLASH_RE.match(line)
        if m:
            return _dated(
                Dateline(
                    place=(m["place"] or "").strip(),
                    region=(m["region"] or "").strip(),
                    agency=m["agency"].strip(),
                    rest=m["rest"],
                    alone=not m["rest"],
                ),
                m,
            )
    if "(" in line:
        found = _paren(line)
        if found:
            return found
    return _dashed(line) or _source(line)


def bare_dateline(line: str) -> Dateline | None:
    """A dateline with no agency: "TOKYO- lead", "KUWAIT: lead", "TOKYO" alone."""
    m = BARE_RE.match(line)
    if not m:
        return None
    place = m["place"].strip(" .")
    odd = place in NOT_PLACES or not place.replace(" ", "").isalpha()
    if len(place) < 3 or (odd and not m["place2"]):
        return None
    rest = m["rest"] or ""
    if not rest and len(place.split()) > 3:
        return None
    d = Dateline(place=(m["place2"] or place).strip(), rest=rest, alone=not rest)
    return _dated(d, m)


def resolve_date(dl: Dateline | None, page_dates: list[date], reference: date):
    """The dateline's date and a note for the editor when it was not printed whole."""
    if dl is None or dl.month is None:
        if page_dates:
            return page_dates[0], (
                f"The dateline prints no date; took {page_dates[0].isoformat()} from "
                "the page's time line."
            )
        return None, "The dateline prints no date."
    month, day = dl.month, dl.day
    if dl.year is not None:
        found = make_date(dl.year, month, day)
        if found is None:
            raise AgencyTextError(
                f"The dateline date {dl.year}-{month:02}-{day:02} does not exist."
            )
        return found, None
    # The time line's year when its date is the dateline's or a day or two later
    # (a story filed late in the evening, put on the site the next day).
    for page_date in page_dates:
        for year in (page_date.year, page_date.year - 1):
            candidate = make_date(year, month, day)
            if candidate and 0 <= (page_date - candidate).days <= 2:
                return candidate, None
    for year in range(reference.year, reference.year - 9, -1):
        found = make_date(year, month, day)
        if found and found <= reference:
            return found, (
                f"The dateline has no year; took {found.year}, the latest "
                f"{found:%B} {found.day} not after {reference.isoformat()}."
            )
    raise AgencyTextError(
        f"The dateline date (month {month}, day {day}) does not exist."
    )
