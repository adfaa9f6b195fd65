"""Tags: django-taggit's own screen, with the guards every list of ours has and a
stale save merged as the library's are."""

import taggit.admin  # registers taggit's TagAdmin first, so it can be replaced here
from django.contrib import admin
from taggit.models import Tag

from .guards import ActionGuardsMixin
from .merging import KeepsOthersEditsMixin

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(ActionGuardsMixin, KeepsOthersEditsMixin, taggit.admin.TagAdmin):
    pass
