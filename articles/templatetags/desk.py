"""The desk's start page: the admin index opens on what needs the desk now.

``{% desk_lists %}`` draws, for the signed-in user, short lists with their counts and
a link to the whole list: the incoming wire, my drafts, stories submitted for
review, scheduled stories and the latest published. Each list is one count and one
page of at most five rows (ten queries in all, each on an index).
"""

from django import template
from django.urls import reverse
from django.utils import timezone

from ..models import Article, WireItem

register = template.Library()

Status = Article.Status
SHOWN = 5


def _box(title, queryset, *, whole, row):
    return {
        "title": title,
        "count": queryset.count(),
        "rows": [row(item) for item in queryset[:SHOWN]],
        "whole": whole,
    }


def _story(article):
    return {
        "text": article.headline,
        "url": reverse("admin:articles_article_change", args=[article.pk]),
        "when": article.published_at if article.status == Status.PUBLISHED else None,
    }


@register.inclusion_tag("admin/articles/_desk_lists.html", takes_context=True)
def desk_lists(context):
    user = context["request"].user
    now = timezone.now()
    stories = reverse("admin:articles_article_changelist")
    boxes = []
    if user.has_perm("articles.view_wireitem"):
        boxes.append(
            _box(
                "Incoming wire",
                WireItem.objects.filter(state=WireItem.State.NEW).order_by(
                    "-received_at", "-pk"
                ),
                whole=reverse("admin:articles_wireitem_changelist") + "?state=new",
                row=lambda item: {
                    "text": item.headline,
                    "url": reverse("admin:articles_wireitem_change", args=[item.pk]),
                    "when": item.received_at,
                },
            )
        )
    if user.has_perm("articles.view_article") or user.has_perm(
        "articles.change_article"
    ):
        mine = (
            Article.objects.filter(status=Status.DRAFT, revisions__user=user)
            .distinct()
            .order_by("-updated_at", "-pk")
        )
        boxes += [
            _box(
                "My drafts",
                mine,
                whole=stories + "?status__exact=draft",
                row=_story,
            ),
            _box(
                "Submitted for review",
                Article.objects.filter(status=Status.SUBMITTED).order_by(
                    "-updated_at", "-pk"
                ),
                whole=stories + "?status__exact=submitted",
                row=_story,
            ),
            _box(
                "Scheduled",
                Article.objects.filter(
                    status=Status.PUBLISHED, published_at__gt=now
                ).order_by("published_at", "pk"),
                whole=stories + "?publication=scheduled",
                row=_story,
            ),
            _box(
                "Recently published",
                Article.objects.published(now).order_by("-published_at", "-pk"),
                whole=stories + "?publication=live",
                row=_story,
            ),
        ]
    return {"boxes": boxes}
