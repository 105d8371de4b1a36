"""Nothing vanishes: every file in a folder that is not read is named, with why and what to do;
a run that read nothing exits 2; what pcxl wrote is never read back as a return."""

import multiprocessing
import shutil

from pcxl.cli.common import reading_ahead
from tests.builders import make_return


def test_a_folder_of_ods_and_xls_returns_names_both_and_exits_2(run, tmp_path):
    (tmp_path / "east.ods").write_bytes(b"PK")
    (tmp_path / "west.xls").write_bytes(b"\xd0\xcf")
    result = run("validate", tmp_path)
    assert result.exit_code == 2
    assert "east.ods: saved as OpenDocument (.ods): save it as Excel Workbook (.xlsx)" \
        in result.output
    assert "west.xls: saved as Excel 97-2003 (.xls)" in result.output
    assert "no returns to read" in result.output


def test_files_beside_returns_are_named_and_the_returns_read(run, tmp_path):
    make_return(tmp_path, "west.xlsx")
    (tmp_path / "notes.csv").write_text("a,b\n")
    (tmp_path / "~$west.xlsx").write_bytes(b"")
    (tmp_path / ".hidden.xlsx").write_bytes(b"")
    result = run("validate", tmp_path)
    assert result.exit_code == 0, result.output
    assert "notes.csv: a CSV file" in result.output
    assert "~$west.xlsx: Excel's lock file" in result.output
    assert ".hidden" not in result.output
    assert "1 file read" in result.output


def test_a_consolidated_workbook_in_the_returns_folder_is_not_read_back(run, tmp_path):
    make_return(tmp_path, "west.xlsx")
    first = run("consolidate", tmp_path, "-o", tmp_path / "consolidated.xlsx")
    assert first.exit_code == 0, first.output
    again = run("consolidate", tmp_path, "-o", tmp_path / "consolidated.xlsx")
    assert again.exit_code == 0, again.output
    assert "consolidated.xlsx: a consolidated workbook pcxl wrote, not a return" in again.output
    assert "1 file read" in again.output


def test_feedback_copies_in_the_returns_folder_are_not_read_back(run, tmp_path):
    make_return(tmp_path, "west.xlsx", milestones=[{"workstream": "x", "milestone": "m",
                                                   "status": "Nonsense"}])
    run("feedback", tmp_path, "-o", tmp_path / "fb")
    shutil.copy(next((tmp_path / "fb").iterdir()), tmp_path / "west_feedback.xlsx")
    result = run("validate", tmp_path)
    assert "west_feedback.xlsx: a feedback copy pcxl wrote" in result.output
    assert "1 file read" in result.output


def test_consolidating_several_trackers_says_which_workbooks_it_wrote(run, tmp_path):
    from pcxl.declaration import load_tracker
    from tests.builders import make_return as build

    returns = tmp_path / "r"
    build(returns, "west.xlsx")
    shutil.copy(__import__("pcxl.resources", fromlist=["templates_dir"]).templates_dir()
                / load_tracker("recovery_plan").template_file, returns / "plan.xlsx")
    result = run("consolidate", returns, "-o", tmp_path / "out" / "all.xlsx")
    assert "trackers found, so one workbook each instead of" in result.output
    assert "all_highlight.xlsx" in result.output


def test_a_consolidated_workbook_among_returns_read_ahead_is_not_read_back(run, tmp_path):
    from pcxl.excel.precheck import AHEAD_FROM

    west = make_return(tmp_path, "west.xlsx")
    for n in range(AHEAD_FROM):  # enough to start the worker, on the files named, at once
        shutil.copy(west, tmp_path / f"r{n:02d}.xlsx")
    first = run("consolidate", tmp_path, "-o", tmp_path / "consolidated.xlsx")
    with reading_ahead([tmp_path]) as files:  # the worker started on every file is not taken over
        assert tmp_path / "consolidated.xlsx" not in files
        assert multiprocessing.active_children() == []  # so it has ended already
    again = run("consolidate", tmp_path, "-o", tmp_path / "consolidated.xlsx")
    assert "consolidated.xlsx: a consolidated workbook pcxl wrote, not a return" in again.output
    assert first.output.splitlines()[-1] == again.output.splitlines()[-1]
    assert f"{AHEAD_FROM + 1} files read" in again.output
