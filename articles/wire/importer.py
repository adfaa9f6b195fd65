"""WireStory → Article draft, idempotent on the agency's story id and version.

* A story the database has not seen becomes a draft (or is published with
  ``publish=True``).
* The same version again changes nothing. Formats without version numbers (agency
  page text) count a changed copy of the same story as the next version; a copy
  already held (the wire copy or a pending update) is unchanged.
* A newer version rewrites the wire copy of a story no editor has touched (its
  fields still match the fingerprint ingest stored); for an edited story it is kept
  as a pending ``WireUpdate`` the editor merges or dismisses (``outcomes``).
* Two ingests of one story at once still give one story: the database's unique
  (agency, wire_id) constraint decides, and the loser reads the winner's row.

There is one write path, ``WireImporter.import_story``: each story in its own
transaction (a savepoint inside a batch's), so one that fails writes nothing,
photo files included. ``import_batch`` (``manage.py ingest_wire``) is that path in a
loop, committing once for the batch.
"""

from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from .. import search, services
from ..languages import default_language, normalize_tag
from ..models import (
    Agency,
    Article,
    ArticlePerson,
    Person,
    TaggedArticle,
    WireCopy,
    WireUpdate,
)
from ..photos import files_kept_on_commit
from .filing import agency_name as _agency_name
from .filing import (
    free_slug,
    named_people,
    new_person,
    person_rows,
    tag_names,
)
from .filing import full_clean as _full_clean
from .filing import limit as _limit
from .outcomes import (
    CREATED,
    PENDING,
    UNCHANGED,
    UPDATED,
    ImportResult,
    against_earlier_copy,
    article_copy_hash,
    decide,
)
from .pictures import attach_photos
from .story import WireError, WireStory, refuse_unstorable

__all__ = [
    "CREATED",
    "PENDING",
    "STORY_ERRORS",
    "UNCHANGED",
    "UPDATED",
    "ImportResult",
    "WireImporter",
    "article_copy_hash",
    "default_reference_date",
]

# What makes one story fail (reported with its reason) while the batch goes on.
STORY_ERRORS = (WireError, ValidationError, DatabaseError, OSError)


