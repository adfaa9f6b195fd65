"""Agency page text in each agency's own convention (copy invented for these tests)."""

from datetime import date

import pytest

from articles.wire.agency_text import parse

REF = date(2024, 7, 10)


def page(*lines: str, reference_date: date = REF):
    return parse("\n".join(lines), reference_date=reference_date)


def test_yonhap_lead_tag_attn_note_byline_and_end_mark():
    story = page(
        "(LEAD) Shipyards post record orders in first half",
        "(ATTN: ADDS analyst comment in 3rd para)",
        "By Park Min-jae",
        "BUSAN, July 4 (Yonhap) -- South Korean shipbuilders booked record orders in "
        "the first half of the year, industry data showed Thursday.",
        "Orders for gas carriers led the gains, the data showed.",
        "Analysts expect the pace to slow in the second half.",
        "(END)",
    )
    assert story.headline == "Shipyards post record orders in first half"
    assert story.version_mark == "(LEAD)"
    assert story.agency_notes == ["ATTN: ADDS analyst comment in 3rd para"]
    assert story.byline == "Park Min-jae"
    assert (story.dateline_place, story.dateline_date) == ("Busan", date(2024, 7, 4))
    assert story.agency == "Yonhap"
    assert len(story.paragraphs) == 3
    assert story.paragraphs[0].startswith("South Korean shipbuilders booked")
    assert story.paragraphs[-1].endswith("second half.")


def test_reuters_two_name_byline_mid_body_photo_and_staff_tail():
    story = page(
        "Copper climbs to two-month high on supply worries",
        "",
        "By Anna Keller and Tomás Ruiz",
        "",
        "LIMA (Reuters) - Copper prices rose to their highest in two months on "
        "Tuesday as strikes at two mountain mines threatened supply.",
        "",
        "Workers hold signs during a strike near Arequipa, Peru, May 2, 2023. "
        "REUTERS/Lucia Mendoza",
        "",
        "Benchmark copper on the metals exchange gained 1.4% to $9,120 a tonne.",
        "",
        "(Reporting by Anna Keller; Editing by Mark Dolan)",
    )
    assert story.byline == "Anna Keller and Tomás Ruiz"
    assert story.dateline_place == "Lima"
    assert story.agency == "Reuters"
    assert [(p.caption, p.credit) for p in story.photos] == [
        (
            "Workers hold signs during a strike near Arequipa, Peru, May 2, 2023.",
            "REUTERS/Lucia Mendoza",
        )
    ]
    assert len(story.paragraphs) == 2
    assert not any("Reporting by" in p for p in story.paragraphs)


def test_reuters_staff_line_is_the_byline():
    story = page(
        "Port strike halts grain loading",
        "Reuters Staff",
        "2 Min Read",
        "ODESA (Reuters) - Loading of grain ships stopped on Monday as dock workers "
        "walked out over pay, the port authority said.",
    )
    assert story.byline == "Reuters Staff"
    assert story.headline == "Port strike halts grain loading"


def test_ap_dateline_with_region_and_the_year_from_the_time_line():
    story = page(
        "Senate passes stopgap bill to avert shutdown",
        "Published: March 14, 2024 at 9:05 pm",
        "The Associated Press",
        "ANNAPOLIS, Md. (AP) — The state Senate passed a short-term spending bill "
        "late Thursday, hours before a midnight deadline.",
        "The measure keeps agencies funded through April.",
    )
    assert story.dateline_place == "Annapolis"
    assert story.dateline_region == "Md."
    assert story.agency == "AP"
    assert story.dateline_date == date(2024, 3, 14)
    assert len(story.paragraphs) == 2


def test_afp_dateline_alone_on_its_line():
    story = page(
        "Museum reopens after two-year renovation",
        "",
        "By Claire Moreau",
        "PARIS",
        "",
        "The city's oldest museum reopened its doors on Saturday after a renovation "
        "that took two years and cost 40 million euros.",
        "",
        "Visitors lined up before dawn.",
        "",
        "© 2022 AFP",
    )
    assert story.dateline_place == "Paris"
    assert story.byline == "Claire Moreau"
    assert story.paragraphs[0].startswith("The city's oldest museum")
    assert story.agency == "AFP"
    assert story.photos == []


