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

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from taggit.models import Tag

from .body_diff import readable_body
from .body_render import body_photo_problems
from .models import (
    Agency,
    Article,
    ArticlePerson,
    ArticlePhoto,
    ArticleRedirect,
    ArticleRevision,
    AuditEntry,
    Correction,
    Person,
    Photo,
    TaggedArticle,
    TagRedirect,
)
from .models.content import old_address_holder, old_address_message
from .receivers import stories_changed
from .signals import send_content_changed
from .text import check_fields, tidy_tag_names
from .times import when

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


# --- Snapshots and diffs ---------------------------------------------------------

TRACKED_FIELDS = (
    "headline",
    "slug",
    "dek",
    "dateline_place",
    "dateline_date",
    "agency",
    "section",
    "byline",
    "language",
    "body",
    "status",
    "published_at",
    "embargo_until",
    "kill_notice",
)
RELATED_FIELDS = ("tags", "people", "photos")
# What a restore brings back: the words, source, tags, people and photos. The state,
# the schedule and the address stay as they are (they have their own buttons).
RESTORED_FIELDS = (
    "headline",
    "dek",
    "dateline_place",
    "dateline_date",
    "agency",
    "byline",
    "language",
    "body",
    *RELATED_FIELDS,
)
TEXT_FIELDS = {"headline", "slug", "dek", "byline", "body", "dateline_place"}
# Recorded beside the changed fields when an editor decides on an agency update
# (articles.wire.updates), so the history says the save was that decision.
WIRE_DECISIONS = {
    "wire_merged": "agency update merged",
    "wire_dismissed": "agency update dismissed",
}


def field_label(name: str) -> str:
    if name in RELATED_FIELDS:
        return {"tags": "tags", "people": "people", "photos": "photos"}[name]
    if name == "correction":
        return "correction note"
    if name in WIRE_DECISIONS:
        return WIRE_DECISIONS[name]
    return str(Article._meta.get_field(name).verbose_name)


def json_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(article: Article) -> dict:
    """The story as plain JSON: its fields, tags, people and photos (3 queries)."""
    data = {}
    for name in TRACKED_FIELDS:
        if name == "agency":
            agency = article.agency
            data[name] = (
                {"id": agency.pk, "label": agency.short_name} if agency else None
            )
        elif name == "section":
            section = article.section
            data[name] = {"id": section.pk, "label": section.name} if section else None
        else:
            data[name] = json_value(getattr(article, name))
    data["tags"] = sorted(
        article.tagged_items.values_list("tag__name", flat=True), key=str.lower
    )
    data["people"] = [
        {
            "person": part.person_id,
            "name": part.person.name,
            "role": part.role,
            "position": part.position,
        }
        for part in article.person_roles.select_related("person")
    ]
    data["photos"] = [
        {
            "photo": placement.photo_id,
            "label": str(placement.photo),
            "position": placement.position,
            "caption": placement.caption_override,
        }
        for placement in article.photo_placements.select_related("photo")
    ]
    return data


def changed_fields(before: dict, after: dict) -> list[str]:
    names = (*TRACKED_FIELDS, *RELATED_FIELDS)
    return [n for n in names if before.get(n) != after.get(n)]


def display_value(name: str, value) -> str:
    """A stored snapshot value as an editor reads it."""
    if value in (None, "", []):
        return "—"
    if name in ("agency", "section"):
        return value["label"]
    if name == "status":
        return Status(value).label
    if name in {"published_at", "embargo_until"}:
        return when(parse_datetime(value))
    if name == "body":
        # Text with its structure in words (a new subhead, a removed link).
        return readable_body(value)
    if name == "tags":
        return ", ".join(value)
    if name == "people":
        return "\n".join(f"{p['name']} ({p['role']})" for p in value)
    if name == "photos":
        return "\n".join(
            p["label"] + (f" — caption here: {p['caption']}" if p["caption"] else "")
            for p in value
        )
    return str(value)


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


# --- Conflicts -------------------------------------------------------------------


def saves_since(article: Article, version: int) -> list[ArticleRevision]:
    return list(
        ArticleRevision.objects.filter(article_id=article.pk, version__gt=version)
        .select_related("user")
        .order_by("version")
    )


def describe_saves(revisions: list[ArticleRevision]) -> str:
    """“alice at 29 Nov 2026, 12:03 UTC changed headline, body; …”."""
    if not revisions:
        return "it was saved by someone else"
    parts = []
    for revision in revisions:
        who = revision.user.get_username() if revision.user else "the system"
        at = when(revision.created_at)
        fields = ", ".join(field_label(n) for n in revision.changed_fields)
        what = revision.get_action_display().lower()
        parts.append(f"{who} at {at} ({what}{': ' + fields if fields else ''})")
    return "; ".join(parts)


