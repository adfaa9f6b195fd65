"""Editor-facing forms that do more than a plain ModelForm."""

from contextlib import suppress

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, router, transaction

from .models import ArticlePhoto, Photo
from .models.photos import CAPTION_MAX_LENGTH
from .photos import (
    CheckedPhoto,
    inspect_upload,
    photo_refresh_renditions,
    photo_store_file,
)
from .text import lf, nfc

# --- What a form showed, what its editor changed, what changed meanwhile ----------
#
# A field made with ``show_hidden_initial=True`` posts, beside its input, the value
# the form showed (a hidden ``initial-<name>``). Against that value the form tells what
# its editor changed, and against the stored row what someone else saved since.


def shown_text(form: forms.Form, name: str) -> str | None:
    """The value field ``name`` showed, as posted; None when the post does not say."""
    field = form[name]
    widget = field.field.hidden_widget()
    key = field.html_initial_name  # a split date and time posts two: key_0, key_1
    if widget.value_omitted_from_data(form.data, form.files, key):
        return None
    return lf(widget.value_from_datadict(form.data, form.files, key))


def edited(form: forms.Form, name: str) -> bool:
    """Whether the editor changed field ``name`` from the value the form showed.

    A post that does not say what it showed is judged against the stored value, as
    Django's own ``changed_data`` does.
    """
    field = form[name]
    shown = shown_text(form, name)
    if shown is None:
        before = field.initial
    else:
        try:
            before = field.field.to_python(shown)
        except ValidationError:
            return True
    return field.field.has_changed(lf(before), lf(field.data))


def changed_meanwhile(form: forms.Form, name: str, stored) -> bool:
    """Whether ``stored`` (the value on file now) differs from what the form showed."""
    shown = shown_text(form, name)
    return shown is not None and form[name].field.has_changed(lf(stored), shown)


def differs_from_input(form: forms.Form, name: str, stored) -> bool:
    """Whether the editor's input means something other than ``stored``."""
    return form[name].field.has_changed(lf(stored), lf(form[name].data))


def show_as_seen(form: forms.Form, values: dict, *, inputs=()) -> None:
    """Make the form say it showed ``values`` (name → value as stored), so the next
    save is judged against them; fields named in ``inputs`` show them too."""
    data = form.data.copy()
    for name, value in values.items():
        field = form.fields[name]
        value = field.prepare_value(value)
        _put(data, form[name].html_initial_name, field.hidden_widget(), value)
        if name in inputs:
            _put(data, form.add_prefix(name), field.widget, value)
    form.data = data


def _put(data, key: str, widget: forms.Widget, value) -> None:
    """Write ``value`` into posted ``data`` under ``key`` in the shape ``widget``
    posts it: a split date and time as its two parts, a multiple choice as a list."""
    widget = getattr(widget, "widget", widget)  # the admin's related-object wrapper
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list) else widget.decompress(value)
        for suffix, part_widget, part in zip(
            widget.widgets_names, widget.widgets, parts, strict=True
        ):
            data[key + suffix] = part_widget.format_value(part) or ""
        return
    shown = widget.format_value(value)
    if isinstance(shown, list):  # choice widgets give the selected values
        data.setlist(key, shown)
    else:
        data[key] = "" if shown is None else shown


def refusal(what_happened: str, taken: list[str]) -> str:
    """The form's error when a save was refused because of someone else's: what
    happened, that nothing was saved, and which of their changes the form took in."""
    message = f"{what_happened}. Nothing was saved. Your input is kept below"
    if taken:
        message += "; their changes to " + ", ".join(taken) + " are now in the form"
    return message + ". Check the form, then save again."


