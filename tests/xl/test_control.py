"""The control workbook's buttons, run on the shipped workbook through xlwings' remote engine."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pptx import Presentation

from pcxl.excel import control as ctl
from pcxl.excel.feedback import ERROR_FILL, WARNING_FILL
from pcxl.resources import templates_dir
from pcxl.xl import (
    ACTIONS,
    build_deck,
    consolidate,
    main,
    open_outputs,
    roll_forward,
    validate_returns,
)
from tests.builders import DEFAULT_WORKSTREAMS, make_return
from tests.xl.books import Actions, apply_actions, book_json, open_book, set_named_value

SMI = "Serious Mental Illness (SMI) LCS"
BAD = [{"workstream": SMI, "milestone": "Draft business plan", "baseline_date": "31/11/20",
        "status": "On track"}]
CONTROL = templates_dir() / ctl.CONTROL_FILE


@pytest.fixture
def folders(tmp_path):
    returns = tmp_path / "returns"
    make_return(returns, "west.xlsx")
    make_return(returns, "east.xlsx", region="East Sussex", milestones=BAD)
    (returns / "notes.xlsx").write_text("not a workbook")
    return returns, tmp_path / "outputs"


def control_json(returns=None, outputs=None, period=None) -> dict:
    data = book_json(CONTROL)
    for name, value in ((ctl.RETURNS_FOLDER, returns), (ctl.OUTPUTS_FOLDER, outputs),
                        (ctl.PERIOD, period)):
        if value is not None:
            set_named_value(data, name, str(value))
    return data


def press(button, data, *args):
    book = open_book(data)
    result = button(book, *args)
    return result, Actions(book, data), book


def status(actions: Actions) -> str:
    return actions.cells(ctl.CONTROL_SHEET)[ctl.cell_address(ctl.STATUS).split("!")[1]
                                            .replace("$", "")]


def test_the_committed_control_workbook_is_the_generated_one(tmp_path):
    written = ctl.write_control_workbook(tmp_path / ctl.CONTROL_FILE)
    assert written.read_bytes() == CONTROL.read_bytes()
    assert (tmp_path / ctl.CONTROL_MODULE).read_bytes() == \
        (templates_dir() / ctl.CONTROL_MODULE).read_bytes()


def test_the_control_workbook_names_its_settings_and_has_its_buttons():
    wb = openpyxl.load_workbook(CONTROL, keep_vba=True)
    assert wb.sheetnames == ["Control", "Returns", "Problems"]
    assert {n: d.attr_text for n, d in wb.defined_names.items()} == {
        "pcxl_period": "Control!$B$4", "pcxl_returns_folder": "Control!$B$5",
        "pcxl_outputs_folder": "Control!$B$6", "pcxl_history": "Control!$B$7",
        "pcxl_status": "Control!$B$9"}
    text = [c.value for row in wb["Control"].iter_rows() for c in row if c.value]
    assert not any("not available" in t for t in text)
    assert [c.value for c in wb["Returns"][1]] == list(ctl.RETURNS_HEADERS)
    assert [c.value for c in wb["Problems"][1]] == list(ctl.PROBLEMS_HEADERS)


def test_every_button_runs_xlwings_quickstart_macro_which_hands_it_to_pcxl():
    with zipfile.ZipFile(CONTROL) as book:
        vml = book.read("xl/drawings/vmlDrawing1.vml").decode()
        assert book.read("xl/vbaProject.bin") == ctl.quickstart_vba()
    captions = re.findall(r'<font[^>]*>([^<]+)</font>', vml)
    assert captions == [caption for caption, _ in ctl.BUTTONS]
    assert vml.count(f"<x:FmlaMacro>[0]!{ctl.MACRO}</x:FmlaMacro>") == len(ctl.BUTTONS)
    assert set(captions) == set(ACTIONS)
    assert "from pcxl.xl import main" in (templates_dir() / ctl.CONTROL_MODULE).read_text()


def test_main_runs_the_action_of_the_button_clicked(folders):
    returns, outputs = folders
    result, actions, _ = press(main, control_json(returns, outputs), "Validate")
    assert sorted(f.path.name for f in result.report.files) == [
        "east.xlsx", "notes.xlsx", "west.xlsx"]
    assert "Validated at" in status(actions)


def test_main_without_a_button_says_to_click_one(folders):
    returns, outputs = folders
    _, actions, _ = press(main, control_json(returns, outputs))
    assert "Click one of the buttons" in actions.alerts()[0][0]


def test_validate_lists_every_return_with_its_outcome_and_links(folders):
    returns, outputs = folders
    result, actions, _ = press(validate_returns, control_json(returns, outputs))
    cells = actions.cells("Returns")
    assert [cells[f"A{r}"] for r in (2, 3, 4)] == ["'east.xlsx", "'notes.xlsx", "'west.xlsx"]
    assert [cells[f"E{r}"] for r in (2, 3, 4)] == ["rejected", "unreadable", "accepted"]
    assert [cells[f"F{r}"] for r in (2, 3, 4)] == [1, 1, 0]
    assert cells["B2"] == "'East Sussex" and cells["C2"] == "'Nov 2020"
    assert cells["H2"] == "'east_feedback.xlsx"
    assert cells["I3"].startswith("'this file is not an Excel workbook")
    links = actions.hyperlinks("Returns")
    assert links["A2"] == [str(returns / "east.xlsx"), "east.xlsx", "Open east.xlsx"]
    assert links["H2"][0] == str(outputs / "feedback" / "east_feedback.xlsx")
    assert "H4" not in links                      # a clean return has no feedback copy
    assert actions.colours("Returns") == {"E2": f"#{ERROR_FILL}", "E3": f"#{ERROR_FILL}",
                                          "E4": "#C6EFCE"}
    assert (outputs / "feedback" / "east_feedback.xlsx").exists()
    assert result.written == {returns / "east.xlsx": outputs / "feedback" / "east_feedback.xlsx"}


def test_validate_lists_every_problem_with_a_link_to_open_its_file(folders):
    returns, outputs = folders
    _, actions, _ = press(validate_returns, control_json(returns, outputs))
    cells = actions.cells("Problems")
    assert [cells[f"{c}2"] for c in "ABCDEFGH"] == [
        "'east.xlsx", "'Milestones!C2", "Error", "'No such date", "'Baseline date", "'31/11/20",
        "'a date that exists (November 2020 has 30 days)",
        "''31/11/20' is not a real date (31/11/20: November 2020 has 30 days)"]
    assert cells["A3"] == "'notes.xlsx" and cells["C3"] == "Error"
    assert "A4" not in cells
    links = actions.hyperlinks("Problems")
    assert links["A2"][0] == str(returns / "east.xlsx")
    assert links["A3"][0] == str(returns / "notes.xlsx")
    assert actions.colours("Problems") == {"C2": f"#{ERROR_FILL}", "C3": f"#{ERROR_FILL}"}


def test_validate_reports_in_the_status_cell_not_a_message_box(folders):
    returns, outputs = folders
    _, actions, _ = press(validate_returns, control_json(returns, outputs))
    assert re.fullmatch(
        r"'Validated at \d\d/\d\d/\d{4} \d\d:\d\d: 3 returns found: 1 accepted, 1 rejected, "
        r"1 unreadable \(2 errors, 0 warnings\); 1 feedback copy in .*feedback", status(actions))
    assert actions.alerts() == []


def test_a_return_for_another_period_is_flagged(folders):
    returns, outputs = folders
    _, actions, _ = press(validate_returns, control_json(returns, outputs, "October 2020"))
    assert actions.cells("Returns")["I4"] == "'reports Nov 2020, not Oct 2020; no problems"


def test_running_validate_again_replaces_the_previous_rows(folders):
    returns, outputs = folders
    data = control_json(returns, outputs)
    _, _, book = press(validate_returns, data)
    after = apply_actions(data, book)
    (returns / "notes.xlsx").unlink()
    _, actions, _ = press(validate_returns, after)
    clear = actions.on("Returns", "rangeClear")[0]
    assert (clear.row, clear.rows, clear.columns) == (1, 3, len(ctl.RETURNS_HEADERS))
    cells = actions.cells("Returns")
    assert [cells[f"A{r}"] for r in (2, 3)] == ["'east.xlsx", "'west.xlsx"]
    assert "A4" not in cells


def test_consolidate_writes_the_consolidated_workbook(folders):
    returns, outputs = folders
    result, actions, _ = press(consolidate, control_json(returns, outputs))
    assert result.outputs == {"highlight": outputs / "consolidated_highlight.xlsx"}
    assert (outputs / "consolidated_highlight.xlsx").exists()
    assert [actions.cells("Returns")[f"E{r}"] for r in (2, 3, 4)] == [
        "rejected", "unreadable", "accepted"]
    assert "wrote consolidated_highlight.xlsx in" in status(actions)
    assert actions.alerts() == []


def test_consolidate_records_the_period_in_the_one_history(folders):
    returns, outputs = folders
    _, actions, _ = press(consolidate, control_json(returns, outputs))
    history = Path.cwd() / "outputs" / "pcxl_history.sqlite"   # a book with no folder: cwd
    assert history.is_file()
    assert status(actions).endswith(f"history in {history}")


def test_roll_forward_writes_next_periods_returns_from_the_history(folders, tmp_path):
    returns, outputs = folders
    data = control_json(returns, outputs, "November 2020")
    set_named_value(data, ctl.HISTORY, str(tmp_path / "h.sqlite"))
    press(consolidate, data)
    written, actions, _ = press(roll_forward, data)
    assert [p.name for p in written] == ["highlight_west_sussex_december_2020.xlsx"]
    assert (outputs / "rollforward" / written[0].name).is_file()
    assert "Rolled forward at" in status(actions) and "1 return in" in status(actions)


def test_roll_forward_before_consolidate_creates_no_database(folders, tmp_path):
    returns, outputs = folders
    data = control_json(returns, outputs, "November 2020")
    set_named_value(data, ctl.HISTORY, str(tmp_path / "h.sqlite"))
    written, actions, _ = press(roll_forward, data)
    assert written is None
    assert "no history database at" in actions.alerts()[0][0]
    assert not (tmp_path / "h.sqlite").exists()


def test_build_deck_draws_the_slides_from_the_consolidated_workbook(folders):
    returns, outputs = folders
    data = control_json(returns, outputs)
    press(consolidate, data)
    decks, actions, _ = press(build_deck, data)
    assert decks == [outputs / "highlight_report.pptx"]
    assert len(Presentation(decks[0]).slides) >= 2
    assert status(actions).startswith("'Deck built at ")


def test_build_deck_before_consolidate_says_what_to_do(folders):
    returns, outputs = folders
    decks, actions, _ = press(build_deck, control_json(returns, outputs))
    assert decks is None
    message = ("Build deck could not run: there is no consolidated workbook in "
               f"{outputs}: click Consolidate first")
    assert actions.alerts() == [[message, "pcxl: Build deck", "ok", "", ""]]
    assert status(actions) == "'" + message


def test_a_missing_returns_folder_is_a_message_box_not_a_traceback(tmp_path):
    result, actions, _ = press(validate_returns, control_json(tmp_path / "nowhere", tmp_path))
    assert result is None
    (alert,) = actions.alerts()
    assert alert[0] == f"Validate could not run: the returns folder {tmp_path / 'nowhere'} " \
                       "does not exist"
    assert "Traceback" not in alert[0]
    assert status(actions) == "'" + alert[0]
    assert actions.cells("Returns") == {}


def test_a_blank_returns_folder_asks_for_one(tmp_path):
    _, actions, _ = press(consolidate, control_json())
    assert actions.alerts()[0][0] == ("Consolidate could not run: type the folder holding the "
                                      "returns into the Returns folder box")


def test_an_unreadable_period_is_reported(folders):
    returns, outputs = folders
    _, actions, _ = press(validate_returns, control_json(returns, outputs, "sometime"))
    assert actions.alerts()[0][0] == ("Validate could not run: the reporting period 'sometime' "
                                      "is not a date: write it as e.g. November 2020")


def test_an_unexpected_failure_is_still_a_message_box(folders):
    returns, outputs = folders
    data = control_json(returns, outputs)
    data["sheets"] = [s for s in data["sheets"] if s["name"] != "Returns"]  # sheet deleted
    result, actions, _ = press(validate_returns, data)
    assert result is None
    (alert,) = actions.alerts()
    assert alert[0].startswith("Validate stopped: pcxl met a problem it did not expect (")
    assert alert[1] == "pcxl: Validate"


def test_a_workbook_without_the_named_cells_is_told_where_to_start(tmp_path):
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    _, actions, _ = press(validate_returns, book_json(path))
    assert actions.alerts()[0][0] == (
        "Validate could not run: this workbook has no cell named pcxl_returns_folder: start "
        "from workbook_templates/pcxl_control.xlsm")


def test_open_outputs_opens_the_outputs_folder(folders):
    returns, outputs = folders
    outputs.mkdir()
    opened: list[Path] = []
    result, actions, _ = press(open_outputs, control_json(returns, outputs), opened.append)
    assert opened == [outputs] and result == outputs
    assert status(actions).startswith(f"'Opened {outputs} at ")


def test_open_outputs_before_anything_ran_says_so(folders):
    returns, outputs = folders
    opened: list[Path] = []
    _, actions, _ = press(open_outputs, control_json(returns, outputs), opened.append)
    assert opened == []
    assert "does not exist yet: click Validate or Consolidate first" in actions.alerts()[0][0]


def test_relative_folders_are_found_beside_the_control_workbook(folders, monkeypatch):
    returns, outputs = folders
    monkeypatch.chdir(returns.parent)   # the remote engine's book has no folder of its own
    result, _, _ = press(validate_returns, control_json("returns", "outputs"))
    assert result.written == {returns / "east.xlsx": outputs / "feedback" / "east_feedback.xlsx"}


def test_warnings_are_amber_on_the_problems_sheet(tmp_path):
    green = {**DEFAULT_WORKSTREAMS[0], "delivery_rag": "Green"}
    make_return(tmp_path / "r", "w.xlsx", workstreams=[green],
                milestones=[{**BAD[0], "baseline_date": "30/12/20", "status": "Delayed"}])
    _, actions, _ = press(validate_returns, control_json(tmp_path / "r", tmp_path / "o"))
    assert actions.cells("Problems")["C2"] == "Warning"
    assert actions.colours("Problems") == {"C2": f"#{WARNING_FILL}"}


def test_the_buttons_use_the_trackers_adopted_in_the_workbooks_project_folder(tmp_path,
                                                                               monkeypatch):
    from pcxl.adopt import adopt_workbook
    from pcxl.project import init_project
    from tests.adopt.builders import risk_register

    project, elsewhere = tmp_path / "office", tmp_path / "elsewhere"
    elsewhere.mkdir()
    init_project(project)
    monkeypatch.chdir(project)
    adopt_workbook(risk_register(project / "register.xlsx"), name="risks")
    returns = project / "returns"
    returns.mkdir()
    for region in ("hastings", "crawley"):
        risk_register(returns / f"{region}.xlsx")
    monkeypatch.chdir(elsewhere)
    data = control_json(returns="returns", outputs="out")
    data["book"]["name"] = str(project / ctl.CONTROL_FILE)
    result, _, _ = press(consolidate, data)
    assert result is not None and list(result.outputs) == ["risks"]
    assert result.outputs["risks"].parent == project / "out"
    assert Path.cwd() == elsewhere