class EditConflict(Exception):
    """The story changed after the caller loaded it; nothing was saved."""

    def __init__(self, article: Article, version: int):
        self.article = article
        self.version = version
        self.saves = saves_since(article, version)
        self.fields = sorted({n for r in self.saves for n in r.changed_fields})
        super().__init__(
            f"“{article.headline}” was changed after you opened it: "
            f"{describe_saves(self.saves)}. Nothing of yours was saved."
        )


def _lock(article: Article, expected_version: int | None) -> tuple[dict, Article]:
    """Claim the next version with one version-checked UPDATE, or refuse.

    The UPDATE both checks and locks: a second writer holding the same version
    matches no row (PostgreSQL re-checks the WHERE after the first commits; SQLite
    runs one writer at a time), so exactly one of them wins. Returns the story as
    stored just before this change, and the stored row.
    """
    expected = article.lock_version if expected_version is None else expected_version
    claimed = Article.objects.filter(pk=article.pk, lock_version=expected).update(
        lock_version=F("lock_version") + 1
    )
    if not claimed:
        raise EditConflict(article, expected)
    stored = Article.objects.select_related("agency", "section").get(pk=article.pk)
    before = snapshot(stored)
    if not ArticleRevision.objects.filter(article_id=article.pk).exists():
        # A story made outside the services (import, fixture): keep how it was.
        ArticleRevision.objects.create(
            article_id=article.pk,
            version=expected,
            created_at=stored.updated_at,
            action=Revision.BASELINE,
            data=before,
        )
    article.lock_version = stored.lock_version
    return before, stored


# --- Records ---------------------------------------------------------------------


def _record(
    article: Article,
    *,
    user: User | None,
    action: str,
    before: dict | None,
    extra_changes: Iterable[str] = (),
    restored_from: ArticleRevision | None = None,
) -> ArticleRevision:
    after = snapshot(article)
    if before is None:
        changes = [n for n in (*TRACKED_FIELDS, *RELATED_FIELDS) if after.get(n)]
    else:
        changes = changed_fields(before, after)
    return ArticleRevision.objects.create(
        article=article,
        version=article.lock_version,
        user=user if user and user.is_authenticated else None,
        action=action,
        changed_fields=[*changes, *extra_changes],
        data=after,
        restored_from=restored_from,
    )


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


def _announce(article: Article) -> None:
    transaction.on_commit(partial(send_content_changed, article))


def _when(moment: datetime) -> str:
    return when(moment)


# --- Validation ------------------------------------------------------------------


def check_publishable(article: Article) -> None:
    """Raise ValidationError listing what stops ``article`` from going out."""
    errors = []
    if not article.headline.strip():
        errors.append("The story has no headline.")
    if not article.paragraphs:
        errors.append("The story has no body text.")
    errors.extend(body_photo_problems(article.body))
    for placement in article.photo_placements.select_related("photo"):
        if not placement.photo.credit.strip():
            errors.append(
                f"The photo “{placement.photo}” has no credit line; "
                "add one before publishing."
            )
    if errors:
        raise ValidationError(errors)


def check_schedule(
    stored: Article | None, article: Article, now: datetime | None = None
) -> None:
    """Refuse schedule and embargo changes that cannot do what the editor expects.

    An embargo must lift in the future, and it cannot be put on a story readers can
    already see (nor can such a story be moved into the future): both would pretend
    to take back what is already out. Unchanged values are never refused, so an
    embargo that has since lifted does not block the next save.
    """
    now = now or timezone.now()
    live = stored is not None and stored.is_published(now)
    errors = {}
    embargo = article.embargo_until
    if embargo is not None and (stored is None or embargo != stored.embargo_until):
        if embargo <= now:
            errors["embargo_until"] = (
                f"The embargo time {_when(embargo)} is in the past; an embargo must "
                "lift in the future (leave the field empty when there is none)."
            )
        elif live:
            errors["embargo_until"] = (
                "This story is already public, so an embargo can no longer hold it "
                "back. Unpublish it first if it must come down."
            )
    if (
        stored is not None
        and stored.status in (Status.PUBLISHED, Status.KILLED)
        and article.published_at is None
    ):
        errors["published_at"] = (
            "A published story keeps its publication time. To take it off the site, "
            "use Unpublish (or Kill) instead of clearing the time."
        )
    moved = stored is not None and article.published_at != stored.published_at
    if moved and live and article.published_at and article.published_at > now:
        errors["published_at"] = (
            "This story is already public; moving its publication time into the "
            "future would take it down. Unpublish it instead."
        )
    if errors:
        raise ValidationError(errors)


# --- Services: editing -----------------------------------------------------------


