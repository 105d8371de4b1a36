"""A sheet with nothing below its first few rows (a table sheet left blank below its header),
read from the XML the guard unpacked, so python-calamine never parses it.

Regions leave whole table sheets blank (Objectives, Programmes), and python-calamine spends
about as long on a blank template sheet as on a full one: most of its XML is the template's
styled empty input rows. Whether anything lies below the first ``FEW_ROWS`` rows takes a
search for three letters (``_values_between``); what lies above is a few cells. Only plain text
cells are read here (what a header row holds); anything else (numbers, dates, formulas, rich
text, merged cells, escaped characters) leaves the sheet to python-calamine, so the values are
exactly what ``to_python(skip_empty_area=False)`` gives. The guard unpacked every sheet and the
shared strings already, so this costs the worker a fraction of what the parse would.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from pcxl.excel.cellscan import column_index, sheet_parts
from pcxl.excel.guard import Package
from pcxl.excel.parsed import ParsedSheet

FEW_ROWS = 10  # a sheet whose values all lie in its first rows up to this one is read here
_ROW = re.compile(rb'<row\b[^>]*?\br="([0-9]+)"')
_CELL = re.compile(rb'<c\b([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]+)"')
_SHARED = re.compile(rb'\bt="s"')
_VALUE = re.compile(rb'<v>([0-9]+)</v>')
_TEXT = re.compile(rb'<t(?: xml:space="preserve")?>([^<]+)</t></si>')
_INLINE_TYPE = re.compile(rb'\bt="inlineStr"')
_INLINE = re.compile(rb'<is><t(?: xml:space="preserve")?>([^<]+)</t></is>')
_ENTITY = re.compile(r'&(amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});')
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_STRINGS_TYPE = re.compile(
    rb'<Relationship\b[^>]*?/sharedStrings"[^>]*?\bTarget="([^"]*)"'
    rb'|<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?/sharedStrings"', re.S)


def header_only_sheets(package: Package, names: Collection[str]) -> dict[str, ParsedSheet]:
    """The sheets among ``names`` with values in their first few rows only, read from the
    parts the guard kept; a sheet not kept, or holding anything but plain text there, is left
    out (python-calamine reads it)."""
    parts = package.parts
    workbook, rels = parts.get("xl/workbook.xml"), parts.get("xl/_rels/workbook.xml.rels")
    if not workbook or not rels or not names:
        return {}
    where = sheet_parts(workbook, rels)
    strings = _shared_strings(parts, rels)
    found = {}
    for name in names:
        data = parts.get(where.get(name, ""))
        if data is not None:
            sheet = header_only(data, strings)
            if sheet is not None:
                found[name] = sheet
    return found


def _shared_strings(parts: dict[str, bytes], rels: bytes) -> bytes | None:
    """The shared strings part, if the guard kept it."""
    match = _STRINGS_TYPE.search(rels)
    if match is None:
        return None
    target = (match.group(1) or match.group(2)).decode("utf-8", "replace")
    return parts.get(target.lstrip("/") if target.startswith("/") else f"xl/{target}")


def header_only(data: bytes, strings: bytes | None) -> ParsedSheet | None:
    """One sheet's rows as python-calamine gives them, when its values all lie in its first
    ``FEW_ROWS`` rows and are plain text; None otherwise."""
    start = data.find(b"<sheetData>")
    end = data.rfind(b"</sheetData>")
    if start < 0 or end < start or b"<mergeCell" in data[end:]:
        return None
    boundary, at = end, start
    for _ in range(FEW_ROWS + 1):
        at = data.find(b"<row", at + 1, end)
        if at < 0:
            break
        row = _ROW.match(data, at)
        if row is None:
            return None
        if int(row.group(1)) > FEW_ROWS:
            boundary = at
            break
    if _values_between(data, boundary, end):
        return None
    cells: dict[tuple[int, int], int | bytes] = {}
    for attributes, body in _CELL.findall(data, start, boundary):
        if not body:
            continue
        ref = _REF.search(attributes)
        shared = _VALUE.fullmatch(body) if _SHARED.search(attributes) else None
        inline = _INLINE.fullmatch(body) if _INLINE_TYPE.search(attributes) else None
        if ref is None or (shared or inline) is None:
            return None
        cells[(int(ref.group(2)), column_index(ref.group(1).decode()))] = (
            int(shared.group(1)) if shared else inline.group(1))
    texts = _texts(strings, {v for v in cells.values() if isinstance(v, int)}) if cells else None
    if texts is None:
        return None
    rows = [[""] * (max(column for _, column in cells) + 1)
            for _ in range(max(row for row, _ in cells))]
    for (row, column), value in cells.items():
        text = texts[value] if isinstance(value, int) else _plain(value)
        if text is None:
            return None
        rows[row - 1][column] = text
    return ParsedSheet(rows, [])


def _values_between(data: bytes, start: int, end: int) -> bool:
    """Whether any cell between ``start`` and ``end`` holds a value, inline text or formula
    (``<v>``, ``<is>``, ``<f>``). The template's empty styled rows hold none of the letters v,
    i and f, so a search for each letter alone (memchr, far faster than for a tag) answers;
    where a letter is found, the search for its tag from there decides."""
    for letter, tag in ((b"v", b"<v"), (b"i", b"<is"), (b"f", b"<f")):
        at = data.find(letter, start, end)
        if at >= 0 and data.find(tag, at - 1, end) >= 0:
            return True
    return False


def _texts(strings: bytes | None, wanted: set[int]) -> dict[int, str | None] | None:
    """The shared strings at ``wanted`` positions (None for any not plain text); None when
    there are no shared strings to look in."""
    if not wanted:
        return {}
    if strings is None:
        return None
    pieces = strings.split(b"<si>", max(wanted) + 2)
    texts: dict[int, str | None] = {}
    for index in wanted:
        match = _TEXT.match(pieces[index + 1]) if index + 1 < len(pieces) else None
        texts[index] = _plain(match.group(1)) if match else None
    return texts


def _plain(text: bytes) -> str | None:
    """A text element's content as python-calamine reads it; None for what it alone should
    read (a carriage return, an escaped character such as ``_x000D_``, an odd reference)."""
    if b"\r" in text:
        return None
    try:
        plain = text.decode("utf-8")
        if "&" in plain:
            if "&" in _ENTITY.sub("", plain):
                return None
            plain = _ENTITY.sub(_entity, plain)
    except (UnicodeError, ValueError):
        return None
    return None if "_x" in plain or "\r" in plain else plain


def _entity(match: re.Match) -> str:
    name = match.group(1)
    if name[0] != "#":
        return _ENTITIES[name]
    code = int(name[2:], 16) if name[1] == "x" else int(name[1:])
    if code in (0xD,) or not (0x9 <= code <= 0x10FFFF) or 0xD800 <= code <= 0xDFFF:
        raise ValueError(f"character {code} left to python-calamine")
    return chr(code)
