"""The story's change form: refuses a stale save and says what changed meanwhile."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import formats

from .. import services
from ..body import cleaning_notes
from ..body_editor import BodyEditorWidget
from ..copy_dates import asks_for_date
from ..forms import edited, now_on_file, refusal
from ..languages import normalize_tag
from ..models import Article, ArticleRevision, Correction
from ..text import lf, tidy_tag_names
from .labels import remember_selected
from .language import LanguageTagInput

Status = Article.Status


def snapshot_value(name: str, value):
    """A form's cleaned value in the shape ``services.snapshot`` stores it."""
    if name == "agency":
        return {"id": value.pk, "label": value.short_name} if value else None
    if name == "tags":
        return sorted(value or [], key=str.lower)
    return services.json_value(value)


def edited_fields(form) -> set[str]:
    """The fields of a bound form its editor changed, line breaks as LF (Django's
    ``changed_data`` compares the posted CRLF)."""
    return {name for name in form.changed_data if edited(form, name)}


def same_value(name: str, a, b) -> bool:
    """Two snapshot values of field ``name`` as an editor sees them: times to the
    second, as the form shows them."""
    if name in TIME_FIELDS and a and b:
        return datetime.fromisoformat(a).replace(
            microsecond=0
        ) == datetime.fromisoformat(b).replace(microsecond=0)
    return a == b


TIME_FIELDS = {"published_at", "embargo_until"}


