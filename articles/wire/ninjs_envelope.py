"""ninjs in API envelopes: ``{"data": {"item": …}}``, ``{"results": […]}``,
``{"items": […]}``, ``{"data": […]}`` and the like, as agencies' APIs answer.

``parse_many`` finds the story documents inside whatever wraps them and reads each
with ``ninjs_read.parse_document``; one envelope may give several stories.
"""

import json

from .ninjs_read import parse_document
from .story import NotWellFormed, WireError, WireStory

HEADLINE_KEYS = {"headline", "headlines"}
BODY_KEYS = {"body", "bodies", "body_text", "body_html", "body_xhtml", "body_nitf"}
ID_KEYS = {"uri", "guid"}
MAX_ITEMS = 5000


def _looks_like_item(value: dict) -> bool:
    keys = {str(k).casefold() for k in value}
    return bool(keys & (HEADLINE_KEYS | BODY_KEYS)) or (
        "title" in keys and bool(keys & ID_KEYS) and "type" in keys
    )


def _find_items(value, path: list[str], depth: int = 0) -> list[tuple[dict, str]]:
    """The story documents inside an API envelope, with the path to each."""
    if depth > 6:
        return []
    if isinstance(value, dict):
        if _looks_like_item(value):
            return [(value, " → ".join(path))]
        found = []
        for key, inner in value.items():
            if isinstance(inner, dict | list):
                found += _find_items(inner, [*path, str(key)], depth + 1)
        return found
    if isinstance(value, list):
        value = value[:MAX_ITEMS]
        dicts = [inner for inner in value if isinstance(inner, dict)]
        if any(_looks_like_item(inner) for inner in dicts):
            # A list of stories: each one counts, so a broken one is reported.
            return [(inner, " → ".join(path)) for inner in dicts]
        found = []
        for inner in value:
            found += _find_items(inner, path, depth + 1)
        return found
    return []


def _load(data: bytes):
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise WireError("The JSON is not UTF-8 (or UTF-16/32) text.") from None
    except json.JSONDecodeError as error:
        # A string that never ends ran into the end of the file as well.
        cut = error.pos >= len(data.rstrip()) or error.msg.startswith("Unterminated")
        raise NotWellFormed(
            f"Not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
            + ("; the file looks cut short." if cut else ".")
        ) from None
    except RecursionError:
        raise WireError("The JSON nests too deeply.") from None
    except ValueError as error:  # a number of thousands of digits, for one
        raise WireError(f"The JSON cannot be read: {error}.") from None


def parse_many(data: bytes) -> list[WireStory]:
    """The stories of a ninjs document, or of an API envelope holding several.

    Each story the envelope holds that cannot be read is left out with a note on
    the first story; WireError when none can be read.
    """
    value = _load(data)
    try:
        return _parse_value(value)
    except RecursionError:
        raise WireError("The JSON nests too deeply.") from None


def _parse_value(value) -> list[WireStory]:
    if isinstance(value, dict) and _looks_like_item(value):
        return [parse_document(value)]
    found = _find_items(value, [])
    if not found:
        if isinstance(value, dict):
            return [parse_document(value)]  # says what is missing
        raise WireError("A ninjs document is a JSON object; this is not one.")
    stories, failures = [], []
    for number, (document, path) in enumerate(found, 1):
        where = f"item {number} of {len(found)}" if len(found) > 1 else "the item"
        try:
            story = parse_document(document)
        except WireError as error:
            failures.append(f"{where}: {error}")
            continue
        story.unsure.insert(
            0,
            f"Check: {where} of an API envelope ({path or 'a list'}); read the "
            "story inside it.",
        )
        stories.append(story)
    if not stories:
        raise WireError("; ".join(failures[:3]))
    stories[0].unsure += [f"Check: {failure} Left out." for failure in failures]
    return stories


def parse_bytes(data: bytes) -> WireStory:
    """The one story of a ninjs document (or an envelope holding one)."""
    stories = parse_many(data)
    if len(stories) > 1:
        raise WireError(
            f"The JSON holds {len(stories)} stories; read it with parse_many."
        )
    return stories[0]
