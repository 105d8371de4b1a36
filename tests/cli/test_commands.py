"""The pcxl command as a user runs it: output, files written and exit codes."""

import json
from pathlib import Path

from pptx import Presentation

from pcxl.resources import templates_dir
from tests.builders import make_return

SMI = "Serious Mental Illness (SMI) LCS"
BAD_MILESTONE = {"workstream": SMI, "milestone": "Draft business plan",
                 "baseline_date": "31/11/20", "status": "On track"}


def test_template_writes_the_committed_template(run, tmp_path):
    result = run("template", "highlight", "-o", tmp_path / "t.xlsx")
    assert result.exit_code == 0
    assert (tmp_path / "t.xlsx").read_bytes() == \
        (templates_dir() / "highlight_tracker.xlsx").read_bytes()


def test_template_refuses_an_unknown_tracker(run):
    result = run("template", "nonesuch")
    assert result.exit_code == 2
    assert "nonesuch" in result.output


def test_validate_a_good_return_exits_0(run, tmp_path):
    result = run("validate", make_return(tmp_path))
    assert result.exit_code == 0
    assert "1 file read: 1 valid, 0 with errors (0 errors, 0 warnings)" in result.output


def test_validate_lists_each_problem_with_its_cell_and_exits_1(run, tmp_path):
    result = run("validate", make_return(tmp_path, milestones=[BAD_MILESTONE]))
    assert result.exit_code == 1
    assert "Milestones!C2" in result.output
    assert "31/11/20" in result.output
    assert "No such date" in result.output


def test_validate_json_gives_every_problem(run, tmp_path):
    result = run("validate", "--format", "json", make_return(tmp_path, milestones=[BAD_MILESTONE]))
    data = json.loads(result.output)
    assert data["valid"] is False
    assert [(p["cell"], p["code"]) for p in data["problems"]] == [
        ("Milestones!C2", "impossible-date")]


def test_validate_csv_makes_formula_like_text_inert(run, tmp_path):
    path = make_return(tmp_path, milestones=[{**BAD_MILESTONE, "baseline_date": "=1+1"}])
    result = run("validate", "--format", "csv", path)
    assert ",'=1+1," in result.output


def test_validate_a_folder_reads_every_workbook_in_it(run, tmp_path):
    make_return(tmp_path, "a.xlsx")
    make_return(tmp_path, "b.xlsx", region="East Sussex", milestones=[BAD_MILESTONE])
    (tmp_path / "~$a.xlsx").write_bytes(b"lock file")
    result = run("validate", tmp_path)
    assert "2 files read: 1 valid, 1 with errors" in result.output
    assert result.exit_code == 1


def test_validate_an_unreadable_file_exits_2_with_one_clear_line(run, tmp_path):
    (tmp_path / "notes.xlsx").write_text("not a workbook")
    result = run("validate", tmp_path / "notes.xlsx")
    assert result.exit_code == 2
    assert "not an Excel workbook, though it is named .xlsx" in result.output
    assert "Traceback" not in result.output


def test_validate_a_missing_path_is_a_usage_error(run, tmp_path):
    result = run("validate", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_consolidate_then_deck(run, tmp_path):
    make_return(tmp_path, "west.xlsx")
    make_return(tmp_path, "east.xlsx", region="East Sussex", milestones=[BAD_MILESTONE])
    result = run("consolidate", tmp_path, "-o", tmp_path / "out" / "c.xlsx")
    assert result.exit_code == 1
    assert "1 region consolidated" in result.output
    assert "left out: east.xlsx (East Sussex): rejected, 1 error\n" in result.output
    deck = run("deck", tmp_path / "out" / "c.xlsx", "-o", tmp_path / "out" / "d.pptx",
               "--area", "Sussex")
    assert deck.exit_code == 0
    slides = Presentation(str(tmp_path / "out" / "d.pptx")).slides
    texts = [" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
             for slide in slides]
    assert any(f"Work stream: {SMI}" in t for t in texts)
    assert any("Working in partnership across Sussex" in t for t in texts)


def test_deck_from_a_return_instead_of_a_consolidation_says_so(run, tmp_path):
    result = run("deck", make_return(tmp_path), "-o", tmp_path / "d.pptx")
    assert result.exit_code == 2
    assert "run pcxl consolidate first" in result.output
    assert not (tmp_path / "d.pptx").exists()


def test_schema_show_prints_the_pandera_schema(run):
    result = run("schema", "show", "highlight")
    assert result.exit_code == 0
    assert "forecast_date" in result.output
    assert "impossible-date" in result.output
    assert "green-with-concerns" in result.output


def test_the_deck_is_named_after_its_format_by_default(run, tmp_path):
    from pcxl.demo import write_demo_returns

    write_demo_returns(tmp_path / "r", trackers=["recovery_plan"])
    assert run("consolidate", tmp_path / "r", "-o", tmp_path / "c.xlsx",
               "--no-history").exit_code == 0
    result = run("deck", tmp_path / "c.xlsx")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("slides -> outputs/recovery_plan_report.pptx\n")
    assert Path("outputs/recovery_plan_report.pptx").is_file()
    help_text = " ".join(run("deck", "--help").output.split())
    assert "in its tracker's format" in help_text
    assert "default: outputs/<tracker>_report.pptx" in help_text


def test_schema_show_heads_its_columns(run):
    result = run("schema", "show", "delivery_plan")
    assert "┃ Key" in result.output and "┃ Required ┃ Unique ┃ Checks" in result.output
