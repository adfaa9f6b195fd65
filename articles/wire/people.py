"""The people a wire story names, found in its text.

``find_people`` takes the story's body paragraphs, photo captions and headline with
standfirst, and returns each person once, in the order the story first names them, with
the title the copy gives them and their role in the story (subject or quoted).

English (and other Latin-script) copy goes through hand-written rules, which run in
well under a millisecond a story: a capitalised name counts as a person only with
evidence around it, because a capitalised run is as often a ship, a volcano, a ministry
or a place. The evidence, strongest first:

- a title in front: "Russian Deputy Foreign Minister Mikhail Galuzin", "finance minister
  Olga Vetrova", "Minister of Foreign Affairs Lê Văn Thành", "Statistics Chief Hartono";
- an honorific in front, which is dropped: "Datuk Seri Hamdan Yusof", "Sheikh …";
- an apposition after: "Harriet Cole, an economist", "Tomás Ruiz, 41,", "…, who";
- a role with a comma before: "another deputy foreign minister, Alexander Grushko";
- "and" joining it to a person: "champions Daria Volk and Ilya Sorin".

A surname used alone later ("Kalin said", "President Wen") is the same person as
the full name it ends (or, for family-name-first names, begins). Bylines, "Writing by …;
Editing by …" tails and photo credits ("REUTERS/Kim Hong-ji") never yield people.

Russian (Cyrillic) copy goes to ``people_ru``, which uses natasha's models: see there
for why.
"""

import re

from .people_words import (
    CLAUSE,
    HONORIFICS,
    NOT_NAME,
    ORGANISATION,
    PARTICLES,
    ROLES,
    THINGS,
    TITLES,
)
from .story import WirePerson

