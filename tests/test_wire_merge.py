"""The three-way paragraph merge of an agency update (articles.wire.merge).

Copy invented for the tests, in the style of an agency's story.
"""

from datetime import date

import pytest

from articles.wire.merge import (
    AGENCY,
    BOTH,
    CONFLICT,
    DESK,
    KEEP_BOTH,
    KEEP_DESK,
    SAME,
    TAKE_AGENCY,
    merge_paragraphs,
    merge_value,
    paragraph_diffs,
    resolve_choices,
    split_paragraphs,
    word_diff,
)

LEAD = "VALDORIA, May 4. /Nordwire/. The harbour authority said on Monday it would reopen the northern quay."  # noqa: E501
FIGURES = "The quay handled 12,000 containers last year, the authority said."
QUOTE = "\u201cWe expect the first ships by June,\u201d a spokeswoman told reporters."
BACKGROUND = "The quay was closed in March after a storm damaged its cranes."
BASE = [LEAD, FIGURES, QUOTE, BACKGROUND]

DESK_LEAD = "The northern quay of Valdoria's harbour will reopen, the port authority said on Monday."  # noqa: E501
CORRECTED_FIGURES = "The quay handled 21,000 containers last year, the authority said."
ENDING = "Repairs were paid for by the regional government."


def kinds(merge):
    return [region.kind for region in merge.regions]


def test_agency_paragraph_at_the_end_is_applied_and_the_desks_lead_kept():
    ours = [DESK_LEAD, FIGURES, QUOTE, BACKGROUND]
    theirs = [*BASE, ENDING]
    merge = merge_paragraphs(BASE, ours, theirs)
    assert merge.conflicts == []
    assert merge.paragraphs() == [DESK_LEAD, FIGURES, QUOTE, BACKGROUND, ENDING]
    assert kinds(merge) == [DESK, SAME, AGENCY]


def test_corrected_figure_in_a_paragraph_the_desk_left_alone_is_applied():
    ours = [DESK_LEAD, FIGURES, QUOTE, BACKGROUND]
    theirs = [LEAD, CORRECTED_FIGURES, QUOTE, BACKGROUND]
    merge = merge_paragraphs(BASE, ours, theirs)
    assert merge.paragraphs() == [DESK_LEAD, CORRECTED_FIGURES, QUOTE, BACKGROUND]
    assert merge.conflicts == []
    [applied] = merge.agency_changes
    assert applied.base == (FIGURES,) and applied.theirs == (CORRECTED_FIGURES,)


def test_same_paragraph_changed_differently_by_both_is_a_conflict_with_three_texts():
    desk_quote = (
        "\u201cWe expect the first ships by June,\u201d spokeswoman Anna Berg said."
    )
    agency_quote = (
        "\u201cWe expect the first ships by early June,\u201d a spokeswoman told "
        "reporters."
    )
    merge = merge_paragraphs(
        BASE,
        [LEAD, FIGURES, desk_quote, BACKGROUND],
        [LEAD, FIGURES, agency_quote, BACKGROUND],
    )
    [conflict] = merge.conflicts
    assert (conflict.base, conflict.ours, conflict.theirs) == (
        (QUOTE,),
        (desk_quote,),
        (agency_quote,),
    )
    # The desk's text is the default answer; each answer gives what it says.
    assert merge.paragraphs()[2] == desk_quote
    assert merge.paragraphs([KEEP_DESK])[2] == desk_quote
    assert merge.paragraphs([TAKE_AGENCY])[2] == agency_quote
    assert merge.paragraphs([KEEP_BOTH])[2:4] == [desk_quote, agency_quote]


def test_the_brief_case_all_at_once():
    """Desk rewrote the lead and the quote; the agency corrected a figure, changed
    the quote and added an ending: two clean changes, one conflict."""
    desk_quote = (
        "\u201cThe first ships should arrive by June,\u201d a spokeswoman said."
    )
    agency_quote = QUOTE.replace("by June", "by mid-June")
    ours = [DESK_LEAD, FIGURES, desk_quote, BACKGROUND]
    theirs = [LEAD, CORRECTED_FIGURES, agency_quote, BACKGROUND, ENDING]
    merge = merge_paragraphs(BASE, ours, theirs)
    assert kinds(merge) == [DESK, AGENCY, CONFLICT, SAME, AGENCY]
    assert merge.paragraphs([TAKE_AGENCY]) == [
        DESK_LEAD,
        CORRECTED_FIGURES,
        agency_quote,
        BACKGROUND,
        ENDING,
    ]


