"""Hostile cell contents: formula errors, odd whitespace, macros, entity bombs, injection.

Each fixture is generated here (openpyxl, or surgery on the sheet XML where openpyxl cannot
write what Excel writes, such as a formula with its cached error value).
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pcxl.excel.read import read_return
from pcxl.validate.run import validate_return
from tests.builders import DEFAULT_WORKSTREAMS, HIGHLIGHT, make_return

SMI = "Serious Mental Illness (SMI) LCS"
MILESTONES_XML = "xl/worksheets/sheet4.xml"
ABOUT_XML = "xl/worksheets/sheet2.xml"


def milestone(**fields):
    return {"workstream": SMI, "milestone": "Agreed Trajectories", "baseline_date": "30/12/20",
            "status": "On track", **fields}


def rewrite(path: Path, part: str, edit) -> Path:
    """Rewrite one part of the workbook's zip with ``edit(text) -> text``, the rest as it was."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == part:
                data = edit(data.decode("utf-8")).encode("utf-8")
            target.writestr(info, data)
    return path


def set_cell(path: Path, ref: str, xml: str, part: str = MILESTONES_XML) -> Path:
    """Replace the cell ``ref`` of a sheet with raw cell XML (``<c r=..>...</c>``)."""
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', re.S)

    def edit(text: str) -> str:
        new, count = pattern.subn(xml, text, count=1)
        assert count == 1, f"no cell {ref} in {part}"
        return new
    return rewrite(path, part, edit)


def by_cell(report):
    return {(p.code, p.cell): p for p in report.problems}


# 1. Formulas ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("formula", "cached"), [
    ("1/0", "#DIV/0!"), ("Lists!ZZ1#REF!", "#REF!"), ("NA()", "#N/A"), ("1+\"a\"", "#VALUE!"),
])
def test_a_formula_error_is_reported_at_its_cell(tmp_path, formula, cached):
    path = make_return(tmp_path, milestones=[milestone(), milestone(milestone="Webinars")])
    set_cell(path, "E3", f'<c r="E3" t="e"><f>{formula.replace(chr(34), "&quot;")}</f>'
                         f'<v>{cached}</v></c>')
    report = validate_return(path)
    problem = by_cell(report)[("formula-error", "Milestones!E3")]
    assert problem.severity == "error" and cached in problem.message
    assert [p.code for p in report.problems if p.cell == "Milestones!E3"] == ["formula-error"]
    assert not report.valid


