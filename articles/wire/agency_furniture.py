"""Site furniture around an agency story, and the editor's choice of headline.

A scraped page holds the story and the site around it: menus, rubric names, template
lines (``{{newsPoint.title}}``), time lines, share widgets, "Back to Main page", view
counters, tags, related headlines, copyright lines. These predicates tell them from the
story's own lines, by their shape rather than by any one site's wording where possible.
"""

import functools
import re
from datetime import date

from .agency_datelines import DATE_RE, KNOWN_AGENCY, KNOWN_AGENCY_RE, full_dates

# Whole lines that are navigation or page chrome, wherever they stand.
FURNITURE = {
    "all news",
    "news",
    "latest news",
    "news feed",
    "top news",
    "top stories",
    "home",
    "main",
    "menu",
    "search",
    "share",
    "print",
    "subscribe",
    "back",
    "english",
    "русский",
    "more",
    "more news",
    "sections",
    "loading",
    "error",
    "image",
    "photo",
    "video",
    "advertisement",
    "close",
    "comments",
    "read more",
    "главная",
    "новости",
    "все новости",
    "поделиться",
    "реклама",
    "story continues below advertisement",
    "continue reading",
    "scroll to continue",
}
# Words that make a short line a control of the page, not copy: at its start
# ("Go to Search", "Back to Main page"), or anywhere when they can mean nothing else.
UI_START_RE = re.compile(
    r"^(?:search|log ?in|sign ?up|signup|sign in|register|subscribe|newsletter|"
    r"share|print|menu|go to|back to|skip to|close|submit|select|use filter|"
    r"download|follow us|click|you are here|you can filter|поиск|войти|"
    r"подписаться|перейти)\b",
    re.I,
)
UI_ANYWHERE_RE = re.compile(
    r"\b(?:search box|main page|main site|font size|currency converter|"
    r"you are here|english edition|cookies?)\b",
    re.I,
)
# Lines that end the story: what follows is the page's, not the story's.
TRAILING_MARKERS = {
    "tags",
    "related news",
    "related stories",
    "related",
    "related posts",
    "related coverage",
    "related articles",
    "related topics",
    "recommended",
    "you may also like",
    "most viewed",
    "more from",
    "related popular posts",
    "more news",
    "more on the topic",
    "more on this topic",
    "latest news",
    "all news",
    "top stories",
    "most read",
    "most popular",
    "show more",
    "load more",
    "see also",
    "other news",
    "also on the topic",
    "comments",
    "subscribe",
    "follow us",
    "topics",
    "news feed",
    "leave a reply",
    "leave a comment",
    "back to top",
    "back to top close",
    "теги",
    "темы",
    "читайте также",
    "другие новости",
    "материалы по теме",
    "новости по теме",
    "ещё по теме",
    "еще по теме",
}
TRAILING_START_RE = re.compile(
    r"^(?:our standards|your email address|copyright ©|all rights reserved|"
    r"(?:tags|теги|topics|темы)\s*:|source\s*:|источник\s*:|подписывайтесь)",
    re.I,
)
# "Read also" blocks sit inside or after the body: the marker and its link go.
READ_ALSO = {
    "read also",
    "also read",
    "read more",
    "see also",
    "читайте также",
    "читайте также:",
}
READ_ALSO_START_RE = re.compile(
    r"^(?:read also|read more|also read|see also|related|читайте также)\s*:", re.I
)

URL_RE = re.compile(
    r"^(?:https?://|www\.)\S+$|^[\w.-]+\.(?:com|ru|net|org|kz|by)$", re.I
)
CONTACT_RE = re.compile(r"\b\d{3}-\d{3}-\d{4}\b|@\w+\.\w+")
# Template lines a scraper caught unrendered ("{{newsPoint.title}}") and image tags
# carrying their data. Other markup stays: it may be copy, shown as the text it is.
TEMPLATE_RE = re.compile(r"^\{\{.*\}\}$|data:image/", re.I)
BREADCRUMB_RE = re.compile(r"\s(?:/|»|›|>|\|)\s")
TIME_RE = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
VIEWS_RE = re.compile(r"^[•·\s]*\d[\d\s,.]*\s*(?:views?|просмотр\w*|reads?)$", re.I)
PAGES_RE = re.compile(
    r"^\d+\s+(?:pages?\s+in\s+this\s+article|min(?:ute)?s?\s+read)$", re.I
)
PAGER_RE = re.compile(r"^(?:\d{1,3}\s+){2,}\d{1,3}$")
# Words a time line may hold besides its date and time.
_TIME_WORDS = {
    "published",
    "posted",
    "updated",
    "modified",
    "upd",
    "on",
    "at",
    "in",
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "gmt",
    "utc",
    "msk",
    "all",
    "headlines",
    "last",
    "опубликовано",
    "обновлено",
}
WEEKDAY_RE = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?$|^(?:senin|selasa|rabu|kamis|"
    r"jumat|sabtu|minggu)|^(?:понедельник|вторник|среда|четверг|пятница|суббота|"
    r"воскресенье)",
    re.I,
)
NUMERIC_DATE_RE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b")

