"""The agency page text parser, on the seed and on many page shapes it has not seen."""

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.body import clean_body
from articles.wire import agency_text
from articles.wire.agency_text import AgencyTextError, parse

DATA = Path(__file__).parent / "data" / "wire" / "agency"
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "seed_story.json"
REF = date(2024, 6, 30)


def parse_file(name: str, reference_date: date = REF):
    return parse(
        (DATA / name).read_text(encoding="utf-8"), reference_date=reference_date
    )


def seed_article_fields() -> dict:
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return next(o["fields"] for o in objects if o["model"] == "articles.article")


def test_seed_page_gives_the_seed_story_paragraph_for_paragraph():
    story = parse_file("seed-tass-japan.txt", reference_date=date(2018, 12, 31))
    seed = seed_article_fields()
    assert story.headline == seed["headline"]
    assert story.dek == seed["dek"]
    # None lost, none invented, in order (the body as stored: HTML paragraphs).
    assert story.body == clean_body(seed["body"])
    assert story.dateline_place == seed["dateline_place"] == "Tokyo"
    assert story.dateline_date == date(2018, 3, 21)
    assert story.agency == "TASS"


def test_seed_photo_block_gives_caption_alt_and_credit_once():
    story = parse_file("seed-tass-japan.txt")
    assert len(story.photos) == 1
    photo = story.photos[0]
    caption = "Russian and Japanese Foreign Ministers, Sergey Lavrov and Taro Kono"
    assert photo.caption == photo.alt_text == caption
    assert photo.credit == "Alexander Shcherbak/TASS"
    assert photo.photographer == "Alexander Shcherbak"
    assert all("Shcherbak" not in p for p in story.paragraphs)


def test_seed_people_are_found_with_titles_and_roles():
    story = parse_file("seed-tass-japan.txt")
    found = {p.name: (p.title, p.roles) for p in story.people}
    assert found == {
        "Taro Kono": ("Japanese Foreign Minister", ["subject", "quoted"]),
        "Sergey Lavrov": ("Russian Foreign Minister", ["quoted"]),
        "Maria Zakharova": ("Russian Foreign Ministry Spokeswoman", ["quoted"]),
    }
    assert story.people[0].name == "Taro Kono"


def test_furniture_before_and_after_is_dropped_and_the_year_comes_from_the_page():
    story = parse_file("furniture-year-on-page.txt")
    assert story.headline.startswith("Russia’s new ICBM Sarmat")
    assert story.dek == "The missile will replace the Soviet-era Voyevoda"
    assert story.paragraphs == [
        "Russia’s newest Sarmat intercontinental ballistic missile will enter service "
        "in 2020, Deputy Defense Minister Yuri Borisov told reporters on Wednesday.",
        '"The tests are going according to schedule," he said.',
        "The Sarmat is designed to replace the Voyevoda missile, known in the West as "
        "Satan.",
    ]
    # "21 MAR 2018, 14:05" above the headline gives the year, with no guess noted.
    assert story.dateline_date == date(2018, 3, 21)
    assert not any("no year" in note for note in story.unsure)
    assert [(p.name, p.title) for p in story.people] == [
        ("Yuri Borisov", "Deputy Defense Minister")
    ]
    assert story.photos[0].credit == "Russian Defense Ministry/TASS"
    assert story.photos[0].caption == "Sarmat missile launch at Plesetsk"


def test_credit_only_photo_keeps_the_standfirst_and_flags_the_missing_caption():
    story = parse_file("credit-only-photo.txt")
    assert story.dek.startswith("The Kremlin will not react to rumours")
    assert [(p.caption, p.credit) for p in story.photos] == [
        ("", "Sergei Bobylev/TASS")
    ]
    assert any("no caption" in note for note in story.unsure)
    assert story.people[0].name == "Dmitry Peskov"
    assert story.people[0].title == "Kremlin Spokesman"


def test_caption_printed_twice_and_region_in_the_dateline():
    story = parse_file("caption-printed-twice.txt")
    assert story.dateline_place == "Baikonur"
    assert story.dateline_region == "Kazakhstan"
    assert story.dateline_date == date(2024, 6, 3)  # zero-padded "June 03"
    assert [(p.caption, p.credit) for p in story.photos] == [
        ("Soyuz MS-07 landing in the Kazakh steppe", "Sergei Savostyanov/TASS")
    ]
    assert len(story.paragraphs) == 2
    assert story.paragraphs[0].startswith("The Soyuz MS-07 descent capsule")


def test_old_itar_tass_dateline_and_credit_run_on_without_caption_line():
    story = parse_file("itar-tass-run-on-only.txt")
    assert story.agency == "TASS"
    assert story.dateline_place == "Geneva"
    assert story.dateline_date == date(2023, 9, 9)
    photo = story.photos[0]
    assert photo.credit == "EPA/MARTIAL TREZZINI"
    assert photo.caption.endswith("US Secretary of State John Kerry")
    assert {p.name: p.title for p in story.people} == {
        "Sergey Lavrov": "Russian Foreign Minister",
        "John Kerry": "US Secretary of State",
    }


def test_agency_line_without_city():
    story = parse_file("agency-line-no-city.txt")
    assert story.dateline_place == ""
    assert story.dateline_date == date(2024, 3, 5)
    assert story.paragraphs[0].startswith("The ruble strengthened")
    assert "The dateline names no city." in story.unsure

    bare = parse_file("agency-only.txt")
    assert bare.dateline_date is None
    assert bare.agency == "TASS"
    assert (
        bare.paragraphs[0]
        == "Brent crude futures rose above $70 per barrel on Tuesday."
    )