def test_xinhua_writethru_tag_and_enditem_glued_to_the_last_sentence():
    story = page(
        "1st LD-Writethru-China Focus: Rail freight volume rises in spring",
        "BEIJING, Dec. 6 (Xinhua) -- China's railways carried more freight in the "
        "spring quarter than a year earlier, the operator said Monday.",
        "Coal and grain shipments made up most of the growth. Enditem",
    )
    assert story.headline == "China Focus: Rail freight volume rises in spring"
    assert story.version_mark == "1st LD-Writethru"
    assert story.dateline_date == date(2023, 12, 6)
    assert (
        story.paragraphs[-1] == "Coal and grain shipments made up most of the growth."
    )


def test_interfax_dotted_dateline_takes_the_year_of_its_time_line():
    story = page(
        "15 Feb 2019 10:20",
        "Kremlin to host talks on Arctic shipping",
        "MOSCOW. Feb 15 (Interfax) - Officials from five countries will meet in the "
        "Kremlin next week to discuss Arctic shipping routes, an aide said.",
    )
    assert story.dateline_place == "Moscow"
    assert story.dateline_date == date(2019, 2, 15)
    assert not any("no year" in note for note in story.unsure)


@pytest.mark.parametrize(
    ("lead", "place", "agency", "day"),
    [
        (
            "NEW DELHI, Dec 6 (PTI) The monsoon session of Parliament will open on "
            "a Monday, officials said.",
            "New Delhi",
            "PTI",
            date(2023, 12, 6),
        ),
        (
            "KUALA LUMPUR, March 3 (Bernama) -- The palm oil board expects exports "
            "to rise this year, its chairman said.",
            "Kuala Lumpur",
            "Bernama",
            date(2024, 3, 3),
        ),
        (
            "MOSCOW, March 21 (Reuters) - Russia's central bank held its key rate "
            "steady on Friday, as analysts had expected.",
            "Moscow",
            "Reuters",
            date(2024, 3, 21),
        ),
        (
            "Havana, Jul 2 (Prensa Latina) Cuban farmers expect a larger sugar "
            "harvest this season, the ministry said.",
            "Havana",
            "Prensa Latina",
            date(2024, 7, 2),
        ),
    ],
)
def test_parenthesised_agency_datelines(lead, place, agency, day):
    story = page("A headline in the agency's style", lead)
    assert (story.dateline_place, story.agency, story.dateline_date) == (
        place,
        agency,
        day,
    )
    assert story.paragraphs[0][:1].isupper()


def test_itar_tass_and_bernama_datelines_with_no_city():
    story = page(
        "Grain exports set a record",
        "(Itar-Tass) - Grain exports reached a new record in the season that ended "
        "on Sunday, the ministry said.",
    )
    assert (story.dateline_place, story.agency) == ("", "TASS")
    assert "The dateline names no city." in story.unsure


def test_kazinform_dateline_and_author_after_the_body():
    story = page(
        "    Go to the main site",
        "    Akim meets farmers of the region",
        "",
        "    12 March 2021, 09:15",
        "",
        "    NUR-SULTAN. KAZINFORM - The akim of the region met farmers on Friday to "
        "discuss the spring sowing campaign.",
        "",
        "    Seed supplies were said to be sufficient.",
        "",
        "    Author:",
        "",
        "    Saule Bekova",
        "",
        "    Agriculture",
    )
    assert story.headline == "Akim meets farmers of the region"
    assert story.dateline_place == "Nur-Sultan"
    assert story.agency == "Kazinform"
    assert story.byline == "Saule Bekova"
    assert story.dateline_date == date(2021, 3, 12)
    assert len(story.paragraphs) == 2


