"""Validating a return reports every problem at its cell, and never raises for bad input."""

from pathlib import Path

import openpyxl

from pcxl.excel.template import write_template
from pcxl.validate.run import validate_return
from tests.builders import DEFAULT_WORKSTREAMS, HIGHLIGHT, make_return

SMI = "Serious Mental Illness (SMI) LCS"


def milestone(**fields):
    return {"workstream": SMI, "milestone": "Agreed Trajectories", "baseline_date": "30/12/20",
            "status": "On track", **fields}


def problems_by_cell(report):
    return {(p.code, p.cell): p for p in report.problems}


def test_a_good_return_is_valid_with_no_problems(tmp_path):
    report = validate_return(make_return(tmp_path))
    assert report.valid, report.problems
    assert report.problems == []
    assert (report.region, report.period) == ("West Sussex", "Nov 2020")


def test_an_impossible_date_is_an_error_at_its_cell(tmp_path):
    path = make_return(tmp_path, milestones=[milestone(), milestone(baseline_date="31/11/20")])
    report = validate_return(path)
    problem = problems_by_cell(report)[("impossible-date", "Milestones!C3")]
    assert problem.severity == "error"
    assert problem.value == "31/11/20"
    assert problem.column == "Baseline date"
    assert "November 2020 has 30 days" in problem.message
    assert not report.valid


def test_a_status_in_another_case_is_normalised_with_a_warning(tmp_path):
    path = make_return(tmp_path, milestones=[milestone(status="on Track")])
    report = validate_return(path)
    problem = problems_by_cell(report)[("vocabulary-variant", "Milestones!E2")]
    assert problem.severity == "warning"
    assert problem.expected == "On track"
    assert report.valid


def test_an_unknown_status_is_an_error_listing_the_allowed_words(tmp_path):
    path = make_return(tmp_path, milestones=[milestone(), milestone(), milestone(status="Bogus")])
    problem = problems_by_cell(validate_return(path))[("not-in-vocabulary", "Milestones!E4")]
    assert problem.value == "Bogus"
    assert problem.expected.startswith("Not started, On track, In progress")


def test_a_synonym_is_accepted_as_its_declared_word(tmp_path):
    report = validate_return(make_return(tmp_path, milestones=[milestone(status="Complete")]))
    assert problems_by_cell(report)[("vocabulary-variant", "Milestones!E2")].expected == "Completed"


def test_a_required_field_left_blank_is_an_error(tmp_path):
    path = make_return(tmp_path, milestones=[milestone(milestone=None)])
    problem = problems_by_cell(validate_return(path))[("required", "Milestones!B2")]
    assert problem.column == "Milestone"


def test_a_milestone_of_an_unknown_workstream_is_an_error(tmp_path):
    path = make_return(tmp_path, milestones=[milestone(workstream="Not a workstream")])
    problem = problems_by_cell(validate_return(path))[("unknown-reference", "Milestones!A2")]
    assert problem.value == "Not a workstream"


def test_duplicate_workstream_ids_are_errors_at_each_cell(tmp_path):
    second = {**DEFAULT_WORKSTREAMS[0], "workstream": "Atrial Fibrillation LCS harmonisation"}
    report = validate_return(make_return(tmp_path, workstreams=[DEFAULT_WORKSTREAMS[0], second]))
    cells = {p.cell for p in report.problems if p.code == "duplicate-value"}
    assert cells == {"Workstreams!A2", "Workstreams!A3"}


def test_several_dates_in_one_cell_warn_and_say_which_was_used(tmp_path):
    path = make_return(tmp_path, milestones=[milestone(
        baseline_date="09/10/20 Anticipated 19/10/20", forecast_date="26/10/20 delay to 03/12/20")])
    found = problems_by_cell(validate_return(path))
    assert "09/10/20 was read as the baseline" in found[("several-dates", "Milestones!C2")].message
    assert "03/12/20 was read as the latest date" in \
        found[("several-dates", "Milestones!D2")].message


