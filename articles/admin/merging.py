"""Stale saves, for the story form and the library's screens (photos, people,
agencies, tags): one mechanism, ``KeepsOthersEditsForm``.

What the editor saw: each change form posts, beside every field, the value it
showed (Django's ``show_hidden_initial``). On save the admin has read the row as
stored now, and the form compares field by field (``articles.forms``: ``edited``,
``changed_meanwhile``):

- someone else changed a field this editor left alone: their value is taken in;
- both changed the same field: the field's error names the value on file and the
  editor's input stays;
- the form is shown again saying it showed what is on file now, so saving again is
  a deliberate choice made with all of this on screen.

The policy: the library refuses only a clash and otherwise saves, others' changes
kept (an INFO message names them). The story (``ArticleAdminForm``) refuses every
save made from a form the story has moved on from (its ``lock_version``), naming
the saves missed from its history; the fields taken in are then in the form shown
again. A story form that posts no shown values (one restored from an autosave, a
hand-made post) says what it saw by its ``lock_version``: the story's revision at
that version stands in for them.

The row is read under a lock for the save (``LocksRowOnPostMixin``), so nobody
saves it between this check and the write.
"""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router, transaction

from ..forms import (
    changed_meanwhile,
    differs_from_input,
    edited,
    locked,
    now_on_file,
    refusal,
    show_as_seen,
    shown_text,
)


def merged_fields(form) -> list[str]:
    """The form's fields that are stored on the row, compared and merged one by one,
    each as one value (a story's tags too: both changed them, a clash).

    Left out, and saved as before: fields of the form alone (the photo's upload: a
    new picture is a deliberate replacement, and there is no shown value to compare
    a file with), file fields for the same reason, hidden fields (the story's
    version: nobody edits it) and disabled fields.
    """
    opts = form._meta.model._meta
    names = []
    for name, field in form.fields.items():
        try:
            column = opts.get_field(name)
        except FieldDoesNotExist:
            continue
        if (
            column.concrete
            and not isinstance(column, models.FileField)
            and not field.widget.is_hidden
            and not field.disabled
        ):
            names.append(name)
    return names


class KeepsOthersEditsForm:
    """A model form that takes in what was saved since it was shown (see above)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.taken_in: list[str] = []  # labels of fields someone else changed
        # A new row has nobody else's save to meet.
        self.merged = merged_fields(self) if self.instance.pk is not None else []
        for name in self.merged:
            self.fields[name].show_hidden_initial = True

    # --- The policy: the library's; the story form overrides these ---------------

    def stale(self, cleaned) -> str | None:
        """What happened, when this save is refused whatever changed meanwhile;
        None: only a clash refuses it."""
        return None

    def shown_by_version(self, cleaned) -> dict:
        """What the form showed (name → value as stored) for a post that does not
        say: none known here, so such a field is judged against the row now."""
        return {}

    def field_label(self, name: str) -> str:
        return str(self._meta.model._meta.get_field(name).verbose_name)

    def on_file_text(self, name: str):
        """The value stored now, as an editor reads it, under a clashing field."""
        return getattr(self.instance, name)

    # --- The compare, one field at a time ----------------------------------------

    def clean(self):
        cleaned = super().clean()
        unsaid = [name for name in self.merged if shown_text(self, name) is None]
        if unsaid and (shown := self.shown_by_version(cleaned)):
            show_as_seen(self, {n: v for n, v in shown.items() if n in unsaid})
        taken, clashes, on_file = [], [], {}
        for name in self.merged:
            if self.has_error(name) or name not in cleaned:
                continue
            stored = self[name].initial  # read from the row as stored now
            if shown_text(self, name) is None:
                on_file[name] = stored  # shown again, the form says it showed this
            if not changed_meanwhile(self, name, stored):
                continue
            on_file[name] = stored
            if not edited(self, name):
                del cleaned[name]  # the row keeps the other editor's value
                taken.append(name)
            elif differs_from_input(self, name, stored):
                clashes.append(name)
        if on_file:
            # A form shown again says it showed what is on file now, and shows it in
            # the fields it took in, so saving again keeps both people's work.
            show_as_seen(self, on_file, inputs=taken)
        self.taken_in = [self.field_label(name) for name in taken]
        for name in clashes:
            self.add_error(name, now_on_file(self.on_file_text(name)))
        stale = self.stale(cleaned)
        if clashes or stale:
            what = self._meta.model._meta.verbose_name
            self.add_error(
                None,
                refusal(
                    stale
                    or f"This {what} was changed by someone else after you opened it",
                    self.taken_in,
                ),
            )
        return cleaned


class LocksRowOnPostMixin:
    """For a ModelAdmin: a POST reads its row under a lock held until the save's
    transaction ends, so nobody saves it between the form's checks and the write."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None or request.method != "POST":
            return obj
        using = router.db_for_write(self.model)
        connection = transaction.get_connection(using)
        if connection.features.has_select_for_update and connection.in_atomic_block:
            # PostgreSQL: hold the row until the save commits, and read it again,
            # since a save may have landed before the lock. SQLite needs neither:
            # this project's transactions begin IMMEDIATE and hold the write lock.
            locked(self.model, obj.pk)
            obj = super().get_object(request, object_id, from_field)
        return obj


class KeepsOthersEditsMixin(LocksRowOnPostMixin):
    """For a ModelAdmin: its change form is a ``KeepsOthersEditsForm`` and the row
    it saves is locked from the check to the write."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if issubclass(form, KeepsOthersEditsForm):
            return form
        return type(form.__name__, (KeepsOthersEditsForm, form), {})

    def save_form(self, request, form, change):
        obj = super().save_form(request, form, change)
        if getattr(form, "taken_in", None):
            self.message_user(
                request,
                f"While you edited “{obj}”, someone else changed its "
                f"{', '.join(form.taken_in)}; their changes are kept together with "
                "yours.",
                messages.INFO,
            )
        return obj