def test_jiji_and_kuna_datelines_with_the_agency_glued_to_the_end():
    jiji = page(
        "Cabinet approves disaster relief budget",
        "TOKYO- The government approved an extra budget for disaster relief on "
        "Tuesday, the top spokesman said.",
        "The funds will go to the affected prefectures, he said. Jiji Press",
    )
    assert (jiji.dateline_place, jiji.agency) == ("Tokyo", "Jiji")
    assert jiji.paragraphs[-1].endswith("he said.")
    kuna = page(
        "Kuwait welcomes regional talks",
        "KUWAIT: The foreign ministry on Sunday welcomed the talks held in the "
        "region and urged all sides to keep to them.",
        "It said Kuwait would support any step toward calm. —KUNA",
    )
    assert (kuna.dateline_place, kuna.agency) == ("Kuwait", "KUNA")
    assert kuna.paragraphs[-1].endswith("toward calm.")


def test_russian_tass_dateline_with_a_cyrillic_month_and_author_label():
    story = page(
        "Все новости",
        "Япония и Россия обсудили рыболовство",
        "Автор:",
        "Иван Смирнов",
        "ТОКИО, 21 марта. /ТАСС/. Представители двух стран провели консультации по "
        "вопросам рыболовства, сообщили в министерстве.",
        "Следующий раунд пройдет осенью.",
        reference_date=date(2024, 3, 25),
    )
    assert story.headline == "Япония и Россия обсудили рыболовство"
    assert story.byline == "Иван Смирнов"
    assert story.dateline_place == "Токио"
    assert story.dateline_date == date(2024, 3, 21)
    assert story.agency == "TASS"
    assert story.language == "ru"
    assert len(story.paragraphs) == 2


@pytest.mark.parametrize(
    ("dateline", "agency", "month"),
    [
        ("МОСКВА, 5 мая – РИА Новости.", "RIA Novosti", 5),
        ("МОСКВА. 12 ноября (Интерфакс) -", "Interfax", 11),
        ("МИНСК, 3 июня (БЕЛТА) –", "BelTA", 6),
    ],
)
def test_russian_datelines_of_ria_interfax_and_belta(dateline, agency, month):
    story = page(
        "Правительство утвердило программу",
        f"{dateline} Правительство утвердило новую программу поддержки малого "
        "бизнеса, сообщила пресс-служба.",
        reference_date=date(2024, 12, 31),
    )
    assert story.agency == agency
    assert story.dateline_date.month == month
    assert story.paragraphs[0].startswith("Правительство утвердило новую")


def test_kyodo_urgent_tag_with_no_dateline_and_copyright_line():
    story = page(
        "URGENT: Japan's jobless rate falls to 2.4%",
        "",
        "Japan's jobless rate fell to 2.4 percent in May, the lowest in two years, "
        "government data showed Friday.",
        "",
        "© Kyodo News",
    )
    assert story.headline == "Japan's jobless rate falls to 2.4%"
    assert story.version_mark == "URGENT:"
    assert story.urgency == 2
    assert story.agency == "Kyodo"
    assert story.photos == []
    assert any(note.startswith("Check: no dateline") for note in story.unsure)


def test_unn_meta_line_puts_the_summary_in_the_standfirst():
    story = page(
        "Energy company restores power to the city",
        "",
        "Lviv  •  UNN",
        "",
        "Power has been restored to all districts of the city after the night's "
        "outage, the energy company said.",
        "",
        "Repair crews worked through the night to reconnect the substations, "
        "the company said in a statement.",
    )
    assert story.dateline_place == "Lviv"
    assert story.agency == "UNN"
    assert story.dek.startswith("Power has been restored")
    assert story.paragraphs[0].startswith("Repair crews worked")


