"""Photo blocks in agency page text: caption and credit, however the page prints them.

Shapes read here: a "© credit" line under its caption (the caption maybe printed twice,
or the image's alt text with the credit run on); "Photo: credit", "Photo credit" and
"credit Photo" lines with no caption; "caption© credit" and "caption Photo: credit" on
one line; a caption in the body ending with the agency's credit ("… REUTERS/Name");
a caption alone ending with "archive photo".
"""

import re

from .agency_furniture import COPYRIGHT_RE, is_furniture
from .story import WirePhoto

CREDIT_LINE_RE = re.compile(
    r"^(?:photo:?\s*)?(?:©|\(c\)|copyright\b)\s*(?P<credit>.+)$", re.I
)
PHOTO_LINE_RE = re.compile(
    r"^(?:[Pp]hotos?|PHOTOS?|[Фф]ото|ФОТО)\s*:?\s+(?P<credit>\S.{0,60})$|"
    r"^(?P<credit2>[A-ZА-ЯЁ][\w/.\-]*(?:\s+[A-ZА-ЯЁ][\w/.\-]*){0,2})\s+"
    r"(?:[Pp]hoto|PHOTO|[Фф]ото|ФОТО)$"
)
INLINE_CREDIT_RE = re.compile(
    r"^(?P<caption>.+?)\s*(?:©|\b(?:photo|фото):)\s*(?P<credit>[^©]{1,80})$", re.I
)
# "… in Istanbul, January 17, 2017. REUTERS/Murad Sezer"
TRAILING_CREDIT_RE = re.compile(
    r"^(?P<caption>.+[.!?)])\s+\(?(?P<credit>(?:[A-Z][A-Z\-]+|AP Photo|Photo)"
    r"(?:/[A-Z][\w.'’\-]*(?:\s[A-Z][\w.'’\-]*){0,3})+)\)?$"
)
# "(AP Photo/Evan Vucci)" alone on its line.
BARE_CREDIT_RE = re.compile(
    r"^\((?P<credit>(?:[A-Z][\w\-]* )?Photo/[^()]{2,60}|[A-Z]{2,}/[^()]{2,60})\)$"
)
CAPTION_ONLY_RE = re.compile(r"^(?P<caption>.{3,200}?\b(?:archive|file) photo)$", re.I)


# One of these is in every line credit_of reads: most lines are ruled out at once.
_CREDIT_MARKS = ("©", "(c)", "copyright", "photo", "фото", "/")


def credit_of(line: str, *, inline: bool) -> tuple[str, str] | None:
    """(caption on the line, credit) when ``line`` is a photo credit line."""
    folded = line.casefold()
    if not any(mark in folded for mark in _CREDIT_MARKS):
        return None
    if COPYRIGHT_RE.match(line):
        return None  # "© 2018 AFP": the page's copyright, not a photo's
    m = CREDIT_LINE_RE.match(line)
    if m:
        return "", m["credit"].strip()
    m = BARE_CREDIT_RE.match(line)
    if m:
        return "", m["credit"].strip()
    m = PHOTO_LINE_RE.match(line)
    if m:
        credit = (m["credit"] or m["credit2"]).strip()
        if len(credit.split()) <= 6 and not credit[:1].islower():
            return "", credit
    m = INLINE_CREDIT_RE.match(line) if inline else None
    if m and len(m["credit"].split()) <= 8:
        return m["caption"].strip(), m["credit"].strip()
    m = TRAILING_CREDIT_RE.match(line)
    if m:
        return m["caption"].strip(), m["credit"].strip()
    m = CAPTION_ONLY_RE.match(line)
    if m and len(line.split()) <= 20:
        return m["caption"].strip(), ""
    return None


def _photo_block(lines, i: int, floor: int, credit: str, solo: bool, inline: bool):
    """(first line index, alt text, caption) of the photo credited on ``lines[i]``.

    A line above belongs to the photo when it carries the credit run on (the image's
    alt text), repeats the caption or the credit, is the caption between such a line
    and the credit, or (``solo``) stands alone with the credit in the body. Above the
    dateline a lone line before the credit is the standfirst: a credit-only photo.
    """
    alt = caption = ""
    start = i
    j = i - 1

    def run_on(text: str) -> str | None:
        if credit and text.endswith(credit) and len(text) > len(credit):
            return text[: -len(credit)].strip()
        return None

    def same_credit(text: str) -> bool:
        found = credit_of(text, inline=inline)
        return text == credit or (found is not None and found == ("", credit))

    if j >= floor and run_on(lines[j]) is None and not same_credit(lines[j]):
        above = lines[j - 1] if j - 1 >= floor else None
        confirmed = above is not None and (
            above == lines[j] or run_on(above) is not None
        )
        # Above the dateline a short line over the credit is its caption; a
        # sentence there is the standfirst (the photo then has only a credit).
        short = (
            inline
            and len(lines[j].split()) < 6
            and lines[j][-1:] not in ".!?"
            and not is_furniture(lines[j])
        )
        if confirmed or solo or short:
            caption, start, j = lines[j], j, j - 1
    while j >= floor:
        text = lines[j]
        stripped = run_on(text)
        if same_credit(text):
            start, j = j, j - 1
        elif stripped is not None and not alt:
            alt, start, j = stripped, j, j - 1
            caption = caption or stripped
        elif caption and text in {caption, alt}:
            start, j = j, j - 1
        else:
            break
    return start, alt, caption


def extract_photos(lines, groups, floor: int, top: int, *, inline: bool):
    """Take the photo blocks out of ``lines[floor:top]``; return (kept, photos).

    ``inline`` also reads "caption © credit" printed on one line (above the
    dateline only: in the body such a line is more likely a sentence).
    """
    taken: set[int] = set()
    photos: list[tuple[int, WirePhoto]] = []
    group_start: dict[int, int] = {}
    for k in range(floor, top):
        group_start.setdefault(groups[k], k)
    lowest = floor  # lines above a photo already taken are not looked at again
    last_credit = None
    for i in range(floor, top):
        found = credit_of(lines[i], inline=inline)
        if found is None:
            continue
        caption_on_line, credit = found
        # The same credit line again right under a photo: printed twice, one photo.
        if i - 1 in taken and not caption_on_line and credit == last_credit:
            taken.add(i)
            continue
        if caption_on_line:
            start, alt, caption = i, "", caption_on_line
            # The caption printed alone just above, too.
            if i - 1 >= lowest and lines[i - 1] == caption_on_line:
                start = i - 1
        else:
            # "(AP Photo/Name)" always sits under its caption.
            solo = bool(BARE_CREDIT_RE.match(lines[i])) or (
                not inline and group_start[groups[i]] >= i - 1
            )
            start, alt, caption = _photo_block(lines, i, lowest, credit, solo, inline)
        lowest = i + 1
        last_credit = credit
        taken.update(range(start, i + 1))
        photos.append(
            (start, WirePhoto(caption=caption, credit=credit, alt_text=alt or caption))
        )
    kept = [k for k in range(floor, top) if k not in taken]
    return kept, [p for _, p in sorted(photos, key=lambda item: item[0])]
