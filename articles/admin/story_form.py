"""The story's change form: refuses a stale save and says what changed meanwhile."""

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from taggit.forms import TagField, TagWidgetMixin
from taggit.models import Tag
from taggit.utils import parse_tags

from .. import services
from ..body import cleaning_notes
from ..body_editor import BodyEditorWidget
from ..copy_dates import asks_for_date
from ..forms import edited
from ..languages import normalize_tag
from ..models import Article, ArticleRevision, Correction
from ..text import lf, tidy_tag_names
from .labels import remember_selected
from .language import LanguageTagInput
from .merging import KeepsOthersEditsForm

Status = Article.Status


def edited_fields(form) -> set[str]:
    """The fields of a bound form its editor changed, line breaks as LF (Django's
    ``changed_data`` compares the posted CRLF)."""
    return {name for name in form.changed_data if edited(form, name)}


class HiddenTagsInput(TagWidgetMixin, forms.HiddenInput):
    """The tags a form showed, posted as the text the tag field shows."""


class StoryTagsField(TagField):
    """taggit's tag field, which can also compare the tags a form showed: its
    ``has_changed`` reads only Tag objects, and a shown value comes posted as text
    (``show_hidden_initial``, see ``merging``)."""

    hidden_widget = HiddenTagsInput

    def has_changed(self, initial, data):
        if isinstance(initial, str):
            initial = [Tag(name=name) for name in parse_tags(initial)]
        return super().has_changed(initial, data)


class ArticleAdminForm(KeepsOthersEditsForm, forms.ModelForm):
    """The story form: refuses a stale save and says what changed meanwhile
    (``merging.KeepsOthersEditsForm``, with the story's policy below)."""

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

    # --- The story's policy for stale saves (merging.KeepsOthersEditsForm) -------

    def _seen_version(self, cleaned) -> int | None:
        """The version the form was made from, when the story has moved on since."""
        seen = cleaned.get("lock_version")
        stored = self.instance
        if stored.pk is None or seen is None or seen == stored.lock_version:
            return None
        return seen

    def stale(self, cleaned) -> str | None:
        """Any save since the form was made refuses it, naming the saves missed; the
        form shown again is at the version stored now, so the next save is a
        deliberate decision made with their changes on screen."""
        seen = self._seen_version(cleaned)
        if seen is None:
            return None
        stored = self.instance
        self.data = self.data.copy()
        self.data[self.add_prefix("lock_version")] = str(stored.lock_version)
        missed = services.describe_saves(services.saves_since(stored, seen))
        return f"This story was changed after you opened it: {missed}"

    def shown_by_version(self, cleaned) -> dict:
        """A form that posts no shown values (restored from an autosave, or a post
        made by hand) showed the story at its ``lock_version``: the revision."""
        seen = self._seen_version(cleaned)
        base = (
            ArticleRevision.objects.filter(article=self.instance, version=seen).first()
            if seen is not None
            else None
        )
        if base is None:
            return {}
        shown = {}
        for name, value in base.data.items():
            if name in ("agency", "section"):
                shown[name] = value["id"] if value else None
            elif name == "tags":
                shown[name] = [Tag(name=tag) for tag in value]
            elif name == "dateline_date":
                shown[name] = parse_date(value) if value else None
            elif name in ("published_at", "embargo_until"):
                shown[name] = parse_datetime(value) if value else None
            else:
                shown[name] = value
        return shown

    def field_label(self, name: str) -> str:
        return services.field_label(name)

    @cached_property
    def _on_file(self) -> dict:
        return services.snapshot(self.instance)  # read once, for a clash only

    def on_file_text(self, name: str):
        if name not in self._on_file:
            return super().on_file_text(name)
        return services.display_value(name, self._on_file[name])
