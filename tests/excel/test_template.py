"""The blank template is built from the declaration alone, and does what a team needs of it."""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
import pytest
import yaml
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pcxl.declaration import MARKER_SHEET, Column, Sheet, Tracker, load_tracker, tracker_from_dict
from pcxl.excel import layout
from pcxl.excel.template import build_template, write_template
from pcxl.resources import declarations_dir, templates_dir

LAST_INPUT_ROW = layout.FIRST_DATA_ROW + layout.INPUT_ROWS - 1


@pytest.fixture(scope="module")
def tracker() -> Tracker:
    return load_tracker("highlight")


@pytest.fixture(scope="module")
def template_path(tracker: Tracker, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tracker, tmp_path_factory.mktemp("template") / tracker.template_file)


@pytest.fixture(scope="module")
def wb(template_path: Path) -> Workbook:
    return openpyxl.load_workbook(template_path)


def _specs() -> tuple[dict, dict]:
    folder = declarations_dir()
    spec = yaml.safe_load((folder / "highlight.yaml").read_text(encoding="utf-8"))
    shared = yaml.safe_load((folder / "vocabularies.yaml").read_text(encoding="utf-8"))
    return spec, shared


def _reopen(tracker: Tracker, tmp_path: Path) -> Workbook:
    return openpyxl.load_workbook(write_template(tracker, tmp_path / "t.xlsx"))


def _letter(sheet: Sheet, key: str) -> str:
    return openpyxl.utils.get_column_letter(sheet.keys.index(key) + 1)


def _validation_at(ws: Worksheet, coordinate: str) -> DataValidation:
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{coordinate} has {len(found)} validations"
    return found[0]


def _words_in(wb: Workbook, formula: str) -> list[str]:
    """The values a list validation's range formula points at, e.g. ``Lists!$D$2:$D$12``."""
    sheet, _, ref = formula.lstrip("=").partition("!")
    return [c.value for row in wb[sheet.strip("'")][ref.replace("$", "")] for c in row]


def _all_columns(tracker: Tracker) -> list[tuple[str, Column, str]]:
    """(sheet, column, an input cell) for every About field and every table column."""
    about = [(tracker.about_sheet, f, f"B{layout.ABOUT_FIRST_ROW + i}")
             for i, f in enumerate(tracker.about)]
    tables = [(s.name, c, f"{_letter(s, c.key)}{layout.FIRST_DATA_ROW}")
              for s in tracker.sheets for c in s.columns]
    return about + tables


def test_sheets_come_in_order_instructions_about_tables_then_lists_and_marker(wb, tracker):
    expected = [layout.INSTRUCTIONS_SHEET, tracker.about_sheet,
                *(s.name for s in tracker.sheets), layout.LISTS_SHEET, MARKER_SHEET]
    assert wb.sheetnames == expected
    assert wb.active.title == layout.INSTRUCTIONS_SHEET


def test_each_table_sheet_has_exactly_the_declared_headers_in_row_1(wb, tracker):
    for sheet in tracker.sheets:
        row = next(wb[sheet.name].iter_rows(min_row=layout.HEADER_ROW, max_row=layout.HEADER_ROW,
                                            values_only=True))
        assert list(row) == [c.header for c in sheet.columns]


def test_headers_are_bold_white_on_blue_and_wrapped(wb, tracker):
    for sheet in tracker.sheets:
        for index in range(1, len(sheet.columns) + 1):
            cell = wb[sheet.name].cell(layout.HEADER_ROW, index)
            assert cell.font.b and cell.font.color.rgb.endswith("FFFFFF")
            assert cell.fill.fgColor.rgb[-6:] in ("005EB8", "003087")
            assert cell.alignment.wrap_text


def test_the_status_dropdown_is_fed_from_lists_with_exactly_the_status_words(wb, tracker):
    milestones = tracker.sheet("Milestones")
    dv = _validation_at(wb["Milestones"], f"{_letter(milestones, 'status')}2")
    assert dv.type == "list"
    assert dv.formula1.startswith("Lists!$")
    assert _words_in(wb, dv.formula1) == tracker.vocabulary("status").words


