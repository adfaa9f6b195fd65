"""People found in wire copy: with and without titles, in many naming conventions, and
never from ships, volcanoes, animals, organisations, bylines or credits.

All copy here is invented, in each agency's manner.
"""

import subprocess
import sys
from pathlib import Path

from articles.wire.people import find_people

ROOT = Path(__file__).resolve().parent.parent


def names(people) -> list[str]:
    return [p.name for p in people]


def test_titles_before_the_name_and_after_a_comma_are_kept_as_titles():
    people = find_people(
        [
            "MOSCOW, May 14. /TASS/. Moscow is ready for talks without preconditions, "
            "Russian Deputy Foreign Minister Mikhail Galuzin said on Tuesday.",
            "On Monday, another deputy foreign minister, Alexander Grushko, said the "
            "consultations would resume in June. Earlier, finance minister Olga "
            "Vetrova told reporters the budget was balanced.",
        ],
        [],
        "Moscow open to talks, diplomat says",
    )
    assert [(p.name, p.title) for p in people] == [
        ("Mikhail Galuzin", "Russian Deputy Foreign Minister"),
        ("Alexander Grushko", "deputy foreign minister"),
        ("Olga Vetrova", "finance minister"),
    ]


def test_office_named_with_of_ends_before_the_name():
    people = find_people(
        [
            "HANOI, March 4 (VNA) -- Permanent Deputy Minister of Foreign Affairs "
            "Lê Văn Thành received Secretary of State Maria Holt, while the Mayor "
            "of the capital Arman Seitov and President of Kazakhstan Nurlan "
            "Abenov sent greetings.",
        ],
        [],
        "",
    )
    assert [(p.name, p.title) for p in people] == [
        ("Lê Văn Thành", "Permanent Deputy Minister of Foreign Affairs"),
        ("Maria Holt", "Secretary of State"),
        ("Arman Seitov", "Mayor of the capital"),
        ("Nurlan Abenov", "President of Kazakhstan"),
    ]


def test_people_named_without_a_title_by_apposition_age_who_and_and():
    people = find_people(
        [
            "LONDON (Reuters) - Markets fell again on Thursday. Harriet Cole, an "
            "economist at a London bank, said the slide could last.",
            "Tomás Ruiz, 41, was arrested on Friday. Police said Greta Lind, who "
            "ran the firm, had left the country.",
            "Pairs champions Daria Volk and Ilya Sorin won gold.",
        ],
        [],
        "",
    )
    assert names(people) == [
        "Harriet Cole",
        "Tomás Ruiz",
        "Greta Lind",
        "Daria Volk",
        "Ilya Sorin",
    ]
    assert people[0].title == "economist"


def test_a_club_or_office_before_a_role_is_not_a_person():
    people = find_people(
        [
            "Team captain Rafa Ortiz and Costa Azul coach Bruno Leme celebrated, "
            "while Chief Justice Ellen Marsh watched.",
        ],
        [],
        "",
    )
    assert [(p.name, p.title) for p in people] == [
        ("Rafa Ortiz", "Team captain"),
        ("Bruno Leme", "Costa Azul coach"),
        ("Ellen Marsh", "Chief Justice"),
    ]


def test_honorifics_are_dropped_from_the_name_and_the_title():
    people = find_people(
        [
            "KUALA LUMPUR, June 2 (Bernama) -- Prime Minister Datuk Seri Hamdan "
            "Yusof met His Highness Sheikh Rashid bin Saeed Al Marri, Chairman of "
            "the Port Authority, and WHO Director-General Dr. Paulo Mendes.",
            "Sheikh Rashid said the talks were fruitful.",
        ],
        [],
        "",
    )
    assert [(p.name, p.title) for p in people] == [
        ("Hamdan Yusof", "Prime Minister"),
        ("Rashid bin Saeed Al Marri", "Chairman"),
        ("Paulo Mendes", "WHO Director-General"),
    ]


def test_particles_hyphens_and_diacritics_stay_in_the_name():
    people = find_people(
        [
            "SEOUL, Oct. 7 (Yonhap) -- Unification Minister Park Seung-ho met "
            "European Commission President Anneke van der Berg and Turkish "
            "President Mehmet Çağlar Öztürk, while Syrian President Bashar "
            "al-Hamdi and Chinese Premier Zhao Lijun sent envoys.",
        ],
        [],
        "",
    )
    assert names(people) == [
        "Park Seung-ho",
        "Anneke van der Berg",
        "Mehmet Çağlar Öztürk",
        "Bashar al-Hamdi",
        "Zhao Lijun",
    ]