# The agency's update and priority tags before a headline.
VERSION_MARK_RE = re.compile(
    r"^\s*(?P<mark>\((?:LEAD|\d+(?:st|nd|rd|th)\s+LD|UPDATE\s*\d*|URGENT|FLASH|"
    r"CORRECTED|REFILE|RECASTS?|EDITS|ADVANCE)\)"
    r"|(?:\d+(?:st|nd|rd|th)\s+)?LD[- ]Writethru"
    r"|(?:UPDATE|CORRECTED|REFILE|URGENT|FLASH|BREAKING|BULLETIN|"
    r"СРОЧНО|МОЛНИЯ)(?:\s*\d+)?(?=\s*[-:–—]))"
    r"\s*[-:–—]?\s*",
    re.I,
)
URGENCY = {"flash": 1, "молния": 1, "urgent": 2, "срочно": 2, "bulletin": 2}
ATTN_RE = re.compile(
    r"^\((?:(?:ATTN|EDS?|EDITORS?|EDITOR'S NOTE)\s*:|This (?:story|version|article) "
    r"(?:has been|was|is)\b|Corrects\b|Refiles\b|Updates\b).*\)$",
    re.I,
)
# Labels a site prints before its headline.
HEADLINE_LABEL_RE = re.compile(r"^(?:post|title|headline|заголовок)\s*:\s*", re.I)

BYLINE_RE = re.compile(r"^(?:by|автор:?|author:?)\s+(?P<by>\S.{1,150})$", re.I)
BYLINE_META_RE = re.compile(r"\s+[|•]\s*|\s+(?:Published|Posted|Updated)\b")
BYLINE_LABEL_RE = re.compile(r"^(?:автор|author|by)\s*:?\s*$", re.I)
STAFF_RE = re.compile(r"^(?P<by>(?:[A-Z][\w.'’-]+\s+){1,3}Staff)$")
PUBLISHED_BY_RE = re.compile(
    r"^(?P<by>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})\s+(?:Published|Posted|Updated)\b"
)
_NAME_WORD_RE = re.compile(r"^[A-ZА-ЯЁ][\w'’.\-]*$")
# Reuters' and AP's staff tails: "(Reporting by …; Editing by …)", "Writing by …".
STAFF_TAIL_RE = re.compile(
    r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|compiling|"
    r"translated|prepared)\s+by\b.*$",
    re.I,
)
REPORTERS_RE = re.compile(r"\b(?:reporting|writing)\s+by\s+(?P<by>[^;)]+)", re.I)
INITIALS_RE = re.compile(r"^[a-z]{1,5}(?:/[a-z]{1,5})+$|^\(?[A-Z]{2,4}/[A-Z]{2,4}\)?$")
END_MARK_RE = re.compile(r"^\(?(?:END|ENDITEM|ENDS|-?\d+-?0?)\)?\.?$", re.I)
# An end mark or the agency's name glued to the last sentence: "… said. Enditem".
GLUED_END_RE = re.compile(
    r"(?<=[.!?\"”’)\]])\s*(?:[-–—]+\s*)?(?P<tail>\(END\)|Enditem|"
    rf"{KNOWN_AGENCY})\s*$"
)
COPYRIGHT_RE = re.compile(
    r"^(?:©|\(c\)|copyright\b)\s*(?:(?:19|20)\d\d\b|.*\b(?:inc|ltd|llc|all rights"
    r" reserved)\b)",
    re.I,
)
SHARE_RE = re.compile(r"^[-•·*]?\s*(?:share|send|post)\s+(?:on|to|via)\b", re.I)
SENTENCE_END = ".!?\"”’'»)…;:"


