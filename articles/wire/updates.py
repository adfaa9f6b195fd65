"""An agency's new version of a story the desk has edited: merge it or dismiss it.

Ingest keeps such a version as a pending ``WireUpdate`` and never writes it into the
story by itself. ``update_merge`` works out the three-way merge (``wire.merge``)
of the agency's copy as ingest last wrote it (``WireCopy.story``, the common
ancestor), the desk's text now and the agency's new version; the review page shows
it and ``wire_update_merge`` applies it when the editor accepts, with their answer
to each conflict (the desk's text unless they say otherwise). ``wire_update_dismiss``
keeps the desk's text as it is.

Two guards beyond the plain merge: an agency change of the embargo is always the
editor's choice (when a story may go out is the desk's call), and a version with no
body text leaves the body alone rather than deleting every paragraph. A canceled
(killed) version is not merged: the editor dismisses it, and kills the story if it
must go.

Either decision is a version-checked save through ``services.article_save``
(permission, ``full_clean``, a revision naming the decision) and moves the common
ancestor to the agency's new copy, so the next version merges against it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .. import services
from ..models import Article, WireCopy, WireUpdate
from .importer import WireImporter
from .merge import (
    AGENCY,
    BODY_CHOICES,
    CONFLICT,
    FIELD_CHOICES,
    KEEP_DESK,
    FieldMerge,
    Merge,
    merge_paragraphs,
    merge_value,
    resolve_choices,
    split_paragraphs,
)
from .story import WireStory, copy_hash

# The one-value copy fields, merged as one unit each, in the order a page shows them.
MERGED_FIELDS = (
    "headline",
    "dek",
    "byline",
    "dateline_place",
    "dateline_date",
    "embargo_until",
)


@dataclass
class UpdateMerge:
    """A pending update merged (not yet applied) into its story as it is now."""

    article: Article
    update: WireUpdate
    story: WireStory  # the agency's new version
    fields: dict[str, FieldMerge]
    body: Merge
    version: int  # the story's lock_version this merge was made from

    @property
    def field_conflicts(self) -> list[str]:
        return [n for n, m in self.fields.items() if m.kind == CONFLICT]

    @property
    def conflict_count(self) -> int:
        return len(self.field_conflicts) + len(self.body.conflicts)


def _ancestor(article: Article) -> dict[str, Any]:
    """The copy fields as ingest last wrote them into the story; empty values
    when no copy was kept (every change on both sides is then the editor's call)."""
    copy = getattr(article, "wire_copy", None)
    if copy is None or not copy.story:
        return dict.fromkeys(MERGED_FIELDS) | {"body": ""}
    return WireImporter.copy_for(WireStory.from_json(copy.story))


def update_merge(update: WireUpdate, article: Article | None = None) -> UpdateMerge:
    """The three-way merge of ``update`` into its story (read unless given)."""
    if article is None:
        article = Article.objects.select_related("agency", "wire_copy").get(
            pk=update.article_id
        )
    story = WireStory.from_json(update.story)
    base = _ancestor(article)
    theirs = WireImporter.copy_for(story)
    fields = {
        name: merge_value(base[name], getattr(article, name), theirs[name])
        for name in MERGED_FIELDS
    }
    embargo = fields["embargo_until"]
    if embargo.kind == AGENCY:
        # When the story may go out is the desk's decision, not a copy change:
        # the agency's new embargo is offered, never applied by itself.
        fields["embargo_until"] = replace(embargo, kind=CONFLICT)
    base_body = split_paragraphs(base["body"] or "")
    # A version without body text (a headline correction, a kill notice) says
    # nothing about the paragraphs: it must not read as "delete them all".
    their_body = split_paragraphs(theirs["body"]) or base_body
    body = merge_paragraphs(base_body, split_paragraphs(article.body), their_body)
    return UpdateMerge(article, update, story, fields, body, article.lock_version)


def _answers(merge: UpdateMerge, choices: Mapping[str, str]) -> tuple[dict, list]:
    """(field answers, body answers) from ``choices``: field names and
    ``body-<n>`` for the n-th body conflict (from 0). Missing answers keep the
    desk's text; an answer that is not a choice is refused."""
    body_choices = {
        key.removeprefix("body-"): value
        for key, value in choices.items()
        if key.startswith("body-")
    }
    try:
        fields = {
            name: resolve_choices({"0": choices.get(name, "")}, 1, FIELD_CHOICES)[0]
            for name in merge.field_conflicts
        }
        body = resolve_choices(body_choices, len(merge.body.conflicts), BODY_CHOICES)
    except ValueError as error:
        raise ValidationError(f"Not a choice for a conflict: {error}") from None
    return fields, body


def _pending(update: WireUpdate) -> WireUpdate:
    """The update, read again and locked: another editor may have decided."""
    current = WireUpdate.objects.select_for_update().get(pk=update.pk)
    if current.state != WireUpdate.State.PENDING:
        raise ValidationError(
            f"The agency's version {current.version} was already "
            f"{current.get_state_display().lower()}; nothing was changed."
        )
    return current


def _story(update: WireUpdate, user, expected_version: int | None) -> Article:
    article = Article.objects.select_related("agency", "wire_copy").get(
        pk=update.article_id
    )
    reason = services.edit_refusal(user, article)
    if reason:
        raise PermissionDenied(reason)
    if expected_version is not None and expected_version != article.lock_version:
        raise services.EditConflict(article, expected_version)
    return article


def _decided(article: Article, update: WireUpdate, state: str) -> None:
    """The agency's new copy becomes the common ancestor; the update is closed,
    and older pending versions with it (this decision supersedes them)."""
    story = WireStory.from_json(update.story)
    copy, _ = WireCopy.objects.get_or_create(
        article=article,
        defaults={"source_format": story.source_format, "copy_hash": ""},
    )
    # The fingerprint of the agency's copy: a later version updates the story by
    # itself only if the desk's text now equals the agency's.
    copy.copy_hash = copy_hash(WireImporter.copy_for(story))
    copy.story = update.story
    copy.unsure = story.unsure
    copy.save()
    update.state = state
    update.resolved_at = timezone.now()
    update.save(update_fields=["state", "resolved_at"])
    article.wire_updates.filter(
        state=WireUpdate.State.PENDING, version__lt=update.version
    ).update(state=WireUpdate.State.DISMISSED, resolved_at=update.resolved_at)


@transaction.atomic
def wire_update_merge(
    *,
    update: WireUpdate,
    choices: Mapping[str, str],
    user,
    expected_version: int | None = None,
) -> Article:
    """Apply the three-way merge of ``update`` with the editor's ``choices``.

    The agency's changes to what the desk left alone are applied; the desk's own
    changes are kept; each conflict takes the answer in ``choices`` (a field name,
    or ``body-<n>``: "desk", the default, "agency" or, in the body, "both").
    ``expected_version`` is the story's version the editor's page showed: a story
    saved since is refused with ``EditConflict`` and nothing is written.
    """
    update = _pending(update)
    article = _story(update, user, expected_version)
    merge = update_merge(update, article)
    if merge.story.pub_status == "canceled":
        raise ValidationError(
            "The agency has canceled (killed) this story: there is nothing to merge. "
            "Dismiss its version, and kill the story here if it must go."
        )
    field_answers, body_answers = _answers(merge, choices)
    for name, merged in merge.fields.items():
        setattr(article, name, merged.resolved(field_answers.get(name, KEEP_DESK)))
    paragraphs = merge.body.paragraphs(body_answers)
    if paragraphs != split_paragraphs(article.body):  # else the desk's body as typed
        article.body = "".join(paragraphs)
    article.wire_version = max(article.wire_version or 0, update.version)
    services.article_save(
        article=article,
        user=user,
        expected_version=merge.version,
        extra_changes=["wire_merged"],
    )
    _decided(article, update, WireUpdate.State.MERGED)
    return article


@transaction.atomic
def wire_update_dismiss(
    *, update: WireUpdate, user, expected_version: int | None = None
) -> Article:
    """Keep the desk's text and close ``update``; recorded in the story's history.

    The agency's new copy still becomes the common ancestor: its changes are not
    offered again with the next version.
    """
    update = _pending(update)
    article = _story(update, user, expected_version)
    article.wire_version = max(article.wire_version or 0, update.version)
    services.article_save(
        article=article,
        user=user,
        expected_version=article.lock_version,
        extra_changes=["wire_dismissed"],
    )
    _decided(article, update, WireUpdate.State.DISMISSED)
    return article
