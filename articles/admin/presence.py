"""Who has a story open, for the story form: the view an open form reports to
every few seconds, and "Take over" (``articles.presence``). Mounted with the
desk's other story views by ``articles.admin.notes.urls``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse

from ..presence import (
    describe,
    others_present,
    presence_mark,
    presence_take_over,
    taken_over_text,
)

NO_STORE = {"Cache-Control": "no-store"}


def presence_view(request, model_admin, object_id):
    """POST from an open story form: still open. Answers who else has it open and,
    if someone took the story over from this editor, who and when."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = model_admin._story_or_404(request, object_id)
    mine = presence_mark(article=article, user=request.user, opening=False)
    return JsonResponse(
        {
            "others": describe(others_present(article, request.user)),
            "taken_over": taken_over_text(mine),
        },
        headers=NO_STORE,
    )


def take_over_view(request, model_admin, object_id):
    """POST: this editor takes the story over; the others' forms are told. From
    the form's script the answer is JSON; without it, back to the form."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = model_admin._story_or_404(request, object_id)
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    others = presence_take_over(article=article, user=request.user)
    names = ", ".join(p.user.get_full_name() or p.user.get_username() for p in others)
    said = (
        f"You took this story over from {names}; they are told on their screen."
        if others
        else "Nobody else has this story open now: it is yours to edit."
    )
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"said": said}, headers=NO_STORE)
    model_admin.message_user(request, said, messages.SUCCESS)
    return HttpResponseRedirect(
        reverse("admin:articles_article_change", args=[article.pk])
    )


def urls(model_admin) -> list:
    def view(function, name):
        return path(
            f"<path:object_id>/{name}/",
            model_admin.admin_site.admin_view(
                lambda request, object_id: function(request, model_admin, object_id)
            ),
            name=f"articles_article_{name.replace('-', '_')}",
        )

    return [view(presence_view, "presence"), view(take_over_view, "take-over")]