def key(line: str) -> str:
    return line.strip().rstrip(":").strip().casefold()


def words(line: str) -> list[str]:
    return line.split()


# Each line is asked about several times (headline choice, body, photos): once is
# enough, and pages repeat their furniture.
@functools.lru_cache(maxsize=4096)
def is_time_line(line: str) -> bool:
    """A line that is a date or a time with a few labels: "Posted: Nov 22, 2011"."""
    if len(line) > 120 or not any(ch.isdigit() for ch in line):
        return False
    if " | " in line:
        # "Source: Xinhua | 2024-03-05 14:22:10 | Editor: Li Ming": short labelled
        # parts around a date.
        parts = [p for p in line.split(" | ") if p.strip()]
        timed = [p for p in parts if _time_part(p)]
        return bool(timed) and all(len(p.split()) <= 4 for p in parts if p not in timed)
    return _time_part(line)


def _time_part(line: str) -> bool:
    has_date = bool(DATE_RE.search(line)) or bool(NUMERIC_DATE_RE.search(line))
    if not (has_date or TIME_RE.search(line)):
        return False
    rest = NUMERIC_DATE_RE.sub(" ", DATE_RE.sub(" ", TIME_RE.sub(" ", line)))
    left = [
        w
        for w in re.split(r"[\s|•/,:]+", rest)
        if w
        and w.casefold() not in _TIME_WORDS
        and not WEEKDAY_RE.match(w)
        and re.search(r"[^\W\d_]", w)
        and not re.fullmatch(r"(?:UTC|GMT)?[+-]\d+|[-–—]", w)
    ]
    return len(left) <= 3 if has_date else len(left) <= 1


@functools.lru_cache(maxsize=4096)
def is_furniture(line: str) -> bool:
    """Page chrome: never the headline, never a paragraph."""
    k = key(line)
    n = len(words(line))
    return (
        k in FURNITURE
        or k in TRAILING_MARKERS
        or bool(URL_RE.match(line))
        or bool(TEMPLATE_RE.search(line))
        or (bool(CONTACT_RE.search(line)) and n <= 12)
        or bool(VIEWS_RE.match(line))
        or bool(PAGES_RE.match(line))
        or bool(SHARE_RE.match(line))
        or (line.rstrip().endswith(":") and n <= 2)  # "ID :", an empty label
        or (bool(UI_START_RE.match(line)) and n <= 6)
        or (bool(UI_ANYWHERE_RE.search(line)) and n <= 8)
        or (bool(BREADCRUMB_RE.search(line)) and n <= 12)
        or line.count("•") >= 2
        or line.startswith(("#", "•"))
        # Menu items run together: "FinancialGovernment SolutionsLegal…".
        or (n >= 3 and len(re.findall(r"[a-z][A-Z]", line)) >= 3)
        or is_time_line(line)
    )


def is_ornament(line: str) -> bool:
    """ "***", "___", "^": no letter, no digit. In the body never a paragraph; above
    it a weak candidate (a headline may be all emoji)."""
    return not any(ch.isalnum() for ch in line)


def is_agency_credit_line(line: str) -> bool:
    """ "The Associated Press", "AP News": an agency's name alone on its line."""
    return bool(KNOWN_AGENCY_RE.fullmatch(line.strip(" .")))


def _title_case(line: str) -> bool:
    small = {"of", "and", "the", "&", "for", "in", "on", "to", "a"}
    ws = [w for w in words(line) if w.casefold() not in small]
    return bool(ws) and all(not w[:1].isalpha() or w[:1].isupper() for w in ws)


def is_weak(line: str) -> bool:
    """A rubric or a site's name: a headline only when nothing better stands near."""
    n = len(words(line))
    if line[-1:] in ".!?":
        return n <= 3
    return n <= 3 or (n <= 5 and _title_case(line))


