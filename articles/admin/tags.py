"""Tags: django-taggit's own admin, with the guards every list of ours has."""

from django.contrib import admin
from taggit.admin import TagAdmin
from taggit.models import Tag

from .guards import ActionGuardsMixin


class GuardedTagAdmin(ActionGuardsMixin, TagAdmin):
    pass


admin.site.unregister(Tag)
admin.site.register(Tag, GuardedTagAdmin)
