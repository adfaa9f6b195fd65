"""Stories. State changes go through ``articles.services``."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from .. import services
from ..models import Article, ArticlePerson
from . import wire
from .photos import ArticlePhotoInline


def error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You do not have permission to do that."


class ArticlePersonInline(admin.TabularInline):
    model = ArticlePerson
    autocomplete_fields = ["person"]
    fields = ["person", "role", "position"]
    extra = 1


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "status",
        "dateline_display",
        "agency",
        "published_at",
        "updated_at",
    ]
    list_filter = ["status", "agency", "published_at"]
    list_select_related = ["agency"]
    search_fields = ["headline", "dek", "wire_id"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["agency"]
    readonly_fields = ["status", "guid", "created_at", "updated_at"]
    inlines = [
        ArticlePhotoInline,
        ArticlePersonInline,
        wire.WireCopyInline,
        wire.WireUpdateInline,
    ]
    actions = ["publish_selected"]
    fieldsets = [
        ("Story", {"fields": ["headline", "dek", "body"]}),
        (
            "Dateline and source",
            {"fields": [("dateline_place", "dateline_date"), "agency", "byline"]},
        ),
        ("Tags", {"fields": ["tags"]}),
        (
            "Publishing",
            {"fields": ["status", "published_at", "embargo_until", "slug"]},
        ),
        (
            "Wire and record",
            {
                "fields": [
                    "wire_id",
                    "wire_version",
                    "guid",
                    "created_at",
                    "updated_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_urls(self):
        return wire.urls(self) + super().get_urls()

    @admin.display(description="dateline")
    def dateline_display(self, article):
        return article.dateline

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agency")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_publish": services.can_publish(request.user),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _apply_button(self, request, article):
        """Run the state change a button asked for, after the form was saved."""
        if "_publish" in request.POST:
            service, done = services.article_publish, "published"
        elif "_unpublish" in request.POST:
            service, done = services.article_unpublish, "moved back to draft"
        else:
            return
        try:
            service(article=article, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            self.message_user(
                request,
                f"Your changes were saved, but the story was not {done}: "
                f"{error_text(error)}",
                messages.ERROR,
            )
        else:
            self.message_user(request, f"“{article}” was {done}.", messages.SUCCESS)

    def response_add(self, request, obj, post_url_continue=None):
        if self._state_button(request):
            self._apply_button(request, obj)
            return HttpResponseRedirect(
                reverse("admin:articles_article_change", args=[obj.pk])
            )
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if self._state_button(request):
            # Stay on the story, so the editor sees its new state and "View on site".
            self._apply_button(request, obj)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @staticmethod
    def _state_button(request) -> bool:
        return "_publish" in request.POST or "_unpublish" in request.POST

    @admin.action(description="Publish selected stories", permissions=["publish"])
    def publish_selected(self, request, queryset):
        published, refused = 0, []
        for article in queryset:
            try:
                services.article_publish(article=article, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                refused.append(f"“{article}”: {error_text(error)}")
            else:
                published += 1
        if published:
            self.message_user(
                request, f"Published {published} stories.", messages.SUCCESS
            )
        for line in refused:
            self.message_user(request, f"Not published — {line}", messages.ERROR)

    def has_publish_permission(self, request):
        return services.can_publish(request.user)