def test_year_in_the_dateline_and_byline_above_it():
    story = parse_file("year-in-dateline-byline.txt")
    assert story.dateline_date == date(2019, 1, 3)
    assert story.byline == "Ivan Petrov"
    assert story.headline.startswith("Washington and Moscow agree")
    assert "Andrea Thompson" in {p.name for p in story.people}


def test_photo_inside_the_body_leaves_the_paragraphs_around_it():
    story = parse_file("body-photo-and-leap-day.txt")
    assert len(story.paragraphs) == 2
    assert story.paragraphs[1] == "The expedition collected more than 300 samples."
    assert story.photos[0].credit == "Yuri Smityuk/TASS"
    assert story.dateline_place == "Petropavlovsk-Kamchatsky"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        (date(2018, 3, 21), date(2018, 3, 21)),  # the day itself is not "after"
        (date(2018, 3, 20), date(2017, 3, 21)),
        (date(2019, 1, 5), date(2018, 3, 21)),
    ],
)
def test_year_is_the_latest_such_date_not_after_the_reference_date(reference, expected):
    story = parse_file("seed-tass-japan.txt", reference_date=reference)
    assert story.dateline_date == expected
    assert any(f"took {expected.year}" in note for note in story.unsure)


def test_february_29_without_a_year_goes_back_to_a_leap_year():
    story = parse_file("body-photo-and-leap-day.txt", reference_date=date(2023, 6, 1))
    assert story.dateline_date == date(2020, 2, 29)


def test_agency_text_identity_is_stable_and_distinct():
    first = parse_file("seed-tass-japan.txt")
    again = parse_file("seed-tass-japan.txt")
    other = parse_file("credit-only-photo.txt")
    assert first.wire_id == again.wire_id != other.wire_id


def test_page_without_dateline_is_a_story_with_a_check_note():
    story = parse_file("no-dateline.txt")
    assert story.headline == "Some headline without a story"
    assert story.paragraphs == [
        "This page has text but nothing that reads like an agency dateline."
    ]
    assert story.dateline_place == ""
    assert any(n.startswith("Check: no dateline") for n in story.unsure)


def test_dateline_on_the_first_line_with_no_headline_is_refused():
    with pytest.raises(AgencyTextError, match="no paragraph of copy below a headline"):
        parse_file("dateline-first-line.txt")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\n  ", "empty"),
        ("Headline here\n\nMOSCOW, February 30, 2019. /TASS/. Text.", "does not exist"),
        ("Headline here\n\nMOSCOW, March 2. /TASS/.\n\nTags", "no body text"),
        ("Menu\n\nSearch\n\nShare", "no paragraph of copy"),
    ],
)
def test_bad_text_raises_the_parsers_own_error(text, reason):
    with pytest.raises(AgencyTextError, match=reason):
        parse(text, reference_date=REF)


PAGE_LINES = st.sampled_from(
    [
        "All news",
        "Tags",
        "Read also",
        "© Alexander Shcherbak/TASS",
        "Caption Alexander Shcherbak/TASS",
        "Caption",
        "MOSCOW, March 21. /TASS/. Lead.",
        "BAIKONUR /Kazakhstan/, June 03, 2019. /ITAR-TASS/. Lead",
        "/TASS/.",
        "February 30. /TASS/. x",
        "A headline about things",
        "Foreign Minister Taro Kono said",
        "(LEAD) Exports rise 5 pct",
        "(ATTN: ADDS quotes)",
        "By Kim Min-ji",
        "SEOUL, Nov. 11 (Yonhap) -- Lead sentence of the story.",
        "ТОКИО, 21 марта. /ТАСС/. Текст.",
        "МОСКВА, 5 мая — РИА Новости, Анна Петрова. Текст.",
        "(ANSA) - ROME, MARCH 5 - Lead.",
        "NUR-SULTAN. KAZINFORM -",
        "Kyiv  •  UNN",
        "TOKYO",
        "TOKYO- Lead",
        "Xinhua, July 25, 2016 Adjust font size:",
        "Posted: Nov 22, 2011 4:08 AM",
        "Photo: BELTA",
        "(AP Photo/Sam Lee)",
        "A caption. REUTERS/Name Surname",
        "Autor:",
        "© 2018 AFP",
        "© Kyodo News",
        "The sentence ends here. Enditem",
        "It said so. —KUNA",
        "1 2 3 4",
        "Read also",
        "",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(PAGE_LINES, st.text(max_size=80)), max_size=25),
    st.dates(min_value=date(1901, 1, 1), max_value=date(2100, 12, 31)),
)
def test_any_text_gives_a_story_or_the_parsers_own_error(lines, reference):
    text = "\n".join(lines)
    try:
        story = agency_text.parse(text, reference_date=reference)
    except AgencyTextError as error:
        assert str(error)
    else:
        assert story.headline and story.paragraphs
        assert all(p.strip() for p in story.paragraphs)
        # Nothing invented: every paragraph is a line of the input (spaces tidied).
        lines_in = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        cleaned = "\n".join(agency_text._clean(line) for line in lines_in)
        assert all(p in cleaned for p in story.paragraphs)
