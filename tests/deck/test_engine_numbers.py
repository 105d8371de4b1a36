"""The layout language on numbers: the ``days_late`` and ``moved`` fields, ``>`` conditions,
sorting by a derived field, ``first N`` with ``{{ more }}``, and ``| fill`` by thresholds."""

from __future__ import annotations

import pytest

from pcxl.deck.engine import check_layout, draw_layout
from pcxl.deck.engine.lang import LayoutError
from pcxl.deck.engine.starter import new_layout
from tests.deck.builders import WEST, make_dataset, milestone, workstream
from tests.deck.layouts import table
from tests.deck.reading import cells, fill, open_deck
from tests.deck.reading import table as table_of

SMI = "Serious Mental Illness (SMI) LCS"
AMBER, RED, TEAL = "FFB81C", "DA291C", "00A499"


def slipped_layout(path, each: str = "", days: str = "{{ days_late }}", closing: str = ""):
    """A slide with a table: milestone and days late, a row per milestone ``each`` keeps, and
    a closing row when ``closing`` is given."""
    prs = new_layout()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    rows = [["Milestone", "Days"], [f"{{% each Milestones {each} %}}{{{{ milestone }}}}", days]]
    table(slide, "Slipped", rows + ([[closing, ""]] if closing else []), (36, 80, 400, 0),
          [300, 100])
    prs.save(str(path))
    return path


def dataset():
    return make_dataset([WEST], [workstream(SMI)], [
        milestone(SMI, "On time", "01/10/20", "On track", forecast="01/10/20"),
        milestone(SMI, "A week late", "01/10/20", "On track", forecast="08/10/20"),
        milestone(SMI, "Early", "01/10/20", "On track", forecast="20/09/20"),
        milestone(SMI, "A month late", "01/10/20", "Delayed", forecast="01/11/20"),
        milestone(SMI, "No forecast", "01/10/20", "On track"),
        milestone(SMI, "Also a week late", "01/10/20", "On track", forecast="08/10/20")])


def drawn(tmp_path, **layout):
    result = draw_layout(dataset(), slipped_layout(tmp_path / "l.pptx", **layout),
                         tmp_path / "d.pptx")
    return table_of(open_deck(result.path).slides[0], "Slipped")


def test_days_late_is_the_forecast_minus_the_baseline_and_blank_without_both(tmp_path):
    assert cells(drawn(tmp_path))[1:] == [
        ["On time", "0"], ["A week late", "7"], ["Early", "-11"], ["A month late", "31"],
        ["No forecast", ""], ["Also a week late", "7"]]


def test_a_condition_compares_a_derived_number_and_rows_sort_by_it_ties_as_read(tmp_path):
    tbl = drawn(tmp_path, each="where days_late > 0 sorted by days_late descending")
    assert cells(tbl)[1:] == [["A month late", "31"], ["A week late", "7"],
                              ["Also a week late", "7"]]
    early = drawn(tmp_path, each="where days_late <= 0 and status is On track")
    assert [r[0] for r in cells(early)[1:]] == ["On time", "Early"]


def test_first_n_keeps_the_first_records_and_more_says_how_many_are_left_out(tmp_path):
    tbl = drawn(tmp_path, each="where days_late >= 0 sorted by days_late descending first 2",
                closing="{{ more }} more not shown")
    assert cells(tbl)[1:] == [["A month late", "31"], ["A week late", "7"],
                              ["2 more not shown", ""]]


def test_a_closing_row_saying_how_many_more_is_left_out_when_none_are(tmp_path):
    tbl = drawn(tmp_path, each="where days_late > 30 first 2", closing="{{ more }} more")
    assert cells(tbl)[1:] == [["A month late", "31"]]


def test_a_number_takes_the_colour_of_the_highest_threshold_it_passes(tmp_path):
    tbl = drawn(tmp_path, days="{{ days_late | fill Amber, over 30 Red, over 60 #00a499 }}")
    assert [fill(tbl.cell(r, 1)) for r in range(1, 7)] == [AMBER, AMBER, AMBER, RED, None,
                                                          AMBER]


def test_a_number_passing_no_threshold_and_no_first_colour_is_not_filled(tmp_path):
    tbl = drawn(tmp_path, days="{{ days_late | fill over 0 amber }}")
    assert [fill(tbl.cell(r, 1)) for r in range(1, 7)] == [None, AMBER, None, AMBER, None,
                                                          AMBER]


@pytest.mark.parametrize(("layout", "message"), [
    ({"each": "where days_late > soon"}, r"'days_late > soon': '>' compares with a number"),
    ({"each": "where days_late >0"}, r"a condition reads 'key is value' or 'key > number'"),
    ({"each": "first many"}, r"'first' takes a number of records \(first 5\)"),
    ({"days": "{{ days_late | fill Amber, 30 Red }}"}, r"'30 Red': colours by thresholds read"),
    ({"days": "{{ days_late | fill Amber, over 30 Rouge }}"}, r"'Rouge' is not a colour"),
    ({"each": "sorted by lateness"}, r"'lateness' is not a column of Milestones"),
])
def test_a_wrong_number_rule_is_a_layout_error_naming_the_slide_and_shape(tmp_path, layout,
                                                                           message):
    path = slipped_layout(tmp_path / "l.pptx", **layout)
    with pytest.raises(LayoutError, match=r"slide 1, shape 'Slipped': .*" + message):
        check_layout(path, dataset().tracker)