def test_desk_edit_next_to_an_agency_correction_is_two_clean_changes():
    # Neighbouring paragraphs: plain diff3 would make them one conflict.
    desk_figures = FIGURES.replace("the authority said", "according to the authority")
    agency_quote = QUOTE.replace("by June", "by July")
    merge = merge_paragraphs(
        BASE,
        [LEAD, desk_figures, QUOTE, BACKGROUND],
        [LEAD, FIGURES, agency_quote, BACKGROUND],
    )
    assert merge.conflicts == []
    assert merge.paragraphs() == [LEAD, desk_figures, agency_quote, BACKGROUND]


def test_desk_edit_of_the_last_paragraph_and_an_agency_ending_after_it_both_stay():
    desk_background = BACKGROUND.replace("in March", "on March 3")
    merge = merge_paragraphs(
        BASE, [LEAD, FIGURES, QUOTE, desk_background], [*BASE, ENDING]
    )
    assert merge.conflicts == []
    assert merge.paragraphs() == [LEAD, FIGURES, QUOTE, desk_background, ENDING]


def test_identical_change_on_both_sides_is_taken_once():
    merge = merge_paragraphs(
        BASE,
        [LEAD, CORRECTED_FIGURES, QUOTE, BACKGROUND],
        [LEAD, CORRECTED_FIGURES, QUOTE, BACKGROUND, ENDING],
    )
    assert kinds(merge) == [SAME, BOTH, SAME, AGENCY]
    assert merge.paragraphs().count(CORRECTED_FIGURES) == 1


def test_paragraph_the_desk_deleted_stays_deleted_when_the_agency_left_it():
    merge = merge_paragraphs(BASE, [LEAD, FIGURES, QUOTE], [*BASE, ENDING])
    assert merge.paragraphs() == [LEAD, FIGURES, QUOTE, ENDING]


def test_paragraph_the_agency_deleted_is_removed_when_the_desk_left_it():
    merge = merge_paragraphs(BASE, [DESK_LEAD, *BASE[1:]], [LEAD, FIGURES, QUOTE])
    assert merge.paragraphs() == [DESK_LEAD, FIGURES, QUOTE]
    [removed] = merge.agency_changes
    assert removed.base == (BACKGROUND,) and removed.theirs == ()


def test_paragraph_the_desk_deleted_and_the_agency_changed_is_a_conflict():
    corrected = BACKGROUND.replace("March", "February")
    merge = merge_paragraphs(BASE, [LEAD, FIGURES, QUOTE], [*BASE[:3], corrected])
    [conflict] = merge.conflicts
    assert conflict.ours == () and conflict.theirs == (corrected,)
    assert merge.paragraphs() == [LEAD, FIGURES, QUOTE]  # the desk's deletion
    assert merge.paragraphs([TAKE_AGENCY])[-1] == corrected


def test_paragraph_the_desk_moved_stays_where_the_desk_put_it():
    ours = [LEAD, QUOTE, FIGURES, BACKGROUND]
    merge = merge_paragraphs(BASE, ours, [*BASE, ENDING])
    assert merge.conflicts == []
    assert merge.paragraphs() == [*ours, ENDING]


def test_paragraph_the_agency_moved_moves_when_the_desk_left_the_story_alone():
    theirs = [LEAD, QUOTE, FIGURES, BACKGROUND]
    merge = merge_paragraphs(BASE, list(BASE), theirs)
    assert merge.paragraphs() == theirs


def test_both_inserting_different_paragraphs_at_one_place_is_a_conflict():
    desk_new = "Shipping lines welcomed the decision."
    merge = merge_paragraphs(BASE, [*BASE, desk_new], [*BASE, ENDING])
    [conflict] = merge.conflicts
    assert conflict.base == () and conflict.ours == (desk_new,)
    assert merge.paragraphs([KEEP_BOTH])[-2:] == [desk_new, ENDING]


