"""WireStory → Article draft, idempotent on the agency's story id and version.

* A story the database has not seen becomes a draft (or is published with
  ``publish=True``).
* The same version again changes nothing. Formats without version numbers (agency
  page text) count a changed copy of the same story as the next version; a copy
  already held (the wire copy or a pending update) is unchanged.
* A newer version rewrites the wire copy of a story no editor has touched (its
  fields still match the fingerprint ingest stored); for an edited story it is kept
  as a pending ``WireUpdate`` the editor merges or dismisses.
* Two ingests of one story at once still give one story: the database's unique
  (agency, wire_id) constraint decides, and the loser reads the winner's row.

Each story is written in its own transaction: one that fails writes nothing, photo
files included. ``WireImporter.import_batch`` (``manage.py ingest_wire``) writes new
stories that need nothing but their own rows several to a transaction, with the same
result (see there).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from .. import receivers, search, services
from ..languages import ascii_slug, default_language, normalize_tag
from ..models import (
    Agency,
    Article,
    ArticlePerson,
    ArticlePhoto,
    Person,
    Photo,
    WireCopy,
    WireUpdate,
)
from ..models.content import SLUG_MAX_LENGTH, TaggedArticle
from ..photos import files_kept_on_commit, photo_from_file
from ..text import nfc, tidy_label, tidy_tag_names
from .story import WireError, WirePhoto, WireStory, copy_hash, refuse_unstorable

CREATED, UPDATED, PENDING, UNCHANGED = "created", "updated", "pending", "unchanged"
# What makes one story fail (reported with its reason) while the batch goes on.
STORY_ERRORS = (WireError, ValidationError, DatabaseError, OSError)
_LOOK_UP = object()  # _decide: read the story's pending updates from the database
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


@dataclass
class _NewRows:
    """A new story's rows, checked and ready for ``bulk_create``."""

    story: WireStory
    base_dir: Path | None
    article: Article
    people: list[ArticlePerson]
    copy: WireCopy
    tags: list = field(default_factory=list)  # taggit Tag rows already on file


def article_copy_hash(article: Article) -> str:
    return copy_hash({name: getattr(article, name) for name in COPY_FIELDS})


