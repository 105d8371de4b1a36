"""The words a return's dropdowns offer, read fast: for checking an adopted tracker's lists.

openpyxl would parse every cell of every sheet to find a workbook's data validations. Here only
what a dropdown needs is read: each sheet's ``<dataValidations>`` block (found at the end of its
XML, not parsed with the cells), the defined names in ``workbook.xml``, the Excel tables'
ranges, and, with python-calamine, the values of the sheets the lists point at.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import python_calamine as calamine
from lxml import etree

from pcxl.declaration import Tracker
from pcxl.excel.blank import PKG_REL, sheet_parts
from pcxl.excel.read import ReadProblem, SheetData, address
from pcxl.vocab import fold

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_INDIRECT = re.compile(r'^INDIRECT\(\s*"([^"]+)"\s*\)$', re.IGNORECASE)
_TABLE_REF = re.compile(r"^([A-Za-z_][\w.]*)(?:\[(?:\[#Data\],)?\[?([^\]]+)\]?\])?$")
_RANGE = re.compile(
    r"^(?:('(?:[^']|'')+'|[^'!(),\s]+)!)?\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


@dataclass(frozen=True)
class ListSource:
    """A dropdown's words and where they come from: its formula as written, the defined name or
    table it names (if any), and the sheet holding the words ("" for a typed list)."""

    formula: str
    words: list[str]
    name: str = ""
    sheet: str = ""
    resolved: bool = True  # False: a formula pcxl cannot follow (OFFSET, another workbook ...)


def list_validations(path: Path, sheets: Collection[str] | None = None
                     ) -> dict[str, dict[int, ListSource]]:
    """Sheet -> 1-based column -> the list validation over it (of ``sheets``, default all).

    A list pcxl cannot resolve (a formula other than a range, a name or ``INDIRECT`` of one) has
    no words and ``resolved`` False; a file that cannot be read gives nothing (reading it
    reports why).
    """
    try:
        with zipfile.ZipFile(path) as book:
            parts = sheet_parts(book)
            names = _defined_names(book)
            tables = _tables(book, parts)
            wanted = parts if sheets is None else [n for n in sheets if n in parts]
            lists = {name: _lists(book, parts[name]) for name in wanted}
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError):
        return {}
    found: dict[str, dict[int, ListSource]] = {}
    values = _Values(path)
    try:
        for sheet, validations in lists.items():
            for formula, columns in validations:
                source = (_source(formula, sheet, names, tables, values)
                          or ListSource(formula.strip().removeprefix("="), [], resolved=False))
                for column in columns:
                    found.setdefault(sheet, {}).setdefault(column, source)
    except calamine.CalamineError:
        return {}
    finally:
        values.close()
    return found


def dropdown_drift(path: Path, tracker: Tracker, sheets: dict[str, SheetData]
                   ) -> list[ReadProblem]:
    """A warning for each dropdown of a return offering words its column's vocabulary does not
    declare (the office lengthened a list): values using them are still errors, never accepted
    silently, until a person adds them to the declaration."""
    found = list_validations(path, [s.name for s in tracker.sheets])
    problems = []
    for sheet in tracker.sheets:
        data = sheets.get(sheet.name)
        if data is None:
            continue
        for column in sheet.columns:
            letter = data.letters.get(column.key)
            if not column.vocab or not letter:
                continue
            dropdown = found.get(sheet.name, {}).get(column_number(letter))
            declared = set(tracker.vocabulary(column.vocab).lookup)
            new = [w for w in (dropdown.words if dropdown else []) if fold(w) not in declared]
            if new:
                where = address(sheet.name, f"{letter}{data.header_row}")
                problems.append(ReadProblem(
                    "dropdown-changed", sheet=sheet.name, cell=where, value=", ".join(new),
                    detail=f"the {column.header} dropdown offers {', '.join(map(repr, new))}, "
                           f"which the {tracker.name} tracker does not declare: returns using "
                           f"{'them' if len(new) > 1 else 'it'} are reported as errors until "
                           f"the programme office adds {'them' if len(new) > 1 else 'it'} to "
                           f"vocabulary {column.vocab!r}"))
    return problems


_VALIDATION = re.compile(rb"<(?:\w+:)?dataValidation\b([^>]*)>(.*?)</(?:\w+:)?dataValidation>",
                         re.DOTALL)
_FORMULA = re.compile(rb"<(?:\w+:)?formula1>(.*?)</(?:\w+:)?formula1>", re.DOTALL)
_ATTRIBUTE = re.compile(rb'\b(type|sqref)="([^"]*)"')


def _lists(book: zipfile.ZipFile, part: str) -> list[tuple[str, list[int]]]:
    """(formula, columns) of each list validation of a sheet, from its dataValidations block
    (found from the end of the sheet's XML, which it follows, so the cells are never parsed)."""
    xml = book.read(part)
    start = max(xml.rfind(b"<dataValidations"), xml.rfind(b":dataValidations "))
    if start < 0:
        return []
    found = []
    for attributes, body in _VALIDATION.findall(xml, start):
        attrs = {k.decode(): v.decode() for k, v in _ATTRIBUTE.findall(attributes)}
        formula = _FORMULA.search(body)
        if attrs.get("type") != "list" or formula is None:
            continue
        columns: set[int] = set()
        for ref in attrs.get("sqref", "").split():
            matched = _RANGE.match(ref)
            if matched:
                first = column_number(matched.group(2))
                columns.update(range(first, column_number(matched.group(4) or matched.group(2))
                                     + 1))
        found.append((html.unescape(formula.group(1).decode()), sorted(columns)))
    return found


def _defined_names(book: zipfile.ZipFile) -> dict[str, str]:
    root = etree.fromstring(book.read("xl/workbook.xml"))
    return {dn.get("name", "").casefold(): (dn.text or "")
            for dn in root.iterfind(".//m:definedName", _NS)}


def _tables(book: zipfile.ZipFile, parts: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Table name (folded) -> (sheet, ref), for the Excel tables of every sheet."""
    found = {}
    for sheet, part in parts.items():
        posix = PurePosixPath(part)
        rels = f"{posix.parent}/_rels/{posix.name}.rels"
        if rels not in book.namelist():
            continue
        for rel in etree.fromstring(book.read(rels)).iter(f"{{{PKG_REL}}}Relationship"):
            if not rel.get("Type", "").endswith("/table"):
                continue
            target = str(PurePosixPath(posix.parent, rel.get("Target", "")))
            target = str(PurePosixPath(*_normalise(target.split("/"))))
            if target in book.namelist():
                table = etree.fromstring(book.read(target))
                for key in (table.get("name"), table.get("displayName")):
                    if key:
                        found[key.casefold()] = (sheet, table.get("ref", ""))
    return found


def _normalise(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if part == "..":
            out.pop()
        elif part and part != ".":
            out.append(part)
    return out


class _Values:
    """Sheet values read with python-calamine on first use, each sheet once."""

    def __init__(self, path: Path):
        self.path = path
        self.book: calamine.CalamineWorkbook | None = None
        self.rows: dict[str, list[list[object]]] = {}

    def _open(self) -> calamine.CalamineWorkbook:
        if self.book is None:
            self.book = calamine.CalamineWorkbook.from_path(str(self.path))
        return self.book

    def has(self, sheet: str) -> bool:
        return sheet in self._open().sheet_names

    def of(self, sheet: str) -> list[list[object]]:
        if sheet not in self.rows:
            self.rows[sheet] = (self._open().get_sheet_by_name(sheet).to_python(
                skip_empty_area=False) if self.has(sheet) else [])
        return self.rows[sheet]

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


def _source(formula: str, sheet: str, names: dict[str, str],
            tables: dict[str, tuple[str, str]], values: _Values) -> ListSource | None:
    """The words a list validation's formula offers (None when pcxl cannot tell)."""
    text = formula.strip().removeprefix("=")
    if text.startswith('"') and text.endswith('"'):
        return ListSource(text, [w.strip() for w in text[1:-1].split(",") if w.strip()])
    indirect = _INDIRECT.match(text)
    target = indirect.group(1) if indirect else text
    name = target if target.casefold() in names else ""
    if name:
        target = names[target.casefold()].removeprefix("=")
    table = _TABLE_REF.match(target)
    if table and table.group(1).casefold() in tables:
        owner, ref = tables[table.group(1).casefold()]
        words = _table_words(values.of(owner), ref, (table.group(2) or "").strip("[]# "))
        return ListSource(text, words, name or table.group(1), owner) if words is not None \
            else None
    matched = _RANGE.match(target.strip())
    if not matched:
        return None
    owner = (matched.group(1) or sheet).strip("'").replace("''", "'")
    if not values.has(owner):
        return None
    first_col, last_col, first_row, last_row = _bounds(matched)
    rows = values.of(owner)[first_row - 1:last_row]
    return ListSource(text, distinct_words(v for r in rows for v in r[first_col - 1:last_col]),
                      name, owner)


def _table_words(rows: list[list[object]], ref: str, column: str) -> list[str] | None:
    matched = _RANGE.match(ref)
    if not matched:
        return None
    first_col, last_col, first_row, last_row = _bounds(matched)
    header = [str(v).strip() for v in (rows[first_row - 1][first_col - 1:last_col]
                                       if len(rows) >= first_row else [])]
    index = first_col - 1 + (header.index(column) if column in header else 0)
    return distinct_words(r[index] for r in rows[first_row:last_row] if len(r) > index)


def _bounds(matched: re.Match) -> tuple[int, int, int, int]:
    """(first column, last column, first row, last row) of a matched A1 range."""
    return (column_number(matched.group(2)), column_number(matched.group(4) or matched.group(2)),
            int(matched.group(3)), int(matched.group(5) or matched.group(3)))


def distinct_words(values: Iterable[object]) -> list[str]:
    """Distinct non-blank values as text, in order (7.0 as 7)."""
    words: list[str] = []
    for value in values:
        if value is None or str(value).strip() == "":
            continue
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        if text.strip() not in words:
            words.append(text.strip())
    return words


def column_number(letters: str) -> int:
    """1-based column number of Excel column letters (A -> 1, AB -> 28)."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number
