"""Write the consolidated workbook: Summary, Returns, one sheet per tracker sheet, Validation.

Written with XlsxWriter, which builds real Excel tables (filters, banding) and colours status
cells with conditional formats (one rule per word, not one style per cell). It is set never to
turn text into formulas, numbers or links: a submitted ``=HYPERLINK(...)`` arrives as the text
it was typed as.

A national month is hundreds of thousands of rows. The big tables (Returns, each data sheet,
Validation) go on ``_TableSheet``s: instead of XlsxWriter keeping one object per cell, each
column is kept as codes into its distinct values, and the rows are streamed to the sheet's XML
when the workbook is saved, each cell as XlsxWriter writes it (same styles, shared strings and
number forms). The workbook is already reproducible as XlsxWriter writes it (fixed document
stamps, fixed zip entry times), so it is not rewritten afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.utility import xl_range
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pcxl.access.contrast import NORMAL, contrast
from pcxl.dataset import (
    CHANGES_HEADERS,
    RETURNS_COLUMNS,
    RETURNS_HEADERS,
    Dataset,
    sheet_headers,
)
from pcxl.declaration import MARKER_SHEET, Tracker
from pcxl.excel import layout
from pcxl.excel.provenance import CONSOLIDATED, OUTPUT_PROPERTY
from pcxl.excel.read import column_letter
from pcxl.files import atomic_output
from pcxl.validate.report import PROBLEM_COLUMNS, ValidationReport
from pcxl.vocab import Vocabulary

NHS_BLUE, DARK_BLUE, PALE_GREY = "#005EB8", "#003087", "#E8EDEE"
FIXED_CREATED = dt.datetime(2000, 1, 1)
PROBLEM_HEADERS = {"file": "File", "sheet": "Sheet", "cell": "Cell", "column": "Column",
                   "value": "Value found", "expected": "Expected", "severity": "Severity",
                   "code": "Code", "message": "Message"}
OUTCOME_COLOURS = {"accepted": "009639", "rejected": "DA291C", "superseded": "768692",
                   "error": "DA291C", "warning": "FFB81C"}
STALE_COLOUR = "FFB81C"  # amber, as a status needing attention
UNCHANGED_KEY, UNCHANGED_HEADER = "unchanged_for", "Unchanged for"
STALE_HEADERS = {"region": "Region", "workstream": "Workstream", "kind": "Kind", "text": "Text",
                 "periods_unchanged": "Periods unchanged", "since": "Since"}
STALE_WIDTHS = (20, 34, 12, 70, 17, 12)
CONSOLIDATED_KIND = "consolidated"
ABOUT_PREFIX = "about."  # marker rows carrying the About values the returns share
ZIP_LEVEL = 1  # zlib level: a third of level 6's time for a file about a third larger


class _Book(Workbook):
    """XlsxWriter's Workbook, its parts zipped at ``ZIP_LEVEL``.

    Most of XlsxWriter's close was zlib at its default level 6 over the rows' repetitive XML
    (45 MB at a national month). XlsxWriter offers no setting: its own ZipFile is given the
    level for the time the workbook is stored.
    """

    def _store_workbook(self) -> None:
        with _zip_level(ZIP_LEVEL):
            super()._store_workbook()


@contextlib.contextmanager
def _zip_level(level: int):
    original = xlsxwriter.workbook.ZipFile
    xlsxwriter.workbook.ZipFile = functools.partial(original, compresslevel=level)
    try:
        yield
    finally:
        xlsxwriter.workbook.ZipFile = original


class _SparseSheet(Worksheet):
    """A worksheet whose rows are written cell by cell rather than column by column.

    XlsxWriter writes each row (and works out its spans) by looking at every column of the
    sheet's width; the Summary's grid of workstreams by region is as wide as there are regions
    (a thousand columns at national scale), over rows using a few. Same XML, same spans.
    """

    def _calculate_spans(self) -> None:
        if self.comments:
            super()._calculate_spans()
            return
        spans: dict[int, tuple[int, int]] = {}
        for row_num, cells in self.table.items():
            if cells and self.dim_rowmin <= row_num <= self.dim_rowmax:
                index, low, high = row_num // 16, min(cells), max(cells)
                if index in spans:
                    low, high = min(low, spans[index][0]), max(high, spans[index][1])
                spans[index] = (low, high)
        self.row_spans = {i: f"{low + 1}:{high + 1}" for i, (low, high) in spans.items()}

    def _write_rows(self) -> None:
        if self.comments:
            super()._write_rows()
            return
        self._calculate_spans()
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = self.table.get(row_num)
            info = self.row_info.get(row_num)
            if not cells and row_num not in self.row_info:
                continue
            span = self.row_spans.get(row_num // 16)
            if not cells:
                self._write_empty_row(row_num, span, info)
                continue
            if info is None:
                self._write_row(row_num, span)
            else:
                self._write_row(row_num, span, info)
            for col_num in sorted(cells):
                self._write_cell(row_num, col_num, cells[col_num])
            self._xml_end_tag("row")


class _Styles:
    """The workbook's formats, made once."""

    def __init__(self, book: Workbook):
        self.book = book
        self.title = book.add_format({"bold": True, "font_size": 16, "font_color": DARK_BLUE})
        self.subtitle = book.add_format({"bold": True, "font_size": 12, "font_color": NHS_BLUE})
        self.text = book.add_format({"valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
        self.header = book.add_format({"bold": True, "font_color": "#FFFFFF",
                                       "bg_color": NHS_BLUE, "border": 1,
                                       "border_color": DARK_BLUE, "valign": "top"})
        self.stale = book.add_format({"bg_color": f"#{STALE_COLOUR}", "font_color": "#000000",
                                      "bold": True, "align": "center", "valign": "top"})
        self._fills: dict[str, object] = {}

    def fill(self, hex_colour: str) -> object:
        """A fill with readable text: white where it reaches 4.5:1 (WCAG AA), else black (on
        amber, and on NHS Green and Grey, where white reads 3.9:1 and 3.8:1)."""
        if hex_colour not in self._fills:
            white = contrast(hex_colour, "FFFFFF") >= NORMAL
            self._fills[hex_colour] = self.book.add_format(
                {"bg_color": f"#{hex_colour}", "font_color": "#FFFFFF" if white else "#000000",
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
                 wrap: Sequence[bool] | None = None, *,
                 own_formats: Mapping[int, object] | None = None,
                 header_format: object | None = None) -> int:
    """Write ``frame`` as an Excel table at (top, left); returns the first row below it.

    ``own_formats`` gives columns (by position) a format of their own for their non-blank cells;
    ``header_format`` formats the header row itself, for readers that ignore table styles.
    """
    rows = len(frame)
    columns = [{"header": h, **({"header_format": header_format} if header_format else {})}
               for h in headers]
    ws.add_table(top, left, top + max(rows, 1), left + len(headers) - 1,
                 {"name": name, "columns": columns, "style": "Table Style Medium 2",
                  "autofilter": True})
    formats = [(own_formats or {}).get(c) or (styles.wrap if wrap and wrap[c] else styles.text)
               for c in range(frame.shape[1])]
    if isinstance(ws, _TableSheet):
        ws.add_rows(top + 1, left, frame, formats, styles.date)
    else:
        for r, record in enumerate(frame.itertuples(index=False), start=top + 1):
            for c, value in enumerate(record):
                _write_cell(ws, r, left + c, _cell(value), formats[c], styles.date)
    for c, width in enumerate(widths or []):
        ws.set_column(left + c, left + c, width)
    return top + max(rows, 1) + 2


def _write_cell(ws: Worksheet, row: int, col: int, value: object, fmt: object,
                date_fmt: object) -> None:
    """One table cell: dates as dates, text always as text, numbers and booleans as such."""
    if value is None:
        return
    if isinstance(value, (dt.date, dt.datetime)):
        ws.write_datetime(row, col, value, date_fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


class _Column:
    """One column of a ``_TableSheet``'s rows: a code per row into its distinct cells."""

    def __init__(self, codes: np.ndarray, cells: list[tuple[str, object, object] | None]):
        self.codes = codes  # -1: blank
        self.cells = cells  # per distinct value: (kind, value as written, format), None: blank


class _TableSheet(Worksheet):
    """A worksheet whose table rows are streamed to its XML when the workbook is saved.

    ``add_rows`` takes the rows as a frame. Each column is turned into codes into its distinct
    values, each converted once as ``_write_cell`` would write it (text goes into the shared
    string table then and there); at save time the rows are written after XlsxWriter's own
    (the table's header row), cell for cell what XlsxWriter would have written.
    """

    CHUNK = 20_000  # rows turned into XML at a time

    def __init__(self) -> None:
        super().__init__()
        self._block: tuple[int, int, list[_Column]] | None = None

    def add_table(self, first_row: int, first_col: int, last_row: int, last_col: int,
                  options: dict | None = None) -> int:
        """XlsxWriter's ``add_table``, without noting every cell of a long table.

        XlsxWriter records each cell of a table's range to catch overlapping tables: millions of
        entries for a national month. A ``_TableSheet`` holds one table, so the table is added
        over its header and first row and its ranges then stretched to the last row.
        """
        short = min(last_row, first_row + 1)
        done = super().add_table(first_row, first_col, short, last_col, options)
        table = self.tables[-1] if self.tables else {}
        stretched = {"range": (first_row, last_row), "a_range": (first_row, last_row),
                     "autofilter": (first_row, last_row)}
        if done != 0 or short == last_row:
            return done
        if all(table.get(k) in (None, xl_range(first_row, first_col, short, last_col))
               for k in stretched) and table.get("range"):
            for key, (top, bottom) in stretched.items():
                if table.get(key):
                    table[key] = xl_range(top, first_col, bottom, last_col)
            return done
        # Not the table XlsxWriter usually makes: add it the ordinary way.
        self.tables.pop()
        for row in range(first_row, short + 1):
            for col in range(first_col, last_col + 1):
                self.table_cells.pop((row, col), None)
        return super().add_table(first_row, first_col, last_row, last_col, options)

    def add_rows(self, first_row: int, left: int, frame: pd.DataFrame, formats: Sequence[object],
                 date_fmt: object) -> None:
        """Rows of ``frame`` from 0-based ``first_row``, column ``left``; written at save time.

        Must be the last rows of the sheet: everything XlsxWriter writes goes above them.
        """
        if self._block is not None:
            raise ValueError("a _TableSheet takes one block of rows")
        if len(frame) == 0:
            return
        columns = [self._column(frame.iloc[:, c].to_numpy(dtype=object), formats[c], date_fmt)
                   for c in range(frame.shape[1])]
        self._block = (first_row, left, columns)

    def _column(self, values: np.ndarray, fmt: object, date_fmt: object) -> _Column:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        if len(uniques) > 1 and any(u.__class__ is bool for u in uniques):
            # True == 1 == 1.0 for hashing: keep booleans apart from numbers
            keyed: dict[tuple[type, object], int] = {}
            distinct: list[object] = []
            codes = np.array([-1 if c < 0 else keyed.setdefault((v.__class__, v), len(keyed))
                              for v, c in zip(values, codes, strict=True)], dtype="int64")
            for (_, v), _i in sorted(keyed.items(), key=lambda item: item[1]):
                distinct.append(v)
            uniques = distinct
        cells = [self._convert(_cell(u), fmt, date_fmt) for u in uniques]
        counts = np.bincount(codes[codes >= 0], minlength=len(cells)) if len(cells) else []
        for cell, count in zip(cells, counts, strict=True):
            if cell is not None and cell[0] == "s" and count > 1:
                self.str_table.count += int(count) - 1  # references, as writing each would count
        return _Column(codes.astype("int32"), cells)

    def _convert(self, value: object, fmt: object, date_fmt: object
                 ) -> tuple[str, object, object] | None:
        """What ``_write_cell`` would store for ``value``: (kind, value, format)."""
        if value is None:
            return None
        if isinstance(value, (dt.date, dt.datetime)):
            return ("n", self._convert_date_time(value), date_fmt)
        if isinstance(value, bool):
            return ("b", 1 if value else 0, fmt)
        if isinstance(value, (int, float)) and not isinstance(value, str):
            if math.isnan(value) or math.isinf(value):
                raise TypeError("NAN/INF not supported in write_number() "
                                "without 'nan_inf_to_errors' Workbook() option")
            return ("n", value, fmt)
        text = value if isinstance(value, str) else str(value)
        if len(text) > self.xls_strmax // 2 and len(text.encode("utf-16-le")) // 2 > \
                self.xls_strmax:
            text = text.encode("utf-16-le")[:2 * self.xls_strmax].decode("utf-16-le", "ignore")
        return ("s", self.str_table._get_shared_string_index(text), fmt)

    def _extent(self) -> tuple[int, int, int, int] | None:
        """(first row, last row, first column, last column) of the non-blank cells of the rows."""
        if self._block is None:
            return None
        first_row, left, columns = self._block
        used = [i for i, c in enumerate(columns) if (c.codes >= 0).any()]
        if not used:
            return None
        filled = np.zeros(len(columns[0].codes), dtype=bool)
        for i in used:
            filled |= columns[i].codes >= 0
        rows = np.flatnonzero(filled)
        return first_row + int(rows[0]), first_row + int(rows[-1]), left + used[0], left + used[-1]

    def _write_dimension(self) -> None:
        extent = self._extent()
        if extent is None:
            super()._write_dimension()
            return
        saved = (self.dim_rowmin, self.dim_rowmax, self.dim_colmin, self.dim_colmax)
        r0, r1, c0, c1 = extent
        self.dim_rowmin = r0 if saved[0] is None else min(saved[0], r0)
        self.dim_rowmax = r1 if saved[1] is None else max(saved[1], r1)
        self.dim_colmin = c0 if saved[2] is None else min(saved[2], c0)
        self.dim_colmax = c1 if saved[3] is None else max(saved[3], c1)
        try:
            super()._write_dimension()
        finally:
            self.dim_rowmin, self.dim_rowmax, self.dim_colmin, self.dim_colmax = saved

    def _write_sheet_data(self) -> None:
        if self._extent() is None:
            super()._write_sheet_data()
            return
        self._xml_start_tag("sheetData")
        if self.dim_rowmin is not None:
            self._write_rows()  # XlsxWriter's own cells: the table's header row
        self._write_block()
        self._xml_end_tag("sheetData")

    def _write_block(self) -> None:
        first_row, left, columns = self._block
        # Each distinct cell of each column written once, with \0 where its row number goes
        # (the sheet XML holds no text of its own: text is in the shared strings).
        cells = []
        for c, column in enumerate(columns):
            start = f'<c r="{column_letter(left + c)}\0"'
            table = []
            for cell in column.cells:
                if cell is None:
                    table.append("")
                    continue
                kind, value, fmt = cell
                xf = fmt._get_xf_index()
                if kind == "s":
                    table.append(f'{start} s="{xf}" t="s"><v>{value}</v></c>')
                elif kind == "b":
                    table.append(f'{start} s="{xf}" t="b"><v>{value}</v></c>')
                else:
                    table.append(f'{start} s="{xf}"><v>{value:.16G}</v></c>')
            table.append("")  # code -1: blank
            cells.append(np.array(table, dtype=object))
        total = len(columns[0].codes)
        for begin in range(0, total, self.CHUNK):
            end = min(total, begin + self.CHUNK)
            numbers = [str(first_row + 1 + i) for i in range(begin, end)]
            taken = [table[column.codes[begin:end]] for table, column in
                     zip(cells, columns, strict=True)]
            rows = map("".join, zip(*taken, strict=True))
            self.fh.write("".join(f'<row r="{n}">{row.replace(chr(0), n)}</row>'
                                  for n, row in zip(numbers, rows, strict=True) if row))


def _colour_words(ws: Worksheet, styles: _Styles, first_row: int, last_row: int, col: int,
                  colours: dict[str, str], last_col: int | None = None) -> None:
    """Conditional formats filling each word's cells with its colour: one rule per word over
    columns ``col``..``last_col`` (a rule per column would be thousands at national scale)."""
    for word, colour in colours.items():
        quoted = '"' + word.replace('"', '""') + '"'
        ws.conditional_format(first_row, col, max(last_row, first_row),
                              col if last_col is None else last_col,
                              {"type": "cell", "criteria": "==", "value": quoted,
                               "format": styles.fill(colour)})


def _vocab_colours(vocab: Vocabulary) -> dict[str, str]:
    return {t.term: vocab.colours[t.colour] for t in vocab.terms if t.colour in vocab.colours}


def _data_sheet(book: Workbook, styles: _Styles, tracker: Tracker, name: str,
                frame: pd.DataFrame, unchanged: pd.Series | None = None) -> None:
    """One tracker sheet's rows; when ``unchanged`` (periods per row, None where not stale)
    flags any, an amber "Unchanged for" column after the declared ones."""
    sheet = tracker.sheet(name)
    headers = sheet_headers(sheet)
    table = frame[list(headers)]
    own_formats = {}
    if unchanged is not None and unchanged.notna().any():
        at = next((i for i, k in enumerate(headers) if k == "source_file"), len(headers))
        table = table.copy()
        table.insert(at, UNCHANGED_KEY, unchanged.to_numpy(dtype=object))
        headers = dict([*list(headers.items())[:at], (UNCHANGED_KEY, UNCHANGED_HEADER),
                        *list(headers.items())[at:]])
        own_formats[at] = styles.stale
    ws = book.add_worksheet(name, worksheet_class=_TableSheet)
    declared = {c.key: c for c in sheet.columns}
    widths = [declared[k].width if k in declared else (24 if k == "source_file" else 12)
              for k in headers]
    wrap = [k in declared and declared[k].type == "long_text" for k in headers]
    table_name = re.sub(r"\W", "_", name)  # an Excel table's name has no spaces
    _write_table(ws, styles, 0, 0, table, list(headers.values()), f"{table_name}Data", widths,
                 wrap, own_formats=own_formats)
    ws.freeze_panes(1, 1)
    for c, key in enumerate(headers):
        column = declared.get(key)
        if column and column.vocab:
            _colour_words(ws, styles, 1, len(frame), c,
                          _vocab_colours(tracker.vocabulary(column.vocab)))


def _summary_sheet(book: Workbook, styles: _Styles, dataset: Dataset) -> None:
    ws = book.add_worksheet("Summary", worksheet_class=_SparseSheet)
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
    if not (status_key or rag_key):
        row = _kinds_by_region(ws, styles, dataset, row)
    milestones = dataset.frames.get("Milestones")
    if milestones is not None and status_key:
        vocab = tracker.vocabulary(tracker.sheet("Milestones").column(status_key).vocab)
        table = milestone_status_counts(milestones, vocab, status_key, dataset.regions)
        ws.write_string(row, 0, "Milestones by status and region", styles.subtitle)
        row = _write_table(ws, styles, row + 1, 0, table.reset_index(),
                           ["Region", *table.columns], "MilestonesByStatus",
                           [22] + [11] * len(table.columns), header_format=styles.header)
    workstreams = dataset.frames.get("Workstreams")
    if workstreams is not None and rag_key:
        vocab = tracker.vocabulary(tracker.sheet("Workstreams").column(rag_key).vocab)
        grid = rag_by_region(workstreams, rag_key, dataset.regions)
        ws.write_string(row, 0, f"{tracker.sheet('Workstreams').column(rag_key).header} of each "
                                "workstream by region", styles.subtitle)
        first = row + 2
        row = _write_table(ws, styles, row + 1, 0, grid.reset_index(),
                           ["Workstream", *grid.columns], "RagByRegion",
                           [44] + [16] * len(grid.columns), [True] + [False] * len(grid.columns),
                           header_format=styles.header)
        if len(grid.columns):
            _colour_words(ws, styles, first, first + len(grid) - 1, 1, _vocab_colours(vocab),
                          last_col=len(grid.columns))
    rows = records_by_region(dataset.frames, dataset.regions)
    ws.write_string(row, 0, "Rows consolidated by sheet and region", styles.subtitle)
    row = _write_table(ws, styles, row + 1, 0, rows.reset_index(), ["Region", *rows.columns],
                       "RowsByRegion", [22] + [12] * len(rows.columns),
                       header_format=styles.header)
    rejected = returns[returns["outcome"] != "accepted"][["file", "region", "outcome", "errors",
                                                         "warnings"]]
    ws.write_string(row, 0, "Returns not consolidated", styles.subtitle)
    if rejected.empty:
        ws.write_string(row + 1, 0, "None: every return was consolidated.", styles.text)
    else:
        first = row + 2
        _write_table(ws, styles, row + 1, 0, rejected,
                     ["File", "Region", "Outcome", "Errors", "Warnings"], "NotConsolidated",
                     header_format=styles.header)
        _colour_words(ws, styles, first, first + len(rejected) - 1, 2,
                      {k: OUTCOME_COLOURS[k] for k in ("rejected", "superseded")})
        ws.write_string(first + len(rejected) + 1, 0,
                        "Every problem is listed, with its cell, on the Validation sheet.",
                        styles.text)
    ws.set_column(0, 0, 44)


def _print_setup(book: Workbook, dataset: Dataset) -> None:
    """Every sheet prints landscape on A4, one page wide, with its header row repeated on each
    page (the Summary, which has several tables, repeats nothing) and the tracker, period, sheet
    and page number in the header and footer."""
    title = f"{dataset.programme or dataset.tracker.title}, {dataset.period or ''}".strip(" ,")
    for ws in book.worksheets():
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_header(f"&L{_header_text(title)}&R&A")
        ws.set_footer("&CPage &P of &N")
        if ws.name != "Summary":
            ws.repeat_rows(0)


def _header_text(text: str) -> str:
    """Text for a page header, its ``&`` codes escaped."""
    return text.replace("&", "&&")


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


def records_by_region(frames: Mapping[str, pd.DataFrame],
                      regions: Sequence[str]) -> pd.DataFrame:
    """Regions x sheets: how many rows each region's accepted return gave each sheet, with
    Total (every format has figures on its Summary, whatever its sheets)."""
    table = pd.DataFrame({name: (frame["region"].value_counts() if "region" in frame.columns
                                 and len(frame) else pd.Series(dtype=int))
                          for name, frame in frames.items()})
    table = table.reindex(index=list(regions) or table.index).fillna(0).astype(int)
    table["Total"] = table.sum(axis=1)
    table.index.name = "Region"
    return table


def _kinds_by_region(ws: Worksheet, styles: _Styles, dataset: Dataset, row: int) -> int:
    """For a tracker with no milestone status or RAG: each closed-vocabulary column's words
    counted by region (kinds of risk, of update...); returns the first row below."""
    tracker = dataset.tracker
    for sheet in tracker.sheets:
        frame = dataset.frames.get(sheet.name)
        for column in (c for c in sheet.columns if c.vocab):
            if frame is None or frame.empty or column.key not in frame.columns:
                continue
            table = milestone_status_counts(frame, tracker.vocabulary(column.vocab), column.key,
                                            dataset.regions)
            ws.write_string(row, 0, f"{sheet.name}: {column.header} by region", styles.subtitle)
            name = re.sub(r"\W", "", f"{sheet.name}{column.key}ByRegion")
            row = _write_table(ws, styles, row + 1, 0, table.reset_index(),
                               ["Region", *table.columns], name,
                               [22] + [14] * len(table.columns), header_format=styles.header)
    return row


def milestone_status_counts(milestones: pd.DataFrame, vocab: Vocabulary, status_key: str,
                            regions: Sequence[str]) -> pd.DataFrame:
    """Regions x status words: how many milestones each region has in each status, with Total."""
    statuses = milestones[status_key].fillna("No status")
    # pd.crosstab's count, without its Python call per region and word (a second at national
    # scale): the same table
    pairs = pd.DataFrame({"region": milestones["region"].to_numpy(dtype=object),
                          "word": statuses.to_numpy(dtype=object)})
    table = pairs.value_counts(sort=False).unstack(fill_value=0)
    table.columns.name = status_key
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


def _changes_sheet(book: Workbook, styles: _Styles, changes: pd.DataFrame) -> None:
    ws = book.add_worksheet("Changes")
    columns = [k for k in CHANGES_HEADERS if k in changes.columns]
    _write_table(ws, styles, 0, 0, changes[columns], [CHANGES_HEADERS[k] for k in columns],
                 "Changes", [20, 34, 46, 16, 16, 16, 11, 14], [False, True, True] + [False] * 5)
    ws.freeze_panes(1, 0)
    _colour_words(ws, styles, 1, len(changes), columns.index("change"),
                  {"forecast moved": "FFB81C", "achieved": "005EB8", "added": "009639",
                   "dropped": "768692", "status changed": "E8EDEE", "rating changed": "E8EDEE"})


def _stale_sheet(book: Workbook, styles: _Styles, stale: pd.DataFrame, period: str) -> None:
    """The narrative carried unchanged into ``period``, under lines saying what that means."""
    ws = book.add_worksheet("Stale narrative")
    if stale.empty:
        ws.write_string(0, 0, f"None: no highlight, escalation or risk of {period} was "
                              "reported in the same words as the period before.", styles.subtitle)
        return
    ws.write_string(0, 0, f"Highlights, escalations and risks of {period} reported in the same "
                          "words for two or more periods in a row", styles.subtitle)
    ws.write_string(1, 0, "Update them, or say why nothing has moved. Each is also marked "
                          f"\"{UNCHANGED_HEADER}\" on its row of the Updates or Risks sheet.",
                    styles.text)
    ws.write_string(2, 0, "Compared regardless of case, spacing and punctuation; a risk is "
                          "unchanged while its mitigation is too.", styles.text)
    columns = [k for k in STALE_HEADERS if k in stale.columns]
    widths, wrap = STALE_WIDTHS, [False, True, False, True, False, False]
    _write_table(ws, styles, 4, 0, stale[columns], [STALE_HEADERS[k] for k in columns],
                 "StaleNarrative", widths, wrap, header_format=styles.header,
                 own_formats={columns.index("periods_unchanged"): styles.stale})
    _fit_rows(ws, 5, stale[columns], widths, wrap)
    ws.freeze_panes(5, 0)


def _fit_rows(ws: Worksheet, top: int, frame: pd.DataFrame, widths: Sequence[float],
              wrap: Sequence[bool]) -> None:
    """Give rows whose wrapped text takes several lines the height for them (from ``top``;
    about 1.2 characters of prose per unit of column width): LibreOffice does not always grow
    them when it opens the file."""
    for r, record in enumerate(frame.itertuples(index=False), start=top):
        lines = max((math.ceil(len(value) / (widths[c] * 1.2)) for c, value in enumerate(record)
                     if wrap[c] and isinstance(value, str) and value), default=1)
        if lines > 1:
            ws.set_row(r, 15 * lines)


def problems_frame(report: ValidationReport) -> pd.DataFrame:
    """``report.to_frame()``, built straight from the problems' fields."""
    return pd.DataFrame([[getattr(p, k) for k in PROBLEM_COLUMNS] for p in report.problems],
                        columns=list(PROBLEM_COLUMNS))


def write_consolidated(dataset: Dataset, report: ValidationReport, path: Path | str,
                       changes: pd.DataFrame | None = None, stale: pd.DataFrame | None = None,
                       unchanged: Mapping[str, pd.Series] | None = None,
                       problems: pd.DataFrame | None = None) -> Path:
    """Write the consolidated workbook for ``dataset`` (atomically, reproducibly).

    ``changes`` (from ``pcxl.history.diff``) adds a Changes sheet after the data sheets;
    ``stale`` (from ``pcxl.history.stale``) a Stale narrative sheet after it, and
    ``unchanged`` (sheet -> periods unchanged per row, None where not stale) an "Unchanged
    for" column to those data sheets. ``problems`` is ``problems_frame(report)`` when the
    caller has made it already (to record the period), so it is not made twice.
    """
    path = Path(path)
    with atomic_output(path) as tmp:
        book = _Book(str(tmp), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "default_date_format": "dd/mm/yyyy", "constant_memory": False})
        book.set_properties({"title": f"{dataset.tracker.title}: consolidated",
                             "created": FIXED_CREATED})
        book.set_custom_property(OUTPUT_PROPERTY, CONSOLIDATED)
        styles = _Styles(book)
        _summary_sheet(book, styles, dataset)
        returns = book.add_worksheet("Returns", worksheet_class=_TableSheet)
        _write_table(returns, styles, 0, 0, dataset.returns[list(RETURNS_COLUMNS)],
                     [RETURNS_HEADERS[k] for k in RETURNS_COLUMNS], "Returns",
                     [20, 30, 14, 12, 18, 14, 30, 10, 10, 12, 8, 9])
        returns.freeze_panes(1, 0)
        _colour_words(returns, styles, 1, len(dataset.returns), RETURNS_COLUMNS.index("outcome"),
                      {k: OUTCOME_COLOURS[k] for k in ("accepted", "rejected", "superseded")})
        for sheet in dataset.tracker.sheets:
            _data_sheet(book, styles, dataset.tracker, sheet.name, dataset.frames[sheet.name],
                        (unchanged or {}).get(sheet.name))
        if changes is not None:
            _changes_sheet(book, styles, changes)
        if stale is not None:
            _stale_sheet(book, styles, stale, dataset.period)
        problems = problems_frame(report) if problems is None else problems
        validation = book.add_worksheet("Validation", worksheet_class=_TableSheet)
        _write_table(validation, styles, 0, 0, problems[list(PROBLEM_COLUMNS)],
                     [PROBLEM_HEADERS[k] for k in PROBLEM_COLUMNS], "Problems",
                     [30, 13, 16, 18, 30, 30, 9, 20, 70], [False] * 8 + [True])
        validation.freeze_panes(1, 0)
        _colour_words(validation, styles, 1, len(problems), PROBLEM_COLUMNS.index("severity"),
                      {k: OUTCOME_COLOURS[k] for k in ("error", "warning")})
        _print_setup(book, dataset)
        _marker(book, dataset)
        book.close()  # fixed stamps (created) and zip entry times: reproducible as written
    return path
