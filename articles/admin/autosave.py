"""Autosave in the story form: the view the open form posts its fields to, the
one-click discard, the "Restore your unsaved changes from 10:42 UTC" offer and the
restored form (``articles.autosave`` keeps the data).

A restored form is the story form with the autosaved fields as its initial values
and the version the autosave was made from as its ``lock_version``. It shows the
typed text, not the story, so it posts no shown values: saving it goes through the
same stale-save check as any form (``merging``), with the story's revision at that
version as what the editor saw; it shows what someone else saved since beside the
restored text and refuses to store until the editor has seen it.
The photo and people rows are kept with the fields and restored as posted rows.
The "Add story" form has its autosave too (``object_id`` None in the views).
"""

import re

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
    QueryDict,
)
from django.urls import path, reverse
from django.utils.datastructures import MultiValueDict

from .. import services
from ..autosave import autosave_discard, autosave_offered, autosave_store
from ..models import ArticlePerson, ArticlePhoto, ArticleRevision
from ..text import lf
from ..times import when_short

RESTORE = "autosave"  # ?autosave=restore on the change form's address
NO_STORE = {"Cache-Control": "no-store"}
# The rows of the form kept with it: the story's photos (caption, credit, alt
# text, position) and people (person, role, position). Uploads wait for a real
# save; corrections and the agency's copy are not typed into rows of this form.
AUTOSAVED_ROWS = (ArticlePhoto, ArticlePerson)
# What a story being added is told apart by from the one its editor added last.
NEW_STORY_TEXT = ("headline", "dek", "byline", "body", "dateline_place")
MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


def _widget(field):
    return getattr(field.widget, "widget", field.widget)  # the admin's wrapper


def form_keys(form_class) -> set[str]:
    """The names the story form's own fields post under (a split date and time
    posts two); inline rows, buttons and the CSRF token are not among them."""
    keys = set()
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.FileField):
            continue
        widget = _widget(field)
        if isinstance(widget, forms.MultiWidget):
            keys.update(name + suffix for suffix in widget.widgets_names)
        else:
            keys.add(name)
    return keys - {"lock_version"}


def row_formsets(model_admin, request, article) -> list:
    """(prefix, FormSet, inline) of the form's autosaved rows (see AUTOSAVED_ROWS);
    ``article`` None for the "Add story" form."""
    found = (
        model_admin.get_formsets_with_inlines(request, article)
        if article is not None
        else model_admin.get_formsets_with_inlines(request)
    )
    return [
        (FormSet.get_default_prefix(), FormSet, inline)
        for FormSet, inline in found
        if inline.model in AUTOSAVED_ROWS
    ]


def row_keys(formsets) -> re.Pattern:
    """The names the autosaved rows post under: their management form, each row's
    fields, and the value each row showed (``initial-…``, which the rows' check
    for edits made meanwhile reads on save)."""
    patterns = []
    for prefix, FormSet, _ in formsets:
        names = {
            name
            for name, field in FormSet.form.base_fields.items()
            if not isinstance(field, forms.FileField)
        } | {"id", FormSet.fk.name, "DELETE"}
        fields = "|".join(re.escape(name) for name in sorted(names))
        patterns.append(
            rf"(?:initial-)?{re.escape(prefix)}-(?:{'|'.join(MANAGEMENT)}|\d+-(?:{fields}))"
        )
    return re.compile("|".join(patterns) or "(?!)")


