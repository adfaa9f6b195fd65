"""The service for internal notes on a story (``StoryNote``).

Anyone on the desk who may read a story in the admin may leave a note on it, in any
state: a reporter on a published story, an editor on a killed one. A note is not an
edit of the story, so it takes no version and never clashes with someone's form.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .models import Article, StoryNote
from .models.notes import NOTE_MAX_LENGTH
from .text import lf


@transaction.atomic
def note_add(*, article: Article, user: AbstractBaseUser, text: str) -> StoryNote:
    """Leave ``text`` as a note on ``article``, signed by ``user``."""
    if not (
        user.has_perm("articles.view_article")
        or user.has_perm("articles.change_article")
    ):
        raise PermissionDenied("You may not read this story, so you cannot note it.")
    text = lf(text or "").strip()
    if not text:
        raise ValidationError("Write the note first.")
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            f"A note holds at most {NOTE_MAX_LENGTH} characters; this one has "
            f"{len(text)}. Nothing was saved."
        )
    return StoryNote.objects.create(article=article, author=user, text=text)
