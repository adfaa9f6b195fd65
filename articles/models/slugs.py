"""Story, agency and person addresses (slugs): unique, readable, and never a
story's old address."""

from django.apps import apps
from django.db import IntegrityError, models, transaction

from ..languages import ascii_slug
from ..times import when

SLUG_MAX_LENGTH = 120
SLUG_ATTEMPTS = 5


def unique_slug(
    model: type[models.Model], text: str, *, exclude_pk=None, fallback: str
) -> str:
    """A slug for ``text`` that no other row of ``model`` uses.

    Other scripts are transliterated (a Cyrillic or CJK headline gives a readable
    Latin address, never a percent-encoded one); punctuation, emoji, zero-width and
    bidi-control characters are dropped. When nothing is left, ``fallback`` is
    used. Collisions get ``-2``, ``-3``… appended.
    """
    base = ascii_slug(text)[:SLUG_MAX_LENGTH].strip("-") or fallback
    others = model._default_manager.exclude(pk=exclude_pk)
    taken = set(
        others.filter(slug__startswith=base[: SLUG_MAX_LENGTH - 8]).values_list(
            "slug", flat=True
        )
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX_LENGTH - len(suffix)] + suffix
    return candidate


def save_with_slug(instance, save, text: str, fallback: str, *args, **kwargs):
    """Save ``instance`` with ``save``, first deriving its slug from ``text`` if blank.

    Two saves can derive the same slug at once (PostgreSQL lets both look before
    either commits): the unique index refuses the later one, which then takes the
    next free slug and tries again, so both rows are saved with distinct slugs.
    """
    if instance.slug:
        return save(*args, **kwargs)
    model = instance._meta.model
    for attempt in range(1, SLUG_ATTEMPTS + 1):
        instance.slug = unique_slug(
            model, text, exclude_pk=instance.pk, fallback=fallback
        )
        try:
            with transaction.atomic(using=kwargs.get("using")):
                return save(*args, **kwargs)
        except IntegrityError:
            others = model._default_manager.exclude(pk=instance.pk)
            if (
                attempt == SLUG_ATTEMPTS
                or not others.filter(slug=instance.slug).exists()
            ):
                instance.slug = ""
                raise  # not (only) the slug: a real constraint error


def _when(moment) -> str:
    return when(moment)


def place_slug(place: str) -> str:
    """The address of a dateline place's page: “TOKYO” and “Tokyo” share one, and
    “Москва” is “moskva”."""
    return ascii_slug(place)[:SLUG_MAX_LENGTH].strip("-")



def old_address_holder(slug: str, pk) -> "models.Model | None":
    """The story other than ``pk`` that ``slug`` is an old address of, if any."""
    # Looked up by name: the redirects' module imports the stories' own.
    redirects = apps.get_model("articles", "ArticleRedirect").objects
    held = redirects.filter(old_slug=slug).exclude(article_id=pk).first()
    return held.article if held is not None else None


def old_address_message(held: models.Model) -> str:
    return (
        f"This is the old address of “{held.headline}”, where readers' links still "
        "lead to it; choose another."
    )
