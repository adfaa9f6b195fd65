"""Agencies and people; a stale save takes in what others saved (``merging``)."""

from django.contrib import admin

from ..models import Agency, Person
from .guards import InputGuardsMixin
from .library import ShownOnStoriesMixin
from .merging import KeepsOthersEditsMixin


@admin.register(Agency)
class AgencyAdmin(
    ShownOnStoriesMixin, KeepsOthersEditsMixin, InputGuardsMixin, admin.ModelAdmin
):
    story_lookup = "agency"
    list_display = ["short_name", "name", "url"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(
    ShownOnStoriesMixin, KeepsOthersEditsMixin, InputGuardsMixin, admin.ModelAdmin
):
    story_lookup = "person_roles__person"
    list_display = ["name", "description", "slug"]
    search_fields = ["name", "description"]
    fields = ["name", "slug", "description"]
