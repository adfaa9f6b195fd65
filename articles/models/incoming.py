"""The desk's incoming queue: what the agencies sent, before anyone took it.

A ``WireItem`` is one agency story as the desk sees it on the Wire screen: its
latest headline, urgency and keywords, how many versions came in, and what the desk
did with it (new, taken into a draft story, spiked). Every copy the agency sent of
it is kept as a ``WireItemVersion`` (the parsed story as JSON), so the screen can
show each version and what changed between them. Items are matched by the agency's
id, or, for copy without one, by near-identical text (``articles.wire.matching``);
items from different agencies on the same event share a ``group_key``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .content import Agency, Article


class WireItemQuerySet(models.QuerySet):
    def visible(self) -> "WireItemQuerySet":
        """What the Wire screen lists by default: everything not spiked."""
        return self.exclude(state=WireItem.State.SPIKED)

    def updated_since_taken(self) -> "WireItemQuerySet":
        """Taken items the agency has sent a newer version of since."""
        return self.filter(state=WireItem.State.TAKEN, updated_at__gt=F("taken_at"))


class WireItem(models.Model):
    """One agency story in the desk's incoming queue (all its versions together)."""

    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        PICTURE = "picture", "Picture"

    class State(models.TextChoices):
        NEW = "new", "New"
        TAKEN = "taken", "Taken"
        SPIKED = "spiked", "Spiked"

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="wire_items"
    )
    agency_ref = models.CharField(
        "agency id",
        max_length=255,
        help_text="The agency's id of the story, or one derived from its text when "
        "the copy carries none.",
    )
    ref_derived = models.BooleanField(
        "id derived from the text",
        default=False,
        help_text="The copy carried no agency id; later versions are recognised by "
        "their near-identical text.",
    )
    source = models.CharField(
        "wire source", max_length=100, blank=True, help_text="Where it came in."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    headline = models.CharField(max_length=500)
    urgency = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The agency's urgency: 1 flash, 2 urgent … 9."
    )
    language = models.CharField(max_length=20, blank=True)
    keywords = models.CharField(max_length=1000, blank=True)
    place_key = models.CharField(
        max_length=100, blank=True, help_text="The dateline's place, case-folded."
    )
    event_day = models.DateField(
        null=True, blank=True, help_text="The dateline's day (or the agency's)."
    )
    first_created = models.DateTimeField("agency's first time", null=True, blank=True)
    version_created = models.DateTimeField(
        "agency's version time", null=True, blank=True
    )
    received_at = models.DateTimeField("received")
    updated_at = models.DateTimeField("last version received")
    version_count = models.PositiveIntegerField("versions", default=1)
    changed_at = models.DateTimeField(
        "last change",
        db_index=True,
        help_text="A version received, or the item taken, spiked or restored: what "
        "an open Wire screen asks about.",
    )
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.NEW, db_index=True
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    # The story stays when its item is purged, and the item stays (taken, without a
    # link) if an editor deletes the draft: neither side owns the other.
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wire_items",
    )
    group_key = models.CharField(
        max_length=32,
        db_index=True,
        help_text="Shared by items from different agencies on the same event.",
    )
    signature = models.BigIntegerField(
        default=0, help_text="Simhash of the text, for near-duplicate look-ups."
    )
    names = models.JSONField(
        default=list, blank=True, help_text="Names the story mentions (for grouping)."
    )

    objects = WireItemQuerySet.as_manager()

    class Meta:
        verbose_name = "wire item"
        verbose_name_plural = "Wire"
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "agency_ref"], name="unique_wire_item_ref"
            ),
        ]
        indexes = [
            # The Wire screen: newest first (its order), and its filters.
            models.Index(fields=["received_at", "id"], name="wireitem_queue"),
            models.Index(fields=["agency", "received_at"], name="wireitem_agency"),
            models.Index(fields=["urgency", "received_at"], name="wireitem_urgency"),
            models.Index(fields=["language", "received_at"], name="wireitem_lang"),
            models.Index(
                fields=["agency", "ref_derived", "updated_at"],
                name="wireitem_text_match",
            ),
            models.Index(fields=["place_key", "event_day"], name="wireitem_event"),
            models.Index(fields=["signature"], name="wireitem_signature"),
        ]

    def __str__(self):
        return self.headline

    @property
    def is_updated_since_taken(self) -> bool:
        return (
            self.state == self.State.TAKEN
            and self.taken_at is not None
            and self.updated_at > self.taken_at
        )

    @property
    def state_label(self) -> str:
        if self.is_updated_since_taken:
            return "Updated since taken"
        return self.get_state_display()

    @property
    def urgency_label(self) -> str:
        return urgency_label(self.urgency)

    @property
    def version_label(self) -> str:
        return ordinal(self.version_count) + " version"


def urgency_label(urgency: int | None) -> str:
    if urgency == 1:
        return "Flash"
    if urgency == 2:
        return "Urgent"
    return str(urgency) if urgency else ""


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class WireItemVersion(models.Model):
    """One copy the agency sent of an item, as parsed."""

    item = models.ForeignKey(
        WireItem, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    story = models.JSONField(help_text="The parsed agency story (WireStory.to_json).")
    copy_hash = models.CharField(max_length=64)
    agency_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The agency's own version number, if any."
    )
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["item", "number"]
        verbose_name = "wire item version"
        constraints = [
            models.UniqueConstraint(
                fields=["item", "number"], name="unique_wire_item_version"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="wire_item_version_from_one"
            ),
        ]
        indexes = [models.Index(fields=["item", "copy_hash"], name="wireversion_hash")]

    def __str__(self):
        return f"{ordinal(self.number)} version of “{self.item}”"
