"""Copy received from an agency source, on its way to the desk.

``receive`` is the one door for bytes that a wire source delivers (the poller, a
folder, ``manage.py ingest_wire``): it parses them with ``read_stories`` and files
each story in the desk's incoming queue (``WireItem``), never as a story in the
story list. It never raises for bad copy: each failure is counted and described in
the returned ``Received``, and the good stories of the same input are kept.

For each story, in its own transaction:

* the same agency id and the same copy (or an agency version already held) is a
  duplicate: nothing changes;
* the same agency id with other copy is the item's next version;
* copy without an agency id (agency page text, whose id is derived from its
  headline) that is nearly the same as a recent item of the same agency is that
  item's next version (``articles.wire.matching``);
* anything else is a new item, grouped with other agencies' items on the same event.

A new version of an item the desk has taken also goes to the importer, under the
item's agency id, so it finds the story the desk made: an untouched draft takes the
new copy, an edited story gets a pending update for an editor (never overwritten).
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .. import search
from ..models import WireItem, WireItemVersion
from . import WireError, matching, read_stories
from .importer import STORY_ERRORS, WireImporter, default_reference_date
from .story import WireStory, copy_hash, refuse_unstorable

RECEIVED, NEW_VERSION, DUPLICATE = "received", "new version", "duplicate"
# The most recent items of an agency a copy without an id is compared with.
MAX_CANDIDATES = 200


@dataclass
class Received:
    """What one input gave: counts for the summary, and each failure's reason."""

    received: int = 0  # new items
    new_versions: int = 0  # a later version of an item already held
    duplicates: int = 0  # a copy already held, changed nothing
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    items: list[WireItem] = field(default_factory=list)  # what each story went to

    def add(self, other: "Received") -> None:
        self.received += other.received
        self.new_versions += other.new_versions
        self.duplicates += other.duplicates
        self.failed += other.failed
        self.errors += other.errors
        self.items += other.items


def receive(
    data: bytes,
    *,
    name: str,
    fmt: str = "auto",
    base_dir: Path | None = None,
    source: str = "",
    reference_date: date | None = None,
    now: datetime | None = None,
    agency: str = "",
) -> Received:
    """Parse ``data`` (named ``name`` in messages) and file its stories in the queue.

    ``source`` names the wire source it came from (shown on the Wire screen);
    ``agency`` is the source's agency, for copy that names none itself;
    ``base_dir`` is where a picture named by a relative path is looked for when a
    taken story is updated; ``now`` pins the time of receipt (tests).
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
    inbox = Inbox(source=source, base_dir=base_dir, now=now)
    for number, story in enumerate(stories, 1):
        if agency and not story.agency:
            story.agency = agency
            story.unsure.append(
                f"The copy names no agency; filed under its source's, {agency}."
            )
        where = name if len(stories) == 1 else f"{name} (story {number})"
        try:
            with search.deferred():
                outcome, item = inbox.take_in(story)
        except STORY_ERRORS as error:
            result.failed += 1
            result.errors.append(f"{where}: {error}")
            continue
        result.items.append(item)
        if outcome == RECEIVED:
            result.received += 1
        elif outcome == NEW_VERSION:
            result.new_versions += 1
        else:
            result.duplicates += 1
    return result


def event_day(story: WireStory) -> date | None:
    """The day of the event: the dateline's, else the agency's own time's."""
    if story.dateline_date:
        return story.dateline_date
    moment = story.first_created or story.version_created
    return moment.date() if moment else None


