"""What a copy from the agency is to the story on file: new, the same again, or the
story's next version, which an untouched draft takes by itself and an edited story
keeps pending for an editor. Decided from the rows alone; nothing here writes.
"""

from dataclasses import dataclass, field

from ..models import Article, WireCopy, WireUpdate
from .story import WireError, WireStory, copy_hash

CREATED, UPDATED, PENDING, UNCHANGED = "created", "updated", "pending", "unchanged"
COPY_FIELDS = (
    "headline",
    "dek",
    "body",
    "dateline_place",
    "dateline_date",
    "byline",
    "embargo_until",
)


@dataclass
class ImportResult:
    outcome: str
    article: Article | None
    notes: list[str] = field(default_factory=list)


def article_copy_hash(article: Article) -> str:
    return copy_hash({name: getattr(article, name) for name in COPY_FIELDS})


def decide(story: WireStory, article: Article | None) -> tuple[str, int]:
    """(outcome, version to record) for ``story`` against the stored ``article``
    and its pending updates."""
    if article is None:
        if story.pub_status == "canceled":
            raise WireError(
                "The agency has canceled (killed) this story and we do not have "
                "it: nothing to import."
            )
        return CREATED, story.version if story.version is not None else 1
    copy = getattr(article, "wire_copy", None)
    # Newest first (the model's ordering).
    pending = list(article.wire_updates.filter(state=WireUpdate.State.PENDING))
    newest_pending = pending[0].version if pending else 0
    if story.version is not None:
        if article.wire_version is not None and story.version <= max(
            article.wire_version, newest_pending
        ):
            return UNCHANGED, article.wire_version
        version = story.version
    else:
        # No version numbers in this format: the copy itself tells. A copy we
        # hold already (the story's wire copy, or one waiting for an editor) is
        # not news, whichever order an inbox sends its copies in.
        if _already_held(copy_hash(story.copy_fields()), copy, pending):
            return UNCHANGED, article.wire_version or 1
        version = max(article.wire_version or 1, newest_pending) + 1
    touched = copy is None or article_copy_hash(article) != copy.copy_hash
    # Only an untouched draft takes the agency's new copy by itself: a story on
    # the desk, live or killed is the editors' to change.
    if (
        touched
        or story.pub_status == "canceled"
        or article.status != Article.Status.DRAFT
    ):
        return PENDING, version
    return UPDATED, version


def _already_held(
    incoming: str, copy: WireCopy | None, pending: list[WireUpdate]
) -> bool:
    """Whether a copy with the hash ``incoming`` is the story's wire copy or a
    pending update (hashes of stored copies computed only as needed)."""
    if copy is not None and incoming == copy.copy_hash:
        return True
    held = [update.story for update in pending]
    if copy is not None and copy.story:
        held.append(copy.story)
    return any(
        incoming == copy_hash(WireStory.from_json(data).copy_fields()) for data in held
    )


def against_earlier_copy(story: WireStory, earlier: WireStory) -> str:
    """The outcome of ``story`` in a run that creates ``earlier``, the same story
    (agency and id) from an earlier file: what a dry run predicts for it."""
    if story.version is not None and earlier.version is not None:
        return UNCHANGED if story.version <= earlier.version else UPDATED
    same = copy_hash(story.copy_fields()) == copy_hash(earlier.copy_fields())
    return UNCHANGED if same else UPDATED
