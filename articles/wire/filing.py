"""The rows a wire story files besides itself (people, tags) and the checks every
row the importer writes goes through: sizes trimmed, ``full_clean`` errors named,
addresses found with indexed look-ups."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..languages import ascii_slug
from ..models import Article, ArticlePerson, Person
from ..models.content import SLUG_MAX_LENGTH
from ..text import nfc, tidy_label, tidy_tag_names
from .story import WireError, WireStory


def limit(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def agency_name(story: WireStory) -> str:
    """The agency's short name as stored (its casefold is the importer's key)."""
    return limit(nfc(story.agency.strip()), 40)


def full_clean(instance, **options) -> None:
    """``full_clean`` with its errors as one WireError naming each field."""
    try:
        instance.full_clean(
            validate_unique=False, validate_constraints=False, **options
        )
    except ValidationError as error:
        raise WireError(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        ) from None


def tag_names(subjects: list[str]) -> tuple[list[str], list[str]]:
    """(tags to add, notes): each subject tidied as the story form tidies tags
    (``tidy_tag_names``); one that cannot be a tag is left out with a note."""
    names, notes = [], []
    for subject in subjects:
        try:
            names += tidy_tag_names([subject])
        except ValidationError as error:
            notes.append("Subject left out: " + " ".join(error.messages))
    return tidy_tag_names(names), notes


def slug_base(text: str, fallback: str) -> str:
    """The first-choice address for ``text`` (room left for a suffix)."""
    base = ascii_slug(text)[: SLUG_MAX_LENGTH - 12].strip("-")
    return base or fallback


def free_slug(model, text: str, *, fallback: str, salt: str = "") -> str:
    """A slug no row uses, found with indexed exact lookups (no table scan)."""
    base = slug_base(text, fallback)
    manager = model._default_manager
    candidates = [base, *(f"{base}-{n}" for n in range(2, 5))]
    digest = hashlib.sha1(f"{salt}|{text}".encode()).hexdigest()  # noqa: S324
    candidates.append(f"{base}-{digest[:8]}")
    for candidate in candidates:
        if not manager.filter(slug=candidate).exists():
            return candidate
    return f"{base}-{digest[8:20]}"


def named_people(story: WireStory):
    """(name as stored, wire person) for each person the story names visibly."""
    for wire_person in story.people:
        name = limit(nfc(wire_person.name.strip()), 200)
        if tidy_label(name):  # not zero-width or bidi characters only
            yield name, wire_person


def person_rows(
    article: Article, named: list[tuple[Person, list[str]]], existing: set
) -> list[ArticlePerson]:
    """The story's new person links, numbered after the ``existing`` ones."""
    position = len(existing)
    rows = []
    for person, roles in named:
        for role in roles or [ArticlePerson.Role.SUBJECT]:
            if role not in ArticlePerson.Role.values or (person.pk, role) in existing:
                continue
            existing.add((person.pk, role))
            rows.append(
                ArticlePerson(
                    article=article, person=person, role=role, position=position
                )
            )
            position += 1
    return rows


def new_person(name: str, title: str) -> Person:
    """File a person a story names who is not on file yet."""
    person = Person(
        name=name,
        description=limit(title, 300),
        slug=free_slug(Person, name, fallback="person"),
    )
    full_clean(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        # A concurrent ingest just filed the same person (same slug).
        found = Person.objects.filter(slug=person.slug, name=name).first()
        if found is not None:
            return found
        person.slug = free_slug(Person, name, fallback="person", salt="2")
        person.save()
    return person