@pytest.mark.parametrize(
    ("lead", "place", "region", "agency"),
    [
        (
            "New Delhi [India], March 5 (ANI): The cabinet approved a new solar "
            "policy on Tuesday, officials said.",
            "New Delhi",
            "India",
            "ANI",
        ),
        (
            "Riyadh, March 05, 2024, SPA -- The kingdom signed a water agreement "
            "with its neighbours on Tuesday.",
            "Riyadh",
            "",
            "SPA",
        ),
        (
            "Madrid, Mar 5 (EFE).- The Spanish government approved a housing plan "
            "on Tuesday, the minister said.",
            "Madrid",
            "",
            "EFE",
        ),
        (
            "(ANSA) - ROME, MARCH 5 - Italy's cabinet approved a new budget law on "
            "Tuesday, the premier's office said.",
            "Rome",
            "",
            "ANSA",
        ),
    ],
)
def test_more_agency_conventions(lead, place, region, agency):
    story = page("Cabinet approves a new plan", lead, reference_date=date(2024, 3, 6))
    assert (story.dateline_place, story.dateline_region, story.agency) == (
        place,
        region,
        agency,
    )
    assert story.dateline_date == date(2024, 3, 5)
    assert story.paragraphs[0][:1].isupper()
    assert agency not in story.paragraphs[0][:12]


def test_ria_reporter_after_the_agency_is_the_byline():
    story = page(
        "Банк снизил ставку",
        "МОСКВА, 5 мая — РИА Новости, Анна Петрова. Центральный банк снизил ключевую "
        "ставку, сообщил регулятор.",
    )
    assert story.byline == "Анна Петрова"
    assert story.agency == "RIA Novosti"
    assert story.paragraphs[0].startswith("Центральный банк")


def test_xinhua_source_line_gives_the_year_and_a_correction_note_is_the_agencys():
    story = page(
        "Source: Xinhua | 2023-12-06 14:22:10 | Editor: Li Ming",
        "China's grain output hits record high",
        "(This story has been corrected to fix the output figure in the 2nd para)",
        "BEIJING, Dec. 6 (Xinhua) -- China's grain output reached a record high this "
        "year, official data showed Wednesday.",
    )
    assert story.headline == "China's grain output hits record high"
    assert story.dateline_date == date(2023, 12, 6)
    assert story.agency_notes == [
        "This story has been corrected to fix the output figure in the 2nd para"
    ]
    assert not any("no year" in note for note in story.unsure)


def test_agency_named_only_in_the_time_line_above_the_headline():
    story = page(
        "KYODO NEWS - Jul 2, 2024 - 14:30 | World, All",
        "Japan and Australia agree to expand defense drills",
        "Japan and Australia agreed Tuesday to expand joint defense drills, their "
        "ministers said after talks in Tokyo.",
        "Related coverage:",
        "Japan to provide patrol boats to partners",
    )
    assert story.agency == "Kyodo"
    assert story.dateline_date == date(2024, 7, 2)
    assert len(story.paragraphs) == 1


def test_yonhap_time_line_gives_the_year_and_end_mark_is_no_second_story():
    story = page(
        "(2nd LD) Ferry service resumes after storm",
        "All News 08:21 March 05, 2024",
        "By Lee Ji-won",
        "MOKPO, March 5 (Yonhap) -- Ferry service to southern islands resumed on "
        "Tuesday after a storm passed, officials said.",
        "Some routes remain closed.",
        "ljw@yna.co.kr",
        "(END)",
    )
    assert story.version_mark == "(2nd LD)"
    assert story.dateline_date == date(2024, 3, 5)
    assert story.unsure == []
    assert len(story.paragraphs) == 2


def test_reporting_tail_gives_the_byline_when_none_is_printed():
    story = page(
        "Gold steadies near record high",
        "SINGAPORE, July 2 (Reuters) - Gold prices steadied near a record high on "
        "Tuesday as investors awaited economic data.",
        "(Reporting by Rahul Mehta and Lim Wei; Editing by Sonia Cheema)",
    )
    assert story.byline == "Rahul Mehta and Lim Wei"
    assert len(story.paragraphs) == 1


def test_byline_followed_by_the_pages_publication_meta():
    story = page(
        "UPDATE 2-Oil rises on supply concerns",
        "By Jane Doe | Published March 5, 2024",
        "LONDON, March 5 (Reuters) - Oil prices rose on Tuesday on supply concerns, "
        "traders said.",
    )
    assert story.byline == "Jane Doe"
    assert story.version_mark == "UPDATE 2"
    assert story.headline == "Oil rises on supply concerns"
