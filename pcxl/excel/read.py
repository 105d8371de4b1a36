"""Read a returned workbook into frames, fast: python-calamine, each file opened once.

``read_return`` recognises the tracker from the hidden marker sheet, then turns each declared
sheet into a DataFrame whose columns are the declared keys (matched by header text, so reordered
columns still land right) and whose index is the Excel row number, so every problem found later
can name its cell. Values are kept as the team typed them (text stripped, blanks as None); making
sense of them is validation's job.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd
import python_calamine as calamine

from pcxl.dataset import (
    CHANGES_HEADERS,
    RETURNS_COLUMNS,
    RETURNS_HEADERS,
    Dataset,
    sheet_headers,
)
from pcxl.declaration import (
    MARKER_SHEET,
    Column,
    Sheet,
    Tracker,
    Upgrade,
    declared_sheets,
    split_at,
)
from pcxl.errors import InputError
from pcxl.excel import layout
from pcxl.excel.cellscan import SheetScan
from pcxl.excel.guard import Refused, check_file
from pcxl.excel.parsed import ParsedSheet, parsed_sheet
from pcxl.excel.precheck import Precheck, precheck
from pcxl.vocab import fold


@dataclass(frozen=True)
class ReadProblem:
    """Something wrong with the workbook's shape, found while reading (not a cell value)."""

    code: str
    sheet: str = ""
    cell: str = ""
    value: object = None
    detail: str = ""


class SheetData:
    """One table sheet of a return: raw values by declared key, indexed by Excel row.

    The values are kept as plain lists (``columns``: declared key -> value of each row kept, in
    declaration order; ``rows``: the Excel row of each), because validation and consolidation
    work on many returns' rows at once; ``frame`` builds this sheet's own DataFrame on first use.
    """

    def __init__(self, name: str, columns: dict[str, list[object]], rows: Sequence[int],
                 letters: dict[str, str], header_row: int = layout.HEADER_ROW):
        self.name = name
        self.columns = columns
        self.rows = rows
        self.letters = letters
        self.header_row = header_row
        self._frame: pd.DataFrame | None = None

    @property
    def frame(self) -> pd.DataFrame:
        """The values as a DataFrame: columns the declared keys found, index the Excel row."""
        if self._frame is None:
            rows = self.rows
            contiguous = isinstance(rows, range) and rows.step == 1
            index = (pd.RangeIndex(rows.start, rows.stop, name="row") if contiguous
                     else pd.Index(list(rows), dtype="int64", name="row"))
            self._frame = pd.DataFrame(self.columns, index=index, dtype=object)
        return self._frame

    def __len__(self) -> int:
        return len(self.rows)

    def cell(self, key: str, row: int) -> str:
        """``Milestones!C7`` for a column key and Excel row."""
        return address(self.name, f"{self.letters.get(key, '')}{row}")


@dataclass
class ReturnData:
    """What was read from one return: its tracker, About values and table sheets."""

    path: Path
    tracker: Tracker
    version: int
    about: dict[str, object]
    about_cells: dict[str, str]
    sheets: dict[str, SheetData]
    problems: list[ReadProblem] = field(default_factory=list)


class UnreadableReturn(Exception):
    """The file cannot be read as a return of any known tracker: one problem says why."""

    def __init__(self, problem: ReadProblem):
        super().__init__(problem.detail)
        self.problem = problem


_fold = lru_cache(maxsize=4096)(fold)  # headers and labels repeat from file to file
_PLAIN_SHEET = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
HEADER_SEARCH_ROWS = 50  # how far down a sheet its header row is looked for


def address(sheet: str, ref: str) -> str:
    """A cell's address as Excel writes it: ``Milestones!C7``, ``'Risk Register'!E7``."""
    if _PLAIN_SHEET.fullmatch(sheet):
        return f"{sheet}!{ref}"
    return "'" + sheet.replace("'", "''") + f"'!{ref}"


