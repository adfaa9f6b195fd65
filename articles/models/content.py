"""Newsroom's content: agencies, people and the stories that use them.

The one rule for what readers may see lives on ``ArticleQuerySet.published()`` (and
``Article.is_published()`` for a single row); every public surface reads through it.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from ..body import BodyField, body_text_length, plain_paragraphs
from ..languages import (
    TAG_MAX_LENGTH,
    default_language,
    validate_language_tag,
)
from ..text import CleanInputMixin
from .photos import CAPTION_MAX_LENGTH, Photo
from .slugs import (
    SLUG_MAX_LENGTH,
    _when,
    old_address_holder,
    old_address_message,
    place_slug,
    save_with_slug,
    unique_slug,
)

__all__ = [
    "SLUG_MAX_LENGTH",
    "_when",
    "old_address_holder",
    "old_address_message",
    "place_slug",
    "unique_slug",
]

SUMMARY_LENGTH = 300  # characters of a story's first paragraph standing in for a dek

class AgencyManager(models.Manager):
    def get_by_natural_key(self, short_name):
        return self.get(short_name=short_name)


class Agency(CleanInputMixin, models.Model):
    """A news agency whose copy we carry (TASS, Reuters…)."""

    name = models.CharField(
        max_length=200, help_text="Full name, e.g. “TASS Russian News Agency”."
    )
    short_name = models.CharField(
        max_length=40,
        unique=True,
        help_text="Printed in datelines: TOKYO, March 21. /TASS/.",
    )
    slug = models.SlugField(max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True)
    url = models.URLField("website", blank=True)

    objects = AgencyManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        save_with_slug(self, super().save, self.short_name, "agency", *args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:agency", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.short_name,)


class PersonManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Person(CleanInputMixin, models.Model):
    """Someone who appears in stories (subject, quoted, byline) or takes photos."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="The person page's address; made from the name when left blank.",
    )
    description = models.CharField(
        "short description",
        max_length=300,
        blank=True,
        help_text="Who they are, e.g. “Russian Foreign Minister”.",
    )

    objects = PersonManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        save_with_slug(self, super().save, self.name, "person", *args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:person", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class ArticleQuerySet(models.QuerySet):
    @staticmethod
    def published_q(now=None) -> Q:
        """The one visibility rule: published, its time has come, no embargo pending."""
        now = now or timezone.now()
        return Q(status=Article.Status.PUBLISHED, published_at__lte=now) & (
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
        )

    def published(self, now=None):
        """Stories a reader may see right now, without any job having to run."""
        return self.filter(self.published_q(now))

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def visibility_changes(self, now=None) -> list:
        """The moments after ``now`` when ``published()`` changes by itself:
        scheduled publications and embargo lifts, one query each, to be united
        (``UNION ALL``) with the front page's (``front_changes``) so that the page
        cache reads its whole schedule in one query. Few rows: only what is
        pending."""
        now = now or timezone.now()
        pending = self.filter(status=Article.Status.PUBLISHED).order_by()
        return [
            pending.filter(**{f"{name}__gt": now}).values_list(name, flat=True)
            for name in ("published_at", "embargo_until")
        ]


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_by_natural_key(self, guid):
        return self.get(guid=guid)


class TaggedArticleManager(models.Manager):
    def get_by_natural_key(self, article_guid, tag_name):
        return self.get(content_object__guid=article_guid, tag__name=tag_name)


class TaggedArticle(TaggedItemBase):
    """The tag link for stories: a real foreign key keeps joins and prefetches cheap."""

    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )

    objects = TaggedArticleManager()

    class Meta:
        verbose_name = "story tag"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_tag_per_article"
            )
        ]

    def natural_key(self):
        return (*self.content_object.natural_key(), self.tag.name)

    natural_key.dependencies = ["articles.article", "taggit.tag"]


