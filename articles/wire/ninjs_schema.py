"""IPTC's ninjs schemas (1.6, 2.2, 3.1), shipped in ``schemas/`` and used offline.

Import reads a document that satisfies its schema as it is and any other leniently
(``ninjs_read``); export (``ninjs``) is checked against 3.1 by the tests.
"""

import json
import re
from functools import cache
from pathlib import Path

from referencing import Registry, Resource

from .story import WireError

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILES = {
    "3": "ninjs-schema_3.1.json",
    "2": "ninjs-schema_2.2.json",
    "1": "ninjs-schema_1.6.json",
}
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"
V3_KEYS = {
    "versionCreated",
    "firstCreated",
    "contentCreated",
    "pubStatus",
    "embargoedUntil",
    "copyrightHolder",
    "copyrightNotice",
    "usageTerms",
    "edNote",
    "representationType",
    "altIds",
    "infoSources",
    "trustIndicators",
}
V2_KEYS = {"headlines", "bodies", "descriptions", "people", "subjects", "places"}
V1_KEYS = {"headline", "body_text", "body_xhtml", "body_html", "byline", "person"}
# ninjs 1.x's open-ended families: description_text, body_html, headline_short …
V1_PATTERNS = re.compile(r"^(description|body|headline)_[a-z0-9_]+$")


@cache
def _schema(major: str) -> dict:
    return json.loads((SCHEMA_DIR / SCHEMA_FILES[major]).read_text(encoding="utf-8"))


@cache
def _validator(major: str):
    # Imported here: jsonschema (with its format checkers) takes a second or more to
    # import, which agency-text ingest and every page that exports ninjs never need.
    from jsonschema import Draft7Validator, Draft202012Validator

    geojson = json.loads(
        (SCHEMA_DIR / "GeoJSON-schema.json").read_text(encoding="utf-8")
    )
    registry = Registry().with_resource(GEOJSON_URI, Resource.from_contents(geojson))
    cls = Draft7Validator if major == "1" else Draft202012Validator
    return cls(_schema(major), registry=registry)


@cache
def known_keys() -> frozenset[str]:
    """Every top-level property some ninjs version defines, lower case."""
    keys = set()
    for major in SCHEMA_FILES:
        schema = _schema(major)
        properties = schema.get("properties") or schema["$defs"]["ninjsType"].get(
            "properties", {}
        )
        keys |= {key.casefold() for key in properties}
    return frozenset(keys)


def unknown_keys(document: dict) -> list[str]:
    """The document's top-level properties no ninjs version defines."""
    known = known_keys()
    return [
        str(key)
        for key in document
        if str(key).casefold() not in known and not V1_PATTERNS.match(str(key))
    ]


def validation_error(document: dict, major: str) -> str | None:
    """The first schema error of ``document`` against ninjs ``major``, or None."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator(major).iter_errors(document))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    message = error.message if len(error.message) < 200 else error.message[:197] + "…"
    return f"at {where}: {message}"


def guess_major(document: dict) -> str:
    standard = document.get("standard")
    if isinstance(standard, dict) and str(standard.get("version", ""))[:1] in "123":
        declared = str(standard["version"])[:1]
        if declared in SCHEMA_FILES:
            return declared
    keys = set(document)
    if keys & V3_KEYS:
        return "3"
    if keys & V2_KEYS:
        return "2"
    if keys & V1_KEYS:
        return "1"
    return "3"


def schema_check(document: dict) -> tuple[str, str | None]:
    """(major version, None) for a document its schema accepts; else (the version
    it looks most like, the first error against that version's schema)."""
    guess = guess_major(document)
    try:
        first = validation_error(document, guess)
        if first is None:
            return guess, None
        for major in SCHEMA_FILES:
            if major != guess and validation_error(document, major) is None:
                return major, None
    except RecursionError:
        return guess, "it nests too deeply to check"
    return guess, first


def schema_version(document: dict) -> str:
    """The ninjs major version whose schema ``document`` satisfies, or WireError."""
    major, error = schema_check(document)
    if error is not None:
        raise WireError(f"The document fails the ninjs {major}.x schema {error}")
    return major