@cache  # asked for each header cell of each sheet of each return
def column_letter(index: int) -> str:
    """Excel column letters for a 0-based column index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _clean(value: object) -> object:
    """Blank and whitespace-only cells become None; text is stripped; 12.0 stays a float."""
    if isinstance(value, str):
        text = value.replace("\u00a0", " ").strip()
        return text or None
    return value


def _as_text(value: object) -> object:
    """A number typed into a text column reads as the text the team sees (``7``, not ``7.0``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def open_workbook(path: Path, checked: Precheck | None = None) -> calamine.CalamineWorkbook:
    """Open a workbook, turning every reader failure into one UnreadableReturn.

    The file is looked at first (``checked``, or ``pcxl.excel.guard`` now), so a file that must
    not be parsed (not a workbook, an old .xls, encrypted, damaged, a zip bomb, absurdly large)
    never reaches the parser and gets one sentence saying why.
    """
    if checked is None:
        try:
            check_file(path)
        except Refused as refusal:
            checked = Precheck((refusal.code, refusal.detail))
        except OSError as exc:
            checked = Precheck(("unreadable-file", f"cannot open the file ({_reason(exc)})"))
    if checked is not None and checked.refusal is not None:
        code, detail = checked.refusal
        raise UnreadableReturn(ReadProblem(code, detail=detail))
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        detail = "the workbook is password-protected; save it without a password and send it again"
    except (calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError,
            OSError) as exc:
        detail = f"not a readable Excel workbook ({_reason(exc)})"
    raise UnreadableReturn(ReadProblem("unreadable-file", detail=detail))


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def read_marker(book: calamine.CalamineWorkbook) -> tuple[str, int] | None:
    """The (tracker, version) written in the template's hidden marker sheet, if any."""
    if MARKER_SHEET not in book.sheet_names:
        return None
    rows = book.get_sheet_by_name(MARKER_SHEET).to_python(skip_empty_area=False)
    facts = {str(r[0]).strip(): r[1] for r in rows if len(r) >= 2 and r[0] not in ("", None)}
    name, version = facts.get(layout.MARKER_TRACKER), facts.get(layout.MARKER_VERSION)
    if not name:
        return None
    try:
        return str(name).strip(), int(float(version))
    except (TypeError, ValueError, OverflowError):
        return str(name).strip(), -1


def identify(book: calamine.CalamineWorkbook, trackers: Iterable[Tracker]
             ) -> tuple[Tracker, int, Upgrade | None]:
    """The declared tracker this workbook was made from, the template version it says, and the
    declared upgrade from that version (None when it is the current one); UnreadableReturn when
    it is no known template or a version pcxl cannot read."""
    marker = read_marker(book)
    trackers = list(trackers)
    known = {t.name: t for t in trackers}
    if marker is None and any(t.recognise == "layout" for t in trackers):
        tracker = by_layout(book, [t for t in trackers if t.recognise == "layout"])
        return tracker, tracker.version, None
    if marker is None:
        raise UnreadableReturn(ReadProblem(
            "not-a-template",
            detail="this workbook was not made from a pcxl template (it has no template marker); "
                   "fill in the template from workbook_templates/ and send that"))
    name, version = marker
    tracker = known.get(name)
    if tracker is None:
        raise UnreadableReturn(ReadProblem(
            "not-a-template", value=name,
            detail=f"made from a template called {name!r}, which this programme does not use"))
    if version == tracker.version:
        return tracker, version, None
    upgrade = tracker.upgrade_from(version)
    if upgrade is None:
        readable = [str(v) for v in range(1, tracker.version) if tracker.upgrade_from(v)]
        also = f" (or {', '.join(readable)}, upgraded on reading)" if readable else ""
        raise UnreadableReturn(ReadProblem(
            "template-version", value=version,
            detail=f"made from version {version} of the {tracker.name} template, which pcxl "
                   f"cannot read; this period uses version {tracker.version}{also}: copy your "
                   "entries into the current template"))
    return tracker, version, upgrade


def by_layout(book: calamine.CalamineWorkbook, trackers: Sequence[Tracker]) -> Tracker:
    """The one tracker whose sheets and header labels (its fingerprint) this workbook has.

    When several match, the one declaring the most columns wins if it is alone in that; no
    match, or a tie, is one UnreadableReturn naming the closest tracker and what differs.
    """
    differences = {t.name: layout_differences(book, t) for t in trackers}
    matches = [t for t in trackers if not differences[t.name]]
    size = {t.name: sum(len(s.columns) for s in t.sheets) for t in trackers}
    if matches:
        widest = max(size[t.name] for t in matches)
        best = [t for t in matches if size[t.name] == widest]
        if len(best) == 1:
            return best[0]
        raise UnreadableReturn(ReadProblem(
            "not-a-template", value=best[0].name,
            detail="this workbook has the sheets and columns of more than one tracker ("
                   f"{', '.join(t.name for t in best)}): make their declarations differ"))
    closest = min(trackers, key=lambda t: (len(differences[t.name]), -size[t.name]))
    found = differences[closest.name]
    more = f" (and {len(found) - 1} more difference(s))" if len(found) > 1 else ""
    raise UnreadableReturn(ReadProblem(
        "not-a-template", value=closest.name,
        detail=f"this workbook matches no tracker; the closest is {closest.name!r}, but "
               f"{found[0]}{more}"))


def layout_differences(book: calamine.CalamineWorkbook, tracker: Tracker) -> list[str]:
    """What this workbook lacks of ``tracker``'s sheets and header labels, in sentences."""
    names = set(book.sheet_names)
    missing = [f"it has no sheet {n!r}" for n in declared_sheets(tracker) if n not in names]
    for sheet in tracker.sheets:
        if sheet.name not in names:
            continue
        rows = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
        header = rows[header_row(rows, sheet, True) - 1] if rows else []
        present = {_fold(str(v)) for v in header if v not in ("", None)}
        missing += [f"sheet {sheet.name!r} has no column {c.header!r}" for c in sheet.columns
                    if _fold(c.header) not in present]
    return missing


def header_row(rows: Sequence[Sequence[object]], sheet: Sheet, search: bool) -> int:
    """The sheet's header row (1-based): the declared one, or with ``search`` (or none declared)
    the row among the first ``HEADER_SEARCH_ROWS`` holding most of the declared labels (the
    declared row when it holds them all)."""
    declared = sheet.header_row or 1
    if sheet.header_row is not None and not search:
        return declared
    wanted = {_fold(c.header) for c in sheet.columns}

    def hits(number: int) -> int:
        if number > len(rows):
            return 0
        return sum(1 for v in rows[number - 1] if isinstance(v, str) and _fold(v) in wanted)

    if sheet.header_row is not None and hits(declared) == len(wanted):
        return declared
    best = max(range(1, min(len(rows), HEADER_SEARCH_ROWS) + 1), key=hits, default=declared)
    return best if hits(best) > hits(declared) else declared


def recognise(book: calamine.CalamineWorkbook, trackers: Iterable[Tracker]) -> Tracker:
    """The declared tracker this workbook was made from, or UnreadableReturn saying why not."""
    return identify(book, trackers)[0]


def _upgraded(tracker: Tracker, version: int, upgrade: Upgrade) -> ReadProblem:
    """The warning that a return was read through a declared upgrade."""
    what = f" ({upgrade.note})" if upgrade.note else ""
    return ReadProblem(
        "template-upgraded", value=version,
        detail=f"made from version {version} of the {tracker.name} template and read as version "
               f"{tracker.version}{what}: use the current template next time")


def _read_about(book: calamine.CalamineWorkbook, tracker: Tracker, problems: list[ReadProblem],
                found: SheetScan | None = None) -> tuple[dict[str, object], dict[str, str]]:
    values: dict[str, object] = {f.key: None for f in tracker.about}
    cells: dict[str, str] = {}
    placed = [f for f in tracker.about if f.at]
    if placed:
        _read_fields(book, placed, values, cells, problems)
    if len(placed) == len(tracker.about):
        return values, cells
    if tracker.about_sheet not in book.sheet_names:
        problems.append(ReadProblem("missing-sheet", sheet=tracker.about_sheet,
                                    detail=f"the {tracker.about_sheet} sheet is missing"))
        return values, cells
    rows = book.get_sheet_by_name(tracker.about_sheet).to_python(skip_empty_area=False)
    if found is not None and found.errors:
        rows = _with_errors(rows, found.errors)
    by_label = {_fold(f.header): f for f in tracker.about}
    label_col, value_col = layout.ABOUT_LABEL_COL - 1, layout.ABOUT_VALUE_COL - 1
    for number, row in enumerate(rows, start=1):
        if len(row) <= label_col or not isinstance(row[label_col], str):
            continue
        found = by_label.get(_fold(row[label_col]))
        if found is None or found.key in cells:
            continue
        value = _clean(row[value_col]) if len(row) > value_col else None
        values[found.key] = value if found.is_date else _as_text(value)
        cells[found.key] = address(tracker.about_sheet, f"{column_letter(value_col)}{number}")
    for f in tracker.about:
        if f.key not in cells and not f.at:
            problems.append(ReadProblem(
                "missing-field", sheet=tracker.about_sheet, value=f.header,
                detail=f"the {tracker.about_sheet} sheet has no {f.header!r} row"))
    return values, cells


def _read_fields(book: calamine.CalamineWorkbook, fields: list[Column],
                 values: dict[str, object], cells: dict[str, str],
                 problems: list[ReadProblem]) -> None:
    """Form fields at cells (``at: 'Risk Register'!C3``): the value cell right of the label.

    When the label is not left of the declared cell on its row (rows were inserted above it),
    the label is looked for on the sheet and the cell right of it is read instead.
    """
    names = set(book.sheet_names)
    for f in fields:
        name, row, column = split_at(f.at)
        if name not in names:
            problems.append(ReadProblem("missing-field", sheet=name, value=f.header,
                                        detail=f"the {name} sheet holding {f.header!r} is "
                                               "missing"))
            continue
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if not _label_left_of(rows, row, column, f.header):
            found = _find_label(rows, f.header)
            if found is None:
                problems.append(ReadProblem(
                    "missing-field", sheet=name, value=f.header,
                    detail=f"the {name} sheet has no {f.header!r} label"))
                continue
            row, column = found[0], found[1] + 1
        raw = rows[row - 1][column] if row <= len(rows) and column < len(rows[row - 1]) else None
        value = _clean(raw)
        values[f.key] = value if f.is_date else _as_text(value)
        cells[f.key] = address(name, f"{column_letter(column)}{row}")


def _label(text: object) -> str:
    """A form label as compared: folded, without its trailing colon."""
    return _fold(str(text)).rstrip(": ").strip()


def _label_left_of(rows: list[list[object]], row: int, column: int, label: str) -> bool:
    """Whether the nearest text left of (row, column) is ``label``."""
    cells = rows[row - 1][:column] if row <= len(rows) else []
    texts = [v for v in cells if v not in ("", None)]
    return bool(texts) and _label(texts[-1]) == _label(label)


def _find_label(rows: list[list[object]], label: str) -> tuple[int, int] | None:
    """(1-based row, 0-based column) of the first cell holding ``label``."""
    wanted = _label(label)
    for number, cells in enumerate(rows[:HEADER_SEARCH_ROWS * 4], start=1):
        for index, value in enumerate(cells):
            if isinstance(value, str) and _label(value) == wanted:
                return number, index
    return None


def _map_headers(sheet: Sheet, header: list[object], problems: list[ReadProblem],
                 upgrade: Upgrade | None = None, at: int = layout.HEADER_ROW) -> dict[str, int]:
    """Declared key -> 0-based column index, matched by header text wherever the column is
    (and by the header an older template used, when ``upgrade`` declares a rename)."""
    wanted = {_fold(c.header): c for c in sheet.columns}
    if upgrade is not None:
        wanted.update({old: sheet.column(key)
                       for old, key in upgrade.renamed.get(sheet.name, {}).items()})
    added = set(upgrade.added.get(sheet.name, ())) if upgrade is not None else set()
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        if text in ("", None):
            continue
        column = wanted.get(_fold(str(text)))
        letter = column_letter(index)
        if column is None:
            problems.append(ReadProblem("extra-column", sheet=sheet.name,
                                        cell=address(sheet.name, f"{letter}{at}"),
                                        value=str(text)))
        elif column.key in found:
            problems.append(ReadProblem("duplicate-column", sheet=sheet.name,
                                        cell=address(sheet.name, f"{letter}{at}"),
                                        value=str(text)))
        else:
            found[column.key] = index
    for column in sheet.columns:
        if column.key not in found and column.key not in added:
            problems.append(ReadProblem("missing-column", sheet=sheet.name,
                                        cell=address(sheet.name, f"{at}:{at}"),
                                        value=column.header))
    return found


def _text_cell(value: object) -> object:
    """``_clean`` then ``_as_text``: a text column's cell as the team sees it."""
    if value.__class__ is str:
        return value.replace("\u00a0", " ").strip() or None
    return _as_text(_clean(value))


def _read_table(book: calamine.CalamineWorkbook, sheet: Sheet, problems: list[ReadProblem],
                found: SheetScan | None = None, upgrade: Upgrade | None = None,
                search: bool = False) -> SheetData:
    rows = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
    if found is not None and found.errors:
        rows = _with_errors(rows, found.errors)
    at = header_row(rows, sheet, search)
    header = rows[at - 1] if len(rows) >= at else []
    positions = _map_headers(sheet, list(header), problems, upgrade, at)
    body = rows[at:]
    width = len(header)
    if any(len(r) != width for r in body):
        body = [(list(r) + [None] * width)[:width] for r in body]
    by_column = list(zip(*body, strict=True)) if body else [() for _ in header]
    data: dict[str, list[object]] = {}
    for column in sheet.columns:
        index = positions.get(column.key)
        if index is None:
            continue
        raw = by_column[index]
        if column.is_date or column.type in ("number", "integer"):
            # _clean, inlined: this runs once per cell
            data[column.key] = [(v.replace("\u00a0", " ").strip() or None)
                                if v.__class__ is str else v for v in raw]
        else:
            data[column.key] = [(v.replace("\u00a0", " ").strip() or None)
                                if v.__class__ is str else _text_cell(v) for v in raw]
    first = at + 1
    kept: Sequence[int] = range(first, first + len(body)) if data else range(first, first)
    if data:
        empty = _empty_rows(list(data.values()))
        if empty:
            drop = set(empty)
            keep = [i for i in range(len(body)) if i not in drop]
            data = {key: [values[i] for i in keep] for key, values in data.items()}
            kept = [first + i for i in keep]
    letters = {key: column_letter(index) for key, index in positions.items()}
    if upgrade is not None and data:
        data = _upgrade_columns(sheet, data, len(kept), upgrade)
    return SheetData(sheet.name, data, kept, letters, at)


def _upgrade_columns(sheet: Sheet, data: dict[str, list[object]], length: int,
                     upgrade: Upgrade) -> dict[str, list[object]]:
    """An older template's columns as the current declaration has them: columns it did not
    have read as blank, values since replaced in a vocabulary read as their new term."""
    upgraded: dict[str, list[object]] = {}
    added = upgrade.added.get(sheet.name, ())
    for column in sheet.columns:
        values = data.get(column.key)
        if values is None:
            if column.key in added:
                upgraded[column.key] = [None] * length
            continue
        words = upgrade.values.get(column.vocab or "")
        if words:
            values = [words.get(_fold(v), v) if isinstance(v, str) else v for v in values]
        upgraded[column.key] = values
    return upgraded


def _with_errors(rows: list[list[object]], errors: dict[tuple[int, int], str]
                 ) -> list[list[object]]:
    """Put back the formula errors calamine reads as blank (``#DIV/0!``), for validation."""
    rows = [list(r) for r in rows]
    for (row, column), value in errors.items():
        if row < 1 or column < 0:
            continue
        while len(rows) < row:
            rows.append([])
        cells = rows[row - 1]
        if len(cells) <= column:
            cells.extend([""] * (column + 1 - len(cells)))
        cells[column] = value
    return rows


def _layout_warnings(book: calamine.CalamineWorkbook, tracker: Tracker,
                     scans: dict[str, SheetScan], sheets: dict[str, SheetData]
                     ) -> list[ReadProblem]:
    """Hidden template sheets, hidden data rows and columns, and merged cells: read, but worth a
    warning."""
    found: list[ReadProblem] = []
    states = {m.name: str(m.visible) for m in book.sheets_metadata}
    for name in [tracker.about_sheet, *(s.name for s in tracker.sheets)]:
        if name in states and "Hidden" in states[name]:
            found.append(ReadProblem(
                "hidden-sheet", sheet=name, cell=address(name, "A1"), value=name,
                detail=f"the {name} sheet is hidden; it was read all the same: unhide it "
                       "(right-click a sheet tab, Unhide) so that what you send is what you see"))
    for sheet in tracker.sheets:
        scan = scans.get(sheet.name)
        data = sheets.get(sheet.name)
        top = data.header_row if data is not None else layout.HEADER_ROW
        hidden = [r for r in (scan.hidden_rows if scan else []) if r > top]
        if hidden:
            shown = ", ".join(str(r) for r in hidden[:10]) + (" ..." if len(hidden) > 10 else "")
            found.append(ReadProblem(
                "hidden-rows", sheet=sheet.name,
                cell=address(sheet.name, f"{hidden[0]}:{hidden[0]}"), value=len(hidden),
                detail=f"{len(hidden)} hidden row(s) on {sheet.name} (rows {shown}) were read "
                       "all the same: unhide them or delete them if they are not meant to count"))
        found += _hidden_columns(sheet, scan, sheets.get(sheet.name))
        if sheet.name not in states:
            continue
        for start, end in book.get_sheet_by_name(sheet.name).merged_cell_ranges or []:
            if end[0] + 1 < top:
                continue
            where = (f"{column_letter(start[1])}{start[0] + 1}:"
                     f"{column_letter(end[1])}{end[0] + 1}")
            found.append(ReadProblem(
                "merged-cells", sheet=sheet.name, cell=address(sheet.name, where), value=where,
                detail=f"cells {where} on {sheet.name} are merged; only the first holds a value "
                       "and the others read as blank: unmerge them"))
    return found


def _hidden_columns(sheet: Sheet, scan: SheetScan | None, data: SheetData | None
                    ) -> list[ReadProblem]:
    """One warning naming the template's columns a team hid (their values are read all the same)."""
    if scan is None or data is None or not scan.hidden_columns:
        return []
    hidden = set(scan.hidden_columns)
    letters = {letter: key for key, letter in data.letters.items()}
    hit = [(letter, sheet.column(letters[letter]).header) for letter in
           (column_letter(i) for i in sorted(hidden)) if letter in letters]
    if not hit:
        return []
    names = ", ".join(f"{header} ({letter})" for letter, header in hit)
    return [ReadProblem(
        "hidden-columns", sheet=sheet.name, cell=address(sheet.name, f"{hit[0][0]}:{hit[0][0]}"),
        value=len(hit), detail=f"column(s) {names} on {sheet.name} are hidden; they were read all "
                               "the same: unhide them so that what you send is what you see")]


def _empty_rows(columns: list[list[object]]) -> list[int]:
    """Rows (0-based) blank in every column: only rows blank in the first are looked at."""
    candidates = [i for i, v in enumerate(columns[0]) if v is None]
    return [i for i in candidates if all(values[i] is None for values in columns)]


class _EachSheetOnce:
    """A python-calamine workbook whose sheets are parsed and converted once each, however
    often asked for.

    ``get_sheet_by_name`` parses the sheet's XML every time it is called, and ``to_python``
    converts every cell each time; reading a return asks for a sheet more than once (its
    fingerprint, form fields, values, then merged cells). ``known`` sheets were read
    already (``pcxl.excel.headeronly``) and are not parsed at all.
    """

    def __init__(self, book: calamine.CalamineWorkbook,
                 known: dict[str, ParsedSheet] | None = None):
        self._book = book
        self._sheets: dict[str, ParsedSheet] = dict(known or {})

    def __getattr__(self, name: str) -> object:
        return getattr(self._book, name)

    def get_sheet_by_name(self, name: str) -> ParsedSheet:
        if name not in self._sheets:
            self._sheets[name] = parsed_sheet(self._book.get_sheet_by_name(name))
        return self._sheets[name]


def read_book(book: calamine.CalamineWorkbook, path: Path, trackers: Iterable[Tracker],
              scans: dict[str, SheetScan] | None = None) -> ReturnData:
    """Read an open workbook (or anything with python-calamine's sheet interface) as a return.

    ``scans`` are what ``pcxl.excel.cellscan`` saw in the file's sheets (formula errors, hidden
    rows and columns), by sheet name; values given without a file have none. Raises
    UnreadableReturn when the workbook is no return pcxl can read.
    """
    tracker, version, upgrade = identify(book, trackers)
    problems: list[ReadProblem] = [] if upgrade is None else [
        _upgraded(tracker, version, upgrade)]
    names = set(book.sheet_names)
    scans = scans or {}
    about, about_cells = _read_about(book, tracker, problems, scans.get(tracker.about_sheet))
    sheets: dict[str, SheetData] = {}
    for sheet in tracker.sheets:
        if sheet.name not in names:
            problems.append(ReadProblem("missing-sheet", sheet=sheet.name,
                                        detail=f"the {sheet.name} sheet is missing"))
            continue
        sheets[sheet.name] = _read_table(book, sheet, problems, scans.get(sheet.name), upgrade,
                                         tracker.recognise == "layout")
    return ReturnData(path, tracker, version, about, about_cells, sheets, problems)


def read_return(path: Path | str, trackers: Iterable[Tracker],
                checked: Precheck | None = None) -> ReturnData:
    """Read one returned workbook; raises UnreadableReturn when it is not a usable return.

    ``checked`` is what ``pcxl.excel.precheck`` found ahead of time (its sheets already
    parsed, sometimes); without it the file is guarded and scanned here.
    """
    path = Path(path)
    checked = checked or precheck(path)
    book = (checked.book if checked.book is not None and checked.refusal is None
            else _EachSheetOnce(open_workbook(path, checked), checked.sheets))
    try:
        data = read_book(book, path, trackers, checked.scans)
        data.problems += _layout_warnings(book, data.tracker, checked.scans, data.sheets)
        return data
    except (calamine.CalamineError, calamine.XmlError, calamine.ZipError) as exc:
        raise UnreadableReturn(ReadProblem(
            "unreadable-file", detail=f"not a readable Excel workbook ({_reason(exc)})")) from exc
    finally:
        book.close()


def read_consolidated(path: Path | str, trackers: Iterable[Tracker]) -> Dataset:
    """Read a consolidated workbook written by ``pcxl.excel.write`` back into a Dataset."""
    path = Path(path)
    try:
        book = open_workbook(path)
    except UnreadableReturn as exc:
        raise InputError(f"{path}: {exc.problem.detail}") from None
    try:
        try:
            tracker = recognise(book, trackers)
        except UnreadableReturn as exc:
            raise InputError(
                f"{path}: not a consolidated workbook ({exc.problem.detail})") from None
        marker = {str(r[0]): r[1] for r in
                  book.get_sheet_by_name(MARKER_SHEET).to_python(skip_empty_area=False) if r}
        if marker.get("kind") != "consolidated":
            raise InputError(f"{path}: this is a return, not a consolidated workbook; "
                             "run pcxl consolidate first")
        frames = {}
        for sheet in tracker.sheets:
            headers = sheet_headers(sheet)
            frames[sheet.name] = _read_plain(book, sheet.name, {v: k for k, v in headers.items()},
                                             list(headers))
        returns = _read_plain(book, "Returns", {v: k for k, v in RETURNS_HEADERS.items()},
                              list(RETURNS_COLUMNS))
        about = {k.removeprefix("about."): v for k, v in marker.items()
                 if k.startswith("about.") and v not in ("", None)}
        changes = (_read_plain(book, "Changes", {v: k for k, v in CHANGES_HEADERS.items()},
                               list(CHANGES_HEADERS))
                   if "Changes" in book.sheet_names else None)
        return Dataset(tracker, frames, returns, period=str(marker.get("period") or ""),
                       programme=str(marker.get("programme") or ""), about=about, changes=changes)
    finally:
        book.close()


def _read_plain(book: calamine.CalamineWorkbook, name: str, keys_by_header: dict[str, str],
                order: list[str]) -> pd.DataFrame:
    rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    header = [keys_by_header.get(str(h), str(h)) for h in (rows[0] if rows else [])]
    records = [[_plain(v) for v in r] for r in rows[1:] if any(v not in ("", None) for v in r)]
    frame = pd.DataFrame(records, columns=header, dtype=object)
    for key in order:
        if key not in frame:
            frame[key] = None
    return frame[order]


def _plain(value: object) -> object:
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value
