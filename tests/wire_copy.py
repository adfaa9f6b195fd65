"""Invented agency copy for the Wire queue's tests, in each agency's convention."""

from datetime import UTC, date, datetime

REF = date(2026, 3, 10)
NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)

KAZAN = """Kazan hospital opens new surgical wing

KAZAN, March 3. /TASS/. The Republican Children's Hospital opened a new surgical \
wing on Tuesday, the regional health ministry said in a statement.

The wing has forty beds and two operating theatres, according to chief physician \
Marat Gilyazov.

"We will be able to treat twice as many children from the districts," Gilyazov \
told reporters.

Construction took eighteen months and was paid for from the regional budget.
"""

# The same event, reported by another agency in its own words.
KAZAN_OTHER_AGENCY = """Children's hospital in Kazan adds surgery wing

KAZAN, March 3. /Interfax/. A surgical wing with forty beds opened at the \
Republican Children's Hospital in Kazan on Tuesday, chief physician Marat \
Gilyazov said.

The regional budget paid for the construction, which took eighteen months, the \
health ministry of the republic said.
"""

FERRY = """Ferry service to resume on Lake Baikal

IRKUTSK, March 3. /TASS/. Passenger ferries will resume crossings to Olkhon Island \
next week after the ice broke up early, the regional transport ministry said.

The first crossing is planned for Monday morning, weather permitting.

Tickets will be sold at the pier, the ministry added.
"""


def reworded(page: str) -> str:
    """The same page with a reworded headline (its derived id changes)."""
    first, rest = page.split("\n", 1)
    return "UPDATE: " + first.replace(" opens ", " has opened ") + "\n" + rest


def with_paragraph(page: str, paragraph: str) -> str:
    return page.rstrip("\n") + "\n\n" + paragraph + "\n"


def ninjs(uri: str, version: int, headline: str, body: str, **extra) -> bytes:
    import json

    doc = {
        "uri": uri,
        "version": str(version),
        "type": "text",
        "headline": headline,
        "body_text": body,
        "copyrightholder": "Example Wire",
        "firstcreated": "2026-03-03T08:00:00Z",
        "versioncreated": "2026-03-03T08:30:00Z",
        **extra,
    }
    return json.dumps(doc).encode()
