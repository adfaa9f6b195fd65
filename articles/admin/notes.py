"""The desk's own traces on a story: internal notes (the panel under the story form
and the view that adds one, ``articles.notes.note_add``); ``urls`` also mounts who
has it open (``.presence``) and its autosave (``.autosave``). Readers see none."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse

from ..models import StoryNote
from ..notes import note_add
from . import autosave, presence


def with_note_counts(queryset):
    """Stories with ``note_count``: a subquery per listed row, never a GROUP BY over
    the whole list (and Django's count of the list leaves it out)."""
    counts = (
        StoryNote.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        note_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
    )


def notes_view(request, model_admin, object_id):
    """POST: add the note typed under the story form; back to the form's notes."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = model_admin._story_or_404(request, object_id)
    try:
        note_add(article=article, user=request.user, text=request.POST.get("note", ""))
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(getattr(error, "messages", [str(error)]))
        model_admin.message_user(request, f"Note not added: {text}", messages.ERROR)
    else:
        model_admin.message_user(request, "Your note was added.", messages.SUCCESS)
    change = reverse("admin:articles_article_change", args=[article.pk])
    return HttpResponseRedirect(change + "#notes")


def urls(model_admin) -> list:
    """Mounted under the story admin (``ArticleAdmin.get_urls``)."""
    return [
        *presence.urls(model_admin),
        *autosave.urls(model_admin),
        path(
            "<path:object_id>/notes/",
            model_admin.admin_site.admin_view(
                lambda request, object_id: notes_view(request, model_admin, object_id)
            ),
            name="articles_article_notes",
        ),
    ]
