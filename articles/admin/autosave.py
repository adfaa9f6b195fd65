"""Autosave in the story form: the view the open form posts its fields to, the
one-click discard, the "Restore your unsaved changes from 10:42 UTC" offer and the
restored form (``articles.autosave`` keeps the data).

A restored form is the story form with the autosaved fields as its initial values
and the version the autosave was made from as its ``lock_version``: saving it goes
through the same stale-save check as any form, which shows what someone else saved
since beside the restored text and refuses to store until the editor has seen it.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.urls import path, reverse

from .. import services
from ..autosave import autosave_discard, autosave_offered, autosave_store
from ..times import when_short

RESTORE = "autosave"  # ?autosave=restore on the change form's address
NO_STORE = {"Cache-Control": "no-store"}


def _widget(field):
    return getattr(field.widget, "widget", field.widget)  # the admin's wrapper


def form_keys(form_class) -> set[str]:
    """The names the story form's own fields post under (a split date and time
    posts two); inline rows, buttons and the CSRF token are not among them."""
    keys = set()
    for name, field in form_class.base_fields.items():
        widget = _widget(field)
        if isinstance(widget, forms.MultiWidget):
            keys.update(name + suffix for suffix in widget.widgets_names)
        else:
            keys.add(name)
    return keys - {"lock_version"}


def autosave_view(request, model_admin, object_id):
    """POST from an open story form: keep its fields. ``discard`` forgets them."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = model_admin._story_or_404(request, object_id)
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    try:
        based_on = int(request.POST.get("lock_version", ""))
    except ValueError:
        return HttpResponseBadRequest(
            "The form did not say which version of the story it was made from."
        )
    keys = form_keys(model_admin.get_form(request, article))
    data = {key: request.POST.getlist(key) for key in request.POST if key in keys}
    try:
        saved = autosave_store(
            article=article, user=request.user, data=data, based_on=based_on
        )
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    return JsonResponse(
        {"saved": f"Unsaved changes kept at {when_short(saved.saved_at)}."},
        headers=NO_STORE,
    )


def discard_view(request, model_admin, object_id):
    """POST: forget this editor's autosave of the story; back to the story form
    (or, from the form's script, just done)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = model_admin._story_or_404(request, object_id)
    had_one = autosave_discard(article=article, user=request.user)
    if request.headers.get("Accept") == "application/json":
        return HttpResponse(status=204)
    if had_one:
        model_admin.message_user(
            request, "Your unsaved changes were discarded.", messages.SUCCESS
        )
    return HttpResponseRedirect(
        reverse("admin:articles_article_change", args=[article.pk])
    )


def restored_initial(form, saved) -> dict:
    """The form's initial values from an autosave: each field as its widget reads
    the posted data, and the version the autosave was made from."""
    initial = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if name == "lock_version" or field.widget.value_omitted_from_data(
            saved.data, {}, key
        ):
            continue
        initial[name] = field.widget.value_from_datadict(_Lists(saved.data), {}, key)
    initial["lock_version"] = saved.based_on
    return initial


class _Lists(dict):
    """Stored {name: [values]} read as a QueryDict: ``get`` the last, ``getlist``
    all (what widgets ask of posted data)."""

    def get(self, key, default=None):
        values = super().get(key)
        return values[-1] if values else default

    def getlist(self, key):
        return list(super().get(key) or [])


def restoring_form(form_class, request, article):
    """``form_class``, or, on ``?autosave=restore`` with an autosave to restore, a
    form that opens with it (``ArticleAdmin.get_form``)."""
    if (
        article is None
        or request.method != "GET"
        or request.GET.get(RESTORE) != "restore"
    ):
        return form_class
    saved = autosave_offered(article, request.user)
    if saved is None:
        return form_class

    class RestoredForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if not self.is_bound:
                self.initial.update(restored_initial(self, saved))

    RestoredForm.__name__ = form_class.__name__
    return RestoredForm


def context(request, article) -> dict:
    """What the story form shows of its editor's autosave: the offer to restore it,
    or, once restored, what happened to the story since it was made."""
    change = reverse("admin:articles_article_change", args=[article.pk])
    found = {
        "autosave_url": reverse("admin:articles_article_autosave", args=[article.pk]),
        "autosave_discard_url": reverse(
            "admin:articles_article_autosave_discard", args=[article.pk]
        ),
        "autosave_every": settings.NEWSROOM_AUTOSAVE_SECONDS,
    }
    saved = autosave_offered(article, request.user)
    if saved is None:
        return found
    since = (
        services.describe_saves(services.saves_since(article, saved.based_on))
        if article.lock_version != saved.based_on
        else ""
    )
    restoring = request.GET.get(RESTORE) == "restore"
    return {
        **found,
        "autosave_restored": restoring,
        "autosave_offer": not restoring,
        "autosave_time": when_short(saved.saved_at),
        "autosave_restore_url": f"{change}?{RESTORE}=restore",
        "autosave_since": since,
    }


def urls(model_admin) -> list:
    def view(function, route, name):
        return path(
            f"<path:object_id>/{route}/",
            model_admin.admin_site.admin_view(
                lambda request, object_id: function(request, model_admin, object_id)
            ),
            name=name,
        )

    return [
        view(autosave_view, "autosave", "articles_article_autosave"),
        view(discard_view, "autosave/discard", "articles_article_autosave_discard"),
    ]
