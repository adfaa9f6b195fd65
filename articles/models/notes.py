"""The desk's own traces on a story: internal notes, and who has it open.

Internal notes the desk leaves each other on a story.
A note is for the newsroom only: no public page, feed, sitemap, search or ninjs
document reads this table. Adding one is not an edit of the story (no new version),
so it never makes another editor's open form stale.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from .content import Article

NOTE_MAX_LENGTH = 2_000


class StoryNote(models.Model):
    """One note on a story: who wrote it, when, and what it says."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(validators=[MaxLengthValidator(NOTE_MAX_LENGTH)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "internal note"

    def __str__(self):
        return self.text[:60]


class StoryPresence(models.Model):
    """Someone has the story's form open: since when, and when their page last said
    so (it does every few seconds while open; see ``articles.presence``)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="presences"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "story open in a form"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="one_presence_per_user_and_story"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.article_id}"
