"""What happens when content changes: the search index follows, cached pages retire.

Connected in ``ArticlesConfig.ready``. Every save and delete of a story or of
anything shown with it (photos, people, tags, agencies, the links between them)
counts, wherever it comes from — admin, services, shell, ``loaddata`` — as does the
workflow's ``content_changed`` signal.
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from taggit.models import Tag

from . import caching, search
from .models import (
    Agency,
    Arrangement,
    ArrangementSlot,
    Article,
    ArticlePerson,
    ArticlePhoto,
    Banner,
    Person,
    Photo,
    Section,
    TaggedArticle,
)
from .signals import content_changed


def _deleting_a_story(origin) -> bool:
    """True when a row goes because its story is being deleted (the story's own
    post_delete removes the index row; no need to index it on the way out)."""
    if isinstance(origin, Article):
        return True
    return isinstance(origin, QuerySet) and origin.model is Article


def stories_changed(article_ids) -> None:
    """What a save of each of these stories does: the search index takes them (and
    their people, tags and photos) afresh, cached pages retire. Also called by
    writers that save no model (the wire importer's ``bulk_create``), so that they
    stay in step with the receivers."""
    search.reindex(article_ids)
    caching.note_change()


def story_saved(sender, instance, **kwargs):
    stories_changed([instance.pk])


def story_deleted(sender, instance, **kwargs):
    search.remove([instance.pk])
    caching.note_change()


def link_changed(sender, instance, origin=None, **kwargs):
    """A photo, person or tag placed in a story, or taken out of it."""
    if not _deleting_a_story(origin):
        article_id = (
            instance.content_object_id
            if isinstance(instance, TaggedArticle)
            else instance.article_id
        )
        search.reindex([article_id])
    caching.note_change()


def shared_item_changed(sender, instance, **kwargs):
    """A photo, person or tag whose text appears in every story that uses it."""
    if kwargs.get("signal") is post_save:
        if isinstance(instance, Photo):
            ids = ArticlePhoto.objects.filter(photo=instance).values_list(
                "article_id", flat=True
            )
        elif isinstance(instance, Person):
            # In the story, or as the photographer of one of its pictures.
            ids = [
                *ArticlePerson.objects.filter(person=instance).values_list(
                    "article_id", flat=True
                ),
                *ArticlePhoto.objects.filter(photo__photographer=instance).values_list(
                    "article_id", flat=True
                ),
            ]
        else:
            ids = TaggedArticle.objects.filter(tag=instance).values_list(
                "content_object_id", flat=True
            )
        search.reindex(ids)
    caching.note_change()


def anything_changed(sender, **kwargs):
    caching.note_change()


def content_changed_received(sender, article=None, saved=False, **kwargs):
    # The services send it after their commit with saved=True: their saves' own
    # receivers (above) already indexed the story and retired the pages, and doing
    # it again would re-read the schedule for nothing. A sender that saved nothing
    # through the models still retires the cache here.
    if not saved:
        caching.note_change()


def connect() -> None:
    uid = "articles.receivers"
    post_save.connect(story_saved, sender=Article, dispatch_uid=f"{uid}.story")
    post_delete.connect(story_deleted, sender=Article, dispatch_uid=f"{uid}.story")
    for model in (ArticlePhoto, ArticlePerson, TaggedArticle):
        for signal in (post_save, post_delete):
            signal.connect(
                link_changed, sender=model, dispatch_uid=f"{uid}.link.{model.__name__}"
            )
    for model in (Photo, Person, Tag):
        for signal in (post_save, post_delete):
            signal.connect(
                shared_item_changed,
                sender=model,
                dispatch_uid=f"{uid}.shared.{model.__name__}",
            )
    # Agencies, and what every page shows around the stories (articles.front).
    for model in (Agency, Section, Banner, Arrangement, ArrangementSlot):
        for signal in (post_save, post_delete):
            signal.connect(
                anything_changed,
                sender=model,
                dispatch_uid=f"{uid}.front.{model.__name__}",
            )
    content_changed.connect(content_changed_received, dispatch_uid=f"{uid}.changed")