# Upper-case Latin letters, with whole Latin Extended blocks (upper and lower case
# alternate there; the first letter's case is checked in Python).
_UP = "A-ZÀ-ÖØ-ÞĀ-ſƀ-ɏḀ-ỿ"
_WORD = (
    rf"(?:[{_UP}]\.(?:[{_UP}]\.)*"  # initials and "U.S."
    rf"|(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Gen|Col|Lt|Sgt|Rev|Gov|Sen|Rep|Capt|Adm)\."
    rf"|(?:al|el|ad|as|at|az|bin|ibn|d|de|da)[-’'][{_UP}][\w’'\-]*"  # al-Assad
    rf"|[{_UP}][\w’'\-]*)"
)
_PART = "|".join(sorted(PARTICLES, key=len, reverse=True))
# Two or more capitalised words in a row (lower-case particles allowed inside): a
# single capitalised word is a name only after a title in the same run, so a run of
# one word is never a candidate and the regex engine skips them all. The pattern opens
# with the capital itself (the lookbehind comes second) so that the engine can skip
# ahead to the next capital letter; that halves the time a story takes.
RUN_RE = re.compile(
    rf"[{_UP}](?<![\w’'][{_UP}])"
    rf"(?:\.(?:[{_UP}]\.)*|[a-z]{{1,3}}\.(?=[ \t])|[\w’'\-]*)"  # U.S., Dr., Lavrov
    rf"(?:[ \t]+(?:(?:{_PART})[ \t]+)*(?:{_WORD}))+"
)
_ROLE_ALT = "|".join(re.escape(w) for w in sorted(ROLES, key=len, reverse=True))
# "…, an economist", "…, co-chief investment officer of …", "…, the mother of …"
APPOSITION_RE = re.compile(
    rf"^\s*,\s+(?:(?:a|an|the|his|her|their|its|another|one|now|then|also|former)\s+)?"
    rf"(?P<role>(?:[\w’'\-]+\s+){{0,4}}?(?:{_ROLE_ALT}))(?![\w’'\-])",
    re.I,
)
# "Russian and Japanese Foreign Ministers, Sergey Lavrov and Taro Kono"
_PLURAL_TITLES = (
    r"(?:Ministers|Presidents|Leaders|Prime Ministers|Chancellors|Spokesmen|"
    r"Ambassadors|Envoys|Premiers|Heads|Chiefs)"
)
_PLURAL_HINTS = (
    "Ministers",
    "Presidents",
    "Leaders",
    "Chancellors",
    "Spokesmen",
    "Ambassadors",
    "Envoys",
    "Premiers",
    "Heads",
    "Chiefs",
)
_CAP = rf"[{_UP}][\w’'\-]*"
_NAME = rf"{_CAP}(?:\s+(?:(?:{_PART})\s+)?{_CAP}){{1,3}}"
PEOPLE_PAIR_RE = re.compile(
    rf"(?P<a>{_CAP})\s+and\s+(?P<b>{_CAP})\s+(?P<title>(?:{_CAP}\s+){{0,3}}"
    rf"{_PLURAL_TITLES}),?\s+(?P<n1>{_NAME})\s+and\s+(?P<n2>{_NAME})(?![\w’'\-])"
)
OFFICE_OF_BEFORE_RE = re.compile(
    rf"(?<![\w’'])[{_UP}][\w’'\-]*(?:\s+[{_UP}][\w’'\-]*)*\s+of\s+(?:the\s+)?$"
)
ROLE_AFTER_RE = re.compile(r"^[ \t]+([a-z][\w\-]*)")
# "Anna Berg's term as mayor": what only a person has.
POSSESSIVE_ROLE_RE = re.compile(
    r"^[’']s?\s+(?:[a-z\-]+\s+)?(?:term|tenure|premiership|wife|husband|son|"
    r"daughter|mother|father|brother|sister|widow|spokesman|spokeswoman|aide|lawyer|"
    r"death|funeral|birthday|resignation|arrest)\b"
)
AGE_OR_WHO_RE = re.compile(r"^\s*,\s+(?:\d{1,3}\s*,|who\b|whose\b)", re.I)
# Between two names of one list: "Daria Volk and Ilya Sorin", "Volk, Sorin".
AND_RE = re.compile(r"^(?:\s*,)?\s+and\s+$|^\s*,\s+$")
THING_AFTER_RE = re.compile(
    # Up to four describing words between: "guided missile cruiser";
    # not a verb or an article ("Henry IX opened the bridge").
    r"^\s+(?:(?!(?:the|a|an|and|of|to|in|on|at|with|was|is|has|had)\s)"
    r"[a-z][\w\-]*(?<!ed)\s+){0,4}?(?:"
    + "|".join(sorted(THINGS, key=len, reverse=True))
    + r")(?![\w\-])"
)
# Bylines, credit tails, photo credits and related headlines: never a source of people.
CREDIT_PARAGRAPH_RE = re.compile(
    r"^\(?\s*(?:(?:additional\s+)?reporting|writing|editing|edited|compiled|"
    r"photos?|photographs?|photographed|text|video|translated|produced|written|"
    r"prepared)\s+by\b|^(?:by|author|автор)\s*:?\s+\S[^.!?]*$"
    # A related story's headline is the related story's business.
    r"|^(?:read also|also read|read more|see also|related(?: stories| news)?\s*:|"
    r"читайте также|см\. также)",
    re.I,
)
CONTRIBUTED_RE = re.compile(
    r"contributed(?: reporting)?(?: to)?(?: this)?(?: report| story)?(?: from [^.]*)?"
    r"\.?\s*\)?$"
)
# "(Reporting by …; Editing by …)" inside a paragraph.
CREDIT_TAIL_RE = re.compile(
    r"\(\s*(?:(?:additional\s+)?reporting|writing|editing)\s+by\b[^)]*\)", re.I
)
# "REUTERS/Kim Hong-ji", "EPA/JOHN DOE", "© Anna Petrova".
PHOTO_CREDIT_RE = re.compile(
    r"[A-Z](?<![\w/][A-Z])[A-Z.\-]+\s*/\s*[^\W\d_][\w’'\-]*"
    r"(?:[ \t]+[^\W\d_][\w’'\-]*){0,3}|©[^\n]*"
)
SPEECH_RE = re.compile(
    r"[\"“”«»]|\b(?:said|says|say|told|tells|added|adds|stated|states|noted|notes|"
    r"stressed|stresses|emphasized|pointed out|according to|announced|declared|"
    r"explained|warned|insisted|claimed|commented|remarked|"
    r"заяви\w*|сказа\w*|сообщи\w*|отмети\w*|подчеркну\w*|по словам|добави\w*|"
    r"поясни\w*|рассказа\w*|ответи\w*|считает|предупреди\w*|призва\w*)\b",
    re.I,
)
_DIRECTIONS = frozenset(("north", "south", "east", "west"))
# Title words that are also surnames, at the end of a name: "John Major".
_SURNAMES = frozenset(("major", "king", "bishop", "judge", "marshal", "prince"))
_ROMAN_RE = re.compile(r"^[IVX]{1,5}$")
_CYRILLIC_RE = re.compile(r"[Ѐ-ӿ]")
_LATIN_RE = re.compile(r"[A-Za-z]")

