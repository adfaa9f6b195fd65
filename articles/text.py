"""What text, dates and names may be stored: the model-level gate for hostile input.

Every entry point that writes our rows (admin forms, services, ``loaddata``, the
wire importer) ends in ``full_clean()``, where ``CleanInputMixin.clean_fields`` runs
first and

- stores text in Unicode NFC (a combining accent typed or pasted becomes the one
  precomposed letter, so searches and slugs match);
- drops invisible characters (zero-width, bidi controls, other format characters)
  from slugs, where nobody can see, let alone fix them; ``tidy_tag_names`` does the same
  for tags before they are looked up;
- refuses NUL characters, naming the field (PostgreSQL cannot store them, and SQLite
  would silently store what every other tool cuts short);
- refuses datetimes without a time zone and dates outside ``YEARS`` (a year-9999 time
  cannot even be shown in a time zone east of UTC);
- enforces the text limits a model declares in ``text_limits`` (for ``TextField``, where
  Django has none: a ``max_length`` there only becomes a ``maxlength`` attribute, and
  browsers silently cut a pasted text at it).

Editors' forms keep the input on any of these errors, so nothing they typed is lost.
"""

import unicodedata
from collections.abc import Iterable
from datetime import date, datetime

from django import forms
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.utils import validate_file_name
from django.db import models
from django.utils import timezone

# Dates and times are stored only within these years; see the module docstring.
YEARS = range(1800, 3000)
TAG_MAX_LENGTH = 100  # taggit's Tag.name

NUL_MESSAGE = "Null characters are not allowed."  # the words Django's forms use


def is_invisible(char: str) -> bool:
    """Zero-width, bidi-control and other format characters, and control codes.

    Not NUL: that is refused with a message wherever it comes, never dropped quietly.
    """
    if char == "\x00":
        return False
    return unicodedata.category(char) in {"Cf", "Cc"} or char == "\u034f"


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def tidy_label(value: str) -> str:
    """A name or slug as stored: NFC, no invisible characters, single spaces."""
    kept = (c for c in nfc(value) if c.isspace() or not is_invisible(c))
    return " ".join("".join(kept).split())


def lf(value):
    """Browsers post a textarea's line breaks as CRLF; stored text uses LF. Values
    that are no text pass through."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def tidy_tag_names(names: Iterable[str]) -> list[str]:
    """Tag names as they may be stored, each once (ignoring letter case).

    A double quote becomes a single one: it is the tag field's own grouping mark, so a
    tag holding one would be split apart the next time the story form is saved.
    Raises ValidationError naming each tag that cannot be one: too long, or without
    a letter or digit (a tag's address is made of those, so it would have none).
    """
    kept, seen, errors = [], set(), []
    for raw in names:
        name = tidy_label(raw).replace('"', "'")
        if not name:
            continue
        if len(name) > TAG_MAX_LENGTH:
            errors.append(
                f"The tag “{name[:40]}…” is {len(name):,} characters long; a tag has "
                f"at most {TAG_MAX_LENGTH}."
            )
        elif not any(char.isalnum() for char in name):
            errors.append(
                f"The tag “{name}” has no letter or digit; a tag needs at least one "
                "(its address is made of them)."
            )
        elif name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    if errors:
        raise ValidationError(errors)
    return kept


def _too_long(limit: int, length: int) -> str:
    return f"This is {length:,} characters long; it may have at most {limit:,}."


class CleanInputMixin:
    """Normalise and check a model's text, dates and times in ``clean_fields``.

    ``text_limits`` maps a field name to the most characters it may hold;
    ``text_measures`` how a field's characters are counted when not by ``len``
    (the story body counts its text, not its markup).
    """

    text_limits: dict[str, int] = {}
    text_measures: dict = {}

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors: dict[str, list[str]] = {}
        for field in self._meta.concrete_fields:
            if field.name in exclude:
                continue
            problem = self._clean_input(field)
            if problem:
                errors[field.name] = [problem]
        try:
            super().clean_fields(exclude=exclude | set(errors))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def _clean_input(self, field) -> str | None:
        value = getattr(self, field.attname)
        if isinstance(value, str) and isinstance(
            field, models.CharField | models.TextField
        ):
            if "\x00" in value:
                return NUL_MESSAGE
            slug = isinstance(field, models.SlugField)
            value = tidy_label(value) if slug else nfc(value)
            setattr(self, field.attname, value)
            if value and not field.blank and not tidy_label(value):
                # Zero-width or bidi characters alone: an invisible headline or name.
                return "This holds only invisible characters; type some text."
            limit = self.text_limits.get(field.name)
            measure = self.text_measures.get(field.name, len)
            if limit is not None and measure(value) > limit:
                return _too_long(limit, measure(value))
        elif isinstance(value, datetime) and isinstance(field, models.DateTimeField):
            if timezone.is_naive(value):
                return (
                    f"“{value.isoformat()}” has no time zone; give its UTC offset "
                    f"(e.g. {value.isoformat()}+00:00)."
                )
            if value.year not in YEARS:
                return _out_of_range(value.year)
        elif isinstance(value, date) and value.year not in YEARS:
            return _out_of_range(value.year)
        elif isinstance(field, models.FileField) and value and value.name:
            try:  # uploads are named by the storage; a fixture may say anything
                validate_file_name(value.name, allow_relative_path=True)
            except SuspiciousFileOperation:
                return f"“{value.name}” is not a file name inside the media folder."
        return None


def _out_of_range(year: int) -> str:
    return f"The year {year} is out of range; enter one from {YEARS[0]} to {YEARS[-1]}."


def check_fields(instance, *names: str) -> None:
    """Run ``clean_fields`` on just ``names`` (a state change that sets only those)."""
    others = [f.name for f in instance._meta.concrete_fields if f.name not in names]
    instance.clean_fields(exclude=others)


class TidySlugField(forms.SlugField):
    """A slug form field that drops invisible characters before checking the slug.

    A pasted zero-width space would otherwise give an error about a character the
    editor cannot see.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return tidy_label(value) if value else value
