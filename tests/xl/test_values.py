"""A return's values, as xlwings hands them over, validate exactly as the file does."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import openpyxl
import pytest

from pcxl.validate.from_values import validate_values
from pcxl.validate.run import validate_return
from pcxl.xl import sheet_values
from tests.builders import DEFAULT_WORKSTREAMS, make_return
from tests.xl.books import book_json, open_book

SMI = "Serious Mental Illness (SMI) LCS"


def milestone(**fields):
    return {"workstream": SMI, "milestone": "Agreed Trajectories", "baseline_date": "30/12/20",
            "status": "On track", **fields}


CASES = {
    "good": {},
    "dates": {"milestones": [milestone(baseline_date="31/11/20"),
                             milestone(baseline_date=dt.date(2020, 9, 30), status="On Track"),
                             milestone(forecast_date="when the LMT agrees"),
                             milestone(baseline_date="09/10/20 Anticipated 19/10/20")]},
    "vocab": {"milestones": [milestone(status="Bogus"), milestone(status="=1+1"),
                             milestone(workstream="Nope", status="Achieved",
                                       baseline_date="TBC")]},
    "about": {"about": {"submitted_by": None, "submitted_on": dt.date(2020, 11, 11),
                        "period": dt.date(2020, 11, 30)}},
    "duplicates": {"workstreams": [DEFAULT_WORKSTREAMS[0],
                                   {**DEFAULT_WORKSTREAMS[0], "workstream": "Other",
                                    "delivery_rag": "Green"}],
                   "milestones": [milestone(workstream="Other", status="Delayed")]},
}


def normalised(report):
    return [replace(p, file="") for p in report.problems]


def openpyxl_values(path):
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


@pytest.mark.parametrize("case", sorted(CASES))
def test_values_read_by_openpyxl_give_the_problems_of_the_file(case, tmp_path):
    path = make_return(tmp_path, **CASES[case])
    expected = validate_return(path)
    found = validate_values(openpyxl_values(path), path)
    assert normalised(found) == normalised(expected)
    assert (found.region, found.period, found.period_end) == \
        (expected.region, expected.period, expected.period_end)
    assert found.valid == expected.valid


@pytest.mark.parametrize("case", sorted(CASES))
def test_values_from_the_remote_engine_give_the_problems_of_the_file(case, tmp_path):
    path = make_return(tmp_path, **CASES[case])
    book = open_book(book_json(path))
    found = validate_values(sheet_values(book), path)
    assert normalised(found) == normalised(validate_return(path))


def test_values_without_the_marker_sheet_are_not_a_template():
    report = validate_values({"Sheet1": [["hello"]]}, "mine.xlsx")
    assert [p.code for p in report.problems] == ["not-a-template"]
    assert report.data is None


def test_the_issues_sheet_is_left_out_of_the_values(tmp_path):
    path = make_return(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb.security.lockStructure = False
    wb.create_sheet("Issues", 0)["A1"] = "from last time"
    wb.save(path)
    values = sheet_values(open_book(book_json(path)))
    assert "Issues" not in values and "_pcxl" in values
    assert validate_values(values, path).problems == []