# How sure a title is, to keep the best one a person is given: an office in the same
# capitalised run ("Kremlin Spokesman") beats "of" offices, lower-case roles
# ("finance minister") and appositions ("an economist").
_IN_RUN, _OF, _ROLE_BEFORE, _APPOSITION, _JOINED = 4, 3, 2, 1, 0


def find_people(
    texts: list[str],
    captions: list[str],
    headline_and_dek: str,
    *,
    language: str = "",
) -> list[WirePerson]:
    """Each person the story names, in story order, with title and roles.

    ``texts`` are the body paragraphs, ``captions`` the photo captions and
    ``headline_and_dek`` the headline and standfirst (one text). ``language`` is the
    story's BCP 47 tag when known; Cyrillic copy (said to be Russian, or with more
    Cyrillic letters than Latin when no language is given) is read by ``people_ru``.
    """
    if _is_cyrillic(language, texts, headline_and_dek):
        from .people_ru import find_people_ru  # loads natasha's models on first use

        kept = [t for t in texts if not CREDIT_PARAGRAPH_RE.match(t.strip())]
        found = find_people_ru([headline_and_dek, *kept, *captions])
    else:
        found = _find_latin(texts, captions, headline_and_dek)
    return _with_roles(found, texts, captions, headline_and_dek)


def _is_cyrillic(language: str, texts: list[str], headline_and_dek: str) -> bool:
    if language and not language.casefold().startswith(("ru", "uk", "be")):
        return False
    sample = "\n".join([headline_and_dek, *texts[:3]])
    if not _CYRILLIC_RE.search(sample):
        return False  # the common case, decided without counting
    return len(_CYRILLIC_RE.findall(sample)) > len(_LATIN_RE.findall(sample))


class _Found:
    """The people found so far, keyed by name, with the best title for each."""

    def __init__(self):
        self.people: dict[str, tuple[WirePerson, int, int]] = {}

    def add(self, words: list[str], title: str, rank: int, position: int) -> None:
        name = " ".join(words)
        key = name.casefold()
        old = self.people.get(key)
        if old is None:
            self.people[key] = (WirePerson(name=name, title=title), rank, position)
        else:
            person, old_rank, old_position = old
            if title and (rank > old_rank or not person.title):
                person.title, old_rank = title, rank
            self.people[key] = (person, old_rank, min(position, old_position))

    def merged(self) -> list[tuple[WirePerson, int]]:
        """People with a surname-only (or shorter) mention folded into the full name."""
        entries = sorted(self.people.values(), key=lambda e: -len(e[0].name.split()))
        kept: list[tuple[WirePerson, int, int]] = []
        for person, rank, position in entries:
            words = person.name.casefold().split()
            home = next(
                (k for k in kept if _is_part_of(words, k[0].name.casefold().split())),
                None,
            )
            if home is None:
                kept.append((person, rank, position))
                continue
            full, full_rank, full_position = home
            kept.remove(home)
            if person.title and (rank > full_rank or not full.title):
                full.title, full_rank = person.title, rank
            kept.append((full, full_rank, min(position, full_position)))
        return [(person, position) for person, _, position in kept]


def _is_part_of(short: list[str], full: list[str]) -> bool:
    """'peskov' of 'dmitry peskov'; 'li' of 'li keqiang'; a run of words inside
    ('rashid al-saeed' of 'rashid saeed al- marri')."""
    short, full = _bare(short), _bare(full)
    if len(short) >= len(full):
        return False
    if len(short) == 1:
        return short[0] not in PARTICLES and short[0] in (full[0], full[-1])
    n = len(short)
    return any(full[i : i + n] == short for i in range(len(full) - n + 1))


def _bare(words: list[str]) -> list[str]:
    """Words without the Arabic article, which copy prints joined or apart."""
    bare = [re.sub(r"^(?:al|el)-\s*", "", w) for w in words]
    return [w for w in bare if w]


