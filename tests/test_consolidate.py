"""Consolidation stacks every valid region's rows with provenance, and leaves bad returns out."""

import datetime as dt
import os

import openpyxl

import pcxl.consolidate
from pcxl.declaration import load_tracker
from pcxl.excel.read import read_consolidated
from pcxl.pipeline import consolidate_returns
from tests.builders import DEFAULT_WORKSTREAMS, make_return

SMI = "Serious Mental Illness (SMI) LCS"
HIGHLIGHT = load_tracker("highlight")


def milestones(n, **fields):
    return [{"workstream": SMI, "milestone": f"Milestone {i}", "baseline_date": "30/12/20",
             "status": "On track", **fields} for i in range(n)]


def sheet_rows(path, name):
    rows = list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_rows_from_every_region_are_stacked_with_region_and_provenance(tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    make_return(returns, "west.xlsx", region="West Sussex", milestones=milestones(3))
    make_return(returns, "east.xlsx", region="East Sussex", milestones=milestones(2))
    result = consolidate_returns([returns], tmp_path / "out.xlsx")
    rows = sheet_rows(tmp_path / "out.xlsx", "Milestones")
    regions = ("West Sussex", "East Sussex")
    per_region = {r: sum(1 for x in rows if x["Region"] == r) for r in regions}
    assert per_region == {"West Sussex": 3, "East Sussex": 2}
    first_east = next(r for r in rows if r["Region"] == "East Sussex")
    assert (first_east["Source file"], first_east["Source sheet"], first_east["Source row"]) == \
        ("east.xlsx", "Milestones", 2)
    assert result.exit_code == 0


def test_values_are_normalised_and_dates_keep_precision_and_label(tmp_path):
    make_return(tmp_path, milestones=milestones(1, status="on Track", baseline_date="w/c 16/11/20",
                                                forecast_date="TBC"))
    consolidate_returns([tmp_path / "return.xlsx"], tmp_path / "out.xlsx")
    (row,) = sheet_rows(tmp_path / "out.xlsx", "Milestones")
    assert row["Status"] == "On track"
    assert row["Baseline date"] == dt.datetime(2020, 11, 22)
    assert row["Baseline date precision"] == "week"
    assert row["Baseline date label"] == "w/c 16/11/20"
    assert row["Forecast date label"] == "TBC"


def test_dates_keep_the_text_the_team_wrote_beside_their_label(tmp_path):
    written = ["End of October", "tbc", "Week commencing 26/10/20", dt.datetime(2020, 9, 30)]
    make_return(tmp_path, milestones=[
        {"workstream": SMI, "milestone": f"Milestone {i}", "baseline_date": date,
         "status": "On track"} for i, date in enumerate(written)])
    consolidate_returns([tmp_path / "return.xlsx"], tmp_path / "out.xlsx")
    rows = sheet_rows(tmp_path / "out.xlsx", "Milestones")
    assert [(r["Baseline date label"], r["Baseline date as written"]) for r in rows] == [
        ("Oct 2020", "End of October"), ("TBC", "tbc"),
        ("w/c 26/10/20", "Week commencing 26/10/20"), ("30/09/20", "30/09/20")]  # a real date


def test_a_cell_of_several_dates_is_written_whole_and_labelled_by_the_date_it_stands_for(
        tmp_path):
    make_return(tmp_path, milestones=milestones(
        1, baseline_date="09/10/20 Anticipated 19/10/20", forecast_date="09/10/20 Delay to 26 Oct"))
    consolidate_returns([tmp_path / "return.xlsx"], tmp_path / "out.xlsx")
    (row,) = sheet_rows(tmp_path / "out.xlsx", "Milestones")
    assert [row[f"{c} date {part}"] for c in ("Baseline", "Forecast")
            for part in ("label", "as written")] == [
        "09/10/20", "09/10/20 Anticipated 19/10/20", "26/10/20", "09/10/20 Delay to 26 Oct"]


def test_a_date_written_like_a_formula_stays_text_in_the_consolidated_workbook(tmp_path):
    make_return(tmp_path, milestones=milestones(1, baseline_date="-30/09/20", forecast_date="-"))
    consolidate_returns([tmp_path / "return.xlsx"], tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["Milestones"]
    header = [c.value for c in sheet[1]]
    cells = {h: sheet.cell(2, header.index(h) + 1) for h in (
        "Baseline date as written", "Forecast date as written")}
    assert {h: (c.value, c.data_type) for h, c in cells.items()} == {
        "Baseline date as written": ("-30/09/20", "s"), "Forecast date as written": ("-", "s")}


def test_a_return_with_errors_is_left_out_and_listed_with_its_problems(tmp_path):
    make_return(tmp_path, "good.xlsx", region="West Sussex")
    make_return(tmp_path, "bad.xlsx", region="East Sussex",
                milestones=milestones(1, baseline_date="31/11/20"))
    result = consolidate_returns([tmp_path], tmp_path / "out" / "consolidated.xlsx")
    out = tmp_path / "out" / "consolidated.xlsx"
    assert {r["Region"] for r in sheet_rows(out, "Milestones")} == {"West Sussex"}
    outcomes = {r["File"]: r["Outcome"] for r in sheet_rows(out, "Returns")}
    assert outcomes == {"bad.xlsx": "rejected", "good.xlsx": "accepted"}
    problems = sheet_rows(out, "Validation")
    assert [(p["File"].split("/")[-1], p["Cell"], p["Severity"]) for p in problems] == [
        ("bad.xlsx", "Milestones!C2", "error")]
    assert result.exit_code == 1


def test_the_later_of_two_returns_for_a_region_is_used_with_a_warning(tmp_path):
    older = make_return(tmp_path, "first.xlsx", milestones=milestones(1))
    newer = make_return(tmp_path, "second.xlsx", milestones=milestones(4))
    os.utime(older, (1_600_000_000, 1_600_000_000))
    os.utime(newer, (1_700_000_000, 1_700_000_000))
    result = consolidate_returns([tmp_path], tmp_path / "out.xlsx")
    assert len(result.datasets["highlight"].frames["Milestones"]) == 4
    outcomes = {r["File"]: r["Outcome"] for r in sheet_rows(tmp_path / "out.xlsx", "Returns")}
    assert outcomes == {"first.xlsx": "superseded", "second.xlsx": "accepted"}
    warning = next(p for p in result.report.problems if p.code == "duplicate-return")
    assert "second.xlsx" in warning.message and warning.file.endswith("first.xlsx")


def test_the_summary_counts_milestones_by_status_and_region(tmp_path):
    make_return(tmp_path, "west.xlsx", region="West Sussex",
                milestones=milestones(2) + milestones(1, status="Delayed"))
    consolidate_returns([tmp_path], tmp_path / "out.xlsx")
    summary = openpyxl.load_workbook(tmp_path / "out.xlsx")["Summary"]
    cells = [[c for c in row] for row in summary.iter_rows(values_only=True)]
    header = next(r for r in cells if r[0] == "Region")
    west = next(r for r in cells if r[0] == "West Sussex")
    counts = dict(zip(header, west, strict=True))
    assert (counts["On track"], counts["Delayed"], counts["Total"]) == (2, 1, 3)


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    make_return(tmp_path, updates=[{"workstream": SMI, "kind": "Highlight",
                                    "text": '=HYPERLINK("http://evil","click")'}])
    consolidate_returns([tmp_path], tmp_path / "out.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "out.xlsx")["Updates"]["D2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil","click")'


def test_the_consolidated_workbook_reads_back_into_the_same_data(tmp_path):
    make_return(tmp_path, workstreams=DEFAULT_WORKSTREAMS, milestones=milestones(2))
    result = consolidate_returns([tmp_path], tmp_path / "out.xlsx")
    back = read_consolidated(tmp_path / "out.xlsx", [HIGHLIGHT])
    original = result.datasets["highlight"]
    assert back.period == "Nov 2020"
    for name in ("Workstreams", "Milestones"):
        assert back.frames[name].astype(str).values.tolist() == \
            original.frames[name].astype(str).values.tolist()


def test_the_same_returns_give_a_byte_identical_workbook(tmp_path):
    make_return(tmp_path)
    consolidate_returns([tmp_path / "return.xlsx"], tmp_path / "a.xlsx")
    consolidate_returns([tmp_path / "return.xlsx"], tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_returns_validated_in_several_batches_give_the_workbook_one_batch_gives(tmp_path,
                                                                                monkeypatch):
    returns = tmp_path / "returns"
    returns.mkdir()
    for n, region in enumerate(["West Sussex", "East Sussex", "Brighton and Hove", "Surrey"]):
        make_return(returns, f"r{n}.xlsx", region=region, milestones=milestones(n + 1))
    make_return(returns, "r4.xlsx", region="Kent", milestones=milestones(2, status="Bogus"))
    make_return(returns, "r5.xlsx", region="Surrey", milestones=milestones(3))
    consolidate_returns([returns], tmp_path / "one.xlsx")
    monkeypatch.setattr(pcxl.consolidate, "CONSOLIDATE_BATCH", 2)

    consolidate_returns([returns], tmp_path / "three.xlsx")

    assert (tmp_path / "three.xlsx").read_bytes() == (tmp_path / "one.xlsx").read_bytes()
