"""Editor-facing forms that do more than a plain ModelForm."""

from contextlib import suppress

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from .models import ArticlePhoto, Photo
from .models.photos import CAPTION_MAX_LENGTH
from .photos import (
    CheckedPhoto,
    inspect_upload,
    photo_refresh_renditions,
    photo_store_file,
)
from .text import nfc


class PhotoUploadField(forms.FileField):
    """A photo file, checked by ``articles.photos.inspect_upload``.

    Cleans to a ``CheckedPhoto`` (bytes, decoded picture, metadata, notes); every
    refusal is a form error naming the file and the reason. Nothing is stored here.
    """

    widget = forms.ClearableFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp"}
    )

    def clean(self, data, initial=None) -> CheckedPhoto | None:
        upload = super().clean(data, initial)
        if not upload or upload is initial:
            return None
        return inspect_upload(upload, upload.name)


class ArticlePhotoInlineForm(forms.ModelForm):
    """Attach a photo to a story: pick one from the library or upload a new one.

    Caption, credit and alt text are edited right here. For an uploaded file they
    become the new library photo's own; for a library photo a different caption
    becomes this story's caption override, and a credit or alt text updates the
    library photo (a credit belongs to the picture, not to one story).
    """

    upload = PhotoUploadField(
        label="or upload a new photo",
        required=False,
        help_text=(
            "JPEG, PNG or WebP. Caption, credit and alt text left blank are taken "
            "from the file's IPTC/XMP metadata."
        ),
    )
    caption = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        # Not max_length: its maxlength attribute lets a browser cut a paste silently.
        validators=[MaxLengthValidator(CAPTION_MAX_LENGTH)],
    )
    credit = forms.CharField(
        label="credit line",
        max_length=Photo._meta.get_field("credit").max_length,
        required=False,
        help_text="Photographer/Agency, e.g. Alexander Shcherbak/TASS.",
    )
    alt_text = forms.CharField(
        label="alt text",
        max_length=Photo._meta.get_field("alt_text").max_length,
        required=False,
    )

    # Set per request by the admin: only photo editors change a library photo's
    # credit and alt text, which every story using the photo shows.
    may_edit_library = False

    class Meta:
        model = ArticlePhoto
        fields = ["photo", "upload", "caption", "credit", "alt_text", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].required = False
        self.fields["photo"].label = "library photo"
        if self.instance.pk:
            photo = self.instance.photo
            self.initial.setdefault("caption", self.instance.caption)
            self.initial.setdefault("credit", photo.credit)
            self.initial.setdefault("alt_text", photo.alt_text)

    def clean(self):
        cleaned = super().clean()
        photo, upload = cleaned.get("photo"), cleaned.get("upload")
        if photo and upload:
            raise forms.ValidationError(
                "Either pick a library photo or upload a new one, not both."
            )
        if not photo and not upload and not self.errors.get("upload"):
            raise forms.ValidationError("Pick a photo from the library or upload one.")
        for name in ("caption", "credit", "alt_text"):  # saved without full_clean
            if cleaned.get(name):
                cleaned[name] = nfc(cleaned[name])
        if photo and not upload and not self.may_edit_library:
            for name in ("credit", "alt_text"):
                value = cleaned.get(name)
                if value and value != getattr(photo, name):
                    self.add_error(
                        name,
                        "Only photo editors may change a library photo's "
                        f"{self.fields[name].label}: every story using it shows it.",
                    )
        return cleaned

    def save(self, commit=True):
        data = self.cleaned_data
        placement = super().save(commit=False)
        if data.get("upload"):
            # What the editor typed wins; blank fields come from the file's metadata.
            photo = Photo(
                caption=data["caption"],
                credit=data["credit"],
                alt_text=data["alt_text"],
            )
            placement.photo = photo_store_file(photo=photo, upload=data["upload"])
            placement.caption_override = ""
        else:
            photo = placement.photo
            placement.caption_override = (
                data["caption"] if data["caption"] != photo.caption else ""
            )
            changed = []
            for field in ("credit", "alt_text"):
                if data[field] and data[field] != getattr(photo, field):
                    setattr(photo, field, data[field])
                    changed.append(field)
            if changed:
                photo.save(update_fields=[*changed, "updated_at"])
                # Renditions embed the credit. Should the stored file no longer
                # pass the checks, the credit is still saved and
                # `manage.py make_renditions` reports the photo.
                if "credit" in changed:
                    with suppress(ValidationError):
                        photo_refresh_renditions(photo=photo)
        if commit:
            placement.save()
        return placement
