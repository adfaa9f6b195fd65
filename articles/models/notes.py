"""The desk's own traces on a story: internal notes, who has it open, and the
autosaved text of a form not yet saved.

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
    # Someone else pressed "Take over" while this form was open: this editor's next
    # report learns who and when (``articles.presence.presence_take_over``).
    taken_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    taken_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "story open in a form"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="one_presence_per_user_and_story"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.article_id}"


class StoryAutosave(models.Model):
    """What one editor had typed into a story's form, kept every few seconds until
    they save it (``articles.autosave``).

    Not a revision and not a version: the story's ``lock_version`` and history are
    untouched, so another editor's save is never refused because of it, and no
    reader-facing code reads this table. ``based_on`` is the story's version the
    form was opened at, so a restored form goes through the usual stale-save check.
    A story not saved yet (the "Add story" form) has no article: one such autosave
    per editor, offered on their next "Add story".
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="autosaves", null=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The form's fields and its photo and people rows as posted, each a list of
    # values: {"headline": ["…"], "person_roles-0-role": ["quoted"]}.
    data = models.JSONField()
    based_on = models.PositiveIntegerField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "autosaved story form"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="one_autosave_per_user_and_story"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article__isnull=True),
                name="one_new_story_autosave_per_user",
            ),
        ]

    def __str__(self):
        return f"{self.user} on {self.article_id} at {self.saved_at}"
