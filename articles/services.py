"""State changes of stories. Views, admin actions and commands call these, nothing else.

Each service is keyword-only, atomic, checks the acting user's permission itself (so
a hidden button is never the only guard), validates the story and saves it.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Article

PUBLISH_PERMISSION = "articles.publish_article"

User = AbstractBaseUser | AnonymousUser


def can_publish(user: User | None) -> bool:
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def _require_publisher(user: User | None) -> None:
    if not can_publish(user):
        raise PermissionDenied("You do not have permission to publish stories.")


def check_publishable(article: Article) -> None:
    """Raise ValidationError listing what stops ``article`` from going out."""
    errors = []
    if not article.headline.strip():
        errors.append("The story has no headline.")
    if not article.paragraphs:
        errors.append("The story has no body text.")
    for placement in article.photo_placements.select_related("photo"):
        if not placement.photo.credit.strip():
            errors.append(
                f"The photo “{placement.photo}” has no credit line; "
                "add one before publishing."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def article_publish(*, article: Article, user: User | None, at=None) -> Article:
    """Publish ``article`` now, or at ``at`` (a future time schedules it).

    A story published before keeps its original publication time unless ``at`` is
    given. The embargo, if any, still holds: visibility is decided by
    ``Article.objects.published()``, not by this call.
    """
    _require_publisher(user)
    check_publishable(article)
    if at is not None:
        article.published_at = at
    elif article.published_at is None:
        article.published_at = timezone.now()
    article.status = Article.Status.PUBLISHED
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def article_unpublish(*, article: Article, user: User | None) -> Article:
    """Take a story back to draft: it leaves every public page at once."""
    _require_publisher(user)
    article.status = Article.Status.DRAFT
    article.full_clean()
    article.save()
    return article
