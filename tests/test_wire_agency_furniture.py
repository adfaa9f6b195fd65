"""Agency page text: site furniture, headline choice, related links and photos
(copy invented for these tests, in each agency's style)."""

from datetime import date

from articles.wire.agency_text import parse

REF = date(2024, 7, 10)


def page(*lines: str, reference_date: date = REF):
    return parse("\n".join(lines), reference_date=reference_date)


def test_afp_caption_before_headline_and_copyright_tail_is_not_a_photo():
    story = page(
        "Visitors queue at a shrine in central Tokyo Photo: AFP",
        "business",
        "Japan's tourism revenue hits new high",
        "Tokyo (AFP) - Foreign visitors spent a record amount in Japan last quarter, "
        "government figures showed Wednesday.",
        "Spending on lodging rose the most, the figures showed.",
        "© 2021 AFP",
    )
    assert story.headline == "Japan's tourism revenue hits new high"
    assert [(p.caption, p.credit) for p in story.photos] == [
        ("Visitors queue at a shrine in central Tokyo", "AFP")
    ]
    assert story.agency == "AFP"
    assert len(story.paragraphs) == 2


def test_site_furniture_is_never_the_headline_and_a_crawl_date_gives_no_year():
    story = page(
        "Monday, May 6, 2024",
        "{{item.title}}",
        "Back to Main page",
        "ID :",
        "Select the city",
        "",
        "Zoo welcomes twin snow leopard cubs",
        "",
        "Society",
        "October 2, 18:40 UTC+3",
        "",
        "The cubs were born in late summer and are doing well",
        "",
        "Share",
        "",
        "NOVOSIBIRSK, October 2. /TASS/. Two snow leopard cubs were born at the city "
        "zoo, its director said on Wednesday.",
        "",
        " • 1250 views",
        "",
        "The cubs will be shown to visitors in spring.",
        reference_date=date(2024, 10, 3),
    )
    assert story.headline == "Zoo welcomes twin snow leopard cubs"
    assert story.dek == "The cubs were born in late summer and are doing well"
    assert story.dateline_date == date(2024, 10, 2)
    assert len(story.paragraphs) == 2


def test_headline_printed_twice_is_one_headline_and_year_in_the_dateline():
    story = page(
        "Spacewalk Planned For Next Week - Roscosmos",
        "Oleg Ivanov Published January 05, 2023 | 10:00 AM",
        "Spacewalk planned for next week - Roscosmos",
        "MOSCOW (NewsSite / Sputnik - 05th January, 2023) Two cosmonauts will step "
        "outside the station next week, the space agency said.",
    )
    assert story.headline == "Spacewalk Planned For Next Week - Roscosmos"
    assert story.byline == "Oleg Ivanov"
    assert story.agency == "Sputnik"
    assert story.dateline_date == date(2023, 1, 5)


def test_read_also_and_related_headlines_are_not_paragraphs():
    story = page(
        "Port of Vladivostok handles record cargo",
        "",
        "VLADIVOSTOK, June 1. /TASS/. The port handled a record amount of cargo in "
        "May, its press service said.",
        "",
        "Read also",
        "New ferry line to link Sakhalin and the mainland",
        "",
        "Coal accounted for most of the growth.",
        "",
        "Fishing fleet begins summer season early — official",
        "",
        "Container traffic also rose, the port said.",
        "",
        "Tags",
        "Ports",
    )
    assert story.paragraphs == [
        "The port handled a record amount of cargo in May, its press service said.",
        "Coal accounted for most of the growth.",
        "Container traffic also rose, the port said.",
    ]
    assert any("related headline" in note for note in story.unsure)


def test_a_second_story_further_down_the_page_is_left_out():
    story = page(
        "Kamis, 6 June 2024",
        "",
        "RICE PRICES EXPECTED TO STAY STABLE",
        "",
        "by Budi Santoso",
        "  Jakarta, June 6 (Antara) - Rice prices are expected to stay stable ahead "
        "of the holiday, the trade minister said on Thursday.",
        "  Stocks at state warehouses are ample, he said.",
        "",
        "Rabu, 5 June 2024",
        "",
        "NEW TOLL ROAD OPENS IN WEST JAVA",
        "",
        "By Budi Santoso",
        "  Bandung, June 5 (Antara) - A new toll road opened on Wednesday.",
    )
    assert story.headline == "RICE PRICES EXPECTED TO STAY STABLE"
    assert story.byline == "Budi Santoso"
    assert len(story.paragraphs) == 2
    assert story.dateline_date == date(2024, 6, 6)


