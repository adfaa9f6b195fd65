"""The story's workflow buttons, each its own view: submit, publish, send back to
draft (unpublish), correct. Kill has its own page (``story_views``).

A button sits in the story form's submit row and posts the form to its own
address (``formaction``). Its view first has the change form save the edits
(the change form only saves: invalid input comes back with its errors and nothing
changes), then runs the state change through its service and says what happened.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse

from .. import services
from ..body_render import unpublished_links_note
from ..copy_dates import dateline_time
from ..models import Article

Status = Article.Status


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You do not have permission to do that."


@dataclass(frozen=True)
class Action:
    name: str  # its address (…/<id>/<name>/) and button ("_<name>")
    done: str  # "“…” was <done>."
    service: object

    @property
    def button(self) -> str:
        return f"_{self.name}"

    @property
    def url_name(self) -> str:
        return f"articles_article_{self.name}"


ACTIONS = {
    action.name: action
    for action in (
        Action("submit", "submitted", services.article_submit),
        Action("publish", "published", services.article_publish),
        Action("unpublish", "moved back to draft", services.article_unpublish),
        Action("correct", "corrected", services.article_correct),
    )
}


class WorkflowButtonsMixin:
    """For the story admin: the buttons this user may press on this story, and
    one view per button."""

    def workflow_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                f"<path:object_id>/{name}/",
                view(self.workflow_view),
                {"action": name},
                name=action.url_name,
            )
            for name, action in ACTIONS.items()
        ]

    def workflow_buttons(self, request, article) -> list[tuple[str, str, str]]:
        """(button name, label, address) of each button shown on ``article``."""
        user = request.user
        names = []
        if article is None:
            pass
        elif article.status == Status.DRAFT:
            if services.can_edit(user, article):
                names.append(("submit", "Save and submit"))
            if services.can_publish(user):
                names.append(("publish", "Save and publish"))
        elif article.status == Status.SUBMITTED and services.can_publish(user):
            names += [
                ("publish", "Save and publish"),
                ("unpublish", "Save and send back to draft"),
            ]
        elif article.status == Status.PUBLISHED and services.can_publish(user):
            # A story not yet public (scheduled, embargoed) is simply edited.
            if article.is_published():
                names.append(("correct", "Save and correct"))
            names.append(("unpublish", "Save and unpublish"))
        return [
            (
                ACTIONS[name].button,
                label,
                reverse(f"admin:{ACTIONS[name].url_name}", args=[article.pk]),
            )
            for name, label in names
        ]

    def pressed(self, request) -> str | None:
        """The workflow button whose view this request is, if any."""
        match = request.resolver_match
        url_name = match.url_name if match else None
        return next((n for n, a in ACTIONS.items() if a.url_name == url_name), None)

    def workflow_view(self, request, object_id, action):
        """Save the form as the change form does, then press the button."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        # Shown again (errors), the form's own Save posts to the change form.
        change_url = reverse("admin:articles_article_change", args=[object_id])
        saved = self.change_view(request, object_id, form_url=change_url)
        article = self.get_object(request, unquote(object_id))
        if saved.status_code != 302 or article is None:
            return saved  # the form with its errors, a refusal, or no such story
        self._press(request, article, ACTIONS[action])
        # Stay on the story, so the editor sees its new state and "View on site".
        return HttpResponseRedirect(change_url)

    def response_change(self, request, obj):
        if self.pressed(request):
            # Saved on the way to a state change: its view says what happened.
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def _press(self, request, article, action: Action) -> None:
        """Run the state change, after the form was saved. What the form checked
        (the correction note, the date of old copy) is read as posted."""
        kwargs = {}
        if action.service is services.article_correct:
            kwargs["note"] = request.POST.get("correction_note", "")
        if (
            action.service is services.article_publish
            and request.POST.get("old_copy") == "dateline"
        ):
            kwargs["at"] = dateline_time(article, article.dateline_date)
        try:
            action.service(article=article, user=request.user, **kwargs)
        except (ValidationError, PermissionDenied, services.EditConflict) as error:
            self.message_user(
                request,
                f"Your changes were saved, but the story was not {action.done}: "
                f"{error_text(error)}",
                messages.ERROR,
            )
        else:
            # "was published" already says it; a scheduled or embargoed story says
            # when readers will see it.
            state = article.state_label()
            then = "" if state.lower() == action.done else f" {state}."
            self.message_user(
                request, f"“{article}” was {action.done}.{then}", messages.SUCCESS
            )
            if note := unpublished_links_note(article.body):
                self.message_user(request, note, messages.WARNING)
