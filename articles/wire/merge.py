"""Three-way merge of an agency's new version into the story the desk edited.

The common ancestor (``base``) is the agency's copy as ingest last wrote it into the
story; ``ours`` is the desk's text now; ``theirs`` is the agency's new version. The
body is merged paragraph by paragraph, a diff3 over paragraphs: both sides are lined
up against the base with ``difflib.SequenceMatcher`` and the base is cut where both
sides still agree with it. Between those cuts:

* a region only the agency changed takes the agency's paragraphs;
* a region only the desk changed keeps the desk's;
* a region both changed the same way is taken once;
* a region both changed differently is a conflict, kept with all three texts for
  the editor to decide. Paragraphs both sides inserted at the same place are a
  conflict unless they are the same.

A conflict region whose three texts have the same number of paragraphs is looked at
paragraph by paragraph first, so a desk edit in one paragraph and an agency
correction in the next are two clean changes, not one conflict.

The headline, standfirst and the other one-value fields (byline, dateline place and
date, embargo) are merged as one unit each: the agency's change is applied when the
desk left the field alone, the desk's change is kept when the agency did not change
it, and both changed differently is a conflict.

Pure functions on plain values: no database, no Django.
"""

import difflib
import re
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..body import blocks, clean_body, plain_text
from ..body_diff import readable_body

# How a region of the merge came about.
SAME = "same"  # neither side changed it
DESK = "desk"  # only the desk changed it: the desk's text is kept
AGENCY = "agency"  # only the agency changed it: the agency's text is applied
BOTH = "both"  # both changed it the same way: taken once
CONFLICT = "conflict"  # both changed it differently: the editor decides

# An editor's answer to a conflict.
KEEP_DESK = "desk"  # the default: nothing the desk wrote is overwritten
TAKE_AGENCY = "agency"
KEEP_BOTH = "both"  # the desk's paragraphs, then the agency's (body only)
BODY_CHOICES = (KEEP_DESK, TAKE_AGENCY, KEEP_BOTH)
FIELD_CHOICES = (KEEP_DESK, TAKE_AGENCY)
# Two paragraphs at least this alike (share of words in common order) are one
# paragraph edited, not one replaced by another.
LIKE = 0.5
# How many base paragraphs either side of its place an edited paragraph is looked
# for (see _keys).
NEAR = 12


@dataclass(frozen=True)
class Region:
    """A run of paragraphs and how each side treated it."""

    kind: str
    base: tuple[str, ...]
    ours: tuple[str, ...]
    theirs: tuple[str, ...]

    def resolved(self, choice: str = KEEP_DESK) -> tuple[str, ...]:
        """The paragraphs this region gives; ``choice`` counts for a conflict only."""
        if self.kind in (SAME, DESK, BOTH):
            return self.ours
        if self.kind == AGENCY:
            return self.theirs
        if choice == TAKE_AGENCY:
            return self.theirs
        if choice == KEEP_BOTH:
            return self.ours + self.theirs
        return self.ours


@dataclass
class Merge:
    """The body's merge: its regions in order, conflicts numbered from 0."""

    regions: list[Region] = field(default_factory=list)

    @property
    def conflicts(self) -> list[Region]:
        return [r for r in self.regions if r.kind == CONFLICT]

    @property
    def agency_changes(self) -> list[Region]:
        return [r for r in self.regions if r.kind == AGENCY]

    def paragraphs(self, choices: Sequence[str] = ()) -> list[str]:
        """The merged paragraphs; ``choices[n]`` answers conflict ``n`` (missing
        answers keep the desk's text)."""
        out: list[str] = []
        number = 0
        for region in self.regions:
            choice = KEEP_DESK
            if region.kind == CONFLICT:
                choice = choices[number] if number < len(choices) else KEEP_DESK
                number += 1
            out.extend(region.resolved(choice))
        return out


@dataclass(frozen=True)
class FieldMerge:
    """A one-value field's merge (headline, standfirst, byline …)."""

    kind: str
    base: Any
    ours: Any
    theirs: Any

    def resolved(self, choice: str = KEEP_DESK) -> Any:
        if self.kind == AGENCY or (self.kind == CONFLICT and choice == TAKE_AGENCY):
            return self.theirs
        return self.ours