class Article(CleanInputMixin, models.Model):
    """A story: the agency's copy plus what the desk made of it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        PUBLISHED = "published", "Published"
        KILLED = "killed", "Killed"

    guid = models.UUIDField("ID", default=uuid.uuid4, unique=True, editable=False)
    headline = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="The story's address; made from the headline when left blank.",
    )
    dek = models.TextField(
        "standfirst",
        blank=True,
        help_text="The one or two sentences under the headline.",
    )
    dateline_place = models.CharField(
        max_length=100, blank=True, help_text="Where the story was filed, e.g. TOKYO."
    )
    dateline_date = models.DateField(null=True, blank=True)
    # Derived in save(): the place page's address, so "Tokyo" and "TOKYO" share one
    # page and the lookup is an indexed equality rather than a case-folding scan.
    dateline_slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH, allow_unicode=True, blank=True, editable=False
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    # A section with stories cannot be deleted (the admin lists them instead).
    section = models.ForeignKey(
        "Section",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="articles",
        help_text="The story's primary section (its page, feeds and breadcrumb).",
    )
    byline = models.CharField(max_length=200, blank=True)
    language = models.CharField(
        max_length=TAG_MAX_LENGTH,
        default=default_language,
        validators=[validate_language_tag],
        help_text="The language the story is written in, as a BCP 47 tag: “en”, "
        "“ru”, “pt-BR”, “zh-Hans”. Pages, feeds and search engines are told it.",
    )
    body = BodyField(
        blank=True,
        help_text="Paragraphs, subheads, bold, italic, links, quotes, lists and "
        "library photos; anything else is removed when the story is saved.",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When readers may see it. A future time schedules the story.",
    )
    embargo_until = models.DateTimeField(
        "embargoed until",
        null=True,
        blank=True,
        help_text="Kept off every public page until this time, even when published.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Workflow (issue 3): set by ``articles.services`` only.
    lock_version = models.PositiveIntegerField(
        default=1,
        help_text="Bumped by every save through the services; a stale form is refused.",
    )
    revised_at = models.DateTimeField(
        "updated for readers",
        null=True,
        blank=True,
        editable=False,
        help_text="When a published story was last updated; pages show “Updated”.",
    )
    corrected_at = models.DateTimeField(
        "last corrected", null=True, blank=True, editable=False
    )
    killed_at = models.DateTimeField(null=True, blank=True, editable=False)
    kill_notice = models.TextField(
        blank=True,
        editable=False,
        help_text="What readers see at the killed story's address (410 Gone).",
    )

    people = models.ManyToManyField(
        Person, through="ArticlePerson", related_name="articles"
    )
    photos = models.ManyToManyField(
        Photo, through="ArticlePhoto", related_name="articles"
    )
    tags = TaggableManager(through=TaggedArticle, blank=True)

    wire_id = models.CharField(
        "agency story ID", max_length=255, blank=True, help_text="The agency's own ID."
    )
    # Big: agencies number versions with ten digits or more (time stamps, counters).
    wire_version = models.PositiveBigIntegerField(
        "agency version", null=True, blank=True
    )

    objects = ArticleManager()

    # Checked in clean_fields (articles.text): far below the request size cap, so an
    # editor who pastes too much gets a field error with the text still in the form.
    text_limits = {"body": 200_000, "dek": 1_000, "kill_notice": 2_000}
    # The body's limit counts its text, as the editor sees it, not its markup.
    text_measures = {"body": body_text_length}

    class Meta:
        ordering = ["-published_at", "-pk"]
        # What the desk calls it (README.md, the admin's titles, buttons, messages).
        verbose_name = "story"
        verbose_name_plural = "stories"
        permissions = [("publish_article", "Can publish, correct and kill stories")]
        indexes = [
            # The published rule and the newest-first order from the index alone:
            # embargo_until makes it covering (a count reads no table row), id
            # keeps the tie-break in index order.
            models.Index(
                fields=["status", "published_at", "id", "embargo_until"],
                name="article_published_idx",
            ),
            # Agency and place pages: the published rule and the newest-first order
            # straight from the index.
            models.Index(
                fields=["agency", "status", "published_at"],
                name="article_agency_pub_idx",
            ),
            models.Index(
                fields=["dateline_slug", "status", "published_at"],
                name="article_place_pub_idx",
            ),
            # Section pages and feeds, covering as the published index is (it also
            # serves the foreign key, which therefore has no index of its own).
            models.Index(
                fields=["section", "status", "published_at", "id", "embargo_until"],
                name="article_section_pub_idx",
            ),
            # The page cache looks up the next embargo to lift.
            models.Index(
                fields=["status", "embargo_until"], name="article_embargo_idx"
            ),
            # The admin's story list order (-published_at, -pk) over every status
            # (bench/README.md: the list's page query at 100,000 stories).
            models.Index(fields=["published_at", "id"], name="article_admin_order_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "wire_id"],
                condition=~Q(wire_id=""),
                name="unique_wire_id_per_agency",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_story_has_time",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.derive_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "dateline_place" in update_fields:
            kwargs["update_fields"] = {*update_fields, "dateline_slug"}
        save_with_slug(self, super().save, self.headline, "story", *args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def validate_unique(self, exclude=None):
        """Also: the slug is not another story's old address (readers following an
        old link must keep reaching that story)."""
        super().validate_unique(exclude)
        if self.slug and "slug" not in (exclude or ()):
            held = old_address_holder(self.slug, self.pk)
            if held is not None:
                raise ValidationError({"slug": old_address_message(held)})

    def derive_fields(self) -> None:
        """Set the fields derived from others (``save`` does; ``bulk_create`` does
        not call it, so a bulk writer calls this first)."""
        self.dateline_slug = place_slug(self.dateline_place)

    def get_ninjs_url(self):
        return reverse("articles:ninjs", kwargs={"guid": self.guid})

    def get_place_url(self) -> str:
        """The dateline place's page, or "" when the story has no place."""
        if not self.dateline_slug:
            return ""
        return reverse("articles:place", kwargs={"slug": self.dateline_slug})

    def get_day_url(self) -> str:
        """The archive of the day the story went out (in the site's time zone), or
        "" when it has not gone out."""
        if not self.published_at:
            return ""
        day = timezone.localtime(self.published_at)
        return reverse("articles:archive-day", args=[day.year, day.month, day.day])

    def natural_key(self):
        return (str(self.guid),)

    def is_published(self, now=None) -> bool:
        """The row-level mirror of ``ArticleQuerySet.published_q``."""
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.embargo_until is None or self.embargo_until <= now)
        )

    def state_label(self, now=None) -> str:
        """The state an editor needs to know: scheduled and embargoed spelled out."""
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return self.get_status_display()
        if self.embargo_until and self.embargo_until > now:
            return f"Embargoed until {_when(self.embargo_until)}"
        if self.published_at and self.published_at > now:
            return f"Scheduled for {_when(self.published_at)}"
        return "Published"

    @property
    def shows_updated(self) -> bool:
        """Readers see “Updated <time>” once the story changed after it went out."""
        return bool(
            self.revised_at
            and self.published_at
            and self.revised_at > self.published_at
        )

    @property
    def was_public_before_kill(self) -> bool:
        """A killed story answers 410 only if readers could have seen it."""
        if self.status != self.Status.KILLED or not self.killed_at:
            return False
        return (
            self.published_at is not None
            and self.published_at <= self.killed_at
            and (self.embargo_until is None or self.embargo_until <= self.killed_at)
        )

    @property
    def summary(self) -> str:
        """The standfirst, or for a story without one the start of its first
        paragraph (about 300 characters, cut at a word), as plain text: what
        descriptions, sharing cards and feeds show."""
        if self.dek:
            return self.dek
        text = next(iter(self.paragraphs), "")
        if len(text) <= SUMMARY_LENGTH:
            return text
        # Back to the last whole word that leaves room for the ellipsis.
        cut = text[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(",;:")
        return f"{cut}…"

    @property
    def paragraphs(self) -> list[str]:
        """The body's text without markup, one string per paragraph, subhead or
        list item (``articles.body.plain_paragraphs``). Read once per body: a page
        asks for it for its description and its JSON-LD."""
        known = self.__dict__.get("_paragraphs_of")
        if known is None or known[0] is not self.body:
            known = self.__dict__["_paragraphs_of"] = (
                self.body,
                plain_paragraphs(self.body),
            )
        return known[1]

    @property
    def dateline(self) -> str:
        """“TOKYO, March 21. /TASS/.”, built from the stored place, date and agency."""
        parts = []
        if self.dateline_place:
            place = self.dateline_place.upper()
            if self.dateline_date:
                place += f", {self.dateline_date:%B} {self.dateline_date.day}."
            else:
                place += "."
            parts.append(place)
        elif self.dateline_date:
            parts.append(f"{self.dateline_date:%B} {self.dateline_date.day}.")
        if self.agency_id:
            parts.append(f"/{self.agency.short_name}/.")
        return " ".join(parts)

    @property
    def placements(self) -> list["ArticlePhoto"]:
        """Photo placements in order (uses the prefetch when the view made one)."""
        return list(self.photo_placements.all())

    @property
    def lead_placement(self) -> "ArticlePhoto | None":
        placements = self.placements
        return placements[0] if placements else None


class ArticlePersonManager(models.Manager):
    def get_by_natural_key(self, article_guid, person_slug, role):
        return self.get(article__guid=article_guid, person__slug=person_slug, role=role)


class ArticlePerson(CleanInputMixin, models.Model):
    """A person's part in a story."""

    class Role(models.TextChoices):
        SUBJECT = "subject", "Subject"
        QUOTED = "quoted", "Quoted"
        BYLINE = "byline", "Byline"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="person_roles"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="story_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SUBJECT)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ArticlePersonManager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "person in the story"
        verbose_name_plural = "people in the story"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"],
                name="unique_person_role_per_article",
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    def natural_key(self):
        return (*self.article.natural_key(), *self.person.natural_key(), self.role)

    natural_key.dependencies = ["articles.article", "articles.person"]


class ArticlePhotoManager(models.Manager):
    def get_by_natural_key(self, article_guid, photo_guid):
        return self.get(article__guid=article_guid, photo__guid=photo_guid)


class ArticlePhoto(CleanInputMixin, models.Model):
    """A photo placed in a story; the first placement is the lead photo."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="photo_placements"
    )
    photo = models.ForeignKey(
        Photo, on_delete=models.PROTECT, related_name="placements"
    )
    position = models.PositiveSmallIntegerField(default=0)
    caption_override = models.TextField(
        "caption for this story",
        blank=True,
        help_text="Leave blank to use the photo library caption.",
    )

    objects = ArticlePhotoManager()

    text_limits = {"caption_override": CAPTION_MAX_LENGTH}

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "photo in the story"
        verbose_name_plural = "photos in the story"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "photo"], name="unique_photo_per_article"
            )
        ]

    def __str__(self):
        return str(self.photo)

    def natural_key(self):
        return (*self.article.natural_key(), *self.photo.natural_key())

    natural_key.dependencies = ["articles.article", "articles.photo"]

    @property
    def caption(self) -> str:
        return self.caption_override or self.photo.caption
