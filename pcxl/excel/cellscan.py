"""What calamine does not tell: formula error cells and hidden rows, found in the sheet XML.

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


@dataclass
class SheetScan:
    """Formula errors by (Excel row, 0-based column) and the numbers of hidden rows."""

    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: list[int] = field(default_factory=list)


def column_index(letters: str) -> int:
    """0-based column index of Excel column letters (A -> 0, AB -> 27)."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the zip, from workbook.xml and its relationships."""
    workbook = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
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
    if b't="e"' in data:
        for pattern in (_ERROR_CELL, _ERROR_CELL_T_FIRST):
            for letters, row, value in pattern.findall(data):
                result.errors[(int(row), column_index(letters.decode()))] = (
                    html.unescape(value.decode("utf-8", "replace")))
    if b"hidden=" in data:
        for tag in _HIDDEN_ROW.findall(data):
            number = _ROW_NUMBER.search(tag)
            if number:
                result.hidden_rows.append(int(number.group(1)))
    return result


def scan_sheets(path: Path, names: Iterable[str]) -> dict[str, SheetScan]:
    """Scan the named sheets of a workbook; a sheet that cannot be found or read is left out."""
    found: dict[str, SheetScan] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive)
            for name in names:
                part = parts.get(name)
                if part is None:
                    continue
                try:
                    found[name] = scan(archive.read(part))
                except KeyError:
                    continue
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return found
    return found
