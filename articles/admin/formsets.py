"""Inline rows that another editor removed while this one was typing."""

import re

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet


class RowsRemovedMeanwhileFormSet(BaseInlineFormSet):
    """An inline formset that copes with rows deleted since the form was drawn.

    Django's formset expects every row posted as "already on file" to still be
    there. When another editor removed one in the meantime, the form came back
    with errors on fields nobody can see, and no save could ever get past them.
    Here such rows are dropped from the posted data (the rows after them move up,
    uploads included) and the formset says so: the save is refused once, with the
    form showing what is on file, and saving again works.
    """

    def __init__(self, data=None, files=None, *args, **kwargs):
        super().__init__(data, files, *args, **kwargs)
        self.removed_meanwhile = 0
        if self.is_bound:
            self._drop_rows_removed_meanwhile()

    def _drop_rows_removed_meanwhile(self):
        counts = {}
        for name in ("INITIAL_FORMS", "TOTAL_FORMS"):
            try:
                counts[name] = int(self.data.get(f"{self.prefix}-{name}", ""))
            except ValueError:
                return  # a broken management form: the formset reports it
        initial, total = counts["INITIAL_FORMS"], counts["TOTAL_FORMS"]
        pk_name = self.model._meta.pk.name
        posted = {
            i: self.data.get(f"{self.prefix}-{i}-{pk_name}", "") for i in range(initial)
        }
        # The rows on file, read once: the formset reuses this very queryset for
        # its forms, so the check costs no query of its own.
        on_file = {str(row.pk) for row in self.get_queryset()}
        gone = {i for i, pk in posted.items() if pk not in on_file}
        if not gone:
            return
        moves = {
            old: new for new, old in enumerate(i for i in range(total) if i not in gone)
        }
        self.data = self._renumbered(self.data, moves)
        self.files = self._renumbered(self.files, moves)
        self.data[f"{self.prefix}-INITIAL_FORMS"] = str(initial - len(gone))
        self.data[f"{self.prefix}-TOTAL_FORMS"] = str(total - len(gone))
        self.removed_meanwhile = len(gone)

    def _renumbered(self, posted, moves):
        """A copy of ``posted`` with row ``old`` renamed row ``moves[old]`` and the
        rows not in ``moves`` left out. Fields' shown values (``initial-…``, from
        ``show_hidden_initial``) move with their row."""
        row = re.compile(rf"^(initial-)?{re.escape(self.prefix)}-(\d+)-(.+)$")
        copy = posted.copy()
        for key in list(copy):
            if row.match(key):
                del copy[key]
        for key in posted:
            match = row.match(key)
            if match and int(match.group(2)) in moves:
                shown, number, field = match.groups()
                new_key = f"{shown or ''}{self.prefix}-{moves[int(number)]}-{field}"
                copy.setlist(new_key, posted.getlist(key))
        return copy

    def clean(self):
        super().clean()
        if self.removed_meanwhile:
            rows = "a row" if self.removed_meanwhile == 1 else "rows"
            raise ValidationError(
                f"Someone else removed {rows} here since you opened the story; "
                "this form now shows what is on file. Check it, then save again."
            )
