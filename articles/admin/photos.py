"""The photo library and attaching photos to stories.

Uploads go through ``articles.photos`` (checks, metadata pre-fill, renditions), the
same path the story form's inline upload and the wire importer take. A stale save of
a photo takes in what others saved meanwhile and refuses only a field both changed
(``merging``); so does a story's photo row (``ArticlePhotoInlineForm``).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..forms import ArticlePhotoInlineForm, PhotoUploadField
from ..models import ArticlePhoto, Photo
from ..photos import (
    RATIOS,
    files_kept_on_commit,
    photo_refresh_renditions,
    photo_store_file,
    rendition,
)
from .formsets import RowsRemovedMeanwhileFormSet
from .guards import InputGuardsMixin
from .labels import NamedAutocompleteMixin
from .library import ShownOnStoriesMixin
from .merging import KeepsOthersEditsMixin

THUMBNAIL_WIDTH = 120


def thumbnail(photo: Photo | None, width: int = THUMBNAIL_WIDTH, ratio=None) -> str:
    """A small rendition (never the full original) sized for the admin."""
    if not photo or not photo.image:
        return "—"
    shown = rendition(photo, ratio, width * 2)  # sharp on high-density screens
    return format_html(
        '<img src="{}" alt="{}" width="{}" loading="lazy" style="height:auto">',
        shown.url,
        photo.alt_text or photo.caption,
        width,
    )


class CreditFilter(admin.SimpleListFilter):
    """Find the photos that would stop a story from being published."""

    title = "credit"
    parameter_name = "credit"

    def lookups(self, request, model_admin):
        return [("missing", "No credit line"), ("present", "Credited")]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(credit="")
        if self.value() == "present":
            return queryset.exclude(credit="")
        return queryset


class PhotoAdminForm(forms.ModelForm):
    file = PhotoUploadField(
        label="Picture",
        required=False,
        help_text=(
            "JPEG, PNG or WebP. Fields left blank below are filled from the file's "
            "IPTC/XMP metadata when you save; what you type wins."
        ),
    )

    class Meta:
        model = Photo
        fields = [
            "caption",
            "alt_text",
            "credit",
            "photographer",
            "agency",
            "source",
            "copyright_notice",
            "city",
            "country",
            "date_created",
            "focal_x",
            "focal_y",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["file"].label = "replace the picture"
            self.fields["file"].help_text = (
                "A new file for this photo: every story using it shows the new "
                "picture. Blank fields are filled from its metadata."
            )
        else:
            self.fields["file"].required = True


@admin.register(Photo)
class PhotoAdmin(
    NamedAutocompleteMixin,
    ShownOnStoriesMixin,
    KeepsOthersEditsMixin,
    InputGuardsMixin,
    admin.ModelAdmin,
):
    story_lookup = "photo_placements__photo"
    form = PhotoAdminForm
    list_display = [
        "preview",
        "caption_short",
        "credit_line",
        "photographer",
        "agency",
        "date_created",
        "used_in_count",
        "created_at",
    ]
    list_display_links = ["preview", "caption_short"]
    list_filter = [
        "agency",
        CreditFilter,
        ("date_created", admin.DateFieldListFilter),
        "created_at",
    ]
    list_select_related = ["photographer", "agency"]
    search_fields = [
        "caption",
        "credit",
        "photographer__name",
        "alt_text",
        "source",
        "copyright_notice",
        "city",
        "country",
    ]
    date_hierarchy = "created_at"
    autocomplete_fields = ["photographer", "agency"]
    actions = ["remake_renditions"]
    readonly_fields = [
        "preview_large",
        "crops",
        "size",
        "upload_notes",
        "used_in",
        "guid",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["file", "preview_large", "size", "upload_notes"]}),
        (
            "Caption and credit",
            {
                "fields": [
                    "caption",
                    "alt_text",
                    "credit",
                    "photographer",
                    "agency",
                    "source",
                    "copyright_notice",
                ]
            },
        ),
        ("Where and when", {"fields": [("city", "country"), "date_created"]}),
        (
            "Crops",
            {
                "fields": [("focal_x", "focal_y"), "crops"],
                "description": (
                    "Click the subject in the preview (or type percentages) so the "
                    "16:9, 4:3 and 1:1 crops keep it in frame."
                ),
            },
        ),
        ("Used in", {"fields": ["used_in"]}),
        (
            "Record",
            {"fields": ["guid", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    class Media:
        js = ["articles/admin/focal-point.js"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(used_in_total=Count("placements", distinct=True))
        )

    add_fieldsets = [
        (None, {"fields": ["file"]}),
        fieldsets[1],
        fieldsets[2],
        ("Crops", {"fields": [("focal_x", "focal_y")]}),
    ]

    def get_fieldsets(self, request, obj=None):
        # Before the first save there is nothing to preview, crop or list.
        return self.add_fieldsets if obj is None else self.fieldsets

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The file is stored in save_model; should the rest of the save fail, the
        # rolled-back row takes its file and renditions with it.
        with files_kept_on_commit():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("file")
        if upload is not None:
            photo_store_file(photo=obj, upload=upload)
            for note in upload.notes:
                self.message_user(
                    request, f"“{upload.name}”: {note}.", messages.WARNING
                )
            return
        super().save_model(request, obj, form, change)
        try:
            photo_refresh_renditions(photo=obj)
        except ValidationError as error:
            self.message_user(
                request,
                "The photo was saved, but its renditions could not be made: "
                + " ".join(error.messages),
                messages.ERROR,
            )

    @admin.action(
        description="Remake renditions of selected photos", permissions=["change"]
    )
    def remake_renditions(self, request, queryset):
        made, failed = 0, []
        for photo in queryset.select_related("photographer"):
            try:
                photo_refresh_renditions(photo=photo, force=True)
            except ValidationError as error:
                failed.append(f"“{photo}”: {' '.join(error.messages)}")
            else:
                made += 1
        if made:
            self.message_user(
                request, f"Remade the renditions of {made} photos.", messages.SUCCESS
            )
        for line in failed:
            self.message_user(request, f"Not remade — {line}", messages.ERROR)

    @admin.display(description="photo")
    def preview(self, photo):
        return thumbnail(photo)

    @admin.display(description="preview")
    def preview_large(self, photo):
        shown = rendition(photo, None, 800)
        return format_html(
            '<img class="focal-point-picker" src="{}" alt="{}" width="480"'
            ' style="height:auto;cursor:crosshair">',
            shown.url,
            photo.alt_text or photo.caption,
        )

    @admin.display(description="crops")
    def crops(self, photo):
        return format_html_join(
            " ",
            '<figure style="display:inline-block;margin:0 1em 0 0">{}'
            "<figcaption>{}</figcaption></figure>",
            ((thumbnail(photo, 160, ratio), ratio) for ratio in RATIOS),
        )

    @admin.display(description="size in pixels")
    def size(self, photo):
        if not photo.width:
            return "—"
        return f"{photo.width} × {photo.height}"

    @admin.display(description="caption", ordering="caption")
    def caption_short(self, photo):
        return photo.caption[:100] or "(no caption)"

    @admin.display(description="credit", ordering="credit")
    def credit_line(self, photo):
        return photo.credit_display or "— no credit —"

    @admin.display(description="used in", ordering="used_in_total")
    def used_in_count(self, photo):
        total = photo.used_in_total
        return f"{total} {'story' if total == 1 else 'stories'}" if total else "—"

    @admin.display(description="stories using this photo")
    def used_in(self, photo):
        placements = photo.placements.select_related("article").order_by(
            "-article__updated_at"
        )
        if not placements:
            return "Not used in any story yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}){}</li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[p.article_id]),
                        p.article.headline,
                        p.article.get_status_display().lower(),
                        format_html(" — caption here: “{}”", p.caption_override)
                        if p.caption_override
                        else "",
                    )
                    for p in placements
                ),
            ),
        )


class ArticlePhotoInline(admin.StackedInline):
    model = ArticlePhoto
    form = ArticlePhotoInlineForm
    formset = RowsRemovedMeanwhileFormSet
    raw_id_fields = ["photo"]  # the lookup opens the photo library, thumbnails and all
    readonly_fields = ["preview"]
    fields = ["preview", "photo", "upload", "caption", "credit", "alt_text", "position"]
    extra = 1

    @admin.display(description="photo")
    def preview(self, placement):
        return thumbnail(placement.photo if placement.pk else None)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(
            formset.form.__name__,
            (formset.form,),
            {"may_edit_library": request.user.has_perm("articles.change_photo")},
        )
        return formset
