"""What calamine does not tell: formula error cells, hidden rows and columns, in the sheet XML.

python-calamine reads a cell holding a formula error (``#DIV/0!``, ``#REF!``) as an empty
string, which would make a broken formula look like a blank cell. This scans the XML of the
sheets pcxl reads (already size-checked by ``pcxl.excel.guard``) with regular expressions only:
no XML parser, so no entities are expanded.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pcxl.excel.guard import Package

_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"', re.S)
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"', re.S)
_REL_REVERSED = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"', re.S)
_IN_CELL = rb'(?:(?!</c>|<c\b).)*?'  # within one cell: an error cell with no value matches nothing
_ERROR_CELL = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]+)([0-9]+)"[^>]*?\bt="e"[^>/]*>' + _IN_CELL + rb'<v>([^<]*)</v>', re.S)
_ERROR_CELL_T_FIRST = re.compile(
    rb'<c\b[^>]*?\bt="e"[^>]*?\br="([A-Z]+)([0-9]+)"[^>/]*>' + _IN_CELL + rb'<v>([^<]*)</v>', re.S)
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*>', re.S)
_ROW_NUMBER = re.compile(rb'\br="([0-9]+)"')
_HIDDEN_COLS = re.compile(rb'<col\b[^>]*?\bhidden="(?:1|true)"[^>]*>', re.S)
_COL_SPAN = (re.compile(rb'\bmin="([0-9]+)"'), re.compile(rb'\bmax="([0-9]+)"'))
_FAR_CELL = re.compile(rb'<c\b[^>]*?\sr="(?:[A-Z]{3,}[0-9]|[A-Z]+[0-9]{6,}")')  # past ZZ or 99999
# What _FAR_CELL matches, and a little more, found five times as fast (no look at each tag):
# the exact pattern runs only on the rare sheet this finds something in.
_MAYBE_FAR = re.compile(rb'r="(?:[A-Z]{3}|[A-Z]{1,2}[0-9]{6})')
_CELL_REF = re.compile(rb'<c\b[^>]*?\sr="([A-Z]+)([0-9]+)"')


@dataclass
class SheetScan:
    """Formula errors by (Excel row, 0-based column), the numbers of hidden rows and the
    0-based indexes of hidden columns."""

    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[int] = field(default_factory=list)
    far_cell: tuple[str, int] | None = None  # (reference, cells spanned) of a cell far out


def column_index(letters: str) -> int:
    """0-based column index of Excel column letters (A -> 0, AB -> 27)."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def sheet_parts(workbook: bytes, rels: bytes) -> dict[str, str]:
    """Sheet name -> its part in the zip, from workbook.xml and its relationships."""
    targets = {rid: target for rid, target in _REL.findall(rels)}
    targets.update({rid: target for target, rid in _REL_REVERSED.findall(rels)})
    parts = {}
    for name, rid in _SHEET.findall(workbook):
        target = targets.get(rid)
        if target is None:
            continue
        text = target.decode("utf-8", "replace")
        part = text.lstrip("/") if text.startswith("/") else posixpath.normpath(
            posixpath.join("xl", text))
        parts[html.unescape(name.decode("utf-8", "replace"))] = part
    return parts


def scan(data: bytes) -> SheetScan:
    """Formula errors and hidden rows in one sheet's XML."""
    result = SheetScan()
    cells = _cells(data)
    if _holds(data, b't="e"', 3, cells):
        for pattern in (_ERROR_CELL, _ERROR_CELL_T_FIRST):
            for letters, row, value in pattern.findall(data):
                result.errors[(int(row), column_index(letters.decode()))] = (
                    html.unescape(value.decode("utf-8", "replace")))
    if _maybe_far(data, cells) and _FAR_CELL.search(data):
        result.far_cell = _farthest(data)
    if _holds(data, b"hidden=", 0, cells):
        for tag in _HIDDEN_ROW.findall(data):
            number = _ROW_NUMBER.search(tag)
            if number:
                result.hidden_rows.append(int(number.group(1)))
        for tag in _HIDDEN_COLS.findall(data):
            low, high = (pattern.search(tag) for pattern in _COL_SPAN)
            if low and high:
                first, last = int(low.group(1)), min(int(high.group(1)), 16_384)
                result.hidden_columns.extend(range(first - 1, last))
    return result


