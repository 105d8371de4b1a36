"""Workbooks laid out the way programme offices make their own trackers, built with openpyxl:
what ``pcxl adopt`` is for. Each builder writes a file and returns its path."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

RISKS = [
    (1, "Estates delay to hub opening", "Jo Bloggs", "Open", "Amber", "Yes",
     dt.datetime(2024, 9, 30), 3),
    (2, "Recruitment of pharmacists", "Sam Patel", "In progress", "Red", "No",
     "31/10/2024", 5),
    (3, "IT kit for new starters", "Ann Lee", "Closed", "Green", "No",
     dt.datetime(2024, 8, 15), 1),
]


def risk_register(path: Path, rows: Sequence[tuple] = RISKS) -> Path:
    """A risk register as offices make them: a merged title on row 1, "Project Manager:" and
    "Reporting period:" fields, the header on row 4, dropdowns fed through INDIRECT from a
    "Lookup Data" sheet (a defined name and an Excel table), a "Yes,No" list, real and typed
    dates, and a chart sheet."""
    book = Workbook()
    ws = book.active
    ws.title = "Risk Register"
    ws["A1"] = "Sussex Primary Care Risk Register"
    ws["A1"].font = Font(bold=True, size=16)
    ws.merge_cells("A1:H1")
    ws["A2"], ws["B2"] = "Project Manager:", "Jo Bloggs"
    ws["A3"], ws["B3"] = "Reporting period:", dt.datetime(2024, 9, 30)
    ws["B3"].number_format = "dd/mm/yyyy"
    headers = ["ID", "Risk", "Owner", "Status", "RAG", "Escalate?", "Due date", "Score"]
    for column, text in enumerate(headers, start=1):
        ws.cell(4, column, text).font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (18, 32, 12, 12, 9, 10, 12, 7), strict=True):
        ws.column_dimensions[letter].width = width
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            ws.cell(5 + offset, column, value)
    for row in range(5, 205):
        ws.cell(row, 7).number_format = "dd/mm/yyyy"
        ws.cell(row, 1).number_format = "0"
    lookup = book.create_sheet("Lookup Data")
    lookup["A1"] = "Issue status"
    for i, word in enumerate(["Open", "In progress", "Closed"], start=2):
        lookup.cell(i, 1, word)
    lookup["C1"] = "RAG"
    for i, word in enumerate(["Red", "Amber", "Green"], start=2):
        lookup.cell(i, 3, word)
    lookup.add_table(Table(displayName="RagList", ref="C1:C4"))
    book.defined_names["IssueStatus"] = DefinedName("IssueStatus",
                                                    attr_text="'Lookup Data'!$A$2:$A$4")
    _list(ws, 'INDIRECT("IssueStatus")', "D5:D204")
    _list(ws, 'INDIRECT("RagList")', "E5:E204")
    _list(ws, '"Yes,No"', "F5:F204")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=8, min_row=4, max_row=7), titles_from_data=True)
    book.create_chartsheet("Chart").add_chart(chart)
    book.save(path)
    return path


ACTIONS = [
    ("A-01", "Agree hub lease", "Estates", "Complete", dt.datetime(2024, 9, 1)),
    ("A-02", "Advertise pharmacist posts", "Workforce", "Open", dt.datetime(2024, 10, 15)),
]


def action_log(path: Path, trust: str = "Brighton and Hove", rows: Sequence[tuple] = ACTIONS
               ) -> Path:
    """An action log kept in an Excel table starting at B3 on "Actions", with a cover sheet
    of label/value fields (Trust, Month), a category list on another sheet read through a
    range, and a status list typed into the validation."""
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover["A1"] = "Monthly action log"
    cover["A3"], cover["B3"] = "Trust", trust
    cover["A4"], cover["B4"] = "Month", "September 2024"
    ws = book.create_sheet("Actions")
    ws["B1"] = "Actions"
    headers = ["Ref", "Action", "Category", "Status", "Target date"]
    for column, text in enumerate(headers, start=2):
        ws.cell(3, column, text)
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=2):
            ws.cell(4 + offset, column, value)
            if isinstance(value, dt.datetime):
                ws.cell(4 + offset, column).number_format = "dd/mm/yyyy"
    ws.add_table(Table(displayName="ActionLog", ref=f"B3:F{3 + max(len(rows), 1)}"))
    lists = book.create_sheet("Lists")
    for i, word in enumerate(["Estates", "Workforce", "Digital"], start=1):
        lists.cell(i, 1, word)
    _list(ws, "Lists!$A$1:$A$3", "D4:D200")
    _list(ws, '"Open,Complete,On hold"', "E4:E200")
    book.save(path)
    return path


def _list(ws, formula: str, cells: str) -> None:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    dv.add(cells)
    ws.add_data_validation(dv)


def saved_by_libreoffice(path: Path, folder: Path) -> Path:
    """``path`` opened and saved again as .xlsx by LibreOffice (its own way of writing
    validations and names)."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = Path(os.environ.get("TMPDIR", "/tmp")) / "lo-i12-adopt-tests"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "xlsx", "--outdir", str(folder), str(path)],
        check=True, capture_output=True, timeout=180)
    return folder / path.name


def has_libreoffice() -> bool:
    return shutil.which("soffice") is not None


def set_cells(path: Path, target: Path, sheet: str, values: dict[str, object]) -> Path:
    """A copy of ``path`` at ``target`` with ``values`` typed into cells of ``sheet``."""
    book = load_workbook(path)
    for ref, value in values.items():
        book[sheet][ref] = value
    book.save(target)
    return target
