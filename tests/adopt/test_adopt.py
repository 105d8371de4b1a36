"""Adopting workbooks pcxl did not make: the declaration written, problems at the workbook's
own cells, recognition by layout, a blank in the office's layout, consolidation by region."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

from pcxl.adopt import adopt_workbook
from pcxl.consolidate import consolidate_paths
from pcxl.declaration import load_tracker, tracker_from_dict
from pcxl.errors import DeclarationError
from pcxl.excel.read import UnreadableReturn, read_return
from pcxl.feedback import feedback_returns
from pcxl.pipeline import (
    consolidate_returns,
    make_deck,
    make_template,
    rollforward_returns,
    validate,
)
from tests.adopt.builders import (
    action_log,
    has_libreoffice,
    risk_register,
    saved_by_libreoffice,
    set_cells,
)
from tests.deck.reading import open_deck


def _errors(path: Path, tracker) -> dict[str, str]:
    report = validate([path], trackers=[tracker])
    return {p.cell: p.code for p in report.files[0].errors}


def test_a_risk_register_is_declared_as_the_office_laid_it_out(tmp_path):
    adoption = adopt_workbook(risk_register(tmp_path / "risks.xlsx"),
                              tmp_path / "trackers" / "risks.yaml")
    tracker = load_tracker(adoption.declaration)
    sheet = tracker.sheet("Risk Register")
    assert sheet.header_row == 4
    assert [(c.header, c.type if not c.vocab else c.vocab) for c in sheet.columns] == [
        ("ID", "integer"), ("Risk", "text"), ("Owner", "text"), ("Status", "issuestatus"),
        ("RAG", "raglist"), ("Escalate?", "escalate"), ("Due date", "date"),
        ("Score", "integer")]
    assert tracker.vocabulary("issuestatus").words == ["Open", "In progress", "Closed"]
    assert tracker.vocabulary("raglist").words == ["Red", "Amber", "Green"]
    assert tracker.vocabulary("escalate").words == ["Yes", "No"]
    assert tracker.vocabulary("raglist").colour("Red") == "DA291C"
    assert [(f.header, f.at) for f in tracker.about] == [
        ("Project Manager", "'Risk Register'!B2"), ("Reporting period", "'Risk Register'!B3")]
    assert tracker.ignored == ("Lookup Data", "Chart")
    assert not any(c.required for c in sheet.columns)
    assert "add `required: true`" in adoption.declaration.read_text()
    assert (tmp_path / "trackers" / "risks.xlsx").is_file()


def test_an_action_log_in_an_excel_table_with_a_cover_sheet(tmp_path):
    tracker = load_tracker(adopt_workbook(action_log(tmp_path / "actions.xlsx"),
                                          tmp_path / "t" / "actions.yaml").declaration)
    sheet = tracker.sheet("Actions")
    assert sheet.header_row == 3
    assert tracker.vocabulary("category").words == ["Estates", "Workforce", "Digital"]
    assert tracker.vocabulary("status").words == ["Open", "Complete", "On hold"]
    assert [(f.key, f.at) for f in tracker.about] == [("region", "Cover!B3"),
                                                      ("period", "Cover!B4")]
    assert tracker.ignored == ("Lists",)


@pytest.mark.parametrize("shape", ["risk register", "action log", "saved by LibreOffice"])
def test_a_word_not_in_the_dropdown_and_an_impossible_date_are_found_at_their_cells(
        tmp_path, shape):
    if shape == "saved by LibreOffice" and not has_libreoffice():
        pytest.skip("LibreOffice is not installed")
    if shape == "action log":
        original, sheet, bad = action_log(tmp_path / "log.xlsx"), "Actions", {
            "E5": "Pending", "F4": "31/11/2024"}
        expected = {"Actions!E5": "not-in-vocabulary", "Actions!F4": "impossible-date"}
    else:
        original = risk_register(tmp_path / "register.xlsx")
        if shape == "saved by LibreOffice":
            original = saved_by_libreoffice(original, tmp_path / "lo")
        sheet, bad = "Risk Register", {"D6": "Pending", "G7": "31/11/2024"}
        expected = {"'Risk Register'!D6": "not-in-vocabulary",
                    "'Risk Register'!G7": "impossible-date"}
    tracker = load_tracker(adopt_workbook(original, tmp_path / "t" / "mine.yaml").declaration)
    assert _errors(original, tracker) == {}
    filled = set_cells(original, tmp_path / "filled.xlsx", sheet, bad)
    assert _errors(filled, tracker) == expected


def test_a_return_that_lacks_a_column_names_the_closest_tracker_and_the_difference(tmp_path):
    original = risk_register(tmp_path / "register.xlsx")
    tracker = load_tracker(adopt_workbook(original, tmp_path / "t" / "risks.yaml").declaration)
    edited = set_cells(original, tmp_path / "edited.xlsx", "Risk Register", {"E4": "Priority"})
    with pytest.raises(UnreadableReturn) as caught:
        read_return(edited, [tracker, load_tracker("highlight")])
    assert "the closest is 'risks'" in caught.value.problem.detail
    assert "sheet 'Risk Register' has no column 'RAG'" in caught.value.problem.detail


def test_the_header_row_is_found_by_its_labels_when_rows_are_inserted_above(tmp_path):
    original = risk_register(tmp_path / "register.xlsx")
    tracker = load_tracker(adopt_workbook(original, tmp_path / "t" / "risks.yaml").declaration)
    book = load_workbook(original)
    book["Risk Register"].insert_rows(2, 2)
    book.save(tmp_path / "moved.xlsx")
    data = read_return(tmp_path / "moved.xlsx", [tracker])
    assert data.sheets["Risk Register"].header_row == 6
    assert list(data.sheets["Risk Register"].rows) == [7, 8, 9]
    assert data.about["project_manager"] == "Jo Bloggs"


def test_the_blank_template_is_the_office_workbook_without_its_entries(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    adopt_workbook(risk_register(tmp_path / "register.xlsx"), name="risks")
    blank = make_template("risks")
    book = load_workbook(blank)
    ws = book["Risk Register"]
    assert book.sheetnames == ["Risk Register", "Lookup Data", "Chart"]
    assert ws["A1"].value == "Sussex Primary Care Risk Register"
    assert "A1:H1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[4]] == ["ID", "Risk", "Owner", "Status", "RAG", "Escalate?",
                                        "Due date", "Score"]
    assert all(c.value is None for row in ws.iter_rows(min_row=5) for c in row)
    assert ws["A2"].value == "Project Manager:" and ws["B2"].value is None
    assert [dv.formula1 for dv in ws.data_validations.dataValidation] == [
        'INDIRECT("IssueStatus")', 'INDIRECT("RagList")', '"Yes,No"']
    assert book["Lookup Data"]["A2"].value == "Open"
    assert "Estates delay" not in (tmp_path / "workbook_templates").joinpath(
        "risks.xlsx").read_bytes().decode("latin-1")


def test_three_copies_consolidate_as_three_regions_with_their_source_rows(tmp_path):
    original = risk_register(tmp_path / "register.xlsx")
    tracker = load_tracker(adopt_workbook(original, tmp_path / "t" / "risks.yaml").declaration)
    returns = tmp_path / "returns"
    returns.mkdir()
    for region in ("north", "south", "east"):
        shutil.copy(original, returns / f"{region}.xlsx")
    report, datasets = consolidate_paths([returns], [tracker])
    assert report.valid
    frame = datasets["risks"].frames["Risk Register"]
    assert sorted(set(frame["region"])) == ["east", "north", "south"]
    assert len(frame) == 9
    north = frame[frame["region"] == "north"]
    assert list(north["source_row"]) == [5, 6, 7]
    assert set(north["source_sheet"]) == {"Risk Register"}
    assert list(north["status"]) == ["Open", "In progress", "Closed"]


def _slide_texts(path: Path) -> list[str]:
    """Each slide's text: its text boxes, then its tables' cells."""
    texts = []
    for slide in open_deck(path).slides:
        parts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        parts += [c.text for s in slide.shapes if s.has_table for r in s.table.rows
                  for c in r.cells]
        texts.append("\n".join(parts))
    return texts


def test_an_adopted_tracker_gets_a_deck_with_a_summary_charts_and_coloured_tables(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    original = risk_register(tmp_path / "register.xlsx")
    adopt_workbook(original, name="risks")
    returns = tmp_path / "returns"
    returns.mkdir()
    for region in ("north", "south", "east"):
        shutil.copy(original, returns / f"{region}.xlsx")
    result = consolidate_returns([returns], tmp_path / "out" / "risks.xlsx")
    assert result.exit_code == 0
    deck = make_deck(result.outputs["risks"], tmp_path / "out" / "risks.pptx")
    assert deck.titles == ["Sussex Primary Care Risk Register", "About this report", "Summary",
                           "Risk Register: RAG", "Risk Register: Escalate?", "Risk Register"]
    texts = _slide_texts(deck.path)
    assert "east, north and south" in texts[0]  # returns are read in file name order
    assert "Project Manager: Jo Bloggs" in texts[1]
    assert "east\n3\nnorth\n3\nsouth\n3\nTotal\n9" in texts[2]
    prs = open_deck(deck.path)
    status = next(s for s in prs.slides[2].shapes if s.has_chart).chart
    assert [s.name for s in status.plots[0].series] == ["Open", "In progress", "Closed"]
    fills = [str(s.format.fill.fore_color.rgb) for s in status.plots[0].series]
    assert len(set(fills)) == 3  # Open and In progress share green: the second takes another
    chart = next(s for s in prs.slides[3].shapes if s.has_chart).chart
    assert list(chart.plots[0].categories) == ["east", "north", "south"]
    assert [str(s.format.fill.fore_color.rgb) for s in chart.plots[0].series] == [
        "DA291C", "FFB81C", "009639"]
    assert [list(s.values) for s in chart.plots[0].series] == [[1, 1, 1]] * 3
    grid = next(s for s in prs.slides[5].shapes if s.has_table).table
    assert [c.text for c in grid.rows[0].cells] == ["Region", "ID", "Risk", "Owner", "Status",
                                                   "RAG", "Escalate?", "Due date", "Score"]
    second = grid.rows[2].cells
    assert [c.text for c in second] == ["east", "2", "Recruitment of pharmacists", "Sam Patel",
                                        "In progress", "Red", "No", "31/10/2024", "5"]
    assert str(second[5].fill.fore_color.rgb) == "DA291C"
    assert second[6].fill.type is None  # Yes/No is no status: not coloured


def test_feedback_marks_the_bad_cells_of_an_adopted_return(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    original = risk_register(tmp_path / "register.xlsx")
    adopt_workbook(original, name="risks")
    (tmp_path / "returns").mkdir()
    set_cells(original, tmp_path / "returns" / "north.xlsx", "Risk Register",
              {"D6": "Pending", "G7": "31/11/2024"})
    result = feedback_returns([tmp_path / "returns"], tmp_path / "feedback")
    book = load_workbook(result.written[tmp_path / "returns" / "north.xlsx"])
    sheet = book["Risk Register"]
    assert "'Pending' is not one of the allowed values" in sheet["D6"].comment.text
    assert "November 2024 has 30 days" in sheet["G7"].comment.text
    assert sheet["D5"].comment is None


def test_history_and_roll_forward_work_on_an_adopted_tracker(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    original = risk_register(tmp_path / "register.xlsx")
    adopt_workbook(original, name="risks")
    (tmp_path / "returns").mkdir()
    for region in ("north", "south"):
        shutil.copy(original, tmp_path / "returns" / f"{region}.xlsx")
    db = tmp_path / "history.sqlite"
    consolidate_returns([tmp_path / "returns"], tmp_path / "out.xlsx", history=db)
    written = rollforward_returns("30/09/24", "risks", history=db, output=tmp_path / "next")
    assert [p.relative_to(tmp_path / "next").as_posix() for p in written] == [
        "risks_october_2024/north.xlsx", "risks_october_2024/south.xlsx"]
    sheet = load_workbook(written[0])["Risk Register"]
    assert sheet["A1"].value == "Sussex Primary Care Risk Register"
    assert sheet["B3"].value == "October 2024"
    assert [c.value for c in sheet[6]][:5] == [2, "Recruitment of pharmacists", "Sam Patel",
                                              "In progress", "Red"]
    report = validate(written, trackers=[load_tracker("risks")])
    assert report.valid and [f.region for f in report.files] == ["north", "south"]


def test_a_return_whose_dropdown_gained_a_word_is_warned_and_the_word_still_refused(tmp_path):
    original = risk_register(tmp_path / "register.xlsx")
    tracker = load_tracker(adopt_workbook(original, tmp_path / "t" / "risks.yaml").declaration)
    book = load_workbook(original)
    book["Lookup Data"]["A5"] = "Escalated"
    book.defined_names["IssueStatus"].attr_text = "'Lookup Data'!$A$2:$A$5"
    book["Risk Register"]["D6"] = "Escalated"
    book.save(tmp_path / "longer.xlsx")
    problems = validate([tmp_path / "longer.xlsx"], trackers=[tracker]).files[0].problems
    assert [(p.cell, p.code, p.severity) for p in problems] == [
        ("'Risk Register'!D4", "dropdown-changed", "warning"),
        ("'Risk Register'!D6", "not-in-vocabulary", "error")]
    assert "'Escalated'" in problems[0].message


def _three_returns(tmp_path: Path, shape: str) -> tuple[Path, Path, str, int]:
    """The adopted original and a folder of three regions' returns in ``shape``; with the
    sheet read and its header row."""
    returns = tmp_path / "returns"
    returns.mkdir()
    if shape == "action log":
        for region in ("Hastings", "Crawley", "Worthing"):
            action_log(returns / f"{region.lower()}.xlsx", trust=region)
        return action_log(tmp_path / "log.xlsx"), returns, "Actions", 3
    original = risk_register(tmp_path / "register.xlsx")
    if shape == "saved by LibreOffice":
        original = saved_by_libreoffice(original, tmp_path / "lo")
    for region in ("hastings", "crawley", "worthing"):
        shutil.copy(original, returns / f"{region}.xlsx")
    return original, returns, "Risk Register", 4


@pytest.mark.parametrize("shape", ["risk register", "action log", "saved by LibreOffice"])
def test_three_regions_consolidate_with_provenance_and_make_a_deck(tmp_path, monkeypatch,
                                                                   shape):
    if shape == "saved by LibreOffice" and not has_libreoffice():
        pytest.skip("LibreOffice is not installed")
    monkeypatch.chdir(tmp_path)
    original, returns, sheet, header = _three_returns(tmp_path, shape)
    adopt_workbook(original, name="office")
    result = consolidate_returns([returns], tmp_path / "out" / "office.xlsx")
    assert result.exit_code == 0
    frame = result.datasets["office"].frames[sheet]
    regions = [r.lower() for r in dict.fromkeys(frame["region"])]
    assert regions == ["crawley", "hastings", "worthing"]
    rows = len(frame) // 3
    assert list(frame["source_row"][:rows]) == list(range(header + 1, header + 1 + rows))
    assert set(frame["source_sheet"]) == {sheet}
    assert set(frame["source_file"].map(lambda p: Path(p).name)) == {
        "crawley.xlsx", "hastings.xlsx", "worthing.xlsx"}
    deck = make_deck(result.outputs["office"], tmp_path / "out" / "office.pptx")
    texts = _slide_texts(deck.path)
    summary = deck.titles.index("Summary")
    assert summary in (1, 2) and deck.titles[-1] == sheet  # after the About slide, if any
    assert f"Total\n{len(frame)}" in texts[summary]
    assert all(region in texts[-1].lower() for region in regions)


def test_a_return_matching_two_trackers_alike_is_one_clear_message(tmp_path):
    original = risk_register(tmp_path / "register.xlsx")
    first = load_tracker(adopt_workbook(original, tmp_path / "t" / "first.yaml").declaration)
    second = load_tracker(adopt_workbook(original, tmp_path / "t" / "second.yaml").declaration)
    with pytest.raises(UnreadableReturn) as caught:
        read_return(original, [first, second])
    assert "more than one tracker (first, second)" in caught.value.problem.detail


def test_a_return_saved_again_by_libreoffice_is_read_at_the_same_cells(tmp_path):
    if not has_libreoffice():
        pytest.skip("LibreOffice is not installed")
    original = risk_register(tmp_path / "register.xlsx")
    tracker = load_tracker(adopt_workbook(original, tmp_path / "t" / "risks.yaml").declaration)
    filled = set_cells(original, tmp_path / "filled.xlsx", "Risk Register",
                       {"D6": "Pending", "G7": "31/11/2024"})
    resaved = saved_by_libreoffice(filled, tmp_path / "lo")
    assert _errors(resaved, tracker) == {"'Risk Register'!D6": "not-in-vocabulary",
                                         "'Risk Register'!G7": "impossible-date"}


def test_a_dropdown_of_an_excel_table_column_through_indirect_is_read(tmp_path):
    path = action_log(tmp_path / "log.xlsx")
    book = load_workbook(path)
    lists = book["Lists"]
    lists["C1"], lists["C2"], lists["C3"] = "Owner", "PMO", "Estates lead"
    lists.add_table(Table(displayName="Owners", ref="C1:C3"))
    dv = DataValidation(type="list", formula1='INDIRECT("Owners[Owner]")')
    dv.add("C4:C200")
    book["Actions"].add_data_validation(dv)
    book.save(path)
    tracker = load_tracker(adopt_workbook(path, tmp_path / "t" / "log.yaml").declaration)
    assert tracker.vocabulary(tracker.sheet("Actions").column("action").vocab).words == [
        "PMO", "Estates lead"]


def test_hand_written_layout_declarations_are_checked():
    base = {"tracker": "mine", "version": 1, "recognise": "layout",
            "sheets": [{"name": "Log", "header_row": "find",
                        "columns": [{"key": "a", "header": "A"}]}]}
    assert tracker_from_dict(base).sheet("Log").header_row is None
    for change, message in (
            ({"recognise": "marker-ish"}, "recognise must be marker or layout"),
            ({"sheets": [{"name": "Log", "header_row": 0,
                          "columns": [{"key": "a", "header": "A"}]}]}, "header_row must be"),
            ({"about": {"fields": [{"key": "pm", "label": "PM", "at": "B2"}]}},
             "at must read <Sheet>!<cell>")):
        with pytest.raises(DeclarationError, match=message):
            tracker_from_dict({**base, **change})


def test_adopting_an_empty_tracker_judges_types_by_formats_and_asks_to_confirm(tmp_path):
    blank = risk_register(tmp_path / "blank.xlsx", rows=())
    adoption = adopt_workbook(blank, tmp_path / "t" / "blank.yaml")
    sheet = load_tracker(adoption.declaration).sheet("Risk Register")
    assert [(c.header, c.type) for c in sheet.columns if not c.vocab] == [
        ("ID", "integer"), ("Risk", "text"), ("Owner", "text"), ("Due date", "date"),
        ("Score", "text")]
    text = adoption.declaration.read_text()
    assert ('# confirm: no values to judge from; whole numbers by its number format\n'
            '      - key: "id"') in text
    assert text.count("      # confirm:") == 4
    assert "4 thing(s) to confirm" in adoption.summary[-1]


def test_a_dropdown_pcxl_cannot_follow_is_left_for_a_person_to_declare(tmp_path):
    path = action_log(tmp_path / "log.xlsx")
    book = load_workbook(path)
    dv = DataValidation(type="list", formula1="OFFSET(Lists!$A$1,0,0,COUNTA(Lists!$A:$A),1)")
    dv.add("C4:C200")
    book["Actions"].add_data_validation(dv)
    book.save(path)
    adoption = adopt_workbook(path, tmp_path / "t" / "log.yaml")
    assert load_tracker(adoption.declaration).sheet("Actions").column("action").vocab is None
    assert ("# confirm: its dropdown (OFFSET(Lists!$A$1,0,0,COUNTA(Lists!$A:$A),1)) is a "
            "formula pcxl cannot follow") in adoption.declaration.read_text()
