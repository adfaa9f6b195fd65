"""Near-identical copy: is this agency text a new version of a story we hold?

Agency page text carries no id: an agency that rewords a headline, changes a
paragraph or adds one sends what looks like a new story. Two copies are compared by
their word 3-grams ("shingles") of headline and body:

* ``overlap`` = shared shingles ÷ shingles of the shorter copy. A paragraph added
  (or a flash followed by the full story) keeps the shorter copy inside the longer
  one; a reworded headline or one changed paragraph leaves most of it shared.
* two different stories, even on the same subject from the same agency, share
  only stock phrases.

``VERSION_THRESHOLD`` was set by measuring both sides: invented variants in
tests/test_wire_versions.py, and the development corpus of real agency pages (every
pair of different stories scored at most 0.57, two pages of one agency sharing a
background paragraph; the next highest 0.16; a reworded headline, an edited or an
added paragraph scored 0.66 and above). Versions must also agree on the dateline's
place and day where both give one. A 64-bit simhash of the same shingles is stored
with each item as a cheap first filter.

Items from different agencies are on the same event (``same_event``) when their
datelines name the same place and day and they share much of their vocabulary
(content words, Jaccard ≥ ``EVENT_WORDS``), or names and some of it: agencies word
a story differently, so this is a looser test, and the place and day do most of the
work. In the corpus, two agencies' pages on one event scored 0.18; pages of other
agencies on the same topic but another day up to 0.18, on other topics below 0.14.
"""

import hashlib
import re
import unicodedata

from .story import WireStory

# Shingles shared ÷ shingles of the shorter copy, at or above which a copy without
# an agency id is the next version of an item from the same agency.
VERSION_THRESHOLD = 0.6
# A copy this short (in shingles) is compared by its whole text instead: a one-line
# flash would otherwise sit "inside" many longer stories.
MIN_SHINGLES = 6
# Simhash bits that may differ between versions before the exact comparison is
# even made (a loose filter: it only saves work).
SIMHASH_BITS = 32
# Same place and day, and this share of content words (Jaccard), or NAMES_SHARED
# names in common with at least NAMED_WORDS of the words: the same event from
# another agency. (Names alone are not enough: a capital's stories all name its
# president.)
EVENT_WORDS = 0.15
NAMES_SHARED = 2
NAMED_WORDS = 0.1

_WORD = re.compile(r"\w+", re.UNICODE)
_NAME = re.compile(r"\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)+)")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def story_text(story: WireStory) -> str:
    return "\n".join([story.headline, story.dek, *story.paragraphs])


def shingles(text: str, size: int = 3) -> set[str]:
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest())


def simhash(grams: set[str]) -> int:
    """A 64-bit simhash of the shingles, as a signed integer (a BigIntegerField)."""
    counts = [0] * 64
    for gram in grams:
        value = _hash64(gram)
        for bit in range(64):
            counts[bit] += 1 if value >> bit & 1 else -1
    unsigned = sum(1 << bit for bit in range(64) if counts[bit] > 0)
    return unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned


def bits_apart(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def overlap(a: set[str], b: set[str]) -> float:
    """How much of the shorter copy the longer one holds (0 to 1)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    if min(len(a), len(b)) < MIN_SHINGLES:
        return shared / len(a | b)
    return shared / min(len(a), len(b))


def is_next_version(a: set[str], b: set[str]) -> bool:
    return overlap(a, b) >= VERSION_THRESHOLD


def names(story: WireStory) -> list[str]:
    """The people and other proper names a story mentions (capitalised runs)."""
    found = {person.name.casefold() for person in story.people if person.name}
    for paragraph in [story.headline, *story.paragraphs]:
        for match in _NAME.findall(paragraph):
            run = match.casefold().split()
            # "Governor Dmitry Azarov" and "Dmitry Azarov" name the same person.
            found.update({" ".join(run), " ".join(run[-2:])})
    return sorted(found)[:100]


def content_words(text: str) -> set[str]:
    return {word for word in words(text) if len(word) >= 4 and not word.isdigit()}


def same_event(
    a_words: set[str], a_names: set[str], b_words: set[str], b_names: set[str]
) -> bool:
    """Two agencies' stories (already known to share place and day) on one event."""
    if not a_words or not b_words:
        return False
    shared = len(a_words & b_words) / len(a_words | b_words)
    if shared >= EVENT_WORDS:
        return True
    return shared >= NAMED_WORDS and len(a_names & b_names) >= NAMES_SHARED