class ArticleAdminForm(forms.ModelForm):
    """The story form: refuses a stale save and says what changed meanwhile."""

    correction_note = forms.CharField(
        label="Correction note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        # A validator, not max_length: a maxlength attribute would let the browser
        # cut a pasted note short without a word.
        validators=[MaxLengthValidator(Correction.text_limits["note"])],
        help_text=(
            "For “Save and correct”: what was wrong and what is right now. "
            "Readers see it under the story with its time."
        ),
    )

    old_copy = forms.ChoiceField(
        label="Publication time",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("now", "Publish it now, dated now"),
            ("dateline", "Publish it dated its dateline day"),
        ],
        help_text=(
            "Only for “Save and publish” when the dateline is more than two days "
            "old: readers see the date chosen here."
        ),
    )

    class Meta:
        model = Article
        # The admin replaces this with the fields of its fieldsets.
        fields = ["headline", "lock_version"]
        widgets = {
            "lock_version": forms.HiddenInput,
            "language": LanguageTagInput,
            "body": BodyEditorWidget,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        remember_selected(self)

    def clean_language(self):
        # "EN" or "pt_br" is what the editor meant: store it as "en", "pt-BR".
        value = self.cleaned_data.get("language", "")
        return normalize_tag(value) or value

    def clean_body(self):
        # What the cleaning (BodyFormField) removes is told to the editor on save.
        self.body_notes = cleaning_notes(self.data.get(self.add_prefix("body"), ""))
        return self.cleaned_data.get("body", "")

    def clean_tags(self):
        return tidy_tag_names(self.cleaned_data.get("tags") or [])

    def clean_published_at(self):
        return self._stored_time_kept("published_at")

    def clean_embargo_until(self):
        return self._stored_time_kept("embargo_until")

    def _stored_time_kept(self, name):
        """The form shows whole seconds; a time left as shown keeps the stored one,
        fractions included, so a save without edits changes nothing (and readers
        are not told the story was updated)."""
        value, stored = self.cleaned_data.get(name), getattr(self.instance, name)
        if value and stored and value == stored.replace(microsecond=0):
            return stored
        return value

    def clean(self):
        cleaned = super().clean()
        # Browsers send a textarea's line breaks as CRLF; the stored copy uses LF, so
        # without this an untouched body would count as changed in every revision.
        for name in services.TEXT_FIELDS & cleaned.keys():
            if isinstance(cleaned[name], str):
                cleaned[name] = lf(cleaned[name])
        stored = self.instance
        seen = cleaned.get("lock_version")
        if stored.pk is not None and seen is not None and seen != stored.lock_version:
            self._explain_conflict(cleaned)
        note = cleaned.get("correction_note", "")
        if "correction_note" in self.errors:
            pass
        elif self.pressed == "correct" and not note.strip():
            self.add_error(
                "correction_note", "Write the correction note readers will see."
            )
        elif self.pressed != "correct" and note.strip():
            # Any other button would save the story and drop the note unseen.
            self.add_error(
                "correction_note",
                "A correction note is published only with “Save and correct”: "
                "press that, or clear the note to save without a correction.",
            )
        candidate = Article(
            published_at=cleaned.get("published_at"),
            embargo_until=cleaned.get("embargo_until"),
        )
        try:
            services.check_schedule(stored if stored.pk else None, candidate)
        except ValidationError as error:
            self.add_error(None, error)
        self._check_old_copy(cleaned)
        return cleaned

    # Set per request by the admin: only a publisher is asked about old copy (for
    # anyone else the publish button is refused by the service, with its reason).
    may_publish = False
    # Set per request by the admin: the workflow button whose view saves the form
    # ("publish", "correct"…), None for the change form's own Save.
    pressed: str | None = None

    def _check_old_copy(self, cleaned):
        """Old copy is published only once the editor chose how it is dated."""
        dateline = cleaned.get("dateline_date")
        if (
            not self.may_publish
            or self.pressed != "publish"
            or cleaned.get("old_copy")
            or not asks_for_date(self.instance, dateline, cleaned.get("published_at"))
        ):
            return
        shown = formats.date_format(dateline, "DATE_FORMAT")
        self.add_error(
            "old_copy",
            f"This copy's dateline is {shown}, more than two days ago. Choose "
            f"whether it goes out dated now or dated {shown}, then press “Save "
            "and publish” again.",
        )

    def _explain_conflict(self, cleaned):
        """Name the saves this editor missed; keep their input; let them save again.

        Fields only the other editor changed are taken into the form (so saving again
        keeps both people's work); fields both changed keep this editor's text and
        show what is on file now. The form's version moves to the stored one, so the
        next save is a deliberate decision made with all of this on screen.
        """
        stored, seen = self.instance, cleaned["lock_version"]
        saves = services.saves_since(stored, seen)
        base = ArticleRevision.objects.filter(article=stored, version=seen).first()
        on_file = services.snapshot(stored)
        self.data = self.data.copy()
        self.data[self.add_prefix("lock_version")] = str(stored.lock_version)
        taken, clashes = [], []
        for name in services.changed_fields(base.data, on_file) if base else []:
            if name not in self.fields or name == "status":
                continue
            mine = snapshot_value(name, cleaned.get(name))
            if same_value(name, mine, base.data.get(name)):
                self._show_stored(name, on_file)
                taken.append(services.field_label(name))
            elif not same_value(name, mine, on_file.get(name)):
                clashes.append(name)
        for name in clashes:
            self.add_error(
                name, now_on_file(services.display_value(name, on_file.get(name)))
            )
        missed = services.describe_saves(saves)
        what = f"This story was changed after you opened it: {missed}"
        self.add_error(None, refusal(what, taken))

    def _show_stored(self, name, on_file):
        """Put the stored value of ``name`` into the posted data, in the shape its
        widget posts it, so the form shows it and saving again keeps it."""
        key = self.add_prefix(name)
        if name in services.TEXT_FIELDS:
            self.data[key] = on_file[name] or ""
            return
        field = self.fields[name]
        value = field.prepare_value(self.initial.get(name))
        widget = getattr(field.widget, "widget", field.widget)  # the admin's wrapper
        if isinstance(widget, forms.MultiWidget):  # e.g. a split date and time
            parts = widget.decompress(value)
            for suffix, part_widget, part in zip(
                widget.widgets_names, widget.widgets, parts, strict=True
            ):
                self.data[key + suffix] = part_widget.format_value(part) or ""
            return
        shown = widget.format_value(value)
        if isinstance(shown, list):  # choice widgets give the selected values
            self.data.setlist(key, shown)
        else:
            self.data[key] = shown or ""
