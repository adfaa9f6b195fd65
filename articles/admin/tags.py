"""Tags: django-taggit's own screen, with the guards every list of ours has, a stale
save merged as the library's are, and tag merging that works on our stories.

taggit's own "Merge selected tags" moves taggit's generic tagged items, which our
stories do not use (they link tags through ``TaggedArticle``): it said "merged" and
changed nothing. Here the action goes through ``services.tags_merge``.
"""

import taggit.admin  # registers taggit's TagAdmin first, so it can be replaced here
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from taggit.forms import MergeTagsForm
from taggit.models import Tag

from .. import services
from .guards import ActionGuardsMixin, is_possible_pk
from .library import ShownOnStoriesMixin
from .merging import KeepsOthersEditsMixin

SELECTED = "selected_tag_ids"  # the session key taggit's action writes

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(
    ShownOnStoriesMixin,
    ActionGuardsMixin,
    KeepsOthersEditsMixin,
    taggit.admin.TagAdmin,
):
    story_lookup = "tagged_items__tag"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not services.can_merge_tags(request.user):
            actions.pop("render_tag_form", None)
        return actions

    def merge_tags_view(self, request):
        if not services.can_merge_tags(request.user):
            raise PermissionDenied("You do not have permission to merge tags.")
        changelist = reverse("admin:taggit_tag_changelist")
        ids = [
            pk
            for pk in request.session.get(SELECTED, "").split(",")
            if is_possible_pk(Tag, pk)
        ]
        tags = list(
            Tag.objects.filter(pk__in=ids)
            .annotate(stories=Count("articles_taggedarticle_items"))
            .order_by("name")
        )
        if not tags:
            self.message_user(
                request,
                "The tags chosen for merging are no longer there; choose again.",
                messages.ERROR,
            )
            return HttpResponseRedirect(changelist)
        form = MergeTagsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                kept = services.tags_merge(
                    tags=tags, into=form.cleaned_data["new_tag_name"], user=request.user
                )
            except ValidationError as error:
                form.add_error("new_tag_name", error)
            else:
                request.session.pop(SELECTED, None)
                self.message_user(
                    request,
                    f"{len(tags)} tags were merged into “{kept.name}”.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(changelist)
        return TemplateResponse(
            request,
            "admin/taggit/merge_tags.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Merge tags",
                "tags": tags,
                "form": form,
            },
        )