def _find_latin(texts, captions, headline_and_dek):
    found = _Found()
    sources = [_headline_lines(headline_and_dek), *texts, *captions]
    for index, text in enumerate(sources):
        if not text or CREDIT_PARAGRAPH_RE.match(text.strip()):
            continue
        if "contributed" in text and CONTRIBUTED_RE.search(text):
            continue  # "Associated Press writer … contributed to this report."
        # Blanked, not cut, so that positions still count in the story's order.
        if "(" in text and " by " in text:
            text = CREDIT_TAIL_RE.sub(lambda m: " " * len(m.group()), text)
        if "/" in text or "©" in text:
            text = PHOTO_CREDIT_RE.sub(lambda m: " " * len(m.group()), text)
        _scan(text, index * 100_000, found)
    return found.merged()


def _headline_lines(headline_and_dek: str) -> str:
    # A headline In Title Case capitalises every word, so its runs say nothing about
    # names ("Minister Says Oil Prices Will Rise"); such a line is left out.
    kept = []
    for line in headline_and_dek.splitlines():
        words = re.findall(r"[^\W\d_][\w’'\-]*", line)
        capitalised = sum(1 for w in words if w[0].isupper())
        if len(words) >= 4 and capitalised >= 0.7 * len(words):
            continue
        kept.append(line)
    return "\n".join(kept)


def _scan(text: str, base: int, found: _Found) -> None:
    """Add the people ``text`` names, by the evidence around each capitalised run."""
    candidates = []  # (start, end, words) of plausible names without evidence yet
    accepted = []  # (start, end, title)
    if " and " in text and any(t in text for t in _PLURAL_HINTS):
        for m in PEOPLE_PAIR_RE.finditer(text):
            plural = m["title"]
            singular = plural[:-3] + "man" if plural.endswith("men") else plural[:-1]
            for nationality, group in ((m["a"], "n1"), (m["b"], "n2")):
                title = f"{nationality} {singular}"
                found.add(m[group].split(), title, _IN_RUN, base + m.start(group))
    for m in RUN_RE.finditer(text):
        for start, end, words in _segments(m):
            result = _judge(text, start, end, words)
            if result is None:
                continue
            name, title, rank = result
            if rank is None:
                candidates.append((start, end, name))
                continue
            found.add(name, title, rank, base + start)
            accepted.append((start, end, title))
    # "Daria Volk and Ilya Sorin": a name joined by "and" (or listed with a
    # comma) to a person named with evidence is a person too.
    changed = bool(accepted)
    while changed and candidates:
        changed = False
        for cand in list(candidates):
            start, end, name = cand
            for a_start, a_end, title in accepted:
                gap = text[a_end:start] if a_end <= start else text[end:a_start]
                if (a_end <= start or end <= a_start) and AND_RE.match(gap):
                    found.add(name, "", _JOINED, base + start)
                    accepted.append((start, end, title))
                    candidates.remove(cand)
                    changed = True
                    break


def _segments(m: re.Match):
    """The run cut after a possessive ("China's Vice Premier Zhao Lijun")."""
    start = at = m.start()
    words = []
    for word in m.group().split():
        at = m.string.index(word, at)
        if word.endswith(_POSSESSIVE):
            stem = word[:-2] if word[-1] == "s" else word[:-1]
            words.append(stem)
            yield start, at + len(stem), words
            start, words = at + len(word), []
        else:
            words.append(word)
        at += len(word)
    if words:
        yield start, m.end(), words


_POSSESSIVE = ("’s", "'s", "’", "'")


def _fold(word: str) -> str:
    return word.casefold().rstrip(".")