@transaction.atomic
def article_save(
    *,
    article: Article,
    user: User | None,
    expected_version: int | None = None,
    save_related: Callable[[], None] | None = None,
    by_wire: bool = False,
    extra_changes: Iterable[str] = (),
) -> Article:
    """Create a draft or save edits to a story, refusing a stale copy.

    ``expected_version`` is the ``lock_version`` the editor's form was made from
    (default: the instance's own). ``save_related`` saves what belongs to the story
    but not to its row (the admin's inlines and tags) inside the same transaction,
    so the revision records them too. The state never changes here: that is what
    the other services are for. Saving a published story is an update: readers see
    “Updated <time>”.

    ``by_wire`` is wire ingest writing a newer agency version with no desk user
    behind it: allowed on a draft only (anything further along waits for an editor).
    ``extra_changes`` names what the revision records besides the changed fields
    (``WIRE_DECISIONS``: the save merged or dismissed an agency update).
    """
    now = timezone.now()
    if article._state.adding:
        _require_edit(user, article)
        if article.status != Status.DRAFT:
            raise ValidationError("A new story starts as a draft.")
        article.lock_version = 1
        article.full_clean()  # first: a naive or malformed time cannot be compared
        check_schedule(None, article, now)
        article.save()
        if save_related:
            save_related()
        _record(article, user=user, action=Revision.CREATED, before=None)
        _announce(article)
        return article

    before, stored = _lock(article, expected_version)
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
    article.full_clean()
    check_schedule(stored, article, now)
    if article.slug != stored.slug:
        _keep_old_address(article, stored)
    article.save()
    if save_related:
        save_related()
    revision = _record(
        article,
        user=user,
        action=Revision.EDITED,
        before=before,
        extra_changes=extra_changes,
    )
    # Readers see "Updated" for a change of the story, not for a decision alone.
    if stored.status == Status.PUBLISHED and set(revision.changed_fields) - set(
        WIRE_DECISIONS
    ):
        article.revised_at = now
        Article.objects.filter(pk=article.pk).update(revised_at=now)
        audit(
            action=AuditEntry.Action.UPDATE,
            user=user,
            article=article,
            detail="Changed: " + ", ".join(map(field_label, revision.changed_fields)),
        )
    _announce(article)
    return article


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


@transaction.atomic
def article_submit(
    *, article: Article, user: User | None, expected_version: int | None = None
) -> Article:
    """A reporter hands a draft to the desk."""
    before, stored = _lock(article, expected_version)
    _require_edit(user, stored)
    if stored.status != Status.DRAFT:
        _refuse(f"Only a draft can be submitted; this story is {stored.status}.")
    check_publishable(article)
    article.status = Status.SUBMITTED
    article.save()
    _record(article, user=user, action=Revision.SUBMITTED, before=before)
    audit(action=AuditEntry.Action.SUBMIT, user=user, article=article)
    _announce(article)
    return article


def proposed_publication_time(article: Article) -> datetime | None:
    """A publication time set on a story never published yet: a proposal the
    publishing editor must see and confirm, or None."""
    if article.published_at is None or article.status == Status.PUBLISHED:
        return None
    published_before = article.revisions.filter(action=Revision.PUBLISHED).exists()
    return None if published_before else article.published_at


@transaction.atomic
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
    before, stored = _lock(article, expected_version)
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
    _record(article, user=user, action=Revision.PUBLISHED, before=before)
    audit(
        action=AuditEntry.Action.PUBLISH,
        user=user,
        article=article,
        detail=article.state_label(),
    )
    _announce(article)
    return article


@transaction.atomic
def article_unpublish(
    *, article: Article, user: User | None, expected_version: int | None = None
) -> Article:
    """Take a published (or submitted) story back to draft; it leaves every page."""
    _require_publisher(user)
    before, stored = _lock(article, expected_version)
    if stored.status not in {Status.PUBLISHED, Status.SUBMITTED}:
        _refuse(
            f"Only a published or submitted story can go back to draft; "
            f"this story is {stored.status}."
        )
    article.status = Status.DRAFT
    article.full_clean()
    article.save()
    _record(article, user=user, action=Revision.UNPUBLISHED, before=before)
    audit(
        action=AuditEntry.Action.UNPUBLISH,
        user=user,
        article=article,
        detail=f"Was {stored.get_status_display().lower()}.",
    )
    _announce(article)
    return article


@transaction.atomic
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
    before, stored = _lock(article, expected_version)
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
    _record(
        article,
        user=user,
        action=Revision.CORRECTED,
        before=before,
        extra_changes=["correction"],
    )
    audit(action=AuditEntry.Action.CORRECT, user=user, article=article, detail=note)
    _announce(article)
    return correction


