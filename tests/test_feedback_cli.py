"""``pcxl feedback`` as a user runs it: files written, what it says, exit codes."""

from __future__ import annotations

import hashlib

import openpyxl

from tests.builders import DEFAULT_WORKSTREAMS, make_return

SMI = "Serious Mental Illness (SMI) LCS"
BAD = [{"workstream": SMI, "milestone": "Draft business plan", "baseline_date": "31/11/20",
        "status": "On track"}]


def test_a_return_with_errors_gets_a_feedback_copy_and_exit_code_1(run, tmp_path):
    returns = tmp_path / "returns"
    bad = make_return(returns, "west.xlsx", milestones=BAD)
    make_return(returns, "east.xlsx", region="East Sussex")
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    out = tmp_path / "feedback"
    result = run("feedback", returns, "-o", out)
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["west_feedback.xlsx"]
    assert f"west.xlsx: 1 error, 0 warnings -> {out / 'west_feedback.xlsx'}" in result.output
    assert "east.xlsx: no problems, nothing to send back" in result.output
    assert "2 files read: 1 valid, 1 with errors" in result.output
    wb = openpyxl.load_workbook(out / "west_feedback.xlsx")
    assert wb.sheetnames[0] == "Issues"
    assert wb["Milestones"]["C2"].comment.text.startswith("Error: No such date")
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before


def test_warnings_only_still_get_feedback_but_exit_code_0(run, tmp_path):
    green = {**DEFAULT_WORKSTREAMS[0], "delivery_rag": "Green"}
    make_return(tmp_path / "r", "w.xlsx", workstreams=[green],
                milestones=[{**BAD[0], "baseline_date": "30/12/20", "status": "Delayed"}])
    result = run("feedback", tmp_path / "r", "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert (tmp_path / "out" / "w_feedback.xlsx").exists()


def test_clean_returns_need_no_feedback(run, tmp_path):
    make_return(tmp_path / "r", "good.xlsx")
    result = run("feedback", tmp_path / "r", "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert not (tmp_path / "out").exists()
    assert "good.xlsx: no problems" in result.output


def test_an_unreadable_file_is_reported_with_exit_code_2_and_no_copy(run, tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "notes.xlsx").write_text("not a workbook")
    make_return(tmp_path / "r", "west.xlsx", milestones=BAD)
    result = run("feedback", tmp_path / "r", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "notes.xlsx: no feedback copy: this file is not an Excel workbook" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["west_feedback.xlsx"]


def test_a_missing_folder_is_one_plain_error(run, tmp_path):
    result = run("feedback", tmp_path / "nowhere", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "no such file or folder" in result.output
    assert "Traceback" not in result.output


def test_writing_feedback_into_the_returns_folder_is_refused(run, tmp_path):
    make_return(tmp_path, "west.xlsx", milestones=BAD)
    result = run("feedback", tmp_path, "-o", tmp_path)
    assert result.exit_code == 2
    assert "write the feedback to another one" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["west.xlsx"]