def test_the_lists_sheet_holds_one_column_per_vocabulary_headed_by_its_name(wb, tracker):
    lists = wb[layout.LISTS_SHEET]
    used = {c.vocab for s in tracker.sheets for c in s.columns if c.vocab}
    headers = [c.value for c in lists[layout.HEADER_ROW]]
    assert sorted(headers) == sorted(used)
    for index, name in enumerate(headers, start=1):
        words = [r[0] for r in lists.iter_rows(min_row=2, min_col=index, max_col=index,
                                               values_only=True) if r[0] is not None]
        assert words == tracker.vocabulary(name).words
    assert lists.sheet_state == "hidden"


def test_every_vocabulary_dropdown_stops_a_word_that_is_not_in_the_list(wb, tracker):
    for sheet in tracker.sheets:
        for column in (c for c in sheet.columns if c.vocab):
            dv = _validation_at(wb[sheet.name], f"{_letter(sheet, column.key)}2")
            assert dv.showErrorMessage and dv.errorStyle == "stop"
            assert dv.errorTitle
            assert all(word in dv.error for word in tracker.vocabulary(column.vocab).words)
            assert f"{_letter(sheet, column.key)}2:{_letter(sheet, column.key)}{LAST_INPUT_ROW}" \
                in str(dv.sqref)


def test_the_milestones_workstream_dropdown_comes_from_workstreams_column_b(wb, tracker):
    dv = _validation_at(wb["Milestones"], "A2")
    assert dv.type == "list"
    assert dv.formula1 == f"Workstreams!$B$2:$B${LAST_INPUT_ROW}"
    assert dv.showErrorMessage and dv.errorStyle == "warning"


def test_every_referencing_column_gets_a_dropdown_from_the_referenced_column(wb, tracker):
    for sheet in tracker.sheets:
        for column in (c for c in sheet.columns if c.references):
            ref_sheet, ref_key = column.references
            letter = _letter(tracker.sheet(ref_sheet), ref_key)
            dv = _validation_at(wb[sheet.name], f"{_letter(sheet, column.key)}2")
            assert dv.formula1 == f"{ref_sheet}!${letter}$2:${letter}${LAST_INPUT_ROW}"


def test_date_columns_get_a_date_validation_that_warns_and_explains_the_other_forms(wb, tracker):
    for sheet_name, column, cell in _all_columns(tracker):
        if not column.is_date:
            continue
        dv = _validation_at(wb[sheet_name], cell)
        assert (dv.type, dv.operator, dv.errorStyle) == ("date", "greaterThan", "warning")
        assert dv.showErrorMessage
        for form in ("w/c 16/11/20", "November 2020", "Q2 20/21", "TBC"):
            assert form in dv.error
        assert wb[sheet_name][cell].number_format == "dd/mm/yyyy"


def test_every_declared_column_has_an_input_message_equal_to_its_help(wb, tracker):
    for sheet_name, column, cell in _all_columns(tracker):
        dv = _validation_at(wb[sheet_name], cell)
        assert dv.showInputMessage, f"{sheet_name}.{column.key}"
        assert dv.prompt == column.help
        assert dv.promptTitle == column.header[:32]


def test_the_header_row_is_frozen_and_filterable(wb, tracker):
    for sheet in tracker.sheets:
        ws = wb[sheet.name]
        assert ws.freeze_panes == "A2"
        last = openpyxl.utils.get_column_letter(len(sheet.columns))
        assert ws.auto_filter.ref == f"A1:{last}{LAST_INPUT_ROW}"


def test_column_widths_follow_the_declaration(wb, tracker):
    for sheet in tracker.sheets:
        for column in sheet.columns:
            width = wb[sheet.name].column_dimensions[_letter(sheet, column.key)].width
            assert width == column.width


def test_long_text_columns_wrap_at_the_top_of_the_cell(wb, tracker):
    for sheet in tracker.sheets:
        for column in (c for c in sheet.columns if c.type == "long_text"):
            cell = wb[sheet.name][f"{_letter(sheet, column.key)}2"]
            assert cell.alignment.wrap_text and cell.alignment.vertical == "top"


