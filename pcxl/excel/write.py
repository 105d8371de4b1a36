"""Write the consolidated workbook: Summary, Returns, one sheet per tracker sheet, Validation.

Written with XlsxWriter, which streams rows to disk, builds real Excel tables (filters, banding)
and colours status cells with conditional formats (one rule per word, not one style per cell).
It is set never to turn text into formulas, numbers or links: a submitted ``=HYPERLINK(...)``
arrives as the text it was typed as.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pcxl.dataset import RETURNS_COLUMNS, RETURNS_HEADERS, Dataset, sheet_headers
from pcxl.declaration import MARKER_SHEET, Tracker
from pcxl.excel import layout
from pcxl.files import atomic_output, reproducible_zip
from pcxl.validate.report import PROBLEM_COLUMNS, ValidationReport
from pcxl.vocab import Vocabulary

NHS_BLUE, DARK_BLUE, PALE_GREY = "#005EB8", "#003087", "#E8EDEE"
FIXED_CREATED = dt.datetime(2000, 1, 1)
PROBLEM_HEADERS = {"file": "File", "sheet": "Sheet", "cell": "Cell", "column": "Column",
                   "value": "Value found", "expected": "Expected", "severity": "Severity",
                   "code": "Code", "message": "Message"}
OUTCOME_COLOURS = {"accepted": "009639", "rejected": "DA291C", "superseded": "768692",
                   "error": "DA291C", "warning": "FFB81C"}
CONSOLIDATED_KIND = "consolidated"
ABOUT_PREFIX = "about."  # marker rows carrying the About values the returns share


class _Styles:
    """The workbook's formats, made once."""

    def __init__(self, book: Workbook):
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 16, "font_color": DARK_BLUE})
        self.subtitle = book.add_format({"bold": True, "font_size": 12, "font_color": NHS_BLUE})
        self.text = book.add_format({"valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
        self._fills: dict[str, object] = {}

    def fill(self, hex_colour: str) -> object:
        """A fill with readable text (white on dark colours, black on amber)."""
        if hex_colour not in self._fills:
            dark_text = hex_colour.upper() in ("FFB81C", "E8EDEE")
            self._fills[hex_colour] = self.book.add_format(
                {"bg_color": f"#{hex_colour}", "font_color": "#000000" if dark_text else "#FFFFFF",
                 "bold": True})
        return self._fills[hex_colour]


def _cell(value: object) -> object:
    """A value as XlsxWriter should store it: blanks empty, numpy scalars as Python numbers."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def _write_table(ws: Worksheet, styles: _Styles, top: int, left: int, frame: pd.DataFrame,
                 headers: Sequence[str], name: str, widths: Sequence[float] | None = None,
                 wrap: Sequence[bool] | None = None) -> int:
    """Write ``frame`` as an Excel table at (top, left); returns the first row below it."""
    rows = len(frame)
    columns = [{"header": h} for h in headers]
    ws.add_table(top, left, top + max(rows, 1), left + len(headers) - 1,
                 {"name": name, "columns": columns, "style": "Table Style Medium 2",
                  "autofilter": True})
    for r, record in enumerate(frame.itertuples(index=False), start=top + 1):
        for c, value in enumerate(record):
            value = _cell(value)
            fmt = styles.wrap if wrap and wrap[c] else styles.text
            if value is None:
                continue
            if isinstance(value, (dt.date, dt.datetime)):
                ws.write_datetime(r, left + c, value, styles.date)
            elif isinstance(value, str):
                ws.write_string(r, left + c, value, fmt)
            elif isinstance(value, bool):
                ws.write_boolean(r, left + c, value, fmt)
            elif isinstance(value, (int, float)):
                ws.write_number(r, left + c, value, fmt)
            else:
                ws.write_string(r, left + c, str(value), fmt)
    for c, width in enumerate(widths or []):
        ws.set_column(left + c, left + c, width)
    return top + max(rows, 1) + 2


def _colour_words(ws: Worksheet, styles: _Styles, first_row: int, last_row: int, col: int,
                  colours: dict[str, str]) -> None:
    """Conditional formats filling each word's cells with its colour."""
    for word, colour in colours.items():
        quoted = '"' + word.replace('"', '""') + '"'
        ws.conditional_format(first_row, col, max(last_row, first_row), col,
                              {"type": "cell", "criteria": "==", "value": quoted,
                               "format": styles.fill(colour)})


def _vocab_colours(vocab: Vocabulary) -> dict[str, str]:
    return {t.term: vocab.colours[t.colour] for t in vocab.terms if t.colour in vocab.colours}


def _data_sheet(book: Workbook, styles: _Styles, tracker: Tracker, name: str,
                frame: pd.DataFrame) -> None:
    sheet = tracker.sheet(name)
    headers = sheet_headers(sheet)
    ws = book.add_worksheet(name)
    declared = {c.key: c for c in sheet.columns}
    widths = [declared[k].width if k in declared else (12 if k != "source_file" else 24)
              for k in headers]
    wrap = [k in declared and declared[k].type == "long_text" for k in headers]
    _write_table(ws, styles, 0, 0, frame[list(headers)], list(headers.values()),
                 f"{name}Data", widths, wrap)
    ws.freeze_panes(1, 1)
    for c, key in enumerate(headers):
        column = declared.get(key)
        if column and column.vocab:
            _colour_words(ws, styles, 1, len(frame), c,
                          _vocab_colours(tracker.vocabulary(column.vocab)))


def _summary_sheet(book: Workbook, styles: _Styles, dataset: Dataset) -> None:
    ws = book.add_worksheet("Summary")
    tracker = dataset.tracker
    returns = dataset.returns
    counts = returns["outcome"].value_counts()
    ws.write_string(0, 0, f"{dataset.programme or tracker.title}: consolidated returns",
                    styles.title)
    ws.write_string(1, 0, f"Reporting period: {dataset.period or 'not given'}", styles.subtitle)
    ws.write_string(2, 0, f"Returns: {len(returns)} received, {counts.get('accepted', 0)} "
                          f"accepted, {counts.get('rejected', 0)} rejected, "
                          f"{counts.get('superseded', 0)} superseded", styles.text)
    row = 4
    status_key, rag_key = _summary_keys(tracker)
    milestones = dataset.frames.get("Milestones")
    if milestones is not None and status_key:
        vocab = tracker.vocabulary(tracker.sheet("Milestones").column(status_key).vocab)
        table = milestone_status_counts(milestones, vocab, status_key, dataset.regions)
        ws.write_string(row, 0, "Milestones by status and region", styles.subtitle)
        row = _write_table(ws, styles, row + 1, 0, table.reset_index(),
                           ["Region", *table.columns], "MilestonesByStatus",
                           [22] + [11] * len(table.columns))
    workstreams = dataset.frames.get("Workstreams")
    if workstreams is not None and rag_key:
        vocab = tracker.vocabulary(tracker.sheet("Workstreams").column(rag_key).vocab)
        grid = rag_by_region(workstreams, rag_key, dataset.regions)
        ws.write_string(row, 0, f"{tracker.sheet('Workstreams').column(rag_key).header} of each "
                                "workstream by region", styles.subtitle)
        first = row + 2
        row = _write_table(ws, styles, row + 1, 0, grid.reset_index(),
                           ["Workstream", *grid.columns], "RagByRegion",
                           [44] + [16] * len(grid.columns), [True] + [False] * len(grid.columns))
        for c in range(1, len(grid.columns) + 1):
            _colour_words(ws, styles, first, first + len(grid) - 1, c, _vocab_colours(vocab))
    rejected = returns[returns["outcome"] != "accepted"][["file", "region", "outcome", "errors",
                                                         "warnings"]]
    ws.write_string(row, 0, "Returns not consolidated", styles.subtitle)
    if rejected.empty:
        ws.write_string(row + 1, 0, "None: every return was consolidated.", styles.text)
    else:
        first = row + 2
        _write_table(ws, styles, row + 1, 0, rejected,
                     ["File", "Region", "Outcome", "Errors", "Warnings"], "NotConsolidated")
        _colour_words(ws, styles, first, first + len(rejected) - 1, 2,
                      {k: OUTCOME_COLOURS[k] for k in ("rejected", "superseded")})
        ws.write_string(first + len(rejected) + 1, 0,
                        "Every problem is listed, with its cell, on the Validation sheet.",
                        styles.text)
    ws.set_column(0, 0, 44)


def _summary_keys(tracker: Tracker) -> tuple[str | None, str | None]:
    """The status column of Milestones and the RAG column the deck headlines, if declared."""
    status = rag = None
    names = {s.name for s in tracker.sheets}
    if "Milestones" in names:
        status = next((c.key for c in tracker.sheet("Milestones").columns if c.vocab == "status"),
                      None)
    if "Workstreams" in names:
        rags = [c.key for c in tracker.sheet("Workstreams").columns if c.vocab == "rag"]
        rag = "delivery_rag" if "delivery_rag" in rags else (rags[0] if rags else None)
    return status, rag


def milestone_status_counts(milestones: pd.DataFrame, vocab: Vocabulary, status_key: str,
                            regions: Sequence[str]) -> pd.DataFrame:
    """Regions x status words: how many milestones each region has in each status, with Total."""
    statuses = milestones[status_key].fillna("No status")
    table = pd.crosstab(milestones["region"], statuses)
    words = [w for w in [*vocab.words, "No status"] if w in table.columns]
    table = table.reindex(index=list(regions) or table.index, columns=words, fill_value=0)
    table["Total"] = table.sum(axis=1)
    table.index.name = "Region"
    return table


def rag_by_region(workstreams: pd.DataFrame, rag_key: str, regions: Sequence[str]) -> pd.DataFrame:
    """Workstreams x regions: each region's rating of each workstream (blank where not reported)."""
    grid = workstreams.pivot_table(index="workstream", columns="region", values=rag_key,
                                   aggfunc="first", sort=False)
    order = list(dict.fromkeys(workstreams["workstream"]))
    grid = grid.reindex(index=order, columns=[r for r in regions if r in grid.columns])
    grid.columns.name = None
    return grid.astype(object).where(grid.notna(), None)


def _marker(book: Workbook, dataset: Dataset) -> None:
    ws = book.add_worksheet(MARKER_SHEET)
    facts = [(layout.MARKER_TRACKER, dataset.tracker.name),
             (layout.MARKER_VERSION, dataset.tracker.version), ("kind", CONSOLIDATED_KIND),
             ("period", dataset.period), ("programme", dataset.programme),
             *((f"{ABOUT_PREFIX}{k}", str(v)) for k, v in dataset.about.items())]
    for r, (label, value) in enumerate(facts):
        ws.write_string(r, 0, label)
        ws.write(r, 1, value)
    ws.very_hidden()


def write_consolidated(dataset: Dataset, report: ValidationReport, path: Path | str) -> Path:
    """Write the consolidated workbook for ``dataset`` (atomically, reproducibly)."""
    path = Path(path)
    with atomic_output(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "default_date_format": "dd/mm/yyyy", "constant_memory": False})
        book.set_properties({"title": f"{dataset.tracker.title}: consolidated",
                             "created": FIXED_CREATED})
        styles = _Styles(book)
        _summary_sheet(book, styles, dataset)
        returns = book.add_worksheet("Returns")
        _write_table(returns, styles, 0, 0, dataset.returns[list(RETURNS_COLUMNS)],
                     [RETURNS_HEADERS[k] for k in RETURNS_COLUMNS], "Returns",
                     [20, 30, 14, 12, 18, 14, 30, 10, 10, 12, 8, 9])
        returns.freeze_panes(1, 0)
        _colour_words(returns, styles, 1, len(dataset.returns), RETURNS_COLUMNS.index("outcome"),
                      {k: OUTCOME_COLOURS[k] for k in ("accepted", "rejected", "superseded")})
        for sheet in dataset.tracker.sheets:
            _data_sheet(book, styles, dataset.tracker, sheet.name, dataset.frames[sheet.name])
        problems = report.to_frame()
        validation = book.add_worksheet("Validation")
        _write_table(validation, styles, 0, 0, problems[list(PROBLEM_COLUMNS)],
                     [PROBLEM_HEADERS[k] for k in PROBLEM_COLUMNS], "Problems",
                     [30, 13, 16, 18, 30, 30, 9, 20, 70], [False] * 8 + [True])
        validation.freeze_panes(1, 0)
        _colour_words(validation, styles, 1, len(problems), PROBLEM_COLUMNS.index("severity"),
                      {k: OUTCOME_COLOURS[k] for k in ("error", "warning")})
        _marker(book, dataset)
        book.close()
        reproducible_zip(tmp)
    return path