def _plain(value: Any) -> Hashable:
    """Compare texts as the story form keeps them: line ends and outer spaces
    do not count as a change."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def merge_value(
    base: Any, ours: Any, theirs: Any, *, key: Callable[[Any], Hashable] = _plain
) -> FieldMerge:
    """Three-way merge of one value, compared through ``key``."""
    b, o, t = key(base), key(ours), key(theirs)
    if o == t:
        kind = SAME if o == b else BOTH
    elif o == b:
        kind = AGENCY
    elif t == b:
        kind = DESK
    else:
        kind = CONFLICT
    return FieldMerge(kind, base, ours, theirs)


def split_paragraphs(text: str) -> list[str]:
    """A body's blocks as stored (``articles.body.blocks``: each paragraph,
    subhead, quote, list or photo its own HTML); plain text becomes ``<p>``s."""
    return blocks(clean_body(text))


def _text_words(block: str) -> list[str]:
    # Paragraphs are alike by their words, not by their markup.
    return plain_text(block).split()


def _matches(base: Sequence[str], other: Sequence[str]) -> list[tuple[int, int, int]]:
    # autojunk off: a long story repeats short paragraphs ("---", "(more)") and
    # must not lose them as "popular" lines.
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [tuple(block) for block in matcher.get_matching_blocks()]


def _sync_regions(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]
) -> list[tuple[int, int, int, int, int, int]]:
    """Stretches of the base both sides kept unchanged, as (base, ours, theirs)
    start/end triples, ending with an empty one at the ends of all three."""
    a_blocks, b_blocks = _matches(base, ours), _matches(base, theirs)
    regions = []
    ia = ib = 0
    while ia < len(a_blocks) and ib < len(b_blocks):
        abase, amatch, alen = a_blocks[ia]
        bbase, bmatch, blen = b_blocks[ib]
        start = max(abase, bbase)
        end = min(abase + alen, bbase + blen)
        if start < end:
            regions.append(
                (
                    start,
                    end,
                    amatch + (start - abase),
                    amatch + (end - abase),
                    bmatch + (start - bbase),
                    bmatch + (end - bbase),
                )
            )
        # Move on past whichever block ends first.
        if abase + alen < bbase + blen:
            ia += 1
        else:
            ib += 1
    n = len(base)
    regions.append((n, n, len(ours), len(ours), len(theirs), len(theirs)))
    return regions


def _classify(base: tuple, ours: tuple, theirs: tuple) -> list[Region]:
    """Regions for one stretch between sync points (any side may be empty)."""
    if ours == theirs:
        return [Region(SAME if ours == base else BOTH, base, ours, theirs)]
    if ours == base:
        return [Region(AGENCY, base, ours, theirs)]
    if theirs == base:
        return [Region(DESK, base, ours, theirs)]
    if base:
        split = _split_at_kept_base(base, ours, theirs)
        if split is not None:
            return split
    if base and max(len(ours), len(theirs), len(base)) > 1:
        split = _split_by_likeness(base, ours, theirs)
        if split is not None:
            return split
    if len(base) == len(ours) == len(theirs) > 1:
        # Same shape on all sides: each paragraph is its own three-way merge.
        return _joined(
            [
                region
                for b, o, t in zip(base, ours, theirs, strict=True)
                for region in _classify((b,), (o,), (t,))
            ]
        )
    return [Region(CONFLICT, base, ours, theirs)]


def _split_at_kept_base(base: tuple, ours: tuple, theirs: tuple) -> list[Region] | None:
    """One side kept the region as it was and only added paragraphs before or
    after it: the addition is a change of its own, apart from what the other side
    did to the region (the desk deleted the last paragraph, the agency added one
    after it: both happen)."""
    n = len(base)
    for side, other, to_side in ((theirs, ours, True), (ours, theirs, False)):
        if len(side) <= n:
            continue
        if side[:n] == base:
            kept, added, after = base, side[n:], True
        elif side[-n:] == base:
            kept, added, after = base, side[:-n], False
        else:
            continue
        changed = (
            _classify(base, other, kept) if to_side else _classify(base, kept, other)
        )
        extra = _classify((), (), added) if to_side else _classify((), added, ())
        return _joined([*changed, *extra] if after else [*extra, *changed])
    return None


def _likeness(a: list[str], b: list[str], a_bag: Counter, b_bag: Counter) -> float:
    """Share of words two paragraphs have in common, in order (0 … 1)."""
    # The bag-of-words bound first: most pairs fail it without the costly match.
    shared = sum((a_bag & b_bag).values())
    if 2 * shared < LIKE * (len(a) + len(b)):
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _keys(base: Sequence[str], side: Sequence[str]) -> list[Hashable]:
    """Each paragraph of ``side`` named by the base paragraph it is an edit of
    (the most alike, at least ``LIKE``, among the base paragraphs near the same
    place), or by its own text when none is."""
    base_words = [_text_words(p) for p in base]
    base_bags = [Counter(words) for words in base_words]
    keys: list[Hashable] = []
    for number, paragraph in enumerate(side):
        words = _text_words(paragraph)
        bag = Counter(words)
        # Near the same place (in proportion): an edited paragraph moves only as
        # far as the paragraphs added or removed before it, and a story both
        # sides rewrote costs a window per paragraph, not the whole story.
        centre = number * len(base) // max(len(side), 1)
        near = range(max(0, centre - NEAR), min(len(base), centre + NEAR + 1))
        best, index = max(
            ((_likeness(base_words[i], words, base_bags[i], bag), i) for i in near),
            default=(0.0, -1),
        )
        keys.append(("base", index) if best >= LIKE else ("new", paragraph))
    return keys


def _split_by_likeness(base: tuple, ours: tuple, theirs: tuple) -> list[Region] | None:
    """A conflict region cut where both sides edited the same base paragraph
    (rather than replaced it): a desk edit of one paragraph and an agency
    paragraph added after it are two clean changes. None when nothing lines up."""
    base_keys = [("base", i) for i in range(len(base))]
    syncs = _sync_regions(base_keys, _keys(base, ours), _keys(base, theirs))
    if len(syncs) == 1:  # only the closing marker: no paragraph lines up
        return None
    regions: list[Region] = []
    i = j = k = 0
    for bstart, bend, ostart, oend, tstart, tend in syncs:
        gap = (base[i:bstart], ours[j:ostart], theirs[k:tstart])
        if any(gap):
            regions.extend(_classify(*gap))
        for n in range(bend - bstart):
            regions.extend(
                _classify(
                    (base[bstart + n],), (ours[ostart + n],), (theirs[tstart + n],)
                )
            )
        i, j, k = bend, oend, tend
    return _joined(regions)


def _joined(regions: list[Region]) -> list[Region]:
    """Neighbouring regions of the same kind (not conflicts) as one."""
    out: list[Region] = []
    for region in regions:
        if out and out[-1].kind == region.kind and region.kind != CONFLICT:
            last = out[-1]
            out[-1] = Region(
                last.kind,
                last.base + region.base,
                last.ours + region.ours,
                last.theirs + region.theirs,
            )
        else:
            out.append(region)
    return out


def merge_paragraphs(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]
) -> Merge:
    """Three-way merge of paragraph lists (see the module's docstring)."""
    regions: list[Region] = []
    i = j = k = 0
    for bstart, bend, ostart, oend, tstart, tend in _sync_regions(base, ours, theirs):
        gap = (tuple(base[i:bstart]), tuple(ours[j:ostart]), tuple(theirs[k:tstart]))
        if any(gap):
            regions.extend(_classify(*gap))
        if bstart < bend:
            same = tuple(base[bstart:bend])
            regions.append(Region(SAME, same, same, same))
        i, j, k = bend, oend, tend
    return Merge(_joined(regions))


@dataclass(frozen=True)
class Piece:
    """A run of words in a word-level diff: kept, inserted or deleted."""

    op: str  # "equal" | "insert" | "delete"
    text: str


# A word with the spaces after it: a changed run of words reads as one change.
_WORDS = re.compile(r"\s+|\S+\s*")


def word_diff(old: str, new: str) -> list[Piece]:
    """How ``new`` differs from ``old``, word by word (spaces kept as written)."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    # Words compared without their spaces: the last word of a text, which has
    # none after it, is the same word as it was in the middle.
    matcher = difflib.SequenceMatcher(
        None,
        [w.strip() or w for w in a],
        [w.strip() or w for w in b],
        autojunk=False,
    )
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("equal", "".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(Piece("insert", "".join(b[j1:j2])))
    return pieces


def paragraph_diffs(
    old: Sequence[str], new: Sequence[str]
) -> list[tuple[str, list[Piece]]]:
    """``new`` paragraph by paragraph, each with its word diff from the matching
    ``old`` paragraph: ("changed" | "added" | "removed" | "same", pieces)."""
    out: list[tuple[str, list[Piece]]] = []
    # Blocks of HTML are shown as their text with the structure in words
    # (``articles.body_diff``): a new subhead or a removed link reads as such.
    old, new = [readable_body(p) for p in old], [readable_body(p) for p in new]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(("same", [Piece("equal", p)]) for p in new[j1:j2])
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for o, n in zip(olds[:paired], news[:paired], strict=True):
            out.append(("changed", word_diff(o, n)))
        out.extend(("added", [Piece("insert", n)]) for n in news[paired:])
        out.extend(("removed", [Piece("delete", o)]) for o in olds[paired:])
    return out


def resolve_choices(
    posted: Mapping[str, str], count: int, allowed: Sequence[str] = BODY_CHOICES
) -> list[str]:
    """Answers for ``count`` conflicts from ``posted`` keys "0", "1" …: a missing
    answer keeps the desk's text; an unknown one raises ValueError."""
    answers = []
    for number in range(count):
        answer = posted.get(str(number), KEEP_DESK) or KEEP_DESK
        if answer not in allowed:
            raise ValueError(f"“{answer}” is not one of {', '.join(allowed)}.")
        answers.append(answer)
    return answers
