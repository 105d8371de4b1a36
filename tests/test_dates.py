"""Dates as teams write them are read to the range and precision a reader means."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pcxl.dates import as_written, read_date

PERIOD_END = dt.date(2020, 11, 30)
D = dt.date


@pytest.mark.parametrize(("typed", "start", "end", "precision", "label"), [
    ("30/09/20", D(2020, 9, 30), D(2020, 9, 30), "day", "30/09/20"),
    ("1/10/20", D(2020, 10, 1), D(2020, 10, 1), "day", "01/10/20"),
    ("30/09/2020", D(2020, 9, 30), D(2020, 9, 30), "day", "30/09/20"),
    ("28th August 2020", D(2020, 8, 28), D(2020, 8, 28), "day", "28/08/20"),
    ("7 th Aug 2020", D(2020, 8, 7), D(2020, 8, 7), "day", "07/08/20"),
    ("30/09", D(2020, 9, 30), D(2020, 9, 30), "day", "30/09/20"),
    ("w/c 16/11/20", D(2020, 11, 16), D(2020, 11, 22), "week", "w/c 16/11/20"),
    ("Week commencing 26/10/20", D(2020, 10, 26), D(2020, 11, 1), "week", "w/c 26/10/20"),
    ("End of October", D(2020, 10, 1), D(2020, 10, 31), "month", "Oct 2020"),
    ("November", D(2020, 11, 1), D(2020, 11, 30), "month", "Nov 2020"),
    ("March 18", D(2018, 3, 1), D(2018, 3, 31), "month", "Mar 2018"),
    ("Mar 18", D(2018, 3, 1), D(2018, 3, 31), "month", "Mar 2018"),
    ("end March 2017", D(2017, 3, 1), D(2017, 3, 31), "month", "Mar 2017"),
    ("Q2 17/18", D(2017, 7, 1), D(2017, 9, 30), "quarter", "Q2 17/18"),
    ("Q4 20/21", D(2021, 1, 1), D(2021, 3, 31), "quarter", "Q4 20/21"),
    ("17/18", D(2017, 4, 1), D(2018, 3, 31), "financial_year", "17/18"),
    ("2018/19", D(2018, 4, 1), D(2019, 3, 31), "financial_year", "18/19"),
    ("early 17/18", D(2017, 4, 1), D(2017, 7, 31), "financial_year", "Early 17/18"),
    ("Mid 18/19", D(2018, 8, 1), D(2018, 11, 30), "financial_year", "Mid 18/19"),
])
def test_each_form_reads_as_its_range_and_precision(typed, start, end, precision, label):
    reading = read_date(typed, PERIOD_END)
    assert reading.ok
    (only,) = reading.dates
    assert (only.start, only.end, only.precision, only.label) == (start, end, precision, label)


@pytest.mark.parametrize("typed", ["TBC", "tbc", "TBA", "", "   ", None])
def test_no_date_yet_is_not_a_problem(typed):
    reading = read_date(typed, PERIOD_END)
    assert reading.ok and reading.dates == ()


@pytest.mark.parametrize(("typed", "detail"), [
    ("31/11/20", "November 2020 has 30 days"),
    ("29/02/21", "February 2021 has 28 days"),
    ("12/13/20", "there is no month 13"),
])
def test_impossible_dates_are_errors_never_guesses(typed, detail):
    reading = read_date(typed, PERIOD_END)
    assert reading.problem == "impossible-date"
    assert detail in reading.detail
    assert reading.dates == ()


def test_a_cell_with_revisions_keeps_every_date_in_order():
    reading = read_date("09/10/20 Anticipated 19/10/20 Delay to 26/10/20 delay to 03/11/20",
                        PERIOD_END)
    assert [d.start for d in reading.dates] == [D(2020, 10, 9), D(2020, 10, 19),
                                                 D(2020, 10, 26), D(2020, 11, 3)]
    assert reading.first.start == D(2020, 10, 9)
    assert reading.last.start == D(2020, 11, 3)


@pytest.mark.parametrize("typed", ["complete", "Presented to LMT on 06/10/20",
                                   "09/10/20 Delayed – to be determined by Clinical Lead"])
def test_notes_in_a_date_cell_are_unreadable(typed):
    assert read_date(typed, PERIOD_END).problem == "unreadable-date"


def test_real_excel_dates_are_days():
    reading = read_date(dt.datetime(2020, 3, 4, 0, 0))
    assert reading.last.start == D(2020, 3, 4) and reading.last.precision == "day"


def test_a_number_is_not_a_date():
    assert read_date(44000.0).problem == "unreadable-date"


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.dates(),
                 st.none()))
def test_any_value_is_read_or_reported_never_raised(value):
    reading = read_date(value, PERIOD_END)
    assert reading.ok or reading.problem in ("unreadable-date", "impossible-date")
    assert all(d.start <= d.end for d in reading.dates)


@pytest.mark.parametrize(("typed", "pick", "written"), [
    ("End  of October", "last", "End of October"),  # white space single, words kept
    ("tbc", "last", "tbc"),
    ("Week commencing 26/10/20", "last", "Week commencing 26/10/20"),
    ("09/10/20 Anticipated 19/10/20", "first", "09/10/20 Anticipated 19/10/20"),  # whole
    ("Sep/Oct 17", "last", "Sep/Oct 17"),
    (dt.datetime(2020, 9, 30), "last", "30/09/20"),  # a real date: its label
    (None, "last", None),
])
def test_a_date_as_written_is_the_teams_text_for_the_date_it_stands_for(typed, pick, written):
    reading = read_date(typed, PERIOD_END)
    assert as_written(typed, reading.pick(pick)) == written