@transaction.atomic
def article_kill(
    *,
    article: Article,
    user: User | None,
    notice: str = "",
    expected_version: int | None = None,
) -> Article:
    """Withdraw a published story for good: its address answers 410 with ``notice``."""
    _require_publisher(user)
    before, stored = _lock(article, expected_version)
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
    _record(article, user=user, action=Revision.KILLED, before=before)
    audit(
        action=AuditEntry.Action.KILL,
        user=user,
        article=article,
        detail=article.kill_notice,
    )
    _announce(article)
    return article


@transaction.atomic
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
    before, stored = _lock(article, expected_version)
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
    missing += _restore_related(article, data)
    if stored.status == Status.PUBLISHED:
        check_publishable(article)
        article.revised_at = timezone.now()
        Article.objects.filter(pk=article.pk).update(revised_at=article.revised_at)
    _record(
        article,
        user=user,
        action=Revision.RESTORED,
        before=before,
        restored_from=revision,
    )
    audit(
        action=AuditEntry.Action.RESTORE,
        user=user,
        article=article,
        detail=f"Restored revision {revision.version}"
        + (f"; not restored: {', '.join(missing)}" if missing else ""),
    )
    _announce(article)
    return article, missing


def _restore_related(article: Article, data: dict) -> list[str]:
    """Put back a revision's tags, people and photos; name what no longer exists."""
    article.tags.set(data.get("tags", []), clear=True)
    missing = _recreate(
        data.get("people", []),
        key="person",
        library=Person.objects,
        current=article.person_roles,
        make=lambda row, person: ArticlePerson(
            article=article, person=person, role=row["role"], position=row["position"]
        ),
        label=lambda row: f"the person {row['name']}",
    )
    missing += _recreate(
        data.get("photos", []),
        key="photo",
        library=Photo.objects,
        current=article.photo_placements,
        make=lambda row, photo: ArticlePhoto(
            article=article,
            photo=photo,
            position=row["position"],
            caption_override=row["caption"],
        ),
        label=lambda row: f"the photo {row['label']}",
    )
    return missing


def _recreate(rows: list[dict], *, key, library, current, make, label) -> list[str]:
    """Replace the story's ``current`` rows by ``rows`` from a revision; a row whose
    person or photo was deleted since is skipped and named in the answer."""
    found = library.in_bulk([row[key] for row in rows])
    current.all().delete()
    missing = []
    for row in rows:
        target = found.get(row[key])
        if target is None:
            missing.append(label(row))
        else:
            make(row, target).save()
    return missing


# --- Services: tags ------------------------------------------------------------------

MERGE_TAGS_PERMISSIONS = ("taggit.change_tag", "articles.change_taggedarticle")


def can_merge_tags(user: User | None) -> bool:
    return user is not None and user.has_perms(MERGE_TAGS_PERMISSIONS)


@transaction.atomic
def tags_merge(*, tags: Iterable[Tag], into: str, user: User | None) -> Tag:
    """Fold ``tags`` into the tag named ``into`` (found ignoring letter case, or
    made): every story carrying one of them carries that tag instead, once, and
    the folded tags are removed, their addresses answering 301 to the tag kept. The
    stories are re-indexed for search and cached pages retire, as after a save.
    Returns the tag kept."""
    if not can_merge_tags(user):
        raise PermissionDenied("You do not have permission to merge tags.")
    (name,) = tidy_tag_names([into]) or [""]
    if not name:
        _refuse("Name the tag to keep.")
    target = Tag.objects.filter(name__iexact=name).first()
    if target is None:
        target = Tag(name=name)
        check_fields(target, "name")
        target.save()  # taggit derives a free slug
    folded = [tag.pk for tag in tags if tag.pk != target.pk]
    links = TaggedArticle.objects.filter(tag_id__in=folded)
    stories = set(links.values_list("content_object_id", flat=True))
    # Each story keeps one link to the tag kept: its own, else its oldest folded one.
    links.filter(content_object__tagged_items__tag=target).delete()
    oldest = links.values("content_object_id").annotate(first=Min("pk"))
    links.exclude(pk__in=oldest.values("first")).delete()
    links.update(tag=target)
    # Their addresses lead to the tag kept, and so do any that led to them.
    TagRedirect.objects.filter(tag_id__in=folded).update(tag=target)
    TagRedirect.objects.filter(old_slug=target.slug).delete()
    gone = [TagRedirect(old_slug=t.slug, tag=target) for t in tags if t.pk in folded]
    TagRedirect.objects.bulk_create(gone, ignore_conflicts=True)
    Tag.objects.filter(pk__in=folded).delete()
    if stories:
        stories_changed(sorted(stories))
    return target