def test_both_inserting_the_same_paragraph_at_one_place_is_no_conflict():
    merge = merge_paragraphs(BASE, [*BASE, ENDING], [*BASE, ENDING])
    assert merge.conflicts == [] and merge.paragraphs() == [*BASE, ENDING]


def test_inserts_at_different_places_are_both_applied():
    desk_new = "Shipping lines welcomed the decision."
    merge = merge_paragraphs(BASE, [LEAD, desk_new, *BASE[1:]], [*BASE, ENDING])
    assert merge.conflicts == []
    assert merge.paragraphs() == [LEAD, desk_new, *BASE[1:], ENDING]


def test_empty_base_takes_the_one_side_that_has_copy():
    assert merge_paragraphs([], [], [LEAD, FIGURES]).paragraphs() == [LEAD, FIGURES]
    assert merge_paragraphs([], [DESK_LEAD], []).paragraphs() == [DESK_LEAD]


def test_empty_base_with_copy_on_both_sides_is_one_conflict_unless_equal():
    merge = merge_paragraphs([], [DESK_LEAD], [LEAD])
    assert kinds(merge) == [CONFLICT]
    assert merge_paragraphs([], [LEAD], [LEAD]).conflicts == []


def test_everything_empty_merges_to_nothing():
    merge = merge_paragraphs([], [], [])
    assert merge.regions == [] and merge.paragraphs() == []


def test_repeated_paragraphs_are_lined_up_one_by_one():
    rule = "---"
    base = [LEAD, rule, FIGURES, rule, QUOTE]
    ours = [DESK_LEAD, rule, FIGURES, rule, QUOTE]
    theirs = [LEAD, rule, CORRECTED_FIGURES, rule, QUOTE, rule, ENDING]
    merge = merge_paragraphs(base, ours, theirs)
    assert merge.conflicts == []
    assert merge.paragraphs() == [
        DESK_LEAD,
        rule,
        CORRECTED_FIGURES,
        rule,
        QUOTE,
        rule,
        ENDING,
    ]


def test_a_long_story_of_short_repeated_paragraphs_loses_none_of_them():
    # difflib's "autojunk" would treat a line repeated in a 200+ line story as
    # junk; the merge must not.
    base = [f"Item {n}." if n % 2 else "(more)" for n in range(300)]
    theirs = [*base, "The end."]
    ours = ["A new lead.", *base[1:]]
    assert merge_paragraphs(base, ours, theirs).paragraphs() == [
        "A new lead.",
        *base[1:],
        "The end.",
    ]


def test_nothing_changed_on_either_side_is_one_unchanged_region():
    merge = merge_paragraphs(BASE, list(BASE), list(BASE))
    assert kinds(merge) == [SAME] and merge.paragraphs() == BASE


def test_several_conflicts_take_one_answer_each_in_order():
    ours = ["Desk one.", FIGURES, QUOTE, "Desk four."]
    theirs = ["Agency one.", FIGURES, QUOTE, "Agency four."]
    merge = merge_paragraphs(BASE, ours, theirs)
    assert len(merge.conflicts) == 2
    assert merge.paragraphs([TAKE_AGENCY, KEEP_DESK]) == [
        "Agency one.",
        FIGURES,
        QUOTE,
        "Desk four.",
    ]


@pytest.mark.parametrize(
    "base, ours, theirs, kind, kept",
    [
        ("Port reopens", "Port reopens", "Port to reopen in June", AGENCY, "theirs"),
        ("Port reopens", "Valdoria port reopens", "Port reopens", DESK, "ours"),
        ("Port reopens", "Quay reopens", "Quay reopens", BOTH, "ours"),
        ("Port reopens", "Quay reopens", "Port to reopen", CONFLICT, "ours"),
        ("Port reopens", "Port reopens", "Port reopens", SAME, "ours"),
        ("", "", "The standfirst the agency added.", AGENCY, "theirs"),
    ],
)
def test_one_value_fields_merge_as_one_unit(base, ours, theirs, kind, kept):
    merged = merge_value(base, ours, theirs)
    assert merged.kind == kind
    assert merged.resolved() == {"ours": ours, "theirs": theirs}[kept]