def test_credit_only_photo_and_caption_printed_twice():
    story = page(
        "Belarus harvest ahead of last year",
        "09:12, 2 September",
        "Photo: BELTA",
        "The harvest in Belarus is ahead of last year's pace, the agriculture "
        "ministry said on Monday.",
        "- Share on Facebook",
        "Farmers expect good yields of potatoes as well.",
        reference_date=date(2024, 9, 3),
    )
    assert [(p.caption, p.credit) for p in story.photos] == [("", "BELTA")]
    assert story.agency == "BelTA"
    assert len(story.paragraphs) == 2

    twice = page(
        "Icebreaker sets off for the Arctic",
        "Icebreaker leaves the port of Murmansk",
        "Icebreaker leaves the port of Murmansk",
        "© Pavel Orlov/TASS",
        "MURMANSK, May 3. /TASS/. The nuclear icebreaker left the port on Friday "
        "for a two-month voyage, the operator said.",
    )
    assert [(p.caption, p.credit) for p in twice.photos] == [
        ("Icebreaker leaves the port of Murmansk", "Pavel Orlov/TASS")
    ]
    assert twice.dek == ""


def test_two_close_headline_candidates_are_flagged():
    story = page(
        "Minister visits flooded villages in the north",
        "Rescue teams evacuate residents as river keeps rising",
        "Water levels are expected to peak on Thursday, officials say",
        "",
        "(Bernama) -- Rescue teams evacuated more than 2,000 residents on Tuesday as "
        "the river kept rising, officials said.",
    )
    assert story.headline == "Minister visits flooded villages in the north"
    assert story.dek == "Rescue teams evacuate residents as river keeps rising"
    assert any("could also be “Rescue teams" in note for note in story.unsure)
    assert "Not placed (between headline and dateline): “Water levels" in " ".join(
        story.unsure
    )


def test_ap_photo_credit_lines_are_photos_not_datelines():
    story = page(
        "Storm knocks out power to thousands",
        "By JANE DOE",
        "Updated 6:14 PM EDT, May 4, 2024",
        "Crews repair a power line in Dallas, Saturday, May 4, 2024.",
        "(AP Photo/Sam Lee)",
        "DALLAS (AP) — A storm knocked out power to tens of thousands of homes on "
        "Saturday, utilities said.",
        "Repairs could take days.",
        "Advertisement",
        "Officials urged residents to stay home.",
    )
    assert story.dateline_place == "Dallas"
    assert story.byline == "JANE DOE"
    assert [(p.caption, p.credit) for p in story.photos] == [
        (
            "Crews repair a power line in Dallas, Saturday, May 4, 2024.",
            "AP Photo/Sam Lee",
        )
    ]
    assert story.dateline_date == date(2024, 5, 4)
    assert len(story.paragraphs) == 3


def test_russian_page_furniture_and_related_material_are_left_out():
    story = page(
        "Главная",
        "Все новости",
        "Экономика",
        "Сбор урожая в регионе идет с опережением",
        "12 сентября 2023, 14:05",
        "Аграрии уже собрали больше половины зерна",
        "ВОЛГОГРАД, 12 сентября. /ТАСС/. Аграрии области собрали более половины "
        "урожая зерновых, сообщили в региональном министерстве.",
        "Урожайность выше прошлогодней, отметили в ведомстве.",
        "Материалы по теме",
        "Экспорт зерна вырос на треть",
        reference_date=date(2023, 12, 31),
    )
    assert story.headline == "Сбор урожая в регионе идет с опережением"
    assert story.dek == "Аграрии уже собрали больше половины зерна"
    assert story.dateline_place == "Волгоград"
    assert story.dateline_date == date(2023, 9, 12)
    assert len(story.paragraphs) == 2
    assert story.language == "ru"


def test_site_slogan_above_a_menu_is_not_the_headline():
    story = page(
        "Trusted coverage of markets, companies and economies worldwide",
        "World",
        "Business",
        "Markets",
        "Wheat prices fall as harvest outlook improves",
        "By Maria Lopez",
        "CHICAGO, July 2 (Reuters) - Wheat futures fell on Tuesday as forecasts "
        "pointed to a larger harvest, traders said.",
    )
    assert story.headline == "Wheat prices fall as harvest outlook improves"
    assert story.dek == ""


def test_short_caption_over_the_credit_under_a_standfirst():
    story = page(
        "All news",
        "Port expands grain terminal",
        "The terminal will handle twice as much grain from next year",
        "Grain terminal in the port",
        "© Oleg Kuznetsov/TASS",
        "NOVOROSSIYSK, July 2. /TASS/. The port has finished expanding its grain "
        "terminal, the operator said on Tuesday.",
    )
    assert story.dek == "The terminal will handle twice as much grain from next year"
    assert [(p.caption, p.credit) for p in story.photos] == [
        ("Grain terminal in the port", "Oleg Kuznetsov/TASS")
    ]


def test_agency_name_in_the_page_header_is_not_the_dateline():
    story = page(
        "Menu",
        "(Reuters)",
        "Refinery fire halts fuel output",
        "HOUSTON (Reuters) - A fire at a refinery halted fuel output on Tuesday, "
        "the operator said, adding that nobody was hurt.",
    )
    assert story.headline == "Refinery fire halts fuel output"
    assert story.dateline_place == "Houston"