def test_a_formula_error_in_a_date_cell_is_a_formula_error_not_a_bad_date(tmp_path):
    path = make_return(tmp_path, milestones=[milestone()])
    set_cell(path, "C2", '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    problems = by_cell(validate_return(path))
    assert ("formula-error", "Milestones!C2") in problems
    assert ("unreadable-date", "Milestones!C2") not in problems


def test_a_formula_with_a_good_cached_value_reads_the_value(tmp_path):
    path = make_return(tmp_path, milestones=[milestone()])
    set_cell(path, "E2", '<c r="E2" t="str"><f>"On "&amp;"track"</f><v>On track</v></c>')
    report = validate_return(path)
    assert report.valid and report.problems == []


# 2. Whitespace and look-alike characters -----------------------------------------------------

@pytest.mark.parametrize("blank", ["   ", "\u00a0", "\t", " \u00a0 \u2003 "])
def test_a_whitespace_only_required_cell_is_blank(tmp_path, blank):
    report = validate_return(make_return(tmp_path, milestones=[
        milestone(milestone=blank, status=blank)]))
    problems = by_cell(report)
    assert ("required", "Milestones!B2") in problems
    assert ("not-in-vocabulary", "Milestones!E2") not in problems


@pytest.mark.parametrize("typed", ["On\u00a0track", "On\u2011track", "On-track", "  On track ",
                                   "\u201cOn track\u201d", "On\u2003track"])
def test_look_alike_spaces_hyphens_and_quotes_in_a_status_are_normalised(tmp_path, typed):
    report = validate_return(make_return(tmp_path, milestones=[milestone(status=typed)]))
    assert report.valid, report.problems
    assert ("not-in-vocabulary", "Milestones!E2") not in by_cell(report)


def test_values_are_read_trimmed(tmp_path):
    from pcxl.excel.read import read_return
    from tests.builders import HIGHLIGHT
    path = make_return(tmp_path, milestones=[milestone(milestone="  Agreed Trajectories \u00a0")])
    data = read_return(path, [HIGHLIGHT])
    assert data.sheets["Milestones"].columns["milestone"] == ["Agreed Trajectories"]


# 3. Macros ------------------------------------------------------------------------------------

VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Sub AutoOpen()\nShell \"calc\"\nEnd Sub\n" * 20


def make_xlsm(folder: Path, **fields) -> Path:
    """A return saved as .xlsm with a vbaProject.bin part, as Excel writes one with macros."""
    path = make_return(folder, "macro.xlsx", **fields).rename(folder / "macro.xlsm")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", VBA)

    def add_types(text: str) -> str:
        return text.replace("</Types>", '<Default Extension="bin" ContentType='
                            '"application/vnd.ms-office.vbaProject"/></Types>')
    return rewrite(path, "[Content_Types].xml", add_types)


def test_a_macro_workbook_is_read_and_its_macros_are_never_copied(tmp_path):
    from pcxl.consolidate import consolidate_paths
    from pcxl.excel.write import write_consolidated
    from pcxl.feedback import feedback_returns

    returns = tmp_path / "returns"
    returns.mkdir()
    path = make_xlsm(returns, milestones=[milestone(status="Bogus")])
    report = validate_return(path)
    assert [p.code for p in report.problems] == ["not-in-vocabulary"]

    result = feedback_returns([returns], tmp_path / "feedback")
    (copy,) = result.written.values()
    assert copy.suffix == ".xlsx"
    with zipfile.ZipFile(copy) as archive:
        assert not [n for n in archive.namelist() if "vba" in n.lower()]
        assert b"macroEnabled" not in archive.read("[Content_Types].xml")

    good = tmp_path / "good"
    good.mkdir()
    make_xlsm(good)
    validation, datasets = consolidate_paths([good])
    assert validation.files[0].valid
    out = write_consolidated(datasets["highlight"], validation, tmp_path / "all.xlsx")
    with zipfile.ZipFile(out) as archive:
        assert not [n for n in archive.namelist() if "vba" in n.lower()]


# 7. Formula injection -------------------------------------------------------------------------

INJECTIONS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)",
              "\tcmd", "\r=1+1", "=1/0"]


@pytest.mark.parametrize("text", INJECTIONS)
def test_text_that_looks_like_a_formula_stays_text_in_every_output(tmp_path, text):
    from pcxl.consolidate import consolidate_paths
    from pcxl.excel.feedback import write_feedback
    from pcxl.excel.write import write_consolidated

    returns = tmp_path / "returns"
    returns.mkdir()
    name = f"{text} workstream"
    path = make_return(returns, region=text,
                       workstreams=[{**DEFAULT_WORKSTREAMS[0], "workstream": name}],
                       milestones=[milestone(workstream=name, comment=text)],
                       updates=[{"workstream": name, "kind": "Highlight", "text": text}])
    validation, datasets = consolidate_paths([returns])
    assert datasets["highlight"].regions == [text.strip()]
    out = write_consolidated(datasets["highlight"], validation, tmp_path / "all.xlsx")
    with zipfile.ZipFile(out) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml for xml in sheets)
    book = openpyxl.load_workbook(out)
    shown = {cell.value for ws in book for row in ws.iter_rows() for cell in row
             if isinstance(cell.value, str)}
    assert {text.strip(), name.strip()} <= shown

    report = validate_return(path)
    report.problems.append(report.problems[0] if report.problems else _warning(path))
    feedback = write_feedback(report, tmp_path / "feedback.xlsx")
    ws = openpyxl.load_workbook(feedback)["Milestones"]
    comment = ws["F2"]
    assert comment.data_type == "s"
    assert comment.value.strip() == text.strip()
    with zipfile.ZipFile(feedback) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist()
                       if n.startswith("xl/worksheets/"))


def _warning(path):
    from pcxl.validate.problems import make_problem
    return make_problem("vocabulary-variant", str(path), sheet="Milestones", cell="Milestones!E2",
                        column="Status", value="on track", expected="On track")


# 6. Billion laughs ----------------------------------------------------------------------------

LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">\n'
                    for i in range(1, 10)).replace("&lol0;", "&lol;")
          + ']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
          'uniqueCount="1"><si><t>&lol9;</t></si></sst>')


