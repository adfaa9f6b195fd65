"""A story's history: snapshots, revisions, version claims and edit conflicts.

Every save of an existing story claims the next ``lock_version`` with one
version-checked UPDATE (``claim_version``); a caller holding a stale copy gets
``EditConflict`` and nothing is written. Each save then records an
``ArticleRevision`` holding a snapshot of the story (``record_revision``), which
the history, the revision diff and restore read. The services in
``articles.services`` use these; nothing here checks permissions.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, F, OuterRef
from django.utils.dateparse import parse_datetime

from .body_diff import readable_body
from .models import Article, ArticlePerson, ArticlePhoto, ArticleRevision, Person, Photo
from .times import when

User = AbstractBaseUser | AnonymousUser
Status = Article.Status
Revision = ArticleRevision.Action

# --- Snapshots -------------------------------------------------------------------

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


def snapshot(article: Article, *, related_from: dict | None = None) -> dict:
    """The story as plain JSON: its fields, tags, people and photos (3 queries).

    ``related_from``: an earlier snapshot whose tags, people and photos still hold
    (a save that wrote none of them), taken from it instead of read again.
    """
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
    if related_from is not None:
        return {**data, **{name: related_from[name] for name in RELATED_FIELDS}}
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


def claim_version(
    article: Article, expected_version: int | None
) -> tuple[dict, Article]:
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
    stored = (
        Article.objects.select_related("agency", "section")
        .annotate(
            has_history=Exists(ArticleRevision.objects.filter(article=OuterRef("pk")))
        )
        .get(pk=article.pk)
    )
    before = snapshot(stored)
    # The caller's copy shows the same agency and section as the stored row unless
    # it changed them: the snapshot after the save reads them from here.
    for name in ("agency", "section"):
        descriptor = getattr(Article, name)
        same = getattr(article, f"{name}_id") == getattr(stored, f"{name}_id")
        if same and not descriptor.is_cached(article):
            setattr(article, name, getattr(stored, name))
    if not stored.has_history:
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


def record_revision(
    article: Article,
    *,
    user: User | None,
    action: str,
    before: dict | None,
    extra_changes: Iterable[str] = (),
    restored_from: ArticleRevision | None = None,
    related_saved: bool = True,
) -> ArticleRevision:
    """Record the story as it is now as revision ``article.lock_version``.

    ``related_saved=False`` says this change wrote none of the story's tags,
    people or photos: they are taken from ``before``, not read again.
    """
    kept = before if before is not None and not related_saved else None
    after = snapshot(article, related_from=kept)
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


# --- Restoring a revision's tags, people and photos ----------------------------


def restore_related(article: Article, data: dict) -> list[str]:
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
