"""Tag merging: folding duplicate tags into one, their addresses kept as redirects."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from taggit.models import Tag

from .models import TaggedArticle, TagRedirect
from .receivers import stories_changed
from .text import check_fields, tidy_tag_names

User = AbstractBaseUser | AnonymousUser


def _refuse(message: str):
    raise ValidationError(message)


MERGE_TAGS_PERMISSIONS = ("taggit.change_tag", "articles.change_taggedarticle")


def can_merge_tags(user: User | None) -> bool:
    return user is not None and user.has_perms(MERGE_TAGS_PERMISSIONS)


@transaction.atomic
def tags_merge(*, tags: Iterable[Tag], into: str, user: User | None) -> Tag:
    """Fold ``tags`` into the tag named ``into`` (found ignoring letter case, or
    made): every story carrying one of them carries that tag instead, once, and
    the folded tags are removed, their addresses answering 301 to the tag kept. The
    stories are re-indexed for search and cached pages retire, as after a save.
    Returns the tag kept."""
    if not can_merge_tags(user):
        raise PermissionDenied("You do not have permission to merge tags.")
    (name,) = tidy_tag_names([into]) or [""]
    if not name:
        _refuse("Name the tag to keep.")
    target = Tag.objects.filter(name__iexact=name).first()
    if target is None:
        target = Tag(name=name)
        check_fields(target, "name")
        target.save()  # taggit derives a free slug
    folded = [tag.pk for tag in tags if tag.pk != target.pk]
    links = TaggedArticle.objects.filter(tag_id__in=folded)
    stories = set(links.values_list("content_object_id", flat=True))
    # Each story keeps one link to the tag kept: its own, else its oldest folded one.
    links.filter(content_object__tagged_items__tag=target).delete()
    oldest = links.values("content_object_id").annotate(first=Min("pk"))
    links.exclude(pk__in=oldest.values("first")).delete()
    links.update(tag=target)
    # Their addresses lead to the tag kept, and so do any that led to them.
    TagRedirect.objects.filter(tag_id__in=folded).update(tag=target)
    TagRedirect.objects.filter(old_slug=target.slug).delete()
    gone = [TagRedirect(old_slug=t.slug, tag=target) for t in tags if t.pk in folded]
    TagRedirect.objects.bulk_create(gone, ignore_conflicts=True)
    Tag.objects.filter(pk__in=folded).delete()
    if stories:
        stories_changed(sorted(stories))
    return target