def _limit(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _agency_name(story: WireStory) -> str:
    """The agency's short name as stored (its casefold is the importer's key)."""
    return _limit(nfc(story.agency.strip()), 40)


def _full_clean(instance, **options) -> None:
    """``full_clean`` with its errors as one WireError naming each field."""
    try:
        instance.full_clean(
            validate_unique=False, validate_constraints=False, **options
        )
    except ValidationError as error:
        raise WireError(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        ) from None


def tag_names(subjects: list[str]) -> tuple[list[str], list[str]]:
    """(tags to add, notes): each subject tidied as the story form tidies tags
    (``tidy_tag_names``); one that cannot be a tag is left out with a note."""
    names, notes = [], []
    for subject in subjects:
        try:
            names += tidy_tag_names([subject])
        except ValidationError as error:
            notes.append("Subject left out: " + " ".join(error.messages))
    return tidy_tag_names(names), notes


class WireImporter:
    """Imports stories for one batch, caching agencies and people across stories.

    The caches keep the cost per story constant: people are looked up in one dict
    loaded once per batch, never by a scan of the table per story. With
    ``batch=True`` (``manage.py ingest_wire``) each agency's story ids are read once
    too, so a story never seen before costs no look-up; a story another ingest saves
    meanwhile is still caught, by the unique (agency, wire_id) index when this one
    is saved.
    """

    def __init__(
        self, *, publish: bool = False, user=None, now=None, batch: bool = False
    ):
        self.publish = publish
        self.user = user
        self.now = now
        self.batch = batch
        self._agencies: dict[str, Agency] = {}
        self._people: dict[str, Person] | None = None
        self._wire_ids: dict[int, set[str]] = {}
        # Dry runs: the stories earlier in the run would create, by agency and id,
        # so a later copy of one is planned against it as the real run would.
        self._planned: dict[tuple[str, str], WireStory] = {}
        # Set when the current story wrote an agency or person row the caches now
        # hold: if the story then fails, its transaction takes those rows back.
        self._cached_rows_written = False
        # Tags on file by casefolded name, read as the batch's stories name them.
        self._tags: dict = {}

    # ---- lookups -------------------------------------------------------------

    def agency_for(self, story: WireStory, *, create: bool = True) -> Agency | None:
        short = _agency_name(story)
        if not short:
            raise WireError(
                "The story names no agency (copyright holder, provider or dateline "
                "agency), so it cannot be matched with later versions."
            )
        key = short.casefold()
        if key in self._agencies:
            return self._agencies[key]
        agency = Agency.objects.filter(short_name__iexact=short).first()
        if (
            agency is None
            and create
            and self.user is not None
            and not self.user.has_perm("articles.add_agency")
        ):
            # Copy from an agency not on file, imported by someone who may not add
            # agencies: the story comes in without one, for an editor to set.
            note = (
                f"The agency “{short}” is not on file, and you may not add agencies: "
                "ask an editor to add it and set it on this story."
            )
            if note not in story.unsure:
                story.unsure.append(note)
            return None
        if agency is None and create:
            agency = Agency(
                name=_limit(story.agency_name or short, 200), short_name=short
            )
            agency.slug = self._free_slug(Agency, short, fallback="agency")
            _full_clean(agency)
            try:
                with transaction.atomic():
                    agency.save()
                self._cached_rows_written = True
            except IntegrityError:
                # A concurrent ingest created the agency first: use its row.
                agency = Agency.objects.filter(short_name__iexact=short).first()
                if agency is None:
                    raise
        if agency is not None:
            self._agencies[key] = agency
        return agency

    def unseen(self, story: WireStory, agency: Agency | None) -> bool:
        """In a batch: the agency has no story with this id (no query needed)."""
        return (
            self.batch
            and agency is not None
            and agency.pk is not None
            and story.wire_id not in self._known_ids(agency)
        )

    def existing(self, story: WireStory, agency: Agency | None) -> Article | None:
        if agency is None or agency.pk is None:
            return None
        # The unique (agency, wire_id) index is partial (WHERE wire_id <> ''): the
        # query repeats that condition so the database can use it, instead of
        # walking every story of the agency (which made ingest quadratic).
        # No ORDER BY either: with one it may walk the primary key instead.
        found = (
            Article.objects.select_related("wire_copy")
            .filter(agency=agency, wire_id=story.wire_id)
            .exclude(wire_id="")
            .order_by()[:1]
        )
        return next(iter(found), None)

    def _known_ids(self, agency: Agency) -> set[str]:
        """The agency's story ids, read once per batch (an index-only scan)."""
        if agency.pk not in self._wire_ids:
            self._wire_ids[agency.pk] = set(
                Article.objects.filter(agency=agency)
                .exclude(wire_id="")
                .values_list("wire_id", flat=True)
                .order_by()
            )
        return self._wire_ids[agency.pk]

    def _people_index(self) -> dict[str, Person]:
        if self._people is None:
            self._people = {}
            for person in Person.objects.only("id", "name", "slug", "description"):
                self._people.setdefault(person.name.casefold(), person)
        return self._people

    @staticmethod
    def _slug_base(text: str, fallback: str) -> str:
        base = ascii_slug(text)[: SLUG_MAX_LENGTH - 12].strip("-")
        return base or fallback

    @classmethod
    def _free_slug(cls, model, text: str, *, fallback: str, salt: str = "") -> str:
        """A slug no row uses, found with indexed exact lookups (no table scan)."""
        base = cls._slug_base(text, fallback)
        manager = model._default_manager
        candidates = [base, *(f"{base}-{n}" for n in range(2, 5))]
        digest = hashlib.sha1(f"{salt}|{text}".encode()).hexdigest()  # noqa: S324
        candidates.append(f"{base}-{digest[:8]}")
        for candidate in candidates:
            if not manager.filter(slug=candidate).exists():
                return candidate
        return f"{base}-{digest[8:20]}"

    # ---- planning (also what --dry-run reports) ---------------------------------

    def plan(self, story: WireStory) -> ImportResult:
        """What importing ``story`` would do (its outcome and the stored story it
        would change, if any), without writing anything."""
        self._check(story)
        key = (_agency_name(story).casefold(), story.wire_id)
        earlier = self._planned.get(key)
        if earlier is not None:
            return ImportResult(_against_earlier_copy(story, earlier), None)
        agency = self.agency_for(story, create=False)
        article = None if self.unseen(story, agency) else self.existing(story, agency)
        outcome = self._decide(story, article)[0]
        if outcome == CREATED:
            self._planned[key] = story
        return ImportResult(outcome, article)

    def _decide(
        self,
        story: WireStory,
        article: Article | None,
        pending: list[WireUpdate] | object = _LOOK_UP,
    ) -> tuple[str, int]:
        """(outcome, version to record) for ``story`` against the stored ``article``
        and its pending updates, newest first (looked up unless given)."""
        if article is None:
            if story.pub_status == "canceled":
                raise WireError(
                    "The agency has canceled (killed) this story and we do not have "
                    "it: nothing to import."
                )
            return CREATED, story.version if story.version is not None else 1
        copy = getattr(article, "wire_copy", None)
        if pending is _LOOK_UP:
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
            if self._already_held(copy_hash(story.copy_fields()), copy, pending):
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

    @staticmethod
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
            incoming == copy_hash(WireStory.from_json(data).copy_fields())
            for data in held
        )

    # ---- writing -------------------------------------------------------------

    def import_story(
        self, story: WireStory, *, base_dir: Path | None = None
    ) -> ImportResult:
        """Write ``story``: all of it or, on any error, nothing (files included)."""
        self._check(story)
        self._cached_rows_written = False
        try:
            # The story, its people, tags and photos are indexed for search once,
            # at the end, in the same transaction; its pictures' files go with it.
            with (
                files_kept_on_commit(),
                transaction.atomic(),
                search.deferred(),
            ):
                return self._import(story, base_dir)
        except Exception:
            if self._cached_rows_written:
                # Rolled back with the story: read agencies and people afresh rather
                # than link the next story to a row that is not there.
                self._agencies.clear()
                self._people = None
            raise

    @staticmethod
    def _check(story: WireStory) -> None:
        if not story.wire_id:
            raise WireError("The story has no agency id.")
        refuse_unstorable(story)

    # ---- a batch -------------------------------------------------------------

    def import_batch(
        self, items: list[tuple[WireStory, Path | None]]
    ) -> list[ImportResult | Exception]:
        """Import ``(story, base_dir)`` items in order; each item's result, or the
        error (one of ``STORY_ERRORS``) that made it fail and write nothing.

        The outcome is what ``import_story`` gives one item at a time. The stories
        the agency sent before are read with their pending updates once for the
        batch: one found unchanged needs no transaction (nothing is written), and
        any other goes through ``import_story``, which reads its row again. New stories
        that need nothing but their own rows (agency, people and tags already on
        file, no picture file to store, nothing to publish) are checked here as
        ``import_story`` checks them and then written a run at a time: the stories,
        their people, tags and wire copies with one ``bulk_create`` each, in one
        transaction. Any other story is written by ``import_story`` in its turn.
        Should a run's transaction fail (another ingest took one of its story ids
        or addresses meanwhile, the database refused a row), it is rolled back and
        its stories go through ``import_story`` one by one, so each reports its
        own fate and the good ones are kept.
        """
        results: list[ImportResult | Exception | None] = [None] * len(items)
        bulk = (
            self.batch
            and not self.publish
            # The people and wire copies need the new stories' ids.
            and connection.features.can_return_rows_from_bulk_insert
        )
        taken = self._taken_slugs([story for story, _ in items]) if bulk else set()
        on_file = self._on_file([story for story, _ in items]) if self.batch else {}
        run: dict[int, _NewRows] = {}
        for number, (story, base_dir) in enumerate(items):
            try:
                self._check(story)
                unchanged = self._unchanged(story, on_file)
                if unchanged is not None:
                    results[number] = unchanged
                    continue
                rows = self._new_rows(story, base_dir, taken) if bulk else None
                if rows is not None:
                    run[number] = rows
                    taken.add(rows.article.slug)
                    # The same story again later in the batch is not new.
                    self._known_ids(rows.article.agency).add(story.wire_id)
                    continue
                # Stories keep their order: the run so far is written first.
                self._write_run(run, results)
                run = {}
                result = self.import_story(story, base_dir=base_dir)
                if result.article is not None:
                    # Its row as read for the batch is out of date now.
                    on_file.pop((result.article.agency_id, story.wire_id), None)
                if result.outcome == CREATED:
                    taken.add(result.article.slug)
                results[number] = result
            except STORY_ERRORS as error:
                results[number] = error
        self._write_run(run, results)
        return results

    def _on_file(
        self, stories: list[WireStory]
    ) -> dict[tuple[int, str], tuple[Article, list[WireUpdate]]]:
        """The stored stories (with their wire copies and pending updates, newest first)
        the agency sent before, by (agency, story id): two queries per agency."""
        wanted: dict[int, set[str]] = {}
        # One look-up per agency name: agency_for does not remember one not on file.
        agencies: dict[str, Agency | None] = {}
        for story in stories:
            name = _agency_name(story).casefold()
            if name not in agencies:
                try:
                    agencies[name] = self.agency_for(story, create=False)
                except WireError:
                    agencies[name] = None  # import_story says why
            agency = agencies[name]
            if story.wire_id and not self.unseen(story, agency) and agency is not None:
                wanted.setdefault(agency.pk, set()).add(story.wire_id)
        found: dict[tuple[int, str], tuple[Article, list[WireUpdate]]] = {}
        for agency_id, ids in wanted.items():
            ids = sorted(ids)
            for start in range(0, len(ids), 500):
                articles = list(
                    Article.objects.select_related("wire_copy")
                    .filter(agency_id=agency_id, wire_id__in=ids[start : start + 500])
                    .exclude(wire_id="")  # the unique index's condition, as existing()
                    .order_by()
                )
                pending: dict[int, list[WireUpdate]] = {}
                for update in WireUpdate.objects.filter(
                    article__in=articles, state=WireUpdate.State.PENDING
                ).order_by("article_id", "-version"):
                    pending.setdefault(update.article_id, []).append(update)
                for article in articles:
                    key = (agency_id, article.wire_id)
                    found[key] = (article, pending.get(article.pk, []))
        return found

    def _unchanged(
        self,
        story: WireStory,
        on_file: dict[tuple[int, str], tuple[Article, list[WireUpdate]]],
    ) -> ImportResult | None:
        """The result for a (checked) story on file that ``import_story`` would find
        unchanged, from the rows read for the batch; None for any other story."""
        agency = self._agencies.get(_agency_name(story).casefold())
        key = (agency.pk if agency else None, story.wire_id)
        if key not in on_file:
            return None
        article, pending = on_file[key]
        if self._decide(story, article, pending)[0] != UNCHANGED:
            return None
        return ImportResult(UNCHANGED, article)

    def _taken_slugs(self, stories: list[WireStory]) -> set[str]:
        """Which of the stories' first-choice addresses are in use (one query)."""
        bases = sorted({self._slug_base(story.headline, "story") for story in stories})
        taken: set[str] = set()
        for start in range(0, len(bases), 500):
            taken.update(
                Article.objects.filter(slug__in=bases[start : start + 500])
                .values_list("slug", flat=True)
                .order_by()
            )
        return taken

    def _new_rows(
        self,
        story: WireStory,
        base_dir: Path | None,
        taken: set[str],
    ) -> _NewRows | None:
        """The rows of a new (checked) story the batch can write with others, checked
        further as ``import_story`` checks them (raising its errors); None for any
        other story."""
        agency = self.agency_for(story, create=False)
        if not self.unseen(story, agency):
            return None  # a new agency, or a story on file or this batch writes
        if any(
            base_dir is not None and local_photo_path(photo.href, base_dir)
            for photo in story.photos
        ):
            return None  # picture files are written story by story
        tags = self._tags_on_file(story.subjects)
        if tags is None:
            return None  # a tag to create first, or a subject that cannot be one
        index = self._people_index()
        named = []
        for name, wire_person in self._named_people(story):
            person = index.get(name.casefold())
            if person is None or (not person.description and wire_person.title):
                return None  # a person to file or describe first
            named.append((person, wire_person.roles))
        slug = self._slug_base(story.headline, "story")
        if slug in taken:
            return None  # import_story finds it a free one
        article = self._new_article(story, agency, slug=slug)
        return _NewRows(
            story=story,
            base_dir=base_dir,
            article=article,
            people=self._person_rows(article, named, set()),
            copy=WireCopy(
                article=article, **self._copy_fields(article, story, placed=set())
            ),
            tags=tags,
        )

    def _tags_on_file(self, subjects: list[str]) -> list | None:
        """The Tag rows for a story's subjects when all are on file (matched as the
        story form matches them, ignoring letter case), else None: a new tag, or a
        subject left out with a note, is written story by story."""
        if not subjects:
            return []
        names, notes = tag_names(subjects)
        if notes:
            return None
        missing = [n for n in names if n.casefold() not in self._tags]
        if missing:
            query = Q()
            for name in missing:
                query |= Q(name__iexact=name)
            for tag in TaggedArticle.tag_model().objects.filter(query):
                self._tags[tag.name.casefold()] = tag
        found = [self._tags.get(name.casefold()) for name in names]
        return None if None in found else found

    def _write_run(
        self, run: dict[int, _NewRows], results: list[ImportResult | Exception | None]
    ) -> None:
        if not run:
            return
        try:
            with transaction.atomic(), search.deferred():
                articles = [rows.article for rows in run.values()]
                for article in articles:
                    article.derive_fields()  # what Article.save() would have set
                Article.objects.bulk_create(articles)
                ArticlePerson.objects.bulk_create(
                    [link for rows in run.values() for link in rows.people]
                )
                TaggedArticle.objects.bulk_create(
                    [
                        TaggedArticle(content_object=rows.article, tag=tag)
                        for rows in run.values()
                        for tag in rows.tags
                    ]
                )
                WireCopy.objects.bulk_create([rows.copy for rows in run.values()])
                # bulk_create sends no post_save: what a save of each story does.
                receivers.stories_changed([article.pk for article in articles])
        except DatabaseError:
            self._tags.clear()  # a tag merged or deleted meanwhile: read them afresh
            for number, rows in run.items():
                try:
                    results[number] = self.import_story(
                        rows.story, base_dir=rows.base_dir
                    )
                except STORY_ERRORS as error:
                    results[number] = error
            return
        for number, rows in run.items():
            results[number] = ImportResult(CREATED, rows.article, [])

    def _import(self, story, base_dir) -> ImportResult:
        agency = self.agency_for(story)
        article = None if self.unseen(story, agency) else self.existing(story, agency)
        if article is None:
            created = self._create(story, agency, base_dir)
            if created is not None:
                return created
            # Another ingest saved the same story first: carry on against its row.
            article = self.existing(story, agency)
            if article is None:
                raise WireError("The story could not be saved (a conflicting row).")
        outcome, version = self._decide(story, article)
        if outcome == UNCHANGED:
            return ImportResult(UNCHANGED, article)
        if outcome == PENDING:
            _, made = WireUpdate.objects.get_or_create(
                article=article, version=version, defaults={"story": story.to_json()}
            )
            notes = [
                "The story was edited on the desk: the agency's new version is "
                "waiting for an editor to merge it."
            ]
            if story.pub_status == "canceled":
                notes = [
                    "The agency has canceled (killed) this story; an editor must "
                    "decide what to do with it."
                ]
            return ImportResult(PENDING if made else UNCHANGED, article, notes)
        self._write_copy(article, story, version)
        _full_clean(article)  # field errors named as for a new story
        notes: list[str] = []

        def save_related():
            self._link_people(article, story)
            notes.extend(self._tag(article, story))

        # Through the workflow's save: version-checked (an editor's open form is
        # refused afterwards, not overwritten), with a revision in the history.
        try:
            services.article_save(
                article=article,
                user=self.user,
                by_wire=True,
                save_related=save_related,
            )
        except services.EditConflict:
            raise WireError(
                "An editor saved the story while it was being updated; ingest it again."
            ) from None
        except PermissionDenied as error:
            raise WireError(str(error)) from None
        # Pictures were placed when the story was created; a new version's are
        # listed on the wire copy for the editor rather than placed twice.
        self._store_copy(article, story, placed=set())
        return ImportResult(UPDATED, article, notes)

    @staticmethod
    def copy_for(story: WireStory) -> dict:
        """The Article field values ``story`` writes (trimmed to the fields' sizes)."""
        values = story.copy_fields()
        # The headline is not cut: an over-long one is refused by full_clean, as
        # the story form refuses it (agency text's parser refuses it first).
        values["dateline_place"] = _limit(values["dateline_place"], 100)
        values["byline"] = _limit(values["byline"], 200)
        return values

    def _write_copy(self, article: Article, story: WireStory, version: int) -> None:
        for name, value in self.copy_for(story).items():
            setattr(article, name, value)
        article.wire_version = version

    def _new_article(
        self, story: WireStory, agency: Agency, slug: str | None = None
    ) -> Article:
        """The new story's row, checked; ``slug`` None finds a free one."""
        _, version = self._decide(story, None)
        article = Article(
            agency=agency,
            wire_id=_limit(story.wire_id, 255),
            # read_stories settled it; a story made elsewhere may name none.
            language=normalize_tag(story.language) or default_language(),
        )
        self._write_copy(article, story, version)
        article.slug = slug or self._free_slug(
            Article, article.headline, fallback="story", salt=story.wire_id
        )
        # The agency row was just looked up: no need to check that it exists.
        _full_clean(article, exclude=["agency"])
        return article

    def _create(self, story, agency, base_dir) -> ImportResult | None:
        article = self._new_article(story, agency)
        try:
            with transaction.atomic():
                article.save()
        except IntegrityError:
            if self.existing(story, agency) is not None:
                return None
            raise
        if self.batch:
            self._known_ids(agency).add(story.wire_id)
        self._link_people(article, story, new=True)
        notes = self._tag(article, story)
        placed = self._attach_photos(article, story, base_dir)
        self._store_copy(article, story, placed=placed, new=True)
        if self.publish:
            try:
                services.article_publish(article=article, user=self.user, at=self.now)
            except ValidationError as error:
                notes.append(
                    "Kept as a draft, not published: " + " ".join(error.messages)
                )
        return ImportResult(CREATED, article, notes)

    @staticmethod
    def _tag(article: Article, story: WireStory) -> list[str]:
        names, notes = tag_names(story.subjects)
        if names:
            article.tags.add(*names)
        return notes

    def _store_copy(
        self, article: Article, story: WireStory, *, placed: set[int], new=False
    ) -> None:
        # A new story has no copy yet: one INSERT instead of a lookup and a savepoint.
        fields = self._copy_fields(article, story, placed)
        if new:
            WireCopy.objects.create(article=article, **fields)
        else:
            WireCopy.objects.update_or_create(article=article, defaults=fields)

    @staticmethod
    def _copy_fields(article: Article, story: WireStory, placed: set[int]) -> dict:
        return {
            "source_format": story.source_format,
            "copy_hash": article_copy_hash(article),
            "story": story.to_json(),
            "photos": [
                {
                    "caption": p.caption,
                    "credit": p.credit,
                    "alt_text": p.alt_text,
                    "href": p.href,
                    "uri": p.uri,
                    "placed": i in placed,
                }
                for i, p in enumerate(story.photos)
            ],
            "unsure": story.unsure,
        }

    def _link_people(self, article: Article, story: WireStory, new=False) -> None:
        index = self._people_index()
        existing = (
            set()
            if new
            else set(
                ArticlePerson.objects.filter(article=article).values_list(
                    "person_id", "role"
                )
            )
        )
        named = []
        for name, wire_person in self._named_people(story):
            person = index.get(name.casefold())
            if person is None:
                person = self._new_person(name, wire_person.title)
                index[name.casefold()] = person
                self._cached_rows_written = True
            elif not person.description and wire_person.title:
                person.description = _limit(wire_person.title, 300)
                _full_clean(person)
                person.save(update_fields=["description"])
                self._cached_rows_written = True
            named.append((person, wire_person.roles))
        ArticlePerson.objects.bulk_create(self._person_rows(article, named, existing))

    @staticmethod
    def _named_people(story: WireStory):
        """(name as stored, wire person) for each person the story names visibly."""
        for wire_person in story.people:
            name = _limit(nfc(wire_person.name.strip()), 200)
            if tidy_label(name):  # not zero-width or bidi characters only
                yield name, wire_person

    @staticmethod
    def _person_rows(
        article: Article, named: list[tuple[Person, list[str]]], existing: set
    ) -> list[ArticlePerson]:
        """The story's new person links, numbered after the ``existing`` ones."""
        position = len(existing)
        rows = []
        for person, roles in named:
            for role in roles or [ArticlePerson.Role.SUBJECT]:
                if (
                    role not in ArticlePerson.Role.values
                    or (person.pk, role) in existing
                ):
                    continue
                existing.add((person.pk, role))
                rows.append(
                    ArticlePerson(
                        article=article, person=person, role=role, position=position
                    )
                )
                position += 1
        return rows

    def _new_person(self, name: str, title: str) -> Person:
        person = Person(
            name=name,
            description=_limit(title, 300),
            slug=self._free_slug(Person, name, fallback="person"),
        )
        _full_clean(person)
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError:
            # A concurrent ingest just filed the same person (same slug).
            found = Person.objects.filter(slug=person.slug, name=name).first()
            if found is not None:
                return found
            person.slug = self._free_slug(Person, name, fallback="person", salt="2")
            person.save()
        return person

    # ---- photos ----------------------------------------------------------------

    def _attach_photos(self, article, story, base_dir) -> set[int]:
        """Place the pictures whose files sit beside the input; return their indexes."""
        placed: set[int] = set()
        if base_dir is None:
            return placed
        position = 0
        for index, wire_photo in enumerate(story.photos):
            path = local_photo_path(wire_photo.href, base_dir)
            if path is None:
                continue
            photo = photo_from_wire(path, wire_photo, agency=article.agency)
            ArticlePhoto.objects.create(article=article, photo=photo, position=position)
            placed.add(index)
            position += 1
        return placed


