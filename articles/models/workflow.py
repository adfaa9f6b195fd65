"""The desk's record of a story: revisions, corrections, old addresses, audit log.

Rows here are written by ``articles.services`` only; the admin shows them read-only.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ..text import CleanInputMixin
from .content import SLUG_MAX_LENGTH, Article


class ArticleRevision(models.Model):
    """One save of a story: who, when, what changed, and the whole story as it was.

    ``data`` is a JSON snapshot of the story's fields, tags, people and photos (see
    ``articles.services.snapshot``), enough to show a diff and to restore it.
    ``version`` is the story's ``lock_version`` right after that save, which lets an
    editor whose form is stale be told exactly which saves they missed.
    """

    class Action(models.TextChoices):
        BASELINE = "baseline", "First recorded state"
        CREATED = "created", "Created"
        EDITED = "edited", "Edited"
        SUBMITTED = "submitted", "Submitted"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Back to draft"
        CORRECTED = "corrected", "Corrected"
        KILLED = "killed", "Killed"
        RESTORED = "restored", "Restored"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    changed_fields = models.JSONField(default=list, blank=True)
    data = models.JSONField()
    restored_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "version"], name="unique_revision_per_version"
            )
        ]

    def __str__(self):
        return f"{self.article} — revision {self.version}"


class Correction(CleanInputMixin, models.Model):
    """A correction note appended to a published story and shown to readers."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections"
    )
    note = models.TextField(help_text="What was wrong and what is right now.")
    created_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    text_limits = {"note": 2_000}

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.note[:80]


class ArticleRedirect(models.Model):
    """An address a published story had before its slug changed (answers 301)."""

    old_slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="old_addresses"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "old story address"
        verbose_name_plural = "old story addresses"

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class TagRedirect(models.Model):
    """The address of a tag merged into another (answers 301 to the tag kept)."""

    old_slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    tag = models.ForeignKey(
        "taggit.Tag", on_delete=models.CASCADE, related_name="old_addresses"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "old tag address"
        verbose_name_plural = "old tag addresses"

    def __str__(self):
        return f"{self.old_slug} → {self.tag.slug}"


class AuditEntry(models.Model):
    """Who did what and when: state changes of stories and changes of desk roles.

    The acting user's name and the story's headline are copied in, so the record
    still reads right after a user or a story is deleted.
    """

    class Action(models.TextChoices):
        SUBMIT = "submit", "Submitted"
        PUBLISH = "publish", "Published"
        UNPUBLISH = "unpublish", "Back to draft"
        UPDATE = "update", "Updated while published"
        CORRECT = "correct", "Corrected"
        KILL = "kill", "Killed"
        RESTORE = "restore", "Restored a revision"
        ROLES = "roles", "Changed roles"
        LIBRARY = "library", "Changed a person, agency, tag or photo"
        FRONT = "front", "Changed a banner, section or arrangement"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField("by", max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    subject = models.CharField(
        max_length=300, help_text="The story's headline or the user or group changed."
    )
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "audit entry"
        verbose_name_plural = "audit log"

    def __str__(self):
        return f"{self.get_action_display()}: {self.subject}"