def now_on_file(value) -> str:
    """The error under a field both editors changed, naming what is stored now."""
    shown = "—" if value in (None, "") else str(value)
    return (
        f"Changed meanwhile by someone else; now on file: “{shown[:500]}”. "
        "Your input is kept here."
    )


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
    become the new library photo's own; for a library photo a caption the editor
    changes becomes this story's caption override, and a credit or alt text the
    editor changes updates the library photo (a credit belongs to the picture, not
    to one story).

    Only what the editor changed is written: each of the three posts the value the
    form showed. The photo desk may fix the library's credit or caption while a
    story is open; a field the editor left alone then takes the desk's fix, and one
    the editor changed too is refused, naming the value on file, input kept.
    """

    upload = PhotoUploadField(
        label="Or upload a new photo",
        required=False,
        help_text=(
            "JPEG, PNG or WebP. Caption, credit and alt text left blank are taken "
            "from the file's IPTC/XMP metadata."
        ),
    )
    caption = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        # Not max_length: its maxlength attribute lets a browser cut a paste silently.
        validators=[MaxLengthValidator(CAPTION_MAX_LENGTH)],
        show_hidden_initial=True,
    )
    credit = forms.CharField(
        label="Credit line",
        max_length=Photo._meta.get_field("credit").max_length,
        required=False,
        help_text="Photographer/Agency, e.g. Alexander Shcherbak/TASS.",
        show_hidden_initial=True,
    )
    alt_text = forms.CharField(
        label="Alt text",
        max_length=Photo._meta.get_field("alt_text").max_length,
        required=False,
        show_hidden_initial=True,
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
        self.fields["photo"].label = "Library photo"
        self.edited = set()  # of caption, credit, alt_text: what clean() found changed
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
                cleaned[name] = nfc(lf(cleaned[name]))
        self.edited = {
            name
            for name in ("caption", "credit", "alt_text")
            if name in cleaned and edited(self, name)
        }
        if photo and not upload:
            cleaned["photo"] = self._check_library_edits(photo, cleaned)
        return cleaned

    def _check_library_edits(self, photo: Photo, cleaned: dict) -> Photo:
        """Refuse edits of fields changed meanwhile in the library, and credit or alt
        text edits by someone who may not make them. Returns the photo to write to.
        """
        placement = self.instance
        # The values shown belong to this row's photo; another photo picked in this
        # save has nothing to compare them with.
        same_photo = placement.pk is not None and placement.photo_id == photo.pk
        writes = self.edited & {"credit", "alt_text"}
        if same_photo and writes:
            # Checked and written under the row's lock (PostgreSQL; SQLite's
            # transaction already holds the write lock), as the story itself is.
            photo = locked(Photo, photo.pk) or photo
        if same_photo:
            on_file = {
                "caption": placement.caption_override or photo.caption,
                "credit": photo.credit,
                "alt_text": photo.alt_text,
            }
            clashes = {
                name: on_file[name]
                for name in sorted(self.edited)
                if changed_meanwhile(self, name, on_file[name])
                and cleaned[name] != on_file[name]
            }
            for name, value in clashes.items():
                self.add_error(name, now_on_file(value))
            if clashes:  # saving again with them in view is a deliberate choice
                show_as_seen(self, clashes)
        if not self.may_edit_library:
            for name in sorted(writes):
                value = cleaned.get(name)
                if value and value != getattr(photo, name):
                    self.add_error(
                        name,
                        "Only photo editors may change a library photo's "
                        f"{self.fields[name].label}: every story using it shows it.",
                    )
        return photo

    def save(self, commit=True):
        data = self.cleaned_data
        placement = super().save(commit=False)
        if data.get("upload"):
            # What the editor typed wins; blank fields come from the file's metadata.
            # On a row that showed another picture, what it showed (and the editor
            # left) describes that picture, not this one: the file's own say.
            typed = {
                name: data[name]
                if self.instance.pk is None or name in self.edited
                else ""
                for name in ("caption", "credit", "alt_text")
            }
            photo = Photo(**typed)
            placement.photo = photo_store_file(photo=photo, upload=data["upload"])
            placement.caption_override = ""
        else:
            photo = placement.photo
            if "caption" in self.edited:
                placement.caption_override = (
                    data["caption"] if data["caption"] != photo.caption else ""
                )
            elif "photo" in self.changed_data:
                # The caption shown was the other photo's: this one shows its own.
                placement.caption_override = ""
            changed = []
            for field in ("credit", "alt_text"):
                value = data[field]
                if field in self.edited and value and value != getattr(photo, field):
                    setattr(photo, field, value)
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


def locked(model: type[models.Model], pk) -> models.Model | None:
    """The row ``pk`` of ``model`` read afresh and locked until the transaction ends.

    PostgreSQL holds the row (SELECT … FOR UPDATE) so nobody saves it between a
    check and the write; SQLite needs nothing more, as this project's transactions
    begin IMMEDIATE and hold the database's write lock already. Outside a
    transaction there is nothing to hold it for: a plain read.
    """
    using = router.db_for_write(model)
    rows = model._default_manager.using(using).filter(pk=pk)
    if transaction.get_connection(using).in_atomic_block:
        rows = rows.select_for_update()
    return rows.first()