def test_a_conflicting_headline_takes_the_agencys_only_when_chosen():
    merged = merge_value("Port reopens", "Quay reopens", "Port to reopen")
    assert merged.resolved(KEEP_DESK) == "Quay reopens"
    assert merged.resolved(TAKE_AGENCY) == "Port to reopen"


def test_line_ends_and_outer_spaces_are_no_change():
    assert merge_value("Port reopens", "Port reopens \r\n", "Port").kind == AGENCY


def test_dates_and_missing_values_merge_as_values():
    may4, may5 = date(2026, 5, 4), date(2026, 5, 5)
    assert merge_value(may4, may4, may5).resolved() == may5
    assert merge_value(None, may4, None).kind == DESK
    assert merge_value(may4, may5, None).kind == CONFLICT


def test_split_paragraphs_reads_the_body_as_the_story_form_writes_it():
    # Plain copy (as agencies send it) and the stored HTML body split alike.
    assert split_paragraphs(" One.\r\n\r\nTwo.\n\n\n\n Three. ") == [
        "<p>One.</p>",
        "<p>Two.</p>",
        "<p>Three.</p>",
    ]
    assert split_paragraphs(
        '<h2>Sub</h2><p>One <a href="https://example.com/">link</a>.</p>'
        "<ul><li><p>a</p></li></ul>"
    ) == [
        "<h2>Sub</h2>",
        '<p>One <a href="https://example.com/">link</a>.</p>',
        "<ul><li><p>a</p></li></ul>",
    ]


def test_word_diff_marks_the_corrected_figure_only():
    pieces = word_diff(FIGURES, CORRECTED_FIGURES)
    assert [(p.op, p.text.strip()) for p in pieces if p.op != "equal"] == [
        ("delete", "12,000"),
        ("insert", "21,000"),
    ]
    assert "".join(p.text for p in pieces if p.op != "delete") == CORRECTED_FIGURES


def test_paragraph_diffs_name_added_removed_and_changed_paragraphs():
    diffs = paragraph_diffs(BASE, [LEAD, CORRECTED_FIGURES, QUOTE, ENDING])
    assert [state for state, _ in diffs] == ["same", "changed", "same", "changed"]
    diffs = paragraph_diffs(BASE, [LEAD, FIGURES, QUOTE])
    assert [state for state, _ in diffs] == ["same", "same", "same", "removed"]
    diffs = paragraph_diffs([LEAD], [LEAD, ENDING])
    assert diffs[-1] == ("added", diffs[-1][1]) and diffs[-1][1][0].text == ENDING


def test_answers_default_to_the_desk_and_refuse_anything_unknown():
    assert resolve_choices({"1": "agency"}, 3) == [KEEP_DESK, TAKE_AGENCY, KEEP_DESK]
    with pytest.raises(ValueError, match="overwrite"):
        resolve_choices({"0": "overwrite"}, 1)
    with pytest.raises(ValueError):
        resolve_choices({"0": KEEP_BOTH}, 1, allowed=(KEEP_DESK, TAKE_AGENCY))


def test_word_diff_of_an_ending_added_marks_only_the_new_words():
    pieces = word_diff("Valdoria to reopen quay", "Valdoria to reopen quay in June")
    assert [(p.op, p.text) for p in pieces] == [
        ("equal", "Valdoria to reopen quay "),
        ("insert", "in June"),
    ]


def test_a_long_story_edited_throughout_by_both_merges_paragraph_by_paragraph():
    # Desk edits every even paragraph, the agency every odd one and adds one in
    # the middle: no paragraph was changed by both, so nothing conflicts.
    base = [
        f"Paragraph {n} of the report on the quay, with its own words."
        for n in range(60)
    ]
    ours = [
        p.replace("the report", "the desk's report") if n % 2 == 0 else p
        for n, p in enumerate(base)
    ]
    theirs = [
        p.replace("own words", "own corrected words") if n % 2 else p
        for n, p in enumerate(base)
    ]
    theirs.insert(30, "A paragraph the agency added halfway.")
    merge = merge_paragraphs(base, ours, theirs)
    assert merge.conflicts == []
    expected = [
        ours[n] if n % 2 == 0 else theirs[n if n < 30 else n + 1] for n in range(60)
    ]
    expected.insert(30, "A paragraph the agency added halfway.")
    assert merge.paragraphs() == expected