def headline_like(line: str) -> bool:
    first = line.lstrip("«\"“‘'(")[:1]
    last_word = line.split()[-1] if line.split() else ""
    # Headlines end without a full stop ("Nov.", "U.S." are abbreviations).
    if line.endswith(".") and len(last_word) > 4 and not last_word[-3:-1].isupper():
        return False
    return (
        (first.isupper() or first.isdigit())
        and 3 <= len(words(line)) <= 40
        and not line.endswith((":", ","))
    )


def dek_like(line: str) -> bool:
    return len(words(line)) >= 6 and not line.isupper() and not line.endswith(":")


def is_prose(line: str) -> bool:
    """A sentence of copy: long enough and ended like one."""
    n = len(words(line))
    return (n >= 8 and line.rstrip()[-1:] in SENTENCE_END) or n >= 25


def person_name(text: str) -> bool:
    """Two to five capitalised words: a name a byline can carry."""
    parts = [w for w in re.split(r"\s+|,\s*", text.strip()) if w]
    names = [w for w in parts if w.casefold() not in {"and", "и", "&"}]
    return 2 <= len(names) <= 8 and all(_NAME_WORD_RE.match(w) for w in names)


def byline_of(line: str, following: str | None) -> tuple[str, int] | None:
    """(author, lines used) when ``line`` is a byline ("By …", "Author:" + name)."""
    m = BYLINE_RE.match(line)
    # "By Jane Doe | Published March 5, 2024": the name before the page's meta.
    by = BYLINE_META_RE.split(m["by"])[0].strip(" ,") if m else ""
    if by and person_name(by):
        return by, 1
    if BYLINE_LABEL_RE.match(line) and following and person_name(following):
        return following.strip(), 2
    m = STAFF_RE.match(line) or PUBLISHED_BY_RE.match(line)
    if m:
        return m["by"].strip(), 1
    return None


def split_version_marks(headline: str) -> tuple[str, str, int | None]:
    """("Exports rise", "(LEAD)", urgency) from "(LEAD) Exports rise"."""
    marks = []
    urgency = None
    while True:
        m = VERSION_MARK_RE.match(headline)
        if not m or len(headline) == m.end():
            break
        mark = m["mark"]
        marks.append(mark + (":" if headline[m.end(1) :].lstrip()[:1] == ":" else ""))
        word = re.sub(r"[^\w]", "", mark).casefold()
        if word in URGENCY:
            urgency = min(urgency or 9, URGENCY[word])
        headline = headline[m.end() :]
    return headline.strip(), " ".join(marks), urgency


def strip_headline_label(line: str) -> str:
    return HEADLINE_LABEL_RE.sub("", line, count=1)


def same_headline(a: str, b: str) -> bool:
    """One headline printed twice (in two casings, or with junk run on)."""
    fa, fb = a.casefold(), b.casefold()
    return fa == fb or (
        len(fa) >= 20
        and (fb.startswith(fa) or fa.startswith(fb))
        and abs(len(fa) - len(fb)) <= 20
    )


def choose_headline(candidates: list[str]) -> tuple[str, str, list[str]]:
    """(headline, standfirst, notes) as an editor would pick them from the lines
    above the story that are not furniture (in page order).

    What stands above the page's last menu (two or more rubric lines running) is
    the site's header. Below it the first line that reads like a headline is the
    headline and the next sentence the standfirst; when nothing reads like one,
    the page's order decides.
    """
    notes: list[str] = []
    unique: list[str] = []
    for line in candidates:
        if not any(same_headline(line, seen) for seen in unique):
            unique.append(line)
    start, run = 0, 0
    for index, line in enumerate(unique):
        if is_weak(line):
            run += 1
            continue
        if run >= 2:
            start = index
        run = 0
    rest = unique[start:]
    strong = [line for line in rest if not is_weak(line) and headline_like(line)]
    if strong:
        headline = strong[0]
        after = [line for line in rest[rest.index(headline) + 1 :] if not is_weak(line)]
        dek = after[0] if after and dek_like(after[0]) else ""
    else:
        pool = [line for line in rest if headline_like(line)] or rest
        if not pool:
            return "", "", notes
        headline = pool[0]
        after = rest[rest.index(headline) + 1 :]
        dek = after[0] if after else ""
    at = unique.index(headline)
    for line in unique[:at]:
        if not is_weak(line):
            notes.append(f"Left out “{line}” above the headline as site furniture.")
    for line in unique[at + 1 :]:
        if line != dek:
            notes.append(f"Not placed (between headline and dateline): “{line}”.")
    if (
        dek
        and headline_like(dek)
        and dek[-1:] not in ".!?"
        and abs(len(dek) - len(headline)) <= 0.3 * len(headline)
    ):
        notes.append(f"Check: the headline could also be “{dek}”; took “{headline}”.")
    return headline, dek, notes


