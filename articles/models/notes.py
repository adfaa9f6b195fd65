"""Internal notes the desk leaves each other on a story.

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
