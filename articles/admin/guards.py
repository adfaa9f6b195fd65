"""What every Newsroom admin screen does with hostile query strings and slugs.

Django's changelist turns most bad filter parameters into its “?e=1” redirect, but not
all: a date-hierarchy year of 9999 overflows (500), and on PostgreSQL a NUL character
in a filter or an autocomplete search term reaches the database and fails there (500).
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db import models

from ..text import TidySlugField


class GuardedChangeList(ChangeList):
    def get_filters(self, request):
        if any(
            "\x00" in "".join([key, *values]) for key, values in request.GET.lists()
        ):
            raise IncorrectLookupParameters("A NUL character in the query string.")
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:  # e.g. year=9999&month=12
            raise IncorrectLookupParameters(error) from error


class InputGuardsMixin:
    """For every ModelAdmin of ours: bad list parameters redirect, never fail."""

    formfield_overrides = {
        models.SlugField: {"form_class": TidySlugField},
        # Django 6's default; saying so silences 5.2's deprecation warning.
        models.URLField: {"assume_scheme": "https"},
    }

    def get_changelist(self, request, **kwargs):
        return GuardedChangeList

    def get_search_results(self, request, queryset, search_term):
        # The changelist's search form refuses NUL itself; autocomplete does not.
        if "\x00" in search_term:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)
