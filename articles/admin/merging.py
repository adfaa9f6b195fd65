"""The library's screens (photos, people, agencies, tags): a stale save never wins.

Each change form posts, beside every field, the value it showed (Django's
``show_hidden_initial``). On save the admin has read the row as stored now, and the
form compares field by field:

- someone else changed a field this editor left alone: their value is kept;
- both changed the same field: the save is refused, the error names the value on
  file and the editor's input stays; saving again is then a deliberate choice;
- nothing else stands in the way: the save goes ahead.

The row is read under a lock for the save (``articles.forms.locked``), so nobody
saves it between this check and the write.
"""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router, transaction

from ..forms import (
    as_posted,
    changed_meanwhile,
    differs_from_input,
    edited,
    locked,
    now_on_file,
    refusal,
    show_as_seen,
)


def merged_fields(form) -> list[str]:
    """The form's fields that are columns of the row, compared and merged one by one.

    Left out, and saved as before: fields of the form alone (the photo's upload: a
    new picture is a deliberate replacement, and there is no shown value to compare
    a file with), file fields for the same reason, many-to-many fields (a set would
    need merging item by item; none of these screens has one) and disabled fields.
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
            and not column.many_to_many
            and not isinstance(column, models.FileField)
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

    def clean(self):
        cleaned = super().clean()
        taken, clashes, on_file = [], [], {}
        for name in self.merged:
            if self.has_error(name) or name not in cleaned:
                continue
            stored = self[name].initial  # read from the row as stored now
            if not changed_meanwhile(self, name, stored):
                continue
            on_file[name] = as_posted(self.fields[name], stored)
            if not edited(self, name):
                del cleaned[name]  # the row keeps the other editor's value
                taken.append(name)
            elif differs_from_input(self, name, stored):
                clashes.append(name)
        if on_file:
            # A form shown again says it showed what is on file now, and shows it in
            # the fields it took in, so saving again keeps both people's work.
            show_as_seen(self, on_file, inputs=taken)
        self.taken_in = [self._label(name) for name in taken]
        for name in clashes:
            self.add_error(name, now_on_file(getattr(self.instance, name)))
        if clashes:
            what = self._meta.model._meta.verbose_name
            self.add_error(
                None,
                refusal(
                    f"This {what} was changed by someone else after you opened it",
                    self.taken_in,
                ),
            )
        return cleaned

    def _label(self, name: str) -> str:
        return str(self._meta.model._meta.get_field(name).verbose_name)


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
