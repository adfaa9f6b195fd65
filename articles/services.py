"""State changes of stories. Views, admin actions and commands call these, nothing else.

Each service is keyword-only and atomic, checks the acting user's permission itself (so
a hidden button is never the only guard), validates the story and saves it. Every save
of an existing story is a version-checked UPDATE (``lock_version``): a caller holding a
stale copy gets ``EditConflict`` and nothing is written. Every save records an
``ArticleRevision``; publish, correct, kill, restore (and role changes) also write an
``AuditEntry``. After commit, ``articles.signals.content_changed`` is sent.

The states::

    draft ──submit──▶ submitted ──publish──▶ published ──kill──▶ killed (final)
      ▲                  │                     │  ▲ update / correct
      └────unpublish─────┴─────────────────────┘  │ (stays published)
    draft ──publish──▶ published

A published story with a future ``published_at`` is scheduled and one with a future
``embargo_until`` is embargoed; ``Article.objects.published()`` hides both until their
time, with no job to run.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial, wraps

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from . import search
from .history import (  # noqa: F401 (the names other modules read from services)
    RELATED_FIELDS,
    RESTORED_FIELDS,
    TEXT_FIELDS,
    TRACKED_FIELDS,
    WIRE_DECISIONS,
    EditConflict,
    changed_fields,
    claim_version,
    describe_saves,
    display_value,
    field_label,
    record_revision,
    restore_related,
    saves_since,
    snapshot,
)
from .models import (
    Agency,
    Article,
    ArticleRedirect,
    ArticleRevision,
    AuditEntry,
    Correction,
)
from .models.content import old_address_holder, old_address_message
from .signals import send_content_changed
from .story_checks import (
    _checked_when_stored,
    check_publishable,
    check_schedule,
)
from .tag_merge import MERGE_TAGS_PERMISSIONS, can_merge_tags, tags_merge  # noqa: F401
from .text import check_fields

PUBLISH_PERMISSION = "articles.publish_article"
DEFAULT_KILL_NOTICE = (
    "This story has been withdrawn by the editors and is no longer available."
)

User = AbstractBaseUser | AnonymousUser
Status = Article.Status
Revision = ArticleRevision.Action


# --- Who may do what -------------------------------------------------------------


def can_publish(user: User | None) -> bool:
    """Publish, update a published story, correct, kill, unpublish: Editors."""
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def edit_refusal(user: User | None, article: Article) -> str | None:
    """Why ``user`` may not change ``article``'s content, or None when they may.

    Reporters write and edit drafts; once a story is submitted it belongs to the
    desk, and changing a published story is an update readers see, so both need the
    publish permission. A killed story is final.
    """
    if user is None or not user.is_authenticated:
        return "You must be logged in to change stories."
    if article.pk is None:
        if user.has_perm("articles.add_article"):
            return None
        return "You do not have permission to write stories."
    if article.status == Status.KILLED:
        return "A killed story cannot be changed."
    if not user.has_perm("articles.change_article"):
        return "You do not have permission to change stories."
    if article.status == Status.DRAFT or can_publish(user):
        return None
    return (
        f"This story is {article.get_status_display().lower()}; only an editor who "
        "may publish can change it now."
    )


def can_edit(user: User | None, article: Article) -> bool:
    return edit_refusal(user, article) is None


def _require_edit(user: User | None, article: Article) -> None:
    reason = edit_refusal(user, article)
    if reason:
        raise PermissionDenied(reason)


def _require_publisher(user: User | None) -> None:
    if not can_publish(user):
        raise PermissionDenied("You do not have permission to publish stories.")


def can_preview(user: User | None) -> bool:
    """Staff who may see stories in the admin may preview them in any state."""
    return bool(
        user
        and user.is_active
        and user.is_staff
        and user.has_perm("articles.view_article")
    )


# --- Records ---------------------------------------------------------------------


def audit(
    *,
    action: str,
    user: User | None,
    article: Article | None = None,
    subject: str = "",
    detail: str = "",
) -> AuditEntry:
    """Write one audit log line (also used by the admin for role changes)."""
    actor = user if user and user.is_authenticated else None
    return AuditEntry.objects.create(
        action=action,
        user=actor,
        username=actor.get_username() if actor else "system",
        article=article,
        subject=(subject or (article.headline if article else ""))[:300],
        detail=detail,
    )


def _writes_story(service):
    """Atomic, with one search re-index: the story's save, its tags, people and
    photos each ask for one (``articles.receivers``); the story is indexed once,
    at the end, in the same transaction."""

    @wraps(service)
    def run(*args, **kwargs):
        with transaction.atomic(), search.deferred():
            return service(*args, **kwargs)

    return run


def _announce(article: Article) -> None:
    transaction.on_commit(partial(send_content_changed, article))


def _record_transition(
    article: Article,
    *,
    user: User | None,
    before,
    action: str,
    audited: str,
    detail: str = "",
    **revision,
) -> None:
    """What every workflow step leaves behind, after the story's row is saved: a
    revision in its history, a line in the audit log, and pages told on commit.
    ``revision`` passes on to ``record_revision`` (by default the related rows are
    those of the last revision: a state change does not touch them)."""
    revision.setdefault("related_saved", False)
    record_revision(article, user=user, action=action, before=before, **revision)
    audit(action=audited, user=user, article=article, detail=detail)
    _announce(article)


# --- Services: editing -----------------------------------------------------------


@_writes_story
def article_save(
    *,
    article: Article,
    user: User | None,
    expected_version: int | None = None,
    by_wire: bool = False,
    extra_changes: Iterable[str] = (),
) -> Article:
    """Create a draft or save edits to a story's own fields, refusing a stale copy.

    ``expected_version`` is the ``lock_version`` the editor's form was made from
    (default: the instance's own). A save that also writes the story's tags, people
    or photos goes in two steps, ``article_save_row`` and ``article_save_recorded``,
    so its revision records them too. The state never changes here: that is what
    the other services are for. Saving a published story is an update: readers see
    “Updated <time>”.

    ``by_wire`` is wire ingest writing a newer agency version with no desk user
    behind it: allowed on a draft only (anything further along waits for an editor).
    ``extra_changes`` names what the revision records besides the changed fields
    (``WIRE_DECISIONS``: the save merged or dismissed an agency update).
    """
    save = _save_row(article, user, expected_version, by_wire)
    _record_save(save, related_saved=False, extra=extra_changes)
    return article


@dataclass(frozen=True)
class StorySave:
    """A story's save whose row is written and whose revision is still to record."""

    article: Article
    user: User | None
    before: dict | None  # the story as stored before; None for a new one
    now: datetime  # the time its checks used, and readers' "Updated"


def article_save_row(
    *,
    article: Article,
    user: User | None,
    expected_version: int | None = None,
    by_wire: bool = False,
) -> StorySave:
    """``article_save`` in two steps, for a caller that writes the story's tags,
    people and photos itself in between (the admin: its form's tags, its inlines;
    wire ingest: the agency's people and keywords).

    This first step checks and writes the story's row, as ``article_save`` does;
    ``article_save_recorded`` then records the revision with what was written
    since. Both run in the caller's transaction, inside ``search.deferred()`` (the
    story is indexed once, at the end, with its tags and people).
    """
    _require_transaction()
    return _save_row(article, user, expected_version, by_wire)


def article_save_recorded(*, save: StorySave) -> Article:
    """The second step of a two-step save (``article_save_row``, which checked who
    may save): the revision, with the tags, people and photos as written now; the
    update's audit line."""
    _require_transaction()
    _record_save(save, related_saved=True, extra=())
    return save.article


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "A story's save in two steps runs inside one transaction."
        )


