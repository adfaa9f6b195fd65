"""What the agency sent, kept beside the story the desk makes of it.

``WireCopy`` records, per imported story, the fingerprint of the wire copy as it was
written into the story (so a later agency version can tell whether an editor has
touched it), the photos the agency described and the things the parser was unsure of.
``WireUpdate`` holds a newer agency version of an edited story until an editor merges
or dismisses it: ingest never overwrites an editor's work.
"""

from django.db import models

from .content import Article


class WireCopyManager(models.Manager):
    def get_by_natural_key(self, article_guid):
        return self.get(article__guid=article_guid)


class WireCopy(models.Model):
    """The agency's copy of a story, as last written into it by ingest."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="wire_copy"
    )
    source_format = models.CharField(max_length=20)
    copy_hash = models.CharField(
        max_length=64,
        help_text="Fingerprint of the wire copy fields as ingest last wrote them.",
    )
    story = models.JSONField(
        default=dict, help_text="The parsed agency story, as ingest received it."
    )
    photos = models.JSONField(
        "photos the agency sent",
        default=list,
        blank=True,
        help_text="Pictures described by the agency (caption, credit, link).",
    )
    unsure = models.JSONField(
        "parser notes",
        default=list,
        blank=True,
        help_text="What the parser had to guess; check these before publishing.",
    )
    received_at = models.DateTimeField(auto_now=True)

    objects = WireCopyManager()

    class Meta:
        verbose_name = "wire copy"
        verbose_name_plural = "wire copies"

    def __str__(self):
        return f"Wire copy of “{self.article}”"

    def natural_key(self):
        # One per story: fixtures name it by its story, never by a row id another
        # database may give a different story's copy.
        return self.article.natural_key()

    natural_key.dependencies = ["articles.article"]


class WireUpdate(models.Model):
    """A newer agency version of a story an editor has changed, waiting for them."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        MERGED = "merged", "Merged"
        DISMISSED = "dismissed", "Dismissed"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="wire_updates"
    )
    version = models.PositiveBigIntegerField("agency version")
    story = models.JSONField(help_text="The parsed agency story of this version.")
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    received_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = "pending wire update"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "version"], name="unique_wire_update_version"
            )
        ]

    def __str__(self):
        return f"Agency version {self.version} of “{self.article}”"