def test_names_holding_a_title_word_or_a_regnal_number_are_whole():
    people = find_people(
        [
            "LONDON (AP) — Former Prime Minister Gordon Major and King Henry IX "
            "opened the bridge on Monday.",
        ],
        [],
        "",
    )
    assert [(p.name, p.title) for p in people] == [
        ("Gordon Major", "Former Prime Minister"),
        ("Henry IX", "King"),
    ]


def test_possessive_and_surname_only_mentions_are_the_same_person():
    people = find_people(
        [
            "BEIJING, Jan. 9 (Xinhua) -- President Wen Haoran's envoy, presidential "
            "aide Boris Kalin, arrived on Monday.",
            '"We are ready," Kalin said. Wen will travel next week.',
        ],
        [],
        "Wen sends envoy\nKalin arrives in Beijing",
    )
    assert [(p.name, p.title) for p in people] == [
        ("Wen Haoran", "President"),
        ("Boris Kalin", "presidential aide"),
    ]
    assert people[0].roles == ["subject"]
    assert people[1].roles == ["subject", "quoted"]


def test_ships_volcanoes_animals_organisations_and_places_are_not_people():
    people = find_people(
        [
            "VLADIVOSTOK, Aug. 3. /TASS/. The Admiral Vinogradov destroyer and the "
            "Marshal Ustinov missile cruiser left port, the Pacific Fleet said.",
            "The Bezymianny volcano spewed ash 10 km high, volcanologists said. "
            "Giant pandas Mei Lan and Bao Xi are "
            "doing well, the Moscow Zoo said.",
            "The Foreign Ministry and the Bank of Russia said General Motors and "
            "Major League Baseball had left Nizhny Novgorod and Saint Petersburg.",
        ],
        [],
        "Pacific Fleet ships leave port",
    )
    assert people == []


def test_bylines_credit_tails_and_photo_credits_yield_no_people():
    people = find_people(
        [
            "By Lee Ji-won",
            "ISTANBUL (Reuters) - Police detained 12 people, Interior Minister Kemal "
            "Aydın said. (Reporting by Tom Hale and Ana Cruz; Editing by Mary Jones)",
            "Police officers stand guard in Istanbul. REUTERS/Kim Hong-ji",
            "Writing by Peter Lund; editing by Jane Marsh",
            "Author: Sergei Orlov",
            "Associated Press writer Dana Wirth in Tallinn contributed to this report.",
        ],
        ["Interior Minister Kemal Aydın speaks. REUTERS/Emre Kaya"],
        "",
    )
    assert names(people) == ["Kemal Aydın"]


def test_a_headline_in_title_case_gives_no_names():
    people = find_people(
        ["Grain exports rose 4 percent in May, the ministry said."],
        [],
        "Minister Says Grain Deal Will Hold For Another Year",
    )
    assert people == []


def test_russian_copy_names_people_in_the_nominative_whatever_their_case():
    people = find_people(
        [
            "МОСКВА, 21 марта. /ТАСС/. Президент России Владимир Путин встретился "
            "с Сергеем Лавровым и Дмитрием Песковым.",
            "Песков сообщил журналистам, что беседа была долгой. Об этом также "
            "заявила официальный представитель МИД Мария Захарова.",
            "Автор: Иван Петров",
        ],
        [],
        "Путин провел встречу с Лавровым",
    )
    assert names(people) == [
        "Владимир Путин",
        "Сергей Лавров",
        "Дмитрий Песков",
        "Мария Захарова",
    ]
    assert people[0].roles[0] == "subject"


def test_russian_pets_ships_and_related_headlines_give_no_people():
    people = find_people(
        [
            "МОСКВА, 2 июля. /ТАСС/. В Московском зоопарке родился детеныш панды "
            'Катюша. Фрегат "Адмирал Макаров" вышел в море.',
            "Как заявил директор зоопарка Ольга Смирнова, малыш здоров.",
            "Читайте также: Путин и Си Цзиньпин обсудили сотрудничество",
        ],
        [],
        "",
    )
    assert [(p.name, p.roles) for p in people] == [("Ольга Смирнова", ["quoted"])]


def test_russian_is_chosen_by_the_story_language_and_keeps_yo():
    people = find_people(
        ["Генеральный секретарь кабинета Ёсимаса Хаяси провел брифинг в Токио."],
        [],
        "",
        language="ru",
    )
    assert names(people) == ["Ёсимаса Хаяси"]


def test_english_copy_never_loads_the_russian_models():
    script = (
        "import sys\n"
        "from articles.wire.people import find_people\n"
        "found = find_people(['Foreign Minister Anna Berg said so.'], [], '')\n"
        "print([p.name for p in found], 'natasha' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "['Anna Berg'] False"
