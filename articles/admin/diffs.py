"""The revision screen's diffs: two snapshots of a story, field by field, as HTML.

Rendering belongs to the admin; ``articles.history`` gives the plain snapshots and
their labels.
"""

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..history import (
    RELATED_FIELDS,
    TEXT_FIELDS,
    changed_fields,
    display_value,
    field_label,
)


def _inline_diff(old: str, new: str) -> SafeString:
    """Word-level diff with <del>/<ins>; every piece of user text is escaped."""
    a, b = old.split(" "), new.split(" ")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(a[i1:i2])))
            continue
        if op in {"delete", "replace"}:
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in {"insert", "replace"}:
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))  # built from escaped pieces


@dataclass
class FieldDiff:
    name: str
    label: str
    old: str
    new: str
    inline: SafeString | None  # word diff for text fields


def field_diffs(old: dict, new: dict) -> list[FieldDiff]:
    """What differs between two snapshots, field by field, readable by an editor."""
    diffs = []
    for name in changed_fields(old, new):
        old_text = display_value(name, old.get(name))
        new_text = display_value(name, new.get(name))
        inline = None
        if name in TEXT_FIELDS or name in RELATED_FIELDS:
            inline = mark_safe(  # each line escaped by _inline_diff
                "<br>".join(
                    _inline_diff(o, n)
                    for o, n in _pair_lines(old_text, new_text, name == "body")
                )
            )
        diffs.append(FieldDiff(name, field_label(name), old_text, new_text, inline))
    return diffs


def _pair_lines(old: str, new: str, paragraphs: bool) -> Iterable[tuple[str, str]]:
    """Line up paragraphs (or lines) so a one-paragraph edit shows as one."""
    sep = "\n\n" if paragraphs else "\n"
    a, b = old.replace("\r\n", "\n").split(sep), new.replace("\r\n", "\n").split(sep)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op == "equal":
            yield from ((line, line) for line in a[i1:i2])
        else:
            yield ("\n".join(a[i1:i2]), "\n".join(b[j1:j2]))
