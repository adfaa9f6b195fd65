"""The photo library and attaching photos to stories."""

from django.contrib import admin
from django.utils.html import format_html

from ..forms import ArticlePhotoInlineForm
from ..models import ArticlePhoto, Photo

THUMBNAIL_WIDTH = 120


def thumbnail(photo: Photo | None, width: int = THUMBNAIL_WIDTH) -> str:
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" loading="lazy" style="height:auto">',
        photo.image.url,
        photo.alt_text or photo.caption,
        width,
    )


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = [
        "preview",
        "caption_short",
        "credit_line",
        "photographer",
        "agency",
        "created_at",
    ]
    list_display_links = ["preview", "caption_short"]
    list_filter = ["agency", "created_at"]
    list_select_related = ["photographer", "agency"]
    search_fields = ["caption", "credit", "alt_text", "photographer__name"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["photographer", "agency"]
    readonly_fields = [
        "preview_large",
        "width",
        "height",
        "guid",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["image", "preview_large", ("width", "height")]}),
        (
            "Caption and credit",
            {
                "fields": [
                    "caption",
                    "alt_text",
                    "credit",
                    "photographer",
                    "agency",
                    "copyright_notice",
                ]
            },
        ),
        (
            "Record",
            {"fields": ["guid", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    @admin.display(description="photo")
    def preview(self, photo):
        return thumbnail(photo)

    @admin.display(description="preview")
    def preview_large(self, photo):
        return thumbnail(photo, width=480)

    @admin.display(description="caption", ordering="caption")
    def caption_short(self, photo):
        return photo.caption[:100] or "(no caption)"

    @admin.display(description="credit", ordering="credit")
    def credit_line(self, photo):
        return photo.credit_display or "— no credit —"


class ArticlePhotoInline(admin.StackedInline):
    model = ArticlePhoto
    form = ArticlePhotoInlineForm
    raw_id_fields = ["photo"]  # the lookup opens the photo library, thumbnails and all
    readonly_fields = ["preview"]
    fields = ["preview", "photo", "upload", "caption", "credit", "alt_text", "position"]
    extra = 1

    @admin.display(description="photo")
    def preview(self, placement):
        return thumbnail(placement.photo if placement.pk else None)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo")