def is_related_headline(line: str) -> bool:
    """A headline inside the body (a related story's link): not a paragraph.

    Intertitles that name their source ("Vedomosti: …") and list items stay."""
    if line[-1:] in SENTENCE_END or line[:1] in "-–—•*":
        return False
    n = len(words(line))
    if not 4 <= n <= 20:
        return False
    if re.match(r"^[A-ZА-ЯЁ][\w’'.\- ]{1,30}:\s", line):
        return False
    return headline_like(line)


def is_tail_furniture(line: str) -> bool:
    """After the story's last sentence: tags, labels, "Image", a site's credit."""
    if line[-1:] in '.!?"”’»' and len(words(line)) > 3:
        return False
    return (
        len(words(line)) <= 2
        or _title_case(line)
        or bool(re.match(r"^[\w ]{1,20}:\s*\S+(?:\s+\S+){0,3}$", line))
    )


# Letters by script, as plain ranges (a Unicode category class is far slower).
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_OTHER_RE = re.compile("[\u0370-\u03ff\u0530-\u1dff\u2e80-\ud7ff\uf900-\ufaff]")


def script_of(text: str) -> str:
    """ "cyrillic", "latin" or "other": the script most of the letters are in."""
    sample = text[:200]
    counts = {
        "latin": len(_LATIN_RE.findall(sample)),
        "cyrillic": len(_CYRILLIC_RE.findall(sample)),
        "other": len(_OTHER_RE.findall(sample)),
    }
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ""


def tidy_paragraphs(paragraphs: list[str], unsure: list[str]) -> tuple[list[str], str]:
    """The story's paragraphs without end marks, a glued agency name, translations,
    related headlines and tail furniture; and the agency named at the end, if any."""
    # An end mark or the agency's name glued to the last sentence.
    tail_agency = ""
    for n in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 3), -1):
        m = GLUED_END_RE.search(paragraphs[n])
        if m:
            if m["tail"] not in {"(END)", "Enditem"}:
                tail_agency = m["tail"]
            paragraphs[n] = paragraphs[n][: m.start()].rstrip()
    # A translation printed under the story (another script) is not the story.
    script = script_of(" ".join(paragraphs[:3]))
    kept = []
    for n, paragraph in enumerate(paragraphs):
        if n and script and script_of(paragraph) not in {script, ""}:
            unsure.append(
                f"Left out a paragraph in another script: “{paragraph[:60]}”."
            )
            continue
        # A glued translation of the headline: "… said. Новак заявил …".
        if script == "latin":
            m = re.search(r"(?<=[.!?\"”])\s+[А-ЯЁ][^a-zA-Z]*$", paragraph)
            if m and script_of(m[0]) == "cyrillic":
                paragraph = paragraph[: m.start()]
        kept.append(paragraph)
    paragraphs = kept
    related = [
        p
        for n, p in enumerate(paragraphs)
        if 0 < n < len(paragraphs) - 1 and is_related_headline(p)
    ]
    for line in related:
        unsure.append(
            f"Check: left out “{line}” inside the body as a related headline."
        )
    paragraphs = [p for p in paragraphs if p not in related]
    while len(paragraphs) > 1 and is_tail_furniture(paragraphs[-1]):
        paragraphs.pop()
    paragraphs = [p for p in paragraphs if p]
    return paragraphs, tail_agency


def page_dates(time_lines, headline_at: int | None, reference: date):
    """Dates printed with a year in the story's time lines, nearest the headline
    first. A date-only header far above the headline is the page's (a crawl date)."""
    found = []
    for index, line in time_lines:
        if (
            headline_at is not None
            and index < headline_at - 3
            and not TIME_RE.search(line)
        ):
            continue
        distance = abs(index - headline_at) if headline_at is not None else index
        found += [(distance, d) for d in full_dates(line) if d <= reference]
    return [d for _, d in sorted(found, key=lambda item: item[0])]
