"""Versions by near-identical text, and one event from several agencies: the
thresholds in ``articles.wire.matching`` against invented variants."""

import copy
from datetime import date, timedelta

import pytest

from articles.models import WireItem
from articles.wire import matching
from articles.wire.queue import Inbox
from articles.wire.story import WireStory

from .wire_copy import NOW

DAY = date(2026, 3, 3)

# An invented TASS story and a different one from the same agency, same place and
# day, sharing the stock phrases agencies repeat.
BRIDGE = WireStory(
    headline="New bridge across the Volga opens to traffic",
    paragraphs=[
        "The new road bridge across the Volga near Samara opened to traffic on "
        "Tuesday, the regional transport ministry said.",
        "The bridge is 3.7 kilometres long and carries four lanes, cutting the "
        "journey between the two banks by forty minutes.",
        "Construction began three years ago and cost 42 billion roubles, the "
        "ministry said in a statement.",
        "Regional governor Dmitry Azarov attended the opening ceremony.",
    ],
    dateline_place="Samara",
    dateline_date=DAY,
    agency="TASS",
    source_format="agency-text",
)
THEATRE = WireStory(
    headline="Samara drama theatre reopens after restoration",
    paragraphs=[
        "The Samara Academic Drama Theatre reopened on Tuesday after a two-year "
        "restoration, the regional culture ministry said.",
        "The restored hall seats 800 and has a new stage machinery system, the "
        "ministry said in a statement.",
        "Regional governor Dmitry Azarov attended the first performance.",
    ],
    dateline_place="Samara",
    dateline_date=DAY,
    agency="TASS",
    source_format="agency-text",
)


def variant(story: WireStory, **changes) -> WireStory:
    made = copy.deepcopy(story)
    for name, value in changes.items():
        setattr(made, name, value)
    return made


def score(a: WireStory, b: WireStory) -> float:
    return matching.overlap(
        matching.shingles(matching.story_text(a)),
        matching.shingles(matching.story_text(b)),
    )


VARIANTS = {
    "reworded headline": variant(
        BRIDGE, headline="UPDATE: Volga bridge near Samara opened to traffic"
    ),
    "one paragraph edited": variant(
        BRIDGE,
        paragraphs=[
            BRIDGE.paragraphs[0],
            "The bridge is 3.7 kilometres long and has four lanes; it cuts the "
            "journey between the banks by about forty minutes, officials said.",
            *BRIDGE.paragraphs[2:],
        ],
    ),
    "one paragraph added": variant(
        BRIDGE,
        paragraphs=[
            *BRIDGE.paragraphs,
            "A second bridge downstream is planned for 2030.",
        ],
    ),
    "headline reworded and a paragraph added": variant(
        BRIDGE,
        headline="Volga bridge opens (adds governor's quote)",
        paragraphs=[
            *BRIDGE.paragraphs,
            '"This bridge joins the region together," Azarov told reporters.',
        ],
    ),
    "a flash followed by the full story": variant(
        BRIDGE, headline="Bridge opens", paragraphs=BRIDGE.paragraphs[:1]
    ),
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_invented_variants_score_above_the_version_threshold(name):
    assert score(BRIDGE, VARIANTS[name]) >= matching.VERSION_THRESHOLD


def test_another_story_of_the_same_agency_place_and_day_scores_far_below_it():
    assert score(BRIDGE, THEATRE) < matching.VERSION_THRESHOLD / 2


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(VARIANTS))
def test_each_variant_becomes_the_items_next_version(name):
    inbox = Inbox(now=NOW)
    first = inbox.take_in(copy.deepcopy(BRIDGE))[1]
    changed = variant(VARIANTS[name], wire_id="")
    outcome, item = Inbox(now=NOW + timedelta(minutes=15)).take_in(changed)
    assert (outcome, item.pk, item.version_count) == ("new version", first.pk, 2)


@pytest.mark.django_db
def test_the_other_story_is_a_new_item():
    Inbox(now=NOW).take_in(copy.deepcopy(BRIDGE))
    outcome, _ = Inbox(now=NOW).take_in(copy.deepcopy(THEATRE))
    assert outcome == "received"
    assert WireItem.objects.count() == 2


@pytest.mark.django_db
def test_a_near_copy_with_another_dateline_day_is_not_a_version():
    Inbox(now=NOW).take_in(copy.deepcopy(BRIDGE))
    later = variant(VARIANTS["reworded headline"], dateline_date=DAY + timedelta(1))
    assert Inbox(now=NOW).take_in(later)[0] == "received"


@pytest.mark.django_db
def test_copy_with_an_agency_id_is_never_matched_by_text():
    with_id = variant(BRIDGE, wire_id="urn:tass:1", source_format="ninjs")
    Inbox(now=NOW).take_in(with_id)
    other_id = variant(
        VARIANTS["reworded headline"], wire_id="urn:tass:2", source_format="ninjs"
    )
    assert Inbox(now=NOW).take_in(other_id)[0] == "received"


XINHUA_BRIDGE = WireStory(
    headline="Russia opens Volga road bridge near Samara",
    paragraphs=[
        "A four-lane road bridge across the Volga River opened to traffic near "
        "Samara on Tuesday, local authorities said.",
        "Governor Dmitry Azarov said the 3.7-km bridge cost 42 billion roubles.",
    ],
    dateline_place="SAMARA",
    dateline_date=DAY,
    agency="XINHUA",
    source_format="agency-text",
)
XINHUA_OTHER = WireStory(
    headline="Samara hosts regional ice hockey final",
    paragraphs=[
        "The regional ice hockey final was played in Samara on Tuesday before "
        "a crowd of 5,000 spectators.",
    ],
    dateline_place="Samara",
    dateline_date=DAY,
    agency="XINHUA",
    source_format="agency-text",
)


@pytest.mark.django_db
def test_another_agency_on_the_same_event_is_grouped():
    tass = Inbox(now=NOW).take_in(copy.deepcopy(BRIDGE))[1]
    xinhua = Inbox(now=NOW).take_in(copy.deepcopy(XINHUA_BRIDGE))[1]
    assert xinhua.pk != tass.pk and xinhua.group_key == tass.group_key


@pytest.mark.django_db
def test_another_agency_on_another_event_of_the_same_place_and_day_is_not():
    tass = Inbox(now=NOW).take_in(copy.deepcopy(BRIDGE))[1]
    xinhua = Inbox(now=NOW).take_in(copy.deepcopy(XINHUA_OTHER))[1]
    assert xinhua.group_key != tass.group_key


@pytest.mark.django_db
def test_the_same_event_on_another_day_is_not_grouped():
    tass = Inbox(now=NOW).take_in(copy.deepcopy(BRIDGE))[1]
    later = variant(XINHUA_BRIDGE, dateline_date=DAY + timedelta(days=2))
    assert Inbox(now=NOW).take_in(later)[1].group_key != tass.group_key


def test_simhash_is_stable_and_near_for_near_copies():
    grams = matching.shingles(matching.story_text(BRIDGE))
    assert matching.simhash(grams) == matching.simhash(set(grams))
    near = matching.shingles(matching.story_text(VARIANTS["one paragraph added"]))
    far = matching.shingles(matching.story_text(THEATRE))
    assert matching.bits_apart(
        matching.simhash(grams), matching.simhash(near)
    ) < matching.bits_apart(matching.simhash(grams), matching.simhash(far))