def _save_row(article, user, expected_version, by_wire) -> StorySave:
    """Check the story and write its row (a new one, or the next version)."""
    now = timezone.now()
    if article._state.adding:
        _require_edit(user, article)
        if article.status != Status.DRAFT:
            raise ValidationError("A new story starts as a draft.")
        article.lock_version = 1
        article.full_clean()  # first: a naive or malformed time cannot be compared
        check_schedule(None, article, now)
        article.save()
        return StorySave(article, user, None, now)

    before, stored = claim_version(article, expected_version)
    if by_wire and user is None:
        if stored.status != Status.DRAFT:
            raise PermissionDenied(
                "The agency's copy updates a draft only; this story waits for "
                "an editor."
            )
    else:
        _require_edit(user, stored)
    if article.status != stored.status:
        raise ValidationError(
            "The state changes only through the workflow buttons, not by editing."
        )
    article.full_clean(exclude=_checked_when_stored(article, stored))
    check_schedule(stored, article, now)
    if article.slug != stored.slug:
        _keep_old_address(article, stored)
    article.save()
    return StorySave(article, user, before, now)


def _record_save(save: StorySave, *, related_saved: bool, extra) -> None:
    article, user, before = save.article, save.user, save.before
    if before is None:
        record_revision(article, user=user, action=Revision.CREATED, before=None)
        _announce(article)
        return
    revision = record_revision(
        article,
        user=user,
        action=Revision.EDITED,
        before=before,
        related_saved=related_saved,
        extra_changes=extra,
    )
    # Readers see "Updated" for a change of the story, not for a decision alone.
    if before["status"] == Status.PUBLISHED and set(revision.changed_fields) - set(
        WIRE_DECISIONS
    ):
        article.revised_at = save.now
        Article.objects.filter(pk=article.pk).update(revised_at=save.now)
        audit(
            action=AuditEntry.Action.UPDATE,
            user=user,
            article=article,
            detail="Changed: " + ", ".join(map(field_label, revision.changed_fields)),
        )
    _announce(article)