def _judge(text, start, end, words):
    """(name words, title, rank) for a run; rank None: a name with no evidence yet."""
    # Leading sentence words ("Earlier", "On") and acronyms ("NASA", "US") go.
    title_words: list[str] = []
    while words and (
        _fold(words[0]) in NOT_NAME or (len(words[0]) > 1 and words[0].isupper())
    ):
        if words[0].isupper() and len(words[0].replace(".", "")) <= 4:
            title_words.append(words[0])  # "NASA astronaut", not "TOKYO- Japanese…"
        else:
            title_words = []
        words = words[1:]
    if not words:
        return None
    # The last title word with a name after it: "Former Prime Minister John Major".
    at = next(
        (i for i in range(len(words) - 2, -1, -1) if _fold(words[i]) in TITLES), None
    )
    if at is not None:
        title_words += words[: at + 1]
        name = _drop_honorifics(words[at + 1 :])
        while len(name) > 1 and _fold(name[0]) in ORGANISATION:
            title_words.append(name.pop(0))  # "Chief Justice John Roberts"
        if title_words[0] == words[0]:
            # "Bank of Japan Governor Kazuo Ueda": the office began before the run.
            office = OFFICE_OF_BEFORE_RE.search(text, max(0, start - 60), start)
            if office:
                title_words.insert(0, office.group().strip())
        return _checked(text, end, name, " ".join(title_words), _IN_RUN, single=True)
    after = text[end : end + 160]
    honorific = _drop_honorifics(words)
    if len(honorific) < len(words):
        # "His Highness Sheikh Rashid bin Saeed Al Marri, Chairman of …"
        title = _apposition(after)
        return _checked(text, end, honorific, title or "", _IN_RUN, single=True)
    before = text[max(0, start - 100) : start]
    tail = before.rsplit(maxsplit=5)[-5:]
    prev = tail[-1] if tail else ""
    word = prev.rstrip(",")
    if word and _fold(word) in ROLES and not word[0].isupper():
        # "finance minister Olga Vetrova", "deputy foreign minister, Alexander Grushko"
        title = _title_before(before, len(tail) - 1)
        return _checked(text, end, words, title, _ROLE_BEFORE)
    of = _of_before(tail)
    if of is not None:
        head, joiner = of
        name = list(words)
        # "Minister of Foreign Affairs Lê Văn Thành": the office ends at its last
        # office word; "President of Chile Ana Soto": at the place's one word.
        last = max(
            (i for i, w in enumerate(name) if _fold(w) in ORGANISATION), default=-1
        )
        if last < 0 and len(joiner) == 1:
            last = 0 if len(name) >= 3 else len(name) - 1  # "Mayor of Buenos Aires"
        office, name = name[: last + 1], name[last + 1 :]
        title = " ".join([_title_before(before, head), *joiner, *office])
        return _checked(text, end, name, title, _OF, single=True)
    title = _apposition(after)
    if title is not None:
        return _checked(text, end, words, title, _APPOSITION)
    role_after = ROLE_AFTER_RE.match(after)
    if role_after and _fold(role_after[1]) in ROLES:
        return None  # "Inter Miami coach …": the club, not a person
    if POSSESSIVE_ROLE_RE.match(after):
        return _checked(text, end, words, "", _APPOSITION)
    return _checked(text, end, words, "", None)


def _apposition(after: str) -> str | None:
    """The role an apposition gives ("an economist" → "economist"), "" for an age or
    a "who" clause, None when the text after a name is no apposition."""
    apposition = APPOSITION_RE.match(after)
    if apposition and not (set(apposition["role"].casefold().split()[:-1]) & CLAUSE):
        return re.sub(r"^\d+-year-old\s+", "", apposition["role"])
    return "" if AGE_OR_WHO_RE.match(after) else None


def _drop_honorifics(words: list[str]) -> list[str]:
    words = list(words)
    while words and _fold(words[0]) in HONORIFICS:
        # "Tan" is a courtesy title only before "Sri"; else a surname (Tan Kin Lian).
        if _fold(words[0]) == "tan" and (len(words) < 2 or _fold(words[1]) != "sri"):
            break
        words.pop(0)
    return words


def _title_before(before: str, head: int) -> str:
    """'Permanent Deputy Minister' from the text before and its title word's index."""
    words = before.rsplit(maxsplit=5)[-5:]
    kept = [words[head].rstrip(",")]
    capitalised = False
    for word in reversed(words[max(0, head - 3) : head]):
        if word[0].islower() and capitalised:
            break  # "met Interior Ministry spokesman": the verb is not the title
        abbreviation = word.endswith(".") and "." in word[:-1]  # "U.S."
        if (word[-1] in ',.;:!?"“”)(' and not abbreviation) or not any(
            c.isalpha() for c in word
        ):
            break
        if _fold(word) in _DIRECTIONS and word[0].isupper():
            pass  # "North Korean leader"
        elif _fold(word) in NOT_NAME or _fold(word) in CLAUSE:
            break
        capitalised = capitalised or word[0].isupper()
        if word[0].islower() and word.endswith(("ed", "es", "ing")):
            break  # a verb: "Abenov received Secretary of State …"
        if word.isupper() and len(word.replace(".", "")) > 4:
            break  # a dateline: "TOKYO-"
        kept.insert(0, word)
    if kept[-1].endswith("s") and kept[-1][:-1].casefold() in TITLES:
        kept[-1] = kept[-1][:-1]  # "Russian cosmonauts Oleg Novik and …"
    return " ".join(kept)


