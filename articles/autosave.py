"""Autosave: what an editor types into a story's form is kept every few seconds, so
a closed tab or a crashed browser loses nothing.

The open form posts its own fields (``articles/static/articles/admin/autosave.js``)
while they differ from what it was opened with; ``autosave_store`` keeps the latest
post per story and editor as a ``StoryAutosave``. That is not a save of the story:
no version, no revision, no reader ever sees it. Reopening the story offers to
restore it; a restored form carries the version the autosave was based on, so the
usual stale-save check (``articles.admin.stories.ArticleAdminForm``) shows anything
someone else saved since beside the restored text before anything is stored.

An autosave older than its editor's last save of the story is what that save
stored (or what they chose to leave): it is dropped rather than offered. So is
one that arrived just after that save with the very content it stored (the admin
compares the content: ``articles.admin.autosave``).

A story not saved yet has an autosave too (``article=None``, one per editor),
offered on their next "Add story" and dropped once they add a story.
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Article, ArticleRevision, StoryAutosave

# A form's own fields are a few kilobytes; a story body is at most a few hundred.
MAX_VALUE_CHARS = 500_000


def autosave_store(
    *,
    article: Article | None,
    user: AbstractBaseUser,
    data: dict[str, list[str]],
    based_on: int,
    now: datetime | None = None,
) -> StoryAutosave:
    """Keep ``data`` (field name → posted values) as ``user``'s autosave of
    ``article`` (None: the story they are adding), made from the form of version
    ``based_on``; the previous one goes."""
    if based_on < 0:
        raise ValidationError("The form's version is not a version of this story.")
    if sum(len(v) for values in data.values() for v in values) > MAX_VALUE_CHARS:
        raise ValidationError("The form is too long to be autosaved.")
    values = {"data": data, "based_on": based_on, "saved_at": now or timezone.now()}
    try:
        with transaction.atomic():
            saved, _ = StoryAutosave.objects.update_or_create(
                article=article, user=user, defaults=values
            )
    except IntegrityError:  # two tabs of one editor, at the same moment
        saved = StoryAutosave.objects.get(article=article, user=user)
        for name, value in values.items():
            setattr(saved, name, value)
        saved.save()
    return saved


def autosave_discard(*, article: Article | None, user: AbstractBaseUser) -> bool:
    """Forget ``user``'s autosave of ``article`` (None: of the story they are
    adding); whether there was one."""
    deleted, _ = StoryAutosave.objects.filter(article=article, user=user).delete()
    return bool(deleted)


def autosave_offered(
    article: Article | None, user: AbstractBaseUser
) -> StoryAutosave | None:
    """``user``'s autosave of ``article`` worth restoring: none once they saved the
    story after it (that save took or replaced what it held), which is dropped.
    ``article`` None: the autosave of the story they were adding."""
    saved = StoryAutosave.objects.filter(article=article, user=user).first()
    if saved is None or article is None:
        return saved
    saved_since = ArticleRevision.objects.filter(
        article=article, user=user, created_at__gte=saved.saved_at
    ).exists()
    if saved_since:
        saved.delete()
        return None
    return saved
