"""Copy received from an agency source, on its way to the desk.

``receive`` is the one door for bytes that a wire source delivers (the poller, a
folder, an upload): it parses them with ``read_stories`` and hands each story to the
importer. It never raises for bad copy: each failure is counted and described in the
returned ``Received``, and the good stories of the same input are kept.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import search
from . import WireError, read_stories
from .importer import (
    CREATED,
    PENDING,
    STORY_ERRORS,
    UNCHANGED,
    UPDATED,
    WireImporter,
    default_reference_date,
)


@dataclass
class Received:
    """What one input gave: counts for the summary, and each failure's reason."""

    received: int = 0  # new items
    new_versions: int = 0  # a later version of an item already held
    duplicates: int = 0  # a copy already held, changed nothing
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Received") -> None:
        self.received += other.received
        self.new_versions += other.new_versions
        self.duplicates += other.duplicates
        self.failed += other.failed
        self.errors += other.errors


def receive(
    data: bytes,
    *,
    name: str,
    fmt: str = "auto",
    base_dir: Path | None = None,
    source: str = "",
    reference_date: date | None = None,
) -> Received:
    """Parse ``data`` (named ``name`` in messages) and take in its stories.

    ``source`` names the wire source it came from (for the desk's queue);
    ``base_dir`` is where a picture named by a relative path is looked for.
    """
    result = Received()
    try:
        stories = read_stories(
            data, fmt=fmt, reference_date=reference_date or default_reference_date()
        )
    except WireError as error:
        result.failed += 1
        result.errors.append(f"{name}: {error}")
        return result
    importer = WireImporter(batch=True)
    with search.deferred():
        outcomes = importer.import_batch([(story, base_dir) for story in stories])
    for number, outcome in enumerate(outcomes, 1):
        where = name if len(stories) == 1 else f"{name} (story {number})"
        if isinstance(outcome, STORY_ERRORS):
            result.failed += 1
            result.errors.append(f"{where}: {outcome}")
        elif outcome.outcome == CREATED:
            result.received += 1
        elif outcome.outcome in (UPDATED, PENDING):
            result.new_versions += 1
        elif outcome.outcome == UNCHANGED:
            result.duplicates += 1
    return result