def _of_before(tail: list[str]):
    """(index of the title word, ["of", "the", "capital"]) when the words before a
    run read "Minister of", "Mayor of the capital", "Ambassador to the"."""
    for i in range(len(tail) - 1, max(-1, len(tail) - 5), -1):
        if tail[i] in ("of", "for", "to"):
            low = tail[i + 1 :]
            if i == 0 or _fold(tail[i - 1]) not in TITLES:
                return None
            if any(not w[0].islower() or w[-1] in ",.;:" for w in low):
                return None
            return i - 1, tail[i:]
        if not tail[i][0].islower() or tail[i][-1] in ",.;:":
            return None
    return None


def _checked(text, end, words, title, rank, single=False):
    """The candidate if its words can make a person's name, else None."""
    if not words or len(words) > 6 or (len(words) == 1 and not single):
        return None
    for i, word in enumerate(words):
        folded = _fold(word)
        if folded in PARTICLES and word[0].islower():
            continue
        if i and i == len(words) - 1 and _ROMAN_RE.match(word):
            continue  # "King Charles III"
        if not (_bare([word]) or [word])[0][:1].isupper() or (
            word.isupper() and len(word) > 2
        ):
            return None  # lower case, or an acronym ("al-Hamdi" is neither)
        if folded in ORGANISATION or folded in NOT_NAME:
            return None
        if folded in TITLES and (i < len(words) - 1 or folded not in _SURNAMES):
            return None  # an office, not a name; but "John Major" is a name
    if words[-1] in PARTICLES or (words[-1].endswith("-") and len(words) == 1):
        return None
    # "The Admiral Vinogradov destroyer", "the Bezymianny volcano".
    if THING_AFTER_RE.match(text[end : end + 80]):
        return None
    words = [w.rstrip(".") if len(w) > 2 and w[-2] != "." else w for w in words]
    return words, title, rank


def _with_roles(found, texts, captions, headline_and_dek):
    """The people in story order, each marked subject and/or quoted."""
    story_text = "\n".join([headline_and_dek, *texts])

    def needles(person: WirePerson) -> set[str]:
        # The surname (family name first or last); a Cyrillic one without its ending,
        # since the copy inflects it ("Захарова" prints as "Захаровой").
        words = person.name.split()
        return {
            w[: max(4, len(w) - 2)] if _CYRILLIC_RE.match(w) else w
            for w in {words[0], words[-1]}
        }

    def first_use(entry) -> tuple[int, int]:
        # Story order: where the story first names them (full name or surname).
        person, position = entry
        found_at = [story_text.find(n) for n in (person.name, *needles(person))]
        found_at = [at for at in found_at if at >= 0]
        return (0, min(found_at)) if found_at else (1, position)

    people = []
    caption_text = "\n".join(captions)
    for person, _ in sorted(found, key=first_use):
        names = needles(person)
        sentences = _sentences_naming(story_text, names)
        first = next(sentences, None)
        if first is None and not any(n in caption_text for n in names):
            continue
        roles = []
        if any(n in headline_and_dek for n in names):
            roles.append("subject")
        if first is not None and (
            SPEECH_RE.search(first) or any(SPEECH_RE.search(s) for s in sentences)
        ):
            roles.append("quoted")
        person.roles = roles or ["subject"]
        people.append(person)
    return people


def _sentences_naming(text: str, names: set[str]):
    """Each sentence of ``text`` that holds one of ``names`` (found with str.find,
    which costs far less than splitting the whole story into sentences)."""
    for name in names:
        at = text.find(name)
        while at >= 0:
            start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
            stops = [i for i in (text.find(". ", at), text.find("\n", at)) if i >= 0]
            end = min(stops) if stops else len(text)
            yield text[start : end + 1]
            at = text.find(name, end + 1)