def _against_earlier_copy(story: WireStory, earlier: WireStory) -> str:
    """The outcome of ``story`` in a run that creates ``earlier``, the same story
    (agency and id) from an earlier file: what a dry run predicts for it."""
    if story.version is not None and earlier.version is not None:
        return UNCHANGED if story.version <= earlier.version else UPDATED
    same = copy_hash(story.copy_fields()) == copy_hash(earlier.copy_fields())
    return UNCHANGED if same else UPDATED


def local_photo_path(href: str, base_dir: Path) -> Path | None:
    """The file a picture reference names beside the input, if it is there.

    Only plain relative paths (or ``file:`` URLs relative to the input) inside the
    input's folder count; anything that climbs out of it is ignored.
    """
    if not href:
        return None
    ref = href.strip()
    if ref.startswith("file://"):
        ref = ref[len("file://") :]
        ref = ref.lstrip("/") if ref.startswith("/./") else ref
    if "://" in ref or ref.startswith(("/", "\\")) or ":" in ref.split("/")[0]:
        return None
    root = base_dir.resolve()
    try:
        path = (root / ref.strip()).resolve()
    except (OSError, ValueError):
        return None
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def photo_from_wire(
    path: Path, wire_photo: WirePhoto, *, agency: Agency | None
) -> Photo:
    """A real, validated Photo from a picture file the agency sent along.

    It goes through the photo library's own gate (format, size, metadata pre-fill,
    renditions); what the agency's item says wins over the file's metadata. A
    failing story removes the stored files (``files_kept_on_commit``).
    """
    try:
        with path.open("rb") as fileobj:
            photo = photo_from_file(
                fileobj,
                path.name,
                caption=wire_photo.caption,
                alt_text=_limit(wire_photo.alt_text or wire_photo.caption, 400),
                credit=_limit(wire_photo.credit, 200),
                copyright_notice=_limit(wire_photo.copyright_notice, 300),
                agency=agency,
            )
    except ValidationError as error:
        raise WireError(
            f"The picture {path.name}: {' '.join(error.messages)}"
        ) from None
    return photo


def default_reference_date() -> date:
    return timezone.localdate()