def test_every_sheet_is_protected_but_sorting_filtering_and_sizing_are_allowed(wb):
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        assert ws.protection.password is None
        assert not ws.protection.sort and not ws.protection.autoFilter
        assert not ws.protection.formatColumns and not ws.protection.formatRows


def test_input_cells_are_unlocked_and_headers_stay_locked(wb, tracker):
    for sheet in tracker.sheets:
        ws = wb[sheet.name]
        for index in range(1, len(sheet.columns) + 1):
            assert ws.cell(layout.HEADER_ROW, index).protection.locked
            assert not ws.cell(layout.FIRST_DATA_ROW, index).protection.locked
            assert not ws.cell(LAST_INPUT_ROW, index).protection.locked


def test_the_about_sheet_keeps_labels_exact_with_an_unlocked_input_beside_each(wb, tracker):
    ws = wb[tracker.about_sheet]
    assert ws.cell(layout.ABOUT_TITLE_ROW, 1).value == tracker.title
    for row, field in enumerate(tracker.about, start=layout.ABOUT_FIRST_ROW):
        label = ws.cell(row, layout.ABOUT_LABEL_COL)
        assert label.value == field.header and label.font.b and label.protection.locked
        assert not ws.cell(row, layout.ABOUT_VALUE_COL).protection.locked
        note = ws.cell(row, layout.ABOUT_HELP_COL).value
        assert field.help in note
        assert note.startswith("Required") == field.required


def test_protection_lets_check_my_return_colour_cells_and_add_its_issues_sheet(wb):
    assert wb.security is None or not wb.security.lockStructure
    for ws in wb.worksheets:
        assert ws.protection.sheet and not ws.protection.formatCells


def test_the_marker_sheet_is_very_hidden_and_names_tracker_version_and_template(wb, tracker):
    marker = wb[MARKER_SHEET]
    assert marker.sheet_state == "veryHidden"
    facts = {row[0]: row[1] for row in marker.iter_rows(values_only=True)}
    assert facts == {layout.MARKER_TRACKER: tracker.name, layout.MARKER_VERSION: tracker.version,
                     layout.MARKER_TEMPLATE: tracker.template_file}
    assert isinstance(facts[layout.MARKER_VERSION], int)


def test_the_instructions_mention_every_sheet_column_and_way_of_writing_dates(wb, tracker):
    text = "\n".join(str(v) for row in wb[layout.INSTRUCTIONS_SHEET].iter_rows(values_only=True)
                     for v in row if v is not None)
    assert tracker.description in text
    assert tracker.template_file in text and f"version {tracker.version}" in text
    for sheet in tracker.sheets:
        assert sheet.name in text and sheet.help in text
        for column in sheet.columns:
            assert column.header in text and column.help in text
    for field in tracker.about:
        assert field.header in text
    for form in ("30/09/20", "w/c 16/11/20", "November 2020", "Q2 20/21", "20/21", "TBC"):
        assert form in text
    assert ", ".join(tracker.vocabulary("status").words) in text


def test_the_instructions_say_to_fill_in_workstreams_before_the_sheets_that_use_it(wb):
    steps = [str(row[0]) for row in wb[layout.INSTRUCTIONS_SHEET].iter_rows(values_only=True)
             if row[0] and str(row[0])[:1].isdigit()]
    about = next(i for i, s in enumerate(steps) if "About" in s)
    workstreams = next(i for i, s in enumerate(steps) if "Workstreams sheet next" in s)
    others = next(i for i, s in enumerate(steps) if "Then fill in Milestones" in s)
    assert about < workstreams < others


def test_the_committed_template_is_what_the_declaration_generates_now(tracker, template_path):
    committed = templates_dir() / tracker.template_file
    assert committed.read_bytes() == template_path.read_bytes(), (
        "workbook_templates/ is stale: regenerate it with pcxl.excel.template.write_template")


