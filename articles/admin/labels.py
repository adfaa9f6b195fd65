"""Every input of the desk's screens has a name a screen reader can say.

A tabular inline shows its labels once, as column headings, so each row's inputs
have none of their own; an admin autocomplete box (select2) is named by the text it
shows, which is nothing while it is empty. Here each row input is named after its
column (``aria-label``); an autocomplete box shows a prompt while empty, and its text
box is named after its field (articles/static/articles/admin/select2-names.js).
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.text import capfirst

from .formsets import RowsRemovedMeanwhileFormSet


class NamedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete box that, while empty, says what to find ("Find a person…").

    Django's own passes select2 an empty placeholder (needed for clearing the box);
    any placeholder clears as well, and select2 names its box by it.
    """

    def __init__(self, field, admin_site, *, prompt: str, **kwargs):
        super().__init__(field, admin_site, **kwargs)
        self.prompt = prompt

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-placeholder"] = self.prompt
        return attrs

    # Set per form by ``remember_selected``: the selected rows already read with the
    # form's object, by primary key as posted, so drawing the box reads none again.
    known: dict = {}

    def optgroups(self, name, value, attr=None):
        selected = {
            str(v) for v in value if str(v) not in self.choices.field.empty_values
        }
        if not selected or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        # As Django's own, with the rows taken from ``known``.
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected):
            obj = self.known[key]
            label = self.choices.field.label_from_instance(obj)
            options.append(self.create_option(name, obj.pk, label, True, len(options)))
        return [(None, options, 0)]

    @property
    def media(self):
        # After the admin's autocomplete.js: names the boxes it has drawn.
        return super().media + forms.Media(
            js=["admin/js/autocomplete.js", "articles/admin/select2-names.js"]
        )


def remember_selected(form: forms.ModelForm) -> None:
    """Let the form's autocomplete boxes show the rows its object already holds
    (read with it through ``select_related``) without reading them again."""
    instance = form.instance
    for name, field in form.fields.items():
        widget = getattr(field.widget, "widget", field.widget)  # the admin's wrapper
        if not isinstance(widget, NamedAutocompleteSelect):
            continue
        model_field = instance._meta.get_field(name)
        if model_field.is_cached(instance) and getattr(instance, name) is not None:
            related = getattr(instance, name)
            widget.known = {str(related.pk): related}


class NamedAutocompleteMixin:
    """For a ModelAdmin or inline: its autocomplete fields prompt by name."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = NamedAutocompleteSelect(
                db_field,
                self.admin_site,
                using=kwargs.get("using"),
                prompt=f"Find {db_field.verbose_name}…",
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LabelledRowsFormSet(RowsRemovedMeanwhileFormSet):
    """A tabular inline's rows, each input named after its column and row."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        remember_selected(form)
        row = "new row" if index is None else f"row {index + 1}"
        for field in form.fields.values():
            if field.widget.is_hidden:
                continue
            label = capfirst(field.label or "")
            # The admin's related-object wrapper draws its own copy of the widget
            # (its ``attrs`` are the class-level widget's): name that copy.
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.setdefault("aria-label", f"{label}, {row}")
