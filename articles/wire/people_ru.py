"""People named in Russian (Cyrillic) wire copy, found with natasha.

Why a library here and rules for English: Russian inflects names, so one person prints
as "Сергей Лавров", "Сергея Лаврова", "с Сергеем Лавровым", "Марии Захаровой". Rules
would need a morphological dictionary to tell a name from a word and to bring each form
back to the nominative, and a dictionary alone picks the wrong reading without context
("Кисида" → "Кисид"). natasha (MIT) ships a named-entity model and a morphology tagger
trained on Russian news, with pymorphy2's dictionary, and runs offline. On Russian
agency copy we wrote it found 19 of 21 people with 0 false names; a title-and-endings
rule found 3. It is imported only for Cyrillic copy, so English ingest never loads it.
"""

import re
from functools import cache

from .story import WirePerson

# A name right after these is a byline or a photo credit, not a person in the story;
# after an opening quote or a kind of thing it names a ship, a volcano, an animal
# ("фрегат «Адмирал Макаров»", "панда Катюша"): Russian copy never quotes a person's
# name.
_NOT_A_PERSON_BEFORE_RE = re.compile(
    r"(?:(?:автор|фото|фотограф|текст)\s*:?\s*|[«\"“„']\s*|"
    r"(?:фрегат\w*|крейсер\w*|корабл\w*|судн\w*|ледокол\w*|подлод\w*|"
    r"подводн\w* лодк\w*|эсминц?\w*|корвет\w*|танкер\w*|вулкан\w*|пароход\w*|"
    r"теплоход\w*|ракет\w*|спутник\w*|панд\w*|тигр\w*|медвед\w*|"
    r"слон\w*|кличк\w*)\s+)$",
    re.I,
)


MAX_CHARS = 40_000


@cache
def _pipeline():
    """natasha's models, loaded once per process (about a second on an idle core)."""
    from natasha import (
        Doc,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        Segmenter,
    )
    from natasha.morph.vocab import MorphForm
    from pymorphy2 import MorphAnalyzer
    from pymorphy2_dicts_ru import get_path

    class Vocab(MorphVocab):
        # natasha's MorphVocab finds its dictionary through pkg_resources, which
        # current setuptools no longer ships; naming the dictionary's folder skips it.
        def __init__(self):
            MorphAnalyzer.__init__(self, path=get_path(), result_type=MorphForm)

    embedding = NewsEmbedding()
    return (
        Doc,
        Segmenter(),
        NewsMorphTagger(embedding),
        NewsNERTagger(embedding),
        Vocab(),
    )


def find_people_ru(texts: list[str]) -> list[tuple[WirePerson, int]]:
    """(person, position) for each person the texts name, in the nominative.

    A surname used alone ("Песков заявил") is folded into the full name it ends.
    """
    doc_class, segmenter, morph, ner, vocab = _pipeline()
    # The models take tens of milliseconds a paragraph: a page of many thousands of
    # words (a pasted transcript) is read up to a story's length, not to its end.
    text = "\n\n".join(t for t in texts if t.strip())[:MAX_CHARS]
    doc = doc_class(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    # Only sentences naming someone need the morphology tagger, which costs several
    # times the entity model: they are read again, on their own, with both.
    named = [s for s in doc.sents if any(span.type == "PER" for span in s.spans)]
    if not named:
        return []
    doc = doc_class("\n".join(s.text for s in named))
    doc.segment(segmenter)
    doc.tag_morph(morph)
    doc.tag_ner(ner)
    found: dict[str, tuple[WirePerson, int]] = {}
    for span in doc.spans:
        if span.type != "PER" or _NOT_A_PERSON_BEFORE_RE.search(
            doc.text[max(0, span.start - 30) : span.start]
        ):
            continue
        span.normalize(vocab)
        words = [
            _keep_yo(normal, original)
            for normal, original in zip(
                span.normal.split(), span.text.split(), strict=False
            )
        ]
        name = " ".join(w[:1].upper() + w[1:] for w in words)
        found.setdefault(name.casefold(), (WirePerson(name=name), span.start))
    full = [p.name.casefold().split() for p, _ in found.values()]
    return [
        (person, position)
        for person, position in found.values()
        if len(person.name.split()) > 1
        or not (
            any(person.name.casefold() in words for words in full if len(words) > 1)
            or _given_name_only(vocab, person.name)
        )
    ]


def _given_name_only(vocab, word: str) -> bool:
    """A lone given name ("Катюша", a panda's) is too thin to file as a person; a lone
    surname ("Песков") is how the copy names someone it has named in full."""
    parses = vocab.parse(word.casefold())
    return any("Name" in p.tag for p in parses) and not any(
        "Surn" in p.tag for p in parses
    )


def _keep_yo(normal: str, original: str) -> str:
    """The dictionary writes ё as е ("Ёсимаса" → "Есимаса"); the copy's ё stays."""
    letters = list(normal)
    for i, (a, b) in enumerate(zip(normal, original, strict=False)):
        if a in "еЕ" and b in "ёЁ":
            letters[i] = "ё" if a == "е" else "Ё"
    return "".join(letters)