def test_two_runs_give_identical_bytes(tracker, tmp_path):
    first = write_template(tracker, tmp_path / "one.xlsx").read_bytes()
    second = write_template(tracker, tmp_path / "two.xlsx").read_bytes()
    assert first == second


def test_writing_leaves_only_the_finished_file_behind(tracker, tmp_path):
    write_template(tracker, tmp_path / "out" / "t.xlsx")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["t.xlsx"]


def test_adding_a_column_to_a_declaration_makes_it_appear_in_the_template(tmp_path):
    spec, shared = _specs()
    milestones = next(s for s in spec["sheets"] if s["name"] == "Milestones")
    milestones["columns"].append({
        "key": "confidence", "header": "Confidence", "type": "text", "vocab": "rating",
        "width": 12, "help": "How sure the team is of the date. Pick from the list."})
    tracker = tracker_from_dict(spec, shared)
    wb = _reopen(tracker, tmp_path)
    ws = wb["Milestones"]
    letter = _letter(tracker.sheet("Milestones"), "confidence")
    assert ws[f"{letter}1"].value == "Confidence"
    assert ws.column_dimensions[letter].width == 12
    dv = _validation_at(ws, f"{letter}2")
    assert dv.prompt == "How sure the team is of the date. Pick from the list."
    assert dv.type == "list" and _words_in(wb, dv.formula1) == ["High", "Medium", "Low"]
    instructions = [v for row in wb[layout.INSTRUCTIONS_SHEET].iter_rows(values_only=True)
                    for v in row]
    assert "Confidence" in instructions


def test_number_and_integer_columns_get_decimal_and_whole_number_validations(tmp_path):
    spec, shared = _specs()
    actions = next(s for s in spec["sheets"] if s["name"] == "Actions")
    actions["columns"] += [
        {"key": "cost", "header": "Cost (GBP)", "type": "number", "help": "Cost in pounds."},
        {"key": "practices", "header": "Practices", "type": "integer", "help": "How many."},
    ]
    tracker = tracker_from_dict(spec, shared)
    ws = _reopen(tracker, tmp_path)["Actions"]
    sheet = tracker.sheet("Actions")
    cost = _validation_at(ws, f"{_letter(sheet, 'cost')}2")
    practices = _validation_at(ws, f"{_letter(sheet, 'practices')}2")
    assert (cost.type, cost.prompt) == ("decimal", "Cost in pounds.")
    assert (practices.type, practices.prompt) == ("whole", "How many.")
    assert ws[f"{_letter(sheet, 'practices')}2"].number_format == "0"


def test_adding_a_status_term_to_the_vocabulary_adds_it_to_the_dropdown(tmp_path):
    spec, shared = _specs()
    shared = copy.deepcopy(shared)
    shared["vocabularies"]["status"]["terms"].append({"term": "Descoped", "colour": "grey"})
    tracker = tracker_from_dict(spec, shared)
    wb = _reopen(tracker, tmp_path)
    dv = _validation_at(wb["Milestones"], f"{_letter(tracker.sheet('Milestones'), 'status')}2")
    words = _words_in(wb, dv.formula1)
    assert words[-1] == "Descoped"
    assert words == tracker.vocabulary("status").words
    assert "Descoped" in dv.error


def test_a_sheet_name_with_a_space_is_quoted_in_dropdown_formulas(tmp_path):
    spec, shared = _specs()
    spec["rules"] = []
    for sheet in spec["sheets"]:
        if sheet["name"] == "Workstreams":
            sheet["name"] = "Work streams"
        for column in sheet["columns"]:
            if column.get("references") == "Workstreams.workstream":
                column["references"] = "Work streams.workstream"
    wb = _reopen(tracker_from_dict(spec, shared), tmp_path)
    dv = _validation_at(wb["Milestones"], "A2")
    assert dv.formula1 == f"'Work streams'!$B$2:$B${LAST_INPUT_ROW}"


def test_build_template_returns_an_unsaved_workbook(tracker):
    wb = build_template(tracker)
    assert isinstance(wb, Workbook)
    assert wb.properties.created == wb.properties.modified