def autosave_view(request, model_admin, object_id=None):
    """POST from an open story form (``object_id`` None: the "Add story" form):
    keep its fields and rows. ``discard`` forgets them."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if object_id is None:
        article = None
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
    else:
        article = model_admin._story_or_404(request, object_id)
        if not model_admin.has_change_permission(request, article):
            raise PermissionDenied
    try:
        # A story not added yet has no version: its autosave is based on none.
        based_on = int(request.POST.get("lock_version", "")) if article else 0
    except ValueError:
        return HttpResponseBadRequest(
            "The form did not say which version of the story it was made from."
        )
    form_class = model_admin.get_form(request, article)
    formsets = row_formsets(model_admin, request, article)
    keys, rows = form_keys(form_class), row_keys(formsets)
    data = {
        key: request.POST.getlist(key)
        for key in request.POST
        if key in keys or rows.fullmatch(key)
    }
    if (article is None and added_already(request, data, form_class)) or (
        article is not None
        and based_on < article.lock_version
        and nothing_new(request, article, data, form_class, formsets)
    ):
        # A post from before a save arriving after it, holding what that save
        # stored (or the text of the story just added): nothing to keep, and any
        # older autosave went with the save.
        autosave_discard(article=article, user=request.user)
        return HttpResponse(status=204)
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


def discard_view(request, model_admin, object_id=None):
    """POST: forget this editor's autosave of the story (or of the story they were
    adding); back to its form (or, from the form's script, just done)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if object_id is None:
        article, back = None, reverse("admin:articles_article_add")
    else:
        article = model_admin._story_or_404(request, object_id)
        back = reverse("admin:articles_article_change", args=[article.pk])
    had_one = autosave_discard(article=article, user=request.user)
    if request.headers.get("Accept") == "application/json":
        return HttpResponse(status=204)
    if had_one:
        model_admin.message_user(
            request, "Your unsaved changes were discarded.", messages.SUCCESS
        )
    return HttpResponseRedirect(back)


def _posted(data) -> QueryDict:
    """Stored {name: [values]} as the posted data a form reads."""
    posted = QueryDict(mutable=True)
    for key, values in data.items():
        posted.setlist(key, list(values))
    return posted


def _differs(form) -> bool:
    """Whether a form bound to autosaved data holds anything but what its object
    holds as stored. Against the stored value, not against what the form once
    showed (``initial-…``, which Django's ``changed_data`` would read), line breaks
    as LF (a browser posts CRLF)."""
    return any(
        field.has_changed(lf(form[name].initial), lf(form[name].data))
        for name, field in form.fields.items()
        if name != "lock_version"
    )


def nothing_new(request, article, data, form_class, formsets) -> bool:
    """Whether autosaved ``data`` holds exactly what ``article`` holds now: the
    story's fields, and each autosaved set of rows (no row added or removed)."""
    posted = _posted(data)
    if _differs(form_class(posted, MultiValueDict(), instance=article)):
        return False
    for prefix, FormSet, inline in formsets:
        if f"{prefix}-TOTAL_FORMS" not in posted:
            continue
        rows = FormSet(
            data=posted,
            files=MultiValueDict(),
            instance=article,
            prefix=prefix,
            queryset=inline.get_queryset(request),
        )
        if not rows.management_form.is_valid() or any(
            _differs(row) for row in rows.forms
        ):
            return False
    return True


def added_already(request, data, form_class) -> bool:
    """Whether a new story's autosave holds the text of the story its editor
    added last (posted just as they pressed Save, arriving after it): then there
    is nothing to offer. Compared as the save cleans it (the body's markup)."""
    added = (
        ArticleRevision.objects.filter(user=request.user, version=1)
        .select_related("article")
        .order_by("-created_at")
        .first()
    )
    if added is None:
        return False
    form = form_class(_posted(data), MultiValueDict(), instance=added.article)
    for name in NEW_STORY_TEXT:
        if name not in form.fields:
            continue
        field = form.fields[name]
        try:
            value = field.clean(form[name].data)
        except ValidationError:
            return False
        if field.has_changed(lf(form[name].initial), lf(value)):
            return False
    return True


def offered(model_admin, request, article, form_class=None):
    """The editor's autosave of ``article`` (None: of the story they were adding)
    to offer back, once per request. One holding exactly what the story holds
    now (say, posted just as its editor saved) has nothing to restore: dropped."""
    cache = getattr(request, "newsroom_autosaves", None)
    if cache is None:
        cache = request.newsroom_autosaves = {}
    key = article.pk if article is not None else None
    if key not in cache:
        if form_class is None:
            form_class = model_admin.get_form(request, article)  # may fill the cache
        if key not in cache:
            saved = autosave_offered(article, request.user)
            if saved is None:
                pass
            elif article is None:
                if added_already(request, saved.data, form_class):
                    saved.delete()
                    saved = None
            elif nothing_new(
                request,
                article,
                saved.data,
                form_class,
                row_formsets(model_admin, request, article),
            ):
                saved.delete()
                saved = None
            cache[key] = saved
    return cache[key]


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


def restoring_form(form_class, request, article, model_admin):
    """``form_class``, or, on ``?autosave=restore`` with an autosave to restore, a
    form that opens with it (``ArticleAdmin.get_form``; ``article`` None on the
    "Add story" form)."""
    if request.method != "GET":
        return form_class
    saved = offered(model_admin, request, article, form_class)
    if saved is None or request.GET.get(RESTORE) != "restore":
        return form_class

    class RestoredForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if not self.is_bound:
                self.initial.update(restored_initial(self, saved))
                for field in self.fields.values():  # it shows the typed text
                    field.show_hidden_initial = False

    RestoredForm.__name__ = form_class.__name__
    return RestoredForm


def restoring_rows(kwargs, request, obj, inline, prefix, model_admin) -> dict:
    """The keyword arguments of one inline formset (``get_formset_kwargs``); on
    ``?autosave=restore``, the autosaved rows, as posted, for the autosaved sets.
    Bound, they show what the editor had typed (and what each row showed then, so
    a save still takes in what someone else changed in a row meanwhile)."""
    if (
        request.method != "GET"
        or request.GET.get(RESTORE) != "restore"
        or inline.model not in AUTOSAVED_ROWS
    ):
        return kwargs
    article = obj if obj is not None and obj.pk is not None else None
    saved = offered(model_admin, request, article)
    if saved is None or f"{prefix}-TOTAL_FORMS" not in saved.data:
        return kwargs
    rows = {
        key: values
        for key, values in saved.data.items()
        if key.startswith((f"{prefix}-", f"initial-{prefix}-"))
    }
    return {**kwargs, "data": _posted(rows), "files": MultiValueDict()}


def context(request, article, model_admin, posted=False) -> dict:
    """What the story form shows of its editor's autosave: the offer to restore it,
    or, once restored, what happened to the story since it was made. ``article``
    None: the "Add story" form. ``posted``: the form is shown again after a
    refused save; it holds unsaved input, which the page autosaves at once."""
    if article is None:
        form_url = reverse("admin:articles_article_add")
        found = {
            "autosave_url": reverse("admin:articles_article_add_autosave"),
            "autosave_discard_url": reverse(
                "admin:articles_article_add_autosave_discard"
            ),
        }
    else:
        form_url = reverse("admin:articles_article_change", args=[article.pk])
        found = {
            "autosave_url": reverse(
                "admin:articles_article_autosave", args=[article.pk]
            ),
            "autosave_discard_url": reverse(
                "admin:articles_article_autosave_discard", args=[article.pk]
            ),
        }
    found["autosave_every"] = settings.NEWSROOM_AUTOSAVE_SECONDS
    if posted:
        return {**found, "autosave_unsaved": True}
    saved = offered(model_admin, request, article)
    if saved is None:
        return found
    since = (
        services.describe_saves(services.saves_since(article, saved.based_on))
        if article is not None and article.lock_version != saved.based_on
        else ""
    )
    restoring = request.GET.get(RESTORE) == "restore"
    return {
        **found,
        "autosave_restored": restoring,
        "autosave_offer": not restoring,
        "autosave_time": when_short(saved.saved_at),
        "autosave_restore_url": f"{form_url}?{RESTORE}=restore",
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

    def view_new(function, route, name):
        return path(
            route,
            model_admin.admin_site.admin_view(
                lambda request: function(request, model_admin)
            ),
            name=name,
        )

    return [
        # Before the story's own: "add/autosave/" would read as story "add".
        view_new(autosave_view, "add/autosave/", "articles_article_add_autosave"),
        view_new(
            discard_view,
            "add/autosave/discard/",
            "articles_article_add_autosave_discard",
        ),
        view(autosave_view, "autosave", "articles_article_autosave"),
        view(discard_view, "autosave/discard", "articles_article_autosave_discard"),
    ]