def make_laughs(folder: Path) -> Path:
    """A return whose Milestones!B2 is a shared string expanding to 10^9 'lol's."""
    path = make_return(folder, milestones=[milestone()])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", LAUGHS)
    rewrite(path, "[Content_Types].xml", lambda text: text.replace(
        "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    rewrite(path, "xl/_rels/workbook.xml.rels", lambda text: text.replace(
        "</Relationships>", '<Relationship Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
        'Id="rIdLaughs"/></Relationships>'))
    return set_cell(path, "B2", '<c r="B2" t="s"><v>0</v></c>')


def test_an_entity_bomb_is_read_without_expansion_and_quickly(tmp_path):
    path = make_laughs(tmp_path)
    script = ("import sys; from pcxl.validate.run import validate_return; "
              "r = validate_return(sys.argv[1]); "
              "print(max((len(str(v)) for s in (r.data.sheets.values() if r.data else []) "
              "for c in s.columns.values() for v in c), default=0))")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                          text=True, timeout=60, cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) < 10_000  # nothing expanded to a billion characters


def test_openpyxl_parses_with_defusedxml_and_refuses_the_bomb(tmp_path):
    assert openpyxl.DEFUSEDXML
    path = make_laughs(tmp_path)
    with pytest.raises(Exception) as caught:
        openpyxl.load_workbook(path)
    chain, error = [], caught.value
    while error is not None:
        chain.append(type(error).__name__)
        error = error.__cause__ or error.__context__
    assert any("Forbidden" in name for name in chain), chain


# 4, 5. Hidden sheets, hidden rows, merged cells ------------------------------------------------

def _edited(path: Path, edit) -> Path:
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def test_a_hidden_sheet_is_read_with_a_warning(tmp_path):
    path = _edited(make_return(tmp_path, milestones=[milestone(status="Bogus")]),
                   lambda wb: setattr(wb["Milestones"], "sheet_state", "hidden"))
    report = validate_return(path)
    problems = by_cell(report)
    assert problems[("hidden-sheet", "Milestones!A1")].severity == "warning"
    assert ("not-in-vocabulary", "Milestones!E2") in problems  # read all the same


def test_hidden_rows_are_read_with_a_warning_naming_them(tmp_path):
    def hide(wb):
        wb["Milestones"].row_dimensions[3].hidden = True
    path = _edited(make_return(tmp_path, milestones=[milestone(), milestone(status="Bogus")]),
                   hide)
    problems = by_cell(validate_return(path))
    warning = problems[("hidden-rows", "Milestones!3:3")]
    assert warning.severity == "warning" and "rows 3" in warning.message
    assert ("not-in-vocabulary", "Milestones!E3") in problems


def test_hidden_columns_of_the_template_are_read_with_a_warning_naming_them(tmp_path):
    def hide(wb):
        wb["Milestones"].column_dimensions["D"].hidden = True
        wb["Milestones"].column_dimensions["E"].hidden = True
    path = _edited(make_return(tmp_path, milestones=[milestone(status="Bogus")]), hide)
    problems = by_cell(validate_return(path))
    warning = problems[("hidden-columns", "Milestones!D:D")]
    assert warning.severity == "warning"
    assert "Forecast date (D), Status (E) on Milestones are hidden" in warning.message
    assert ("not-in-vocabulary", "Milestones!E2") in problems  # read all the same


def test_a_formula_error_on_the_about_sheet_is_reported_at_its_cell(tmp_path):
    path = make_return(tmp_path)
    cell = read_return(path, [HIGHLIGHT]).about_cells["period"].split("!")[1]
    set_cell(path, cell, f'<c r="{cell}" t="e"><f>Lists!ZZ1#REF!</f><v>#REF!</v></c>',
             part=ABOUT_XML)
    report = validate_return(path)
    assert [(p.code, p.cell) for p in report.problems] == [("formula-error", f"About!{cell}")]
    assert "#REF!" in report.problems[0].message


def test_merged_cells_over_data_warn_naming_the_range(tmp_path):
    path = _edited(make_return(tmp_path, milestones=[milestone(), milestone()]),
                   lambda wb: wb["Milestones"].merge_cells("E2:E3"))
    report = validate_return(path)
    warning = by_cell(report)[("merged-cells", "Milestones!E2:E3")]
    assert "E2:E3" in warning.message and warning.severity == "warning"


def test_a_good_return_has_no_layout_warnings(tmp_path):
    assert validate_return(make_return(tmp_path)).problems == []
