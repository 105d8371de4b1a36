"""Check my return, on a real return handed over as xlwings Lite hands it (the remote engine)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from pcxl.excel.feedback import ERROR_FILL, ISSUE_HEADERS, WARNING_FILL
from pcxl.xl import check_my_return
from tests.builders import make_return
from tests.xl.books import Actions, apply_actions, book_json, open_book, set_cell

SMI = "Serious Mental Illness (SMI) LCS"
RED, AMBER = f"#{ERROR_FILL}", f"#{WARNING_FILL}"
ROOT = Path(__file__).resolve().parents[2]


def milestone(**fields):
    return {"workstream": SMI, "milestone": "Agreed Trajectories", "baseline_date": "30/12/20",
            "status": "On track", **fields}


BROKEN = [milestone(baseline_date="31/11/20"),                                 # C2 error
          milestone(milestone=None, baseline_date="01/10/20", status="=1+1"),  # B3, E3
          milestone(baseline_date="TBC", status="Achieved")]                   # E4 warning


@pytest.fixture
def broken(tmp_path):
    return book_json(make_return(tmp_path, "west.xlsx", milestones=BROKEN))


def run(data):
    book = open_book(data)
    report = check_my_return(book)
    return report, Actions(book, data)


def test_the_offending_cells_are_coloured_by_severity(broken):
    report, actions = run(broken)
    assert not report.valid
    assert actions.colours("Milestones") == {"C2": RED, "B3": RED, "E3": RED, "E4": AMBER}
    assert actions.colours("About") == {}
    assert actions.alerts() == []


def test_an_issues_sheet_is_added_first_with_a_link_to_each_cell(broken):
    _, actions = run(broken)
    assert actions.on("Issues", "addSheet")[0].args == [0, "Issues"]
    cells = actions.cells("Issues")
    assert cells["A1"] == "'Issues to fix in west.xlsx (West Sussex, Nov 2020)"
    assert cells["A2"].startswith("'3 errors and 2 warnings.")
    assert [cells[f"{c}5"] for c in "ABCDEFG"] == list(ISSUE_HEADERS)
    assert cells["A6"] == '=HYPERLINK("#\'Milestones\'!C2","Milestones!C2")'
    assert [cells[f"{c}6"] for c in "BCDEFG"] == [
        "'Error", "'No such date", "'Baseline date", "'31/11/20",
        "'a date that exists (November 2020 has 30 days)",
        "''31/11/20' is not a real date (31/11/20: November 2020 has 30 days)"]
    links = [cells[f"A{row}"] for row in range(6, 11)]
    assert links == [f'=HYPERLINK("#\'Milestones\'!{ref}","Milestones!{ref}")'
                     for ref in ("C2", "B3", "E3", "E3", "E4")]
    assert actions.colours("Issues") == {"B6": RED, "B7": RED, "B8": RED, "B9": AMBER,
                                         "B10": AMBER}
    assert actions.funcs()[-1] == "activateSheet"


def test_text_from_the_return_is_written_as_text_never_a_formula(broken):
    _, actions = run(broken)
    cells = actions.cells("Issues")
    assert cells["E8"] == "'=1+1"        # Excel's text marker: shows =1+1, never computes it
    formulas = [v for v in cells.values() if isinstance(v, str) and v.startswith("=")]
    assert all(v.startswith('=HYPERLINK("#') for v in formulas)


def test_running_again_after_a_fix_clears_what_was_fixed(broken):
    book = open_book(broken)
    check_my_return(book)
    after = apply_actions(broken, book)           # the workbook as the first run left it
    set_cell(after, "Milestones", "C2", "31/12/20")   # the team fixes the impossible date
    set_cell(after, "Milestones", "E4", "On track")   # and the warning
    report, actions = run(after)
    assert {p.cell for p in report.problems} == {"Milestones!B3", "Milestones!E3"}
    assert actions.colours("Milestones") == {"C2": None, "E4": None, "B3": RED, "E3": RED}
    assert "addSheet" not in actions.funcs()      # the Issues sheet is reused ...
    assert actions.on("Issues", "sheetClear")     # ... and cleared first
    cells = actions.cells("Issues")
    assert [cells[f"A{row}"] for row in (6, 7, 8)] == [
        f'=HYPERLINK("#\'Milestones\'!{ref}","Milestones!{ref}")' for ref in ("B3", "E3", "E3")]
    assert "A9" not in cells


def test_a_clean_return_says_so_and_colours_nothing(tmp_path):
    report, actions = run(book_json(make_return(tmp_path)))
    assert report.problems == []
    assert actions.cells("Issues")["A2"] == "'No problems found: this return is ready to send."
    assert actions.colours("Milestones") == {} and actions.colours("Issues") == {}


def test_header_cells_are_listed_but_not_coloured(tmp_path):
    path = make_return(tmp_path)
    book = openpyxl.load_workbook(path)
    book["Milestones"]["H1"] = "Notes"                 # a column the template does not have
    book.save(path)
    report, actions = run(book_json(path))
    assert [(p.code, p.cell) for p in report.problems] == [("extra-column", "Milestones!H1")]
    assert actions.colours("Milestones") == {}
    assert actions.cells("Issues")["A6"] == '=HYPERLINK("#\'Milestones\'!H1","Milestones!H1")'


def test_a_workbook_that_is_not_a_template_gets_one_issue_and_no_colours(tmp_path):
    path = tmp_path / "mine.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "my own tracker"
    wb.save(path)
    report, actions = run(book_json(path))
    assert [p.code for p in report.problems] == ["not-a-template"]
    cells = actions.cells("Issues")
    assert cells["A6"] == "'the whole file"
    assert cells["C6"] == "'Not a pcxl template"
    assert actions.colours("Sheet") == {}


def test_someone_elses_issues_sheet_is_not_overwritten(tmp_path):
    path = make_return(tmp_path, milestones=BROKEN)
    book = openpyxl.load_workbook(path)
    book.security.lockStructure = False
    book.create_sheet("Issues")["A1"] = "our own list"
    book.save(path)
    data = book_json(path)
    xl_book = open_book(data)
    assert check_my_return(xl_book) is None
    actions = Actions(xl_book, data)
    (alert,) = actions.alerts()
    assert alert[0].startswith("Check my return could not run: this workbook already has a "
                               "sheet called Issues")
    assert alert[1] == "pcxl: Check my return"
    assert actions.cells("Issues") == {} and actions.colours("Milestones") == {}


def test_the_xlwings_lite_script_runs_without_python_calamine(broken, tmp_path):
    """Pyodide has no python-calamine, nor the deck and workbook writers: block them all."""
    data = tmp_path / "book.json"
    data.write_text(__import__("json").dumps(broken))
    script = textwrap.dedent(f"""
        import asyncio, importlib.util, json, sys
        for name in ("python_calamine", "pptx", "xlsxwriter", "click", "rich", "PIL"):
            sys.modules[name] = None
        spec = importlib.util.spec_from_file_location(
            "lite_main", {str(ROOT / "excel" / "xlwings_lite" / "main.py")!r})
        main = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(main)
        from tests.xl.books import Actions, open_book
        data = json.loads(open({str(data)!r}).read())
        book = open_book(data)
        asyncio.run(main.check_my_return(book))
        print(sorted(Actions(book, data).colours("Milestones").items()))
        print(sorted(m for m in ("pcxl.pipeline", "pcxl.deck", "pcxl.excel.read")
                     if m in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False,
                          env={**__import__("os").environ, "XLWINGS_LICENSE_KEY": "noncommercial"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "3 errors and 2 warnings: see the Issues sheet. Fix the coloured cells, " \
                       "then run Check my return again."
    assert lines[1] == str(sorted({"C2": RED, "B3": RED, "E3": RED, "E4": AMBER}.items()))
    assert lines[2] == "['pcxl.excel.read']"     # imported, but python-calamine never used
