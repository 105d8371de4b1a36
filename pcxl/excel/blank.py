"""A clean blank of an adopted tracker: the office's own workbook with its entries cleared.

The original is copied part by part and only the cells teams fill in are emptied (the declared
columns below each header row, and the form fields' value cells), so everything else stays as
the office made it: titles, merged cells, styles, dropdowns, the lookup sheet, named ranges,
tables and charts. Formulas are kept (their cached results dropped); text no cell uses any more
is removed from the shared strings, so no entry of the original travels in the blank.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from lxml import etree

from pcxl.declaration import Tracker, split_at
from pcxl.errors import InputError
from pcxl.excel.read import column_letter
from pcxl.files import atomic_output

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_REF = re.compile(r"([A-Z]+)([0-9]+)")
_NS = {"m": MAIN}


def write_blank(tracker: Tracker, output: Path) -> Path:
    """Write the adopted ``tracker``'s own workbook with its input cells emptied to ``output``."""
    original = tracker.original_workbook
    if original is None or not original.is_file():
        raise InputError(f"tracker {tracker.name!r}: its workbook {original} is missing; put "
                         "the office's own workbook there (pcxl adopt keeps a copy)")
    with zipfile.ZipFile(original) as source:
        parts = sheet_parts(source)
        clear: dict[str, tuple[int, set[str], set[str]]] = {}
        for sheet in tracker.sheets:
            if sheet.name in parts:
                letters = _declared_letters(source, parts[sheet.name], sheet)
                clear[parts[sheet.name]] = (sheet.header_row or 1, letters, set())
        for field in tracker.about:
            if field.at:
                name, row, column = split_at(field.at)
                if name in parts:
                    cells = clear.setdefault(parts[name], (10**7, set(), set()))[2]
                    cells.add(f"{column_letter(column)}{row}")
        trees = {part: _cleared(source.read(part), *spec) for part, spec in clear.items()}
        strings = _shared_strings_part(source)
        if strings:
            trees.update(_prune_strings(source, strings, parts.values(), trees))
        with atomic_output(output) as pending, zipfile.ZipFile(
                pending, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = (etree.tostring(trees[info.filename], xml_declaration=True,
                                       encoding="UTF-8", standalone=True)
                        if info.filename in trees else source.read(info.filename))
                target.writestr(info, data)
    return output


def sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the package (``xl/worksheets/sheet1.xml``)."""
    workbook = etree.fromstring(book.read("xl/workbook.xml"))
    rels = etree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{PKG_REL}}}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{REL}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else str(
            PurePosixPath("xl") / target)
        parts[sheet.get("name")] = path
    return parts


def _declared_letters(book: zipfile.ZipFile, part: str, sheet) -> set[str]:
    """The column letters of the sheet's declared headers on its header row."""
    tree = etree.fromstring(book.read(part))
    strings = _strings(book)
    wanted = {c.header.strip().casefold() for c in sheet.columns}
    header = sheet.header_row or 1
    letters = set()
    for cell in tree.iterfind(f".//m:row[@r='{header}']/m:c", _NS):
        text = _cell_text(cell, strings)
        if text is not None and text.strip().casefold() in wanted:
            letters.add(_REF.match(cell.get("r")).group(1))
    return letters


def _cleared(xml: bytes, header: int, letters: set[str], cells: set[str]) -> etree._Element:
    """The sheet with values gone below ``header`` in ``letters``, and in ``cells``."""
    tree = etree.fromstring(xml)
    for cell in tree.iterfind(".//m:sheetData/m:row/m:c", _NS):
        ref = cell.get("r") or ""
        found = _REF.match(ref)
        if not found:
            continue
        below = found.group(1) in letters and int(found.group(2)) > header
        if below or ref in cells:
            for child in list(cell):
                if child.tag != f"{{{MAIN}}}f":
                    cell.remove(child)
            if cell.find("m:f", _NS) is None:
                cell.attrib.pop("t", None)
    return tree


def _shared_strings_part(book: zipfile.ZipFile) -> str:
    return "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in book.namelist() else ""


def _strings(book: zipfile.ZipFile) -> list[str]:
    part = _shared_strings_part(book)
    if not part:
        return []
    root = etree.fromstring(book.read(part))
    return ["".join(si.itertext()) for si in root.iterfind("m:si", _NS)]


def _cell_text(cell: etree._Element, strings: list[str]) -> str | None:
    kind = cell.get("t")
    if kind == "s":
        value = cell.find("m:v", _NS)
        return strings[int(value.text)] if value is not None and value.text else None
    if kind == "inlineStr":
        return "".join(cell.find("m:is", _NS).itertext()) if cell.find("m:is", _NS) is not None \
            else None
    value = cell.find("m:v", _NS)
    return value.text if value is not None else None


def _prune_strings(book: zipfile.ZipFile, part: str, sheets, trees: dict
                   ) -> dict[str, etree._Element]:
    """The shared strings no cell uses any more removed, every sheet's indices renumbered."""
    every = {p: trees.get(p) if p in trees else etree.fromstring(book.read(p))
             for p in sheets if p in book.namelist()}
    used: list[int] = []
    for tree in every.values():
        for value in tree.iterfind(".//m:c[@t='s']/m:v", _NS):
            used.append(int(value.text))
    keep = sorted(set(used))
    renumber = {old: new for new, old in enumerate(keep)}
    root = etree.fromstring(book.read(part))
    items = root.findall("m:si", _NS)
    for index, item in enumerate(items):
        if index not in renumber:
            root.remove(item)
    root.set("count", str(len(used)))
    root.set("uniqueCount", str(len(keep)))
    for tree in every.values():
        for value in tree.iterfind(".//m:c[@t='s']/m:v", _NS):
            value.text = str(renumber[int(value.text)])
    return {part: root, **every}