def _cells(data: bytes) -> tuple[int, int] | None:
    """Where a sheet's cells (within ``<sheetData>``) start and end, if it has them."""
    tag, end = data.find(b"<sheetData"), data.rfind(b"</sheetData>")
    start = data.find(b">", tag) + 1 if tag >= 0 else 0
    return (start, end) if 0 < start <= end else None


def _holds(data: bytes, needle: bytes, at: int, cells: tuple[int, int] | None) -> bool:
    """``needle in data``, answered faster for a tracker's sheet: among the cells, where the
    template's empty styled rows are most of the XML, the search starts at the first
    occurrence of the needle's letter at ``at`` (memchr), which those rows hold none of
    (``e`` of ``t="e"``, ``h`` of ``hidden=``; a shared string cell holds neither)."""
    if cells is None:
        return needle in data
    start, end = cells
    # '>' stands before start, '<' at end, and neither needle holds them: none spans either
    if data.find(needle, 0, start) >= 0 or data.find(needle, end) >= 0:
        return True
    first = data.find(needle[at:at + 1], start, end)
    return first >= 0 and data.find(needle, max(start, first - at), end) >= 0


def _maybe_far(data: bytes, cells: tuple[int, int] | None) -> bool:
    """Whether ``_MAYBE_FAR`` matches in ``data``, looked for in a third of the time: in the
    cells (``<sheetData>``, nearly all of a sheet) it can only match where three capital
    letters or six digits stand in a row, which a few vectorised comparisons rule out for a
    tracker's sheet (cell references are a letter or two and a few digits); the pattern itself
    runs on the rest, and on the cells only where they have such a run."""
    if cells is None:
        return _MAYBE_FAR.search(data) is not None
    start, end = cells
    # '>' stands before start, '<' at end, and the pattern holds neither: no match spans
    if _MAYBE_FAR.search(data, 0, start) or _MAYBE_FAR.search(data, end):
        return True
    return _has_run(data, start, end) and _MAYBE_FAR.search(data, start, end) is not None


def _has_run(data: bytes, start: int, end: int) -> bool:
    """Three capital letters or six digits in a row within ``data[start:end]``."""
    if end - start < 3:
        return False
    import numpy as np  # here, not above: the read-ahead worker is forked before numpy loads

    values = np.frombuffer(data, np.uint8, end - start, start)
    upper = (values - np.uint8(ord("A"))) < 26
    if (upper[:-2] & upper[1:-1] & upper[2:]).any():
        return True
    digit = (values - np.uint8(ord("0"))) < 10
    run = digit[:-5] & digit[1:-4]
    for shift in (2, 3, 4, 5):
        run &= digit[shift:len(digit) - 5 + shift]
    return bool(run.any())


def scan_sheets(path: Path, names: Iterable[str] | None, package: Package | None = None
                ) -> dict[str, SheetScan]:
    """Scan the named sheets of a workbook (every sheet when ``names`` is None); a sheet that
    cannot be found or read is left out.

    ``package`` holds parts the guard has unpacked already; the rest are read from the file.
    """
    parts = package.parts if package is not None else {}
    found: dict[str, SheetScan] = {}
    archive: zipfile.ZipFile | None = None

    def part(name: str) -> bytes:
        nonlocal archive
        if name in parts:
            return parts[name]
        if archive is None:
            archive = zipfile.ZipFile(path)
        return archive.read(name)

    try:
        where = sheet_parts(part("xl/workbook.xml"), part("xl/_rels/workbook.xml.rels"))
        for name in where if names is None else names:
            if name in where:
                try:
                    found[name] = scan(part(where[name]))
                except KeyError:
                    continue
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return found
    finally:
        if archive is not None:
            archive.close()
    return found


def _farthest(data: bytes) -> tuple[str, int]:
    """The cell farthest down and across, and the cells of the range from A1 to it (what a
    reader allocates for the sheet); only worked out for sheets with a cell far out."""
    rows, columns = 1, 1
    far = "A1"
    for letters, row in _CELL_REF.findall(data):
        column = column_index(letters.decode()) + 1
        if int(row) * column > rows * columns:
            far = f"{letters.decode()}{int(row)}"
        rows, columns = max(rows, int(row)), max(columns, column)
    return far, rows * columns
