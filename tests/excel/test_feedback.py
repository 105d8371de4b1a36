"""Feedback workbooks: the return marked up cell by cell, an Issues sheet, the original kept."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pcxl.errors import InputError
from pcxl.excel.feedback import (
    ERROR_FILL,
    ISSUE_HEADERS,
    ISSUES_FIRST_ROW,
    ISSUES_HEADER_ROW,
    WARNING_FILL,
    write_feedback,
)
from pcxl.feedback import feedback_returns
from pcxl.validate.run import validate_return
from tests.builders import DEFAULT_WORKSTREAMS, make_return

SMI = "Serious Mental Illness (SMI) LCS"


def milestone(**fields):
    return {"workstream": SMI, "milestone": "Agreed Trajectories", "baseline_date": "30/12/20",
            "status": "On track", **fields}


BROKEN = [
    milestone(baseline_date="31/11/20"),                           # C2 error
    milestone(milestone=None, baseline_date="01/10/20", status="=1+1"),  # B3 error, E3 both
    milestone(workstream="Nope", baseline_date="TBC", status="Achieved"),  # A4 error, E4 warn
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(cell) -> str:
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else ""


@pytest.fixture
def broken(tmp_path):
    path = make_return(tmp_path / "returns", "west.xlsx", milestones=BROKEN,
                       about={"submitted_by": None})
    report = validate_return(path)
    before = digest(path)
    out = write_feedback(report, tmp_path / "out" / "west_feedback.xlsx")
    return path, report, out, before


def issues_rows(ws):
    rows = []
    for row in ws.iter_rows(min_row=ISSUES_FIRST_ROW):
        if row[0].value is None:
            break
        rows.append(row)
    return rows


def test_the_original_return_is_never_modified(broken):
    path, _, out, before = broken
    assert digest(path) == before
    assert out != path and out.exists()


def test_each_problem_cell_is_filled_by_severity(broken):
    _, _, out, _ = broken
    wb = openpyxl.load_workbook(out)
    ms = wb["Milestones"]
    assert fill(ms["C2"]) == ERROR_FILL          # impossible date
    assert fill(ms["B3"]) == ERROR_FILL          # required
    assert fill(ms["E3"]) == ERROR_FILL          # not allowed (error) + open past due (warning)
    assert fill(ms["A4"]) == ERROR_FILL          # unknown workstream
    assert fill(ms["E4"]) == WARNING_FILL        # achieved without a date: warning only
    assert fill(wb["About"]["B6"]) == ERROR_FILL  # Submitted by left blank
    assert fill(ms["D2"]) == "" and fill(ms["E2"]) == ""   # good cells are left alone


def test_each_problem_cell_has_a_comment_saying_what_is_wrong_and_expected(broken):
    _, _, out, _ = broken
    ms = openpyxl.load_workbook(out)["Milestones"]
    c2 = ms["C2"].comment
    assert c2.author == "pcxl"
    assert c2.text.splitlines() == [
        "Error: No such date",
        "'31/11/20' is not a real date (31/11/20: November 2020 has 30 days)",
        "Expected: a date that exists (November 2020 has 30 days)",
    ]
    e3 = ms["E3"].comment.text
    assert e3.startswith("Error: Value not allowed\n'=1+1' is not one of the allowed values")
    assert "Warning: Open and past due" in e3
    assert ms["E4"].comment.text.startswith("Warning: Done but no date\nmarked 'Achieved'")
    assert ms["E4"].comment.text.endswith("Expected: a date when it was done")
    assert ms["D2"].comment is None


def test_the_issues_sheet_comes_first_and_the_copy_opens_on_it(broken):
    _, _, out, _ = broken
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Issues"
    assert wb.active.title == "Issues"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Issues"]
    ws = wb["Issues"]
    assert ws["A1"].value == "Issues to fix in west.xlsx (West Sussex, Nov 2020)"
    assert ws["A2"].value.startswith("5 errors and 2 warnings.")
    assert [c.value for c in ws[ISSUES_HEADER_ROW]] == list(ISSUE_HEADERS)


def test_the_issues_sheet_lists_every_problem_errors_first_with_a_link_to_its_cell(broken):
    _, report, out, _ = broken
    ws = openpyxl.load_workbook(out)["Issues"]
    rows = issues_rows(ws)
    assert len(rows) == len(report.problems) == 7
    places = [r[0].value for r in rows]
    assert places == ["About!B6", "Milestones!C2", "Milestones!B3", "Milestones!E3",
                      "Milestones!A4", "Milestones!E3", "Milestones!E4"]
    assert [r[1].value for r in rows] == ["Error"] * 5 + ["Warning"] * 2
    for row in rows:
        sheet, ref = row[0].value.split("!")
        link = row[0].hyperlink
        assert link.location == f"'{sheet}'!{ref}"     # #'Milestones'!C2 inside the workbook
        assert link.target is None                     # not an external address
        assert fill(row[1]) == (ERROR_FILL if row[1].value == "Error" else WARNING_FILL)
    c2 = rows[1]
    assert [c.value for c in c2[2:]] == [
        "No such date", "Baseline date", "31/11/20",
        "a date that exists (November 2020 has 30 days)",
        "'31/11/20' is not a real date (31/11/20: November 2020 has 30 days)"]


def test_values_from_the_return_stay_text_in_the_issues_sheet(tmp_path):
    nasty = '=HYPERLINK("http://example.com","click")'
    path = make_return(tmp_path, milestones=[milestone(status="=1+1"),
                                             milestone(status=nasty),
                                             milestone(status="@SUM(A1)")])
    out = write_feedback(validate_return(path), tmp_path / "fb.xlsx")
    ws = openpyxl.load_workbook(out)["Issues"]
    found = {r[4].value for r in issues_rows(ws)}
    assert {"=1+1", nasty, "@SUM(A1)"} <= found
    assert all(r[4].data_type == "s" for r in issues_rows(ws))
    with zipfile.ZipFile(out) as z:
        book = z.read("xl/workbook.xml").decode()
        first = re.search(r'<sheet [^>]*name="Issues"[^>]*r:id="(rId\d+)"', book).group(1)
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        target = re.search(rf'Id="{first}"[^>]*Target="/?(?:xl/)?([^"]+)"', rels) or \
            re.search(rf'Target="/?(?:xl/)?([^"]+)"[^>]*Id="{first}"', rels)
        sheet_xml = z.read(f"xl/{target.group(1)}").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_problems_without_a_cell_are_listed_and_linked_where_the_sheet_exists(tmp_path):
    path = make_return(tmp_path)
    book = openpyxl.load_workbook(path)
    book["Milestones"]["F1"] = "Remarks"        # the Comment column renamed: missing + extra
    book.remove(book["Risks"])                  # a whole sheet deleted
    book.save(path)
    report = validate_return(path)
    out = write_feedback(report, tmp_path / "fb.xlsx")
    wb = openpyxl.load_workbook(out)
    rows = {r[0].value: r for r in issues_rows(wb["Issues"])}
    assert rows["Milestones!1:1"][0].hyperlink.location == "'Milestones'!A1"
    assert rows["Milestones!1:1"][2].value == "Column missing"
    assert rows["Risks"][0].hyperlink is None          # nowhere to go: the sheet is gone
    assert rows["Risks"][2].value == "Sheet missing"
    assert fill(wb["Milestones"]["F1"]) == WARNING_FILL   # the extra column's header cell
    assert "not part of the template" in wb["Milestones"]["F1"].comment.text


def test_template_sheets_stay_protected_but_the_structure_is_unlocked(broken):
    _, _, out, _ = broken
    wb = openpyxl.load_workbook(out)
    assert wb["Milestones"].protection.sheet and wb["About"].protection.sheet
    assert not wb["Issues"].protection.sheet
    assert not wb.security.lockStructure
    assert wb["_pcxl"].sheet_state == "veryHidden"


def test_a_feedback_copy_is_still_the_same_return(broken):
    _, report, out, _ = broken
    again = validate_return(out)
    assert [(p.code, p.cell) for p in again.problems] == [(p.code, p.cell)
                                                           for p in report.problems]
    second = write_feedback(again, out.with_name("second.xlsx"))
    assert openpyxl.load_workbook(second).sheetnames.count("Issues") == 1


def test_a_comment_the_team_wrote_is_kept(tmp_path):
    path = make_return(tmp_path, milestones=[milestone(baseline_date="31/11/20")])
    book = openpyxl.load_workbook(path)
    book["Milestones"]["C2"].comment = openpyxl.comments.Comment("ask Sarah", "Keith")
    book.save(path)
    out = write_feedback(validate_return(path), tmp_path / "fb.xlsx")
    text = openpyxl.load_workbook(out)["Milestones"]["C2"].comment.text
    assert text.startswith("Error: No such date") and text.endswith("(Your note: ask Sarah)")


def test_an_unreadable_file_gets_no_feedback_workbook(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(InputError, match="no feedback workbook"):
        write_feedback(validate_return(path), tmp_path / "fb.xlsx")
    assert not (tmp_path / "fb.xlsx").exists()


def test_feedback_returns_writes_a_copy_for_each_return_with_problems(tmp_path):
    returns = tmp_path / "returns"
    good = make_return(returns, "good.xlsx")
    bad = make_return(returns, "bad.xlsx", milestones=BROKEN)
    green = {**DEFAULT_WORKSTREAMS[0], "delivery_rag": "Green"}
    warned = make_return(returns, "warned.xlsx", region="Brighton", workstreams=[green],
                         milestones=[milestone(status="Delayed")])
    (returns / "notes.xlsx").write_text("not a workbook")
    result = feedback_returns([returns], tmp_path / "out")
    assert result.written == {bad: tmp_path / "out" / "bad_feedback.xlsx",
                              warned: tmp_path / "out" / "warned_feedback.xlsx"}
    assert result.clean == [good]
    assert list(result.skipped) == [returns / "notes.xlsx"]
    assert "not an Excel workbook" in result.skipped[returns / "notes.xlsx"]
    assert result.exit_code == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["bad_feedback.xlsx",
                                                                   "warned_feedback.xlsx"]


def test_returns_with_the_same_name_get_numbered_copies(tmp_path):
    first = make_return(tmp_path / "a", "return.xlsx", milestones=BROKEN)
    second = make_return(tmp_path / "b", "return.xlsx", milestones=BROKEN)
    result = feedback_returns([first, second], tmp_path / "out")
    assert [p.name for p in result.written.values()] == ["return_feedback.xlsx",
                                                         "return_feedback_2.xlsx"]


def test_feedback_is_never_written_into_the_returns_folder(tmp_path):
    make_return(tmp_path, "bad.xlsx", milestones=BROKEN)
    with pytest.raises(InputError, match="another one"):
        feedback_returns([tmp_path], tmp_path)


@pytest.mark.render
def test_libreoffice_opens_the_feedback_workbook(broken, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("soffice is not installed, but CI installs LibreOffice")
        pytest.skip("soffice is not installed")
    _, _, out, _ = broken
    profile = (tmp_path / "lo_fb").as_uri()
    done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(out)],
                          capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "pdf" / "west_feedback.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000
    assert "Error" not in done.stderr
