"""``loaddata`` that validates every object before saving it.

Django's own loaddata skips model validation, so an empty slug or an over-long
headline would load silently on SQLite. Here each object is ``full_clean()``-ed
first; the first invalid one stops the load, names the object and field, and the
whole fixture is rolled back (loaddata runs in one transaction). An object given twice
(the same primary or natural key) is refused too, rather than the last copy silently
winning.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError


class Command(loaddata.Command):
    help = loaddata.Command.help + " Every object is validated before it is saved."

    def handle(self, *fixture_labels, **options):
        # A bad fixture is bad input: one clear line and a non-zero exit, no traceback.
        self.loaded_keys = set()
        try:
            return super().handle(*fixture_labels, **options)
        except (
            DeserializationError,
            DatabaseError,
            ObjectDoesNotExist,
            ValueError,
        ) as error:
            detail = str(error).strip()
            cause = str(error.__cause__ or "").strip()
            if cause and cause not in detail:
                detail = f"{detail} {cause}"
            raise CommandError(f"{detail} Nothing was loaded.") from None

    def save_obj(self, obj):
        instance = obj.object
        try:
            # Unique checks would find the row a natural key matched; the database's
            # own constraints still catch real duplicates.
            instance.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            label = instance._meta.label
            key = instance.pk if instance.pk is not None else "new"
            details = "; ".join(
                f"{field}: {' '.join(messages)}"
                for field, messages in error.message_dict.items()
            ).rstrip(".")
            raise CommandError(
                f"Invalid {label} (pk={key}): {details}. Nothing was loaded."
            ) from None
        key = (instance._meta.label, instance.pk)
        if instance.pk is not None and key in self.loaded_keys:
            raise CommandError(
                f"{key[0]} (pk={key[1]}) appears twice in the fixture; which copy "
                "should win? Nothing was loaded."
            )
        saved = super().save_obj(obj)
        self.loaded_keys.add((instance._meta.label, instance.pk))
        return saved
