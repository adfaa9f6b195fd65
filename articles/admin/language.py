"""The story's language in the admin: a tag field offering common languages, and
a list filter by language.

Any well-formed BCP 47 tag may be typed (the model validates it); the datalist
only saves typing the usual ones.
"""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html, format_html_join

from ..languages import COMMON_LANGUAGES, primary


class LanguageTagInput(forms.TextInput):
    """A text input with the common languages offered as suggestions."""

    def __init__(self, attrs=None):
        super().__init__(
            {"size": 12, "autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        )

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or 'id_' + name}_choices"
        field = super().render(name, value, {**(attrs or {}), "list": list_id})
        options = format_html_join(
            "", '<option value="{}">{}</option>', COMMON_LANGUAGES
        )
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)


class LanguageFilter(admin.SimpleListFilter):
    """Stories by language; "Russian" also finds "ru-RU" and "ru-UA"."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        # One entry per language (no query: the list is ours, not the table's).
        names = {}
        for tag, name in COMMON_LANGUAGES:
            names.setdefault(primary(tag), name.split(" (")[0])
        return sorted(names.items(), key=lambda item: item[1])

    def queryset(self, request, queryset):
        code = self.value()
        if not code:
            return queryset
        return queryset.filter(Q(language=code) | Q(language__startswith=f"{code}-"))
