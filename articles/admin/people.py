"""Agencies and people; a stale save takes in what others saved (``merging``)."""

from django.contrib import admin

from ..models import Agency, Person
from .guards import InputGuardsMixin
from .merging import KeepsOthersEditsMixin


@admin.register(Agency)
class AgencyAdmin(KeepsOthersEditsMixin, InputGuardsMixin, admin.ModelAdmin):
    list_display = ["short_name", "name", "url"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(KeepsOthersEditsMixin, InputGuardsMixin, admin.ModelAdmin):
    list_display = ["name", "description", "slug"]
    search_fields = ["name", "description"]
    fields = ["name", "slug", "description"]