def _keep_old_address(article: Article, stored: Article) -> None:
    """A story readers may have linked keeps answering at its old slug (301).

    Only the story's own old address is freed when it takes that slug back; another
    story's is never taken or deleted by a save.
    """
    held = old_address_holder(article.slug, article.pk)
    if held is not None:
        raise ValidationError({"slug": old_address_message(held)})
    ArticleRedirect.objects.filter(old_slug=article.slug, article=article).delete()
    if stored.status in {Status.PUBLISHED, Status.KILLED} and stored.published_at:
        ArticleRedirect.objects.update_or_create(
            old_slug=stored.slug, defaults={"article": article}
        )


# --- Services: state changes -----------------------------------------------------


def _refuse(message: str):
    raise ValidationError(message)


@_writes_story
def article_submit(
    *, article: Article, user: User | None, expected_version: int | None = None
) -> Article:
    """A reporter hands a draft to the desk."""
    before, stored = claim_version(article, expected_version)
    _require_edit(user, stored)
    if stored.status != Status.DRAFT:
        _refuse(f"Only a draft can be submitted; this story is {stored.status}.")
    check_publishable(article)
    article.status = Status.SUBMITTED
    article.save()
    _record_transition(
        article,
        user=user,
        before=before,
        action=Revision.SUBMITTED,
        audited=AuditEntry.Action.SUBMIT,
    )
    return article


def proposed_publication_time(article: Article) -> datetime | None:
    """A publication time set on a story never published yet: a proposal the
    publishing editor must see and confirm, or None."""
    if article.published_at is None or article.status == Status.PUBLISHED:
        return None
    published_before = article.revisions.filter(action=Revision.PUBLISHED).exists()
    return None if published_before else article.published_at