def _limit(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


class Inbox:
    """Files stories in the queue; agencies are cached across one input's stories."""

    def __init__(self, *, source: str = "", base_dir=None, now=None):
        self.source = _limit(source, 100)
        self.base_dir = base_dir
        self.now = now
        self.importer = WireImporter()

    def take_in(self, story: WireStory) -> tuple[str, WireItem]:
        """(outcome, item) for one story, written all or nothing."""
        refuse_unstorable(story)
        now = self.now or timezone.now()
        try:
            with transaction.atomic():
                return self._take_in(story, now)
        except Exception:
            # A rolled-back agency row must not stay in the importer's cache.
            self.importer = WireImporter()
            raise

    def _take_in(self, story: WireStory, now: datetime) -> tuple[str, WireItem]:
        agency = self.importer.agency_for(story)
        digest = copy_hash(story.copy_fields())
        derived = not story.wire_id or story.source_format == "agency-text"
        ref = _limit(story.wire_id or f"text-{digest[:32]}", 255)
        grams = matching.shingles(matching.story_text(story))
        signature = matching.simhash(grams)
        item = (
            WireItem.objects.select_for_update()
            .filter(agency=agency, agency_ref=ref)
            .first()
        )
        if item is None and derived:
            item = self._near(agency, story, grams, signature, now)
        if item is None:
            made = self._new_item(story, agency, ref, derived, digest, signature, now)
            if made is not None:
                return RECEIVED, made
            # Another receiver filed the same item a moment ago: this is its copy.
            item = WireItem.objects.select_for_update().get(
                agency=agency, agency_ref=ref
            )
        if self._held(item, story, digest):
            return DUPLICATE, item
        self._new_version(item, story, digest, signature, now)
        return NEW_VERSION, item

    # ---- matching --------------------------------------------------------------

    def _near(self, agency, story, grams, signature, now) -> WireItem | None:
        """The recent item of ``agency`` whose text ``story`` nearly repeats."""
        hours = settings.NEWSROOM_WIRE_VERSION_HOURS
        place = _limit(story.dateline_place.casefold(), 100)
        day = event_day(story)
        candidates = WireItem.objects.filter(
            agency=agency,
            ref_derived=True,
            updated_at__gte=now - timedelta(hours=hours),
        )
        # Versions keep their dateline: place and day agree where both give one.
        if place:
            candidates = candidates.filter(Q(place_key=place) | Q(place_key=""))
        if day:
            candidates = candidates.filter(Q(event_day=day) | Q(event_day=None))
        rows = candidates.order_by("-updated_at").values_list("pk", "signature")[
            :MAX_CANDIDATES
        ]
        near = [
            pk
            for pk, other in rows
            if matching.bits_apart(signature, other) <= matching.SIMHASH_BITS
        ]
        best, best_score = None, matching.VERSION_THRESHOLD
        for pk, data in latest_stories(near).items():
            score = matching.overlap(
                grams, matching.shingles(matching.story_text(WireStory.from_json(data)))
            )
            if score >= best_score:
                best, best_score = pk, score
        if best is None:
            return None
        return WireItem.objects.select_for_update().get(pk=best)

    @staticmethod
    def _group_key(agency, story, day) -> str:
        """The group of another agency's item on the same event, or a new one."""
        place = _limit(story.dateline_place.casefold(), 100)
        if place and day:
            others = (
                WireItem.objects.filter(place_key=place, event_day=day)
                .exclude(agency=agency)
                .order_by("-received_at")
                .values_list("pk", "group_key", "names")[:50]
            )
            found = {pk: (key, set(names)) for pk, key, names in others}
            if found:
                words = matching.content_words(matching.story_text(story))
                mine = set(matching.names(story))
                texts = latest_stories(list(found))
                for pk, (key, names) in found.items():
                    theirs = WireStory.from_json(texts[pk]) if pk in texts else None
                    other_words = (
                        matching.content_words(matching.story_text(theirs))
                        if theirs
                        else set()
                    )
                    if matching.same_event(words, mine, other_words, names):
                        return key
        return uuid.uuid4().hex

    # ---- writing ---------------------------------------------------------------

    def _fields(self, story: WireStory, signature: int) -> dict:
        return {
            "headline": _limit(story.headline.strip() or "(no headline)", 500),
            "kind": (
                WireItem.Kind.PICTURE
                if story.kind == WireItem.Kind.PICTURE
                else WireItem.Kind.TEXT
            ),
            "urgency": story.urgency if story.urgency in range(1, 10) else None,
            "language": _limit(story.language, 20),
            "keywords": _limit(", ".join(story.keywords), 1000),
            "place_key": _limit(story.dateline_place.casefold(), 100),
            "event_day": event_day(story),
            "first_created": story.first_created,
            "version_created": story.version_created,
            "signature": signature,
            "names": matching.names(story),
        }

    def _new_item(
        self, story, agency, ref, derived, digest, signature, now
    ) -> WireItem | None:
        fields = self._fields(story, signature)
        item = WireItem(
            agency=agency,
            agency_ref=ref,
            ref_derived=derived,
            source=self.source,
            received_at=now,
            updated_at=now,
            changed_at=now,
            group_key=self._group_key(agency, story, fields["event_day"]),
            **fields,
        )
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            return None
        self._add_version(item, 1, story, digest, now)
        return item

    @staticmethod
    def _add_version(item, number, story, digest, now) -> None:
        WireItemVersion.objects.create(
            item=item,
            number=number,
            story=story.to_json(),
            copy_hash=digest,
            agency_version=story.version,
            received_at=now,
        )

    @staticmethod
    def _held(item: WireItem, story: WireStory, digest: str) -> bool:
        """Whether this copy (or a later agency version) is already on file."""
        versions = item.versions.all()
        if versions.filter(copy_hash=digest).exists():
            return True
        return (
            story.version is not None
            and versions.filter(agency_version__gte=story.version).exists()
        )

    def _new_version(self, item, story, digest, signature, now) -> None:
        number = item.version_count + 1
        self._add_version(item, number, story, digest, now)
        for name, value in self._fields(story, signature).items():
            setattr(item, name, value)
        item.version_count = number
        item.updated_at = item.changed_at = now
        item.save()
        if item.state == WireItem.State.TAKEN and item.article_id:
            # Under the item's id, so the importer finds the story the desk made
            # even when the agency reworded the headline its page id comes from.
            story.wire_id = item.agency_ref
            self.importer.import_story(story, base_dir=self.base_dir)


def latest_stories(pks: list[int]) -> dict[int, dict]:
    """The latest version's story JSON of each item in ``pks`` (one query)."""
    if not pks:
        return {}
    return dict(
        WireItemVersion.objects.filter(
            item_id__in=pks, number=F("item__version_count")
        ).values_list("item_id", "story")
    )
