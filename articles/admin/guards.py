"""What every Newsroom admin screen does with hostile query strings and slugs.

Django's changelist turns most bad filter parameters into its “?e=1” redirect, but not
a date-hierarchy year of 9999 (an overflow: 500). A NUL in a query string never gets
this far (``articles.middleware``).
"""

from django.contrib.admin import widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db import models

from ..text import TidySlugField


class GuardedChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:  # e.g. year=9999&month=12
            raise IncorrectLookupParameters(error) from error


class InputGuardsMixin:
    """For every ModelAdmin of ours: bad list parameters redirect, never fail."""

    formfield_overrides = {
        models.SlugField: {
            "form_class": TidySlugField,
            "widget": widgets.AdminTextInputWidget,  # as the admin gives a CharField
        },
        # Django 6's default; saying so silences 5.2's deprecation warning.
        models.URLField: {"assume_scheme": "https"},
    }

    def get_changelist(self, request, **kwargs):
        return GuardedChangeList