@_writes_story
def article_publish(
    *,
    article: Article,
    user: User | None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Article:
    """Publish ``article`` now, or at ``at`` (a future time schedules it).

    A story published before keeps its original publication time unless ``at`` is
    given. The embargo, if any, still holds: visibility is decided by
    ``Article.objects.published()``, not by this call.
    """
    _require_publisher(user)
    before, stored = claim_version(article, expected_version)
    if stored.status == Status.PUBLISHED:
        _refuse("This story is already published; save it to update it.")
    if stored.status == Status.KILLED:
        _refuse("A killed story cannot be published again.")
    check_publishable(article)
    if at is not None:
        article.published_at = at
    elif article.published_at is None:
        # Whole seconds, as every form shows it: a later save of the form unchanged
        # must not count as a new publication time.
        article.published_at = timezone.now().replace(microsecond=0)
    article.status = Status.PUBLISHED
    article.full_clean()
    article.save()
    _record_transition(
        article,
        user=user,
        before=before,
        action=Revision.PUBLISHED,
        audited=AuditEntry.Action.PUBLISH,
        detail=article.state_label(),
    )
    return article


@_writes_story
def article_unpublish(
    *, article: Article, user: User | None, expected_version: int | None = None
) -> Article:
    """Take a published (or submitted) story back to draft; it leaves every page."""
    _require_publisher(user)
    before, stored = claim_version(article, expected_version)
    if stored.status not in {Status.PUBLISHED, Status.SUBMITTED}:
        _refuse(
            f"Only a published or submitted story can go back to draft; "
            f"this story is {stored.status}."
        )
    article.status = Status.DRAFT
    article.full_clean()
    article.save()
    _record_transition(
        article,
        user=user,
        before=before,
        action=Revision.UNPUBLISHED,
        audited=AuditEntry.Action.UNPUBLISH,
        detail=f"Was {stored.get_status_display().lower()}.",
    )
    return article


@_writes_story
def article_correct(
    *,
    article: Article,
    user: User | None,
    note: str,
    expected_version: int | None = None,
) -> Correction:
    """Append a correction note to a published story; readers see it with its time."""
    _require_publisher(user)
    note = (note or "").strip()
    if not note:
        _refuse("Write the correction note readers will see.")
    before, stored = claim_version(article, expected_version)
    now = timezone.now()
    if stored.status != Status.PUBLISHED:
        _refuse(
            "Only a published story can be corrected; edit a "
            f"{stored.get_status_display().lower()} story directly."
        )
    if not stored.is_published(now):
        # Scheduled or under embargo: no reader has seen what the note would correct.
        _refuse(
            "This story is not public yet, so no reader saw the mistake: edit it "
            "and save, no correction note is needed."
        )
    correction = Correction(article=article, note=note, user=user, created_at=now)
    check_fields(correction, "note")
    correction.save()
    article.corrected_at = article.revised_at = now
    article.save()
    _record_transition(
        article,
        user=user,
        before=before,
        action=Revision.CORRECTED,
        audited=AuditEntry.Action.CORRECT,
        detail=note,
        extra_changes=["correction"],
    )
    return correction


@_writes_story
def article_kill(
    *,
    article: Article,
    user: User | None,
    notice: str = "",
    expected_version: int | None = None,
) -> Article:
    """Withdraw a published story for good: its address answers 410 with ``notice``."""
    _require_publisher(user)
    before, stored = claim_version(article, expected_version)
    if stored.status == Status.KILLED:
        _refuse("This story is already killed.")
    if stored.status != Status.PUBLISHED:
        _refuse(
            f"Only a published story can be killed; this one is "
            f"{stored.get_status_display().lower()} and was never public. "
            "Leave it unpublished or delete it."
        )
    article.status = Status.KILLED
    article.killed_at = timezone.now()
    article.kill_notice = (notice or "").strip() or DEFAULT_KILL_NOTICE
    # Only the notice is new here: a kill must not wait on any other field.
    check_fields(article, "kill_notice")
    article.save()
    _record_transition(
        article,
        user=user,
        before=before,
        action=Revision.KILLED,
        audited=AuditEntry.Action.KILL,
        detail=article.kill_notice,
    )
    return article


@_writes_story
def article_restore(
    *,
    article: Article,
    revision: ArticleRevision,
    user: User | None,
    expected_version: int | None = None,
) -> tuple[Article, list[str]]:
    """Bring back a revision's words, source, tags, people and photos.

    Nothing is destroyed: the restore is a new revision on top. The state, the
    schedule and the address stay as they are. Returns the story and a list of what
    could not be brought back (a person, photo or agency deleted since).
    """
    if revision.article_id != article.pk:
        raise ValidationError("That revision belongs to another story.")
    before, stored = claim_version(article, expected_version)
    _require_edit(user, stored)
    data, missing = revision.data, []
    for name in RESTORED_FIELDS:
        if name in RELATED_FIELDS:
            continue
        value = data.get(name)
        if name == "agency":
            agency = Agency.objects.filter(pk=value["id"]).first() if value else None
            if value and agency is None:
                missing.append(f"the agency {value['label']}")
            article.agency = agency
        elif name == "dateline_date":
            article.dateline_date = parse_date(value) if value else None
        elif name == "language":
            # A revision saved before stories had a language keeps today's.
            article.language = value or article.language
        else:
            setattr(article, name, value)
    article.full_clean()
    article.save()
    missing += restore_related(article, data)
    if stored.status == Status.PUBLISHED:
        check_publishable(article)
        article.revised_at = timezone.now()
        Article.objects.filter(pk=article.pk).update(revised_at=article.revised_at)
    _record_transition(
        article,
        user=user,
        before=before,
        action=Revision.RESTORED,
        audited=AuditEntry.Action.RESTORE,
        detail=f"Restored revision {revision.version}"
        + (f"; not restored: {', '.join(missing)}" if missing else ""),
        restored_from=revision,
        related_saved=True,  # restore_related wrote the revision's rows back
    )
    return article, missing
