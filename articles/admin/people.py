"""Agencies and people."""

from django.contrib import admin

from ..models import Agency, Person
from .guards import InputGuardsMixin


@admin.register(Agency)
class AgencyAdmin(InputGuardsMixin, admin.ModelAdmin):
    list_display = ["short_name", "name", "url"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(InputGuardsMixin, admin.ModelAdmin):
    list_display = ["name", "description", "slug"]
    search_fields = ["name", "description"]
    fields = ["name", "slug", "description"]