def test_a_note_in_a_date_cell_is_an_error(tmp_path):
    path = make_return(tmp_path, milestones=[milestone(forecast_date="when the LMT agrees")])
    problem = problems_by_cell(validate_return(path))[("unreadable-date", "Milestones!D2")]
    assert "30/09/20" in problem.message  # shows the forms it can read


def test_achieved_with_no_date_is_questioned(tmp_path):
    path = make_return(tmp_path, milestones=[milestone(baseline_date="TBC", status="Achieved")])
    problem = problems_by_cell(validate_return(path))[("done-without-date", "Milestones!E2")]
    assert problem.severity == "warning"


def test_an_open_milestone_due_before_the_period_ends_is_questioned(tmp_path):
    path = make_return(tmp_path, milestones=[
        milestone(baseline_date="01/11/20", status="On track"),
        milestone(baseline_date="01/11/20", status="Achieved"),
        milestone(baseline_date="01/10/20", forecast_date="15/12/20", status="Revised date")])
    flagged = {p.cell for p in validate_return(path).problems if p.code == "open-past-due"}
    assert flagged == {"Milestones!E2"}


def test_green_with_delayed_milestones_is_questioned(tmp_path):
    green = {**DEFAULT_WORKSTREAMS[0], "delivery_rag": "Green"}
    path = make_return(tmp_path, workstreams=[green],
                       milestones=[milestone(status="Delayed", baseline_date="30/12/20")])
    problem = problems_by_cell(validate_return(path))[("green-with-concerns", "Workstreams!K2")]
    assert "1 of its milestones is Delayed or Off track" in problem.message


def test_a_missing_about_value_is_located_on_the_about_sheet(tmp_path):
    report = validate_return(make_return(tmp_path, about={"submitted_by": None}))
    problem = problems_by_cell(report)[("required", "About!B6")]
    assert problem.column == "Submitted by"


def test_a_workbook_that_is_not_a_template_is_one_clear_error(tmp_path):
    path = tmp_path / "mine.xlsx"
    openpyxl.Workbook().save(path)
    report = validate_return(path)
    assert [p.code for p in report.problems] == ["not-a-template"]
    assert "not made from a pcxl template" in report.problems[0].message


def test_another_template_version_is_one_clear_error(tmp_path):
    path = make_return(tmp_path)
    book = openpyxl.load_workbook(path)
    book["_pcxl"]["B2"] = 99
    book.save(path)
    (problem,) = validate_return(path).problems
    assert problem.code == "template-version"
    assert "version 99" in problem.message


def test_a_text_file_named_xlsx_is_unreadable_not_a_crash(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("this is not a workbook")
    (problem,) = validate_return(path).problems
    assert problem.code == "unreadable-file"


def test_a_blank_template_reports_its_required_about_fields(tmp_path):
    path = write_template(HIGHLIGHT, tmp_path / "blank.xlsx")
    codes = {(p.code, p.cell) for p in validate_return(path).problems}
    assert ("required", "About!B3") in codes and ("required", "About!B4") in codes


def test_columns_are_matched_by_header_wherever_they_are(tmp_path):
    path = make_return(tmp_path, milestones=[milestone(status="Bogus")])
    book = openpyxl.load_workbook(path)
    book["Milestones"].move_range("E1:E3", cols=3)
    book.save(path)
    problem = problems_by_cell(validate_return(path))[("not-in-vocabulary", "Milestones!H2")]
    assert problem.value == "Bogus"


def test_problems_come_in_reading_order(tmp_path):
    path = make_return(tmp_path, milestones=[milestone(status="Bogus"),
                                             milestone(baseline_date="31/11/20")])
    cells = [p.cell for p in validate_return(Path(path)).problems]
    assert cells.index("Milestones!E2") < cells.index("Milestones!C3")