class WireImporter:
    """Imports stories, caching agencies, people and tags across stories.

    The caches keep the cost per story constant: people are looked up in one dict
    loaded once, never by a scan of the table per story. With ``batch=True``
    (``manage.py ingest_wire``) each agency's story ids are read once too, so a
    story never seen before costs no look-up; a story another ingest saves
    meanwhile is still caught, by the unique (agency, wire_id) index when this one
    is saved. Whenever the database refuses a write (a row changed under the
    caches), the caches are dropped and the story written once more.
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
        # Set when the current story wrote an agency, person or tag row the caches now
        # hold: if the story then fails, its transaction takes those rows back.
        self._cached_rows_written = False
        # Tags by name as stories give them (``_tag_row``).
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
            agency.slug = free_slug(Agency, short, fallback="agency")
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

    # ---- planning (also what --dry-run reports) ---------------------------------

    def plan(self, story: WireStory) -> ImportResult:
        """What importing ``story`` would do (its outcome and the stored story it
        would change, if any), without writing anything."""
        self._check(story)
        key = (_agency_name(story).casefold(), story.wire_id)
        earlier = self._planned.get(key)
        if earlier is not None:
            return ImportResult(against_earlier_copy(story, earlier), None)
        agency = self.agency_for(story, create=False)
        article = None if self.unseen(story, agency) else self.existing(story, agency)
        outcome = decide(story, article)[0]
        if outcome == CREATED:
            self._planned[key] = story
        return ImportResult(outcome, article)

    # ---- writing -------------------------------------------------------------

    def import_story(
        self, story: WireStory, *, base_dir: Path | None = None
    ) -> ImportResult:
        """Write ``story``: all of it or, on any error, nothing (files included)."""
        self._check(story)
        try:
            return self._write(story, base_dir, first_try=True)
        except DatabaseError:
            # Something on file changed since we looked: another writer took the
            # story's id or address (in a batch, perhaps since the agency's ids
            # were read), or removed a person, tag or agency the caches hold. The
            # story's rows are rolled back; it is written once more against what
            # is on file now.
            self._forget()
            return self._write(story, base_dir, first_try=False)

    def import_batch(
        self, items: list[tuple[WireStory, Path | None]]
    ) -> list[ImportResult | Exception]:
        """Import ``(story, base_dir)`` items in order with ``import_story``; each
        item's result, or the error (one of ``STORY_ERRORS``) that made it fail
        and write nothing while the others are kept.

        The batch commits once: each story's transaction is then a savepoint in
        the batch's, rolled back alone when the story fails.
        """
        try:
            return self._import_each(items)
        except IntegrityError:
            # Each story's own errors are settled above; this one is the batch's
            # COMMIT, where SQLite and PostgreSQL check links to other rows: a
            # person, tag or agency the caches held was removed meanwhile. Nothing
            # of the batch was kept; it is written again, reading them afresh.
            self._forget()
            return self._import_each(items)

    def _import_each(self, items) -> list[ImportResult | Exception]:
        results: list[ImportResult | Exception] = []
        with files_kept_on_commit(), transaction.atomic():
            for story, base_dir in items:
                try:
                    results.append(self.import_story(story, base_dir=base_dir))
                except STORY_ERRORS as error:
                    results.append(error)
        return results

    def _forget(self) -> None:
        """Read agencies, people, tags and story ids afresh from now on."""
        self._agencies.clear()
        self._people = None
        self._tags.clear()
        self._wire_ids.clear()

    def _write(self, story: WireStory, base_dir, *, first_try: bool) -> ImportResult:
        self._cached_rows_written = False
        try:
            # The story, its people, tags and photos are indexed for search once,
            # at the end, in the same transaction; its pictures' files go with it.
            with (
                files_kept_on_commit(),
                transaction.atomic(),
                search.deferred(),
            ):
                return self._import(story, base_dir, first_try)
        except Exception:
            if self._cached_rows_written:
                # Rolled back with the story: read agencies and people afresh rather
                # than link the next story to a row that is not there.
                self._forget()
            raise

    @staticmethod
    def _check(story: WireStory) -> None:
        if not story.wire_id:
            raise WireError("The story has no agency id.")
        refuse_unstorable(story)

    def _import(self, story, base_dir, first_try: bool) -> ImportResult:
        agency = self.agency_for(story)
        if first_try and self.unseen(story, agency):
            article = None
        else:
            article = self.existing(story, agency)
        if article is None:
            return self._create(story, agency, base_dir, first_try)
        if self.batch and not first_try:
            self._known_ids(agency).add(story.wire_id)  # another ingest's story
        outcome, version = decide(story, article)
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

        # Through the workflow's save: version-checked (an editor's open form is
        # refused afterwards, not overwritten), with a revision in the history that
        # holds the agency's people and keywords too.
        try:
            save = services.article_save_row(
                article=article, user=self.user, by_wire=True
            )
            self._link_people(article, story)
            notes.extend(self._tag(article, story))
            services.article_save_recorded(save=save)
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

    def _new_article(self, story: WireStory, agency: Agency) -> Article:
        """The new story's row, checked, at a free address."""
        _, version = decide(story, None)
        article = Article(
            agency=agency,
            wire_id=_limit(story.wire_id, 255),
            # read_stories settled it; a story made elsewhere may name none.
            language=normalize_tag(story.language) or default_language(),
        )
        self._write_copy(article, story, version)
        article.slug = free_slug(
            Article, article.headline, fallback="story", salt=story.wire_id
        )
        # The agency row was just looked up: no need to check that it exists.
        _full_clean(article, exclude=["agency"])
        return article

    def _create(self, story, agency, base_dir, first_try: bool) -> ImportResult:
        article = self._new_article(story, agency)
        article.save()  # IntegrityError: the id or address was taken meanwhile
        if self.batch:
            self._known_ids(agency).add(story.wire_id)
        self._link_people(article, story, new=True)
        notes = self._tag(article, story, new=True)
        placed = attach_photos(article, story, base_dir)
        self._store_copy(article, story, placed=placed, new=True)
        if self.publish:
            try:
                services.article_publish(article=article, user=self.user, at=self.now)
            except ValidationError as error:
                notes.append(
                    "Kept as a draft, not published: " + " ".join(error.messages)
                )
        return ImportResult(CREATED, article, notes)

    def _tag(self, article: Article, story: WireStory, new=False) -> list[str]:
        names, notes = tag_names(story.subjects)
        # Two names may stand for one tag (as they do in taggit's add).
        tags = list({tag.pk: tag for tag in map(self._tag_row, names)}.values())
        if new:
            # A new story has no tags yet: its links in one INSERT. Its save has
            # queued its re-index and retired cached pages, as theirs would.
            TaggedArticle.objects.bulk_create(
                [TaggedArticle(content_object=article, tag=tag) for tag in tags]
            )
        elif tags:
            article.tags.add(*tags)
        return notes

    def _tag_row(self, name: str):
        """The tag ``name`` stands for, as taggit's ``add`` finds it (ignoring letter
        case, the oldest of several) or files it; read once per batch."""
        if name not in self._tags:
            model = TaggedArticle.tag_model()
            tag = model.objects.filter(name__iexact=name).order_by("pk").first()
            if tag is None:
                tag, _ = model.objects.get_or_create(  # safe if another files it
                    name__iexact=name, defaults={"name": name}
                )
                self._cached_rows_written = True
            self._tags[name] = tag
        return self._tags[name]

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
        for name, wire_person in named_people(story):
            person = index.get(name.casefold())
            if person is None:
                person = new_person(name, wire_person.title)
                index[name.casefold()] = person
                self._cached_rows_written = True
            elif not person.description and wire_person.title:
                person.description = _limit(wire_person.title, 300)
                _full_clean(person)
                person.save(update_fields=["description"])
                self._cached_rows_written = True
            named.append((person, wire_person.roles))
        ArticlePerson.objects.bulk_create(person_rows(article, named, existing))


def default_reference_date() -> date:
    return timezone.localdate()
