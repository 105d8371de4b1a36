"""Read a workbook (pcxl's or any other) into the facts an accessibility check needs
(``pcxl.access.facts``): its title, each sheet's tables, merged cells, charts and pictures with
their alternative text, and the text/fill pairs its cells show (their own fill, or a
conditional format's).

Colours: an explicit ARGB, or a theme colour from the workbook's theme (SpreadsheetML numbers
them lt1, dk1, lt2, dk2, accent1...); a font with no colour is black, a cell with no fill shows
white. Charts and pictures are read from the drawing parts themselves, where their alternative
text is kept (openpyxl does not keep it).
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles.colors import Color
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pcxl.access import facts
from pcxl.errors import InputError

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4",
                "accent5", "accent6", "hlink", "folHlink")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
BLACK, WHITE = "000000", "FFFFFF"


def _theme(book: Workbook) -> dict[int, str]:
    """Theme colour index -> hex, from the workbook's theme part."""
    if not book.loaded_theme:
        return {}
    root = etree.fromstring(book.loaded_theme, _PARSER)
    scheme = root.find(f".//{_A}clrScheme")
    found: dict[str, str] = {}
    for slot in scheme if scheme is not None else ():
        value = next(iter(slot), None)
        if value is not None:
            hex_colour = value.get("val") if value.tag == f"{_A}srgbClr" else value.get("lastClr")
            if hex_colour:
                found[etree.QName(slot).localname] = hex_colour.upper()
    return {i: found[name] for i, name in enumerate(_THEME_ORDER) if name in found}


def _hex(colour: Color | None, theme: dict[int, str]) -> str | None:
    """The hex of an openpyxl colour (ARGB or theme), or None when it has none."""
    if colour is None:
        return None
    if colour.type == "rgb" and isinstance(colour.rgb, str) and len(colour.rgb) in (6, 8):
        return colour.rgb[-6:].upper()  # Excel ignores the alpha openpyxl writes as 00
    if colour.type == "theme":
        return theme.get(colour.theme)
    return None


def _fill(fill, theme: dict[int, str]) -> str | None:
    if fill is None or getattr(fill, "fill_type", None) != "solid":
        return None
    return _hex(fill.fgColor, theme) or _hex(fill.bgColor, theme)


def _cell_pair(cell: Cell, theme: dict[int, str]) -> facts.Cell | None:
    font = cell.font
    fill = _fill(cell.fill, theme)
    colour = _hex(font.color, theme) if font is not None else None
    if fill is None and colour is None:
        return None
    return facts.Cell(cell.coordinate, colour or BLACK, fill or WHITE,
                      float(font.sz) if font is not None and font.sz else None,
                      bool(font is not None and font.b), str(cell.value))


def _conditional(sheet: Worksheet, theme: dict[int, str]) -> list[facts.Cell]:
    """The text/fill pair of each conditional format that sets a fill."""
    pairs = []
    for ranges in sheet.conditional_formatting:
        for rule in ranges.rules:
            dxf = rule.dxf
            fill = dxf.fill if dxf is not None else None
            colour = None
            if fill is not None and getattr(fill, "fill_type", None) in ("solid", None):
                colour = _hex(fill.bgColor, theme) or _hex(fill.fgColor, theme)
            if colour is None:
                continue
            first = str(ranges.sqref).split()[0]
            min_col, min_row, _, _ = range_boundaries(first)
            cell = sheet.cell(min_row, min_col)
            text = _hex(dxf.font.color, theme) if dxf.font is not None else None
            text = text or _hex(cell.font.color, theme) or BLACK
            bold = bool((dxf.font is not None and dxf.font.b) or cell.font.b)
            pairs.append(facts.Cell(f"{first} (conditional format)", text, colour,
                                    float(cell.font.sz) if cell.font.sz else None, bold))
    return pairs


def _overlaps(a: str, b: str) -> bool:
    a0, a1, a2, a3 = range_boundaries(a)
    b0, b1, b2, b3 = range_boundaries(b)
    return a0 <= b2 and b0 <= a2 and a1 <= b3 and b1 <= a3


def _merged_in_data(sheet: Worksheet) -> list[str]:
    """Merged ranges inside data: overlapping a table or the sheet's filtered range (not the
    merged headings of an instructions or form sheet)."""
    data = [t.ref for t in sheet.tables.values()]
    data += [sheet.auto_filter.ref] if sheet.auto_filter.ref else []
    return [str(r) for r in sheet.merged_cells.ranges
            if any(_overlaps(str(r), ref) for ref in data)]


def _tables(sheet: Worksheet) -> list[facts.DataTable]:
    found = []
    for table in sheet.tables.values():
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        header = table.headerRowCount != 0
        first = min_row + (1 if header else 0)
        last = max_row - (table.totalsRowCount or 0)
        blank = tuple(row[0].row for row in sheet.iter_rows(first, last, min_col, max_col)
                      if all(c.value in (None, "") for c in row)) if last > first else ()
        found.append(facts.DataTable(table.displayName or table.name, table.ref, header, blank))
    return found


def _drawings(package: zipfile.ZipFile, sheet_part: str) -> list[tuple[str, str, str]]:
    """(kind, name, alt text) of each chart and picture on the sheet whose part is given."""
    rels = posixpath.join(posixpath.dirname(sheet_part), "_rels",
                          posixpath.basename(sheet_part) + ".rels")
    if rels not in package.namelist():
        return []
    found = []
    for rel in etree.fromstring(package.read(rels), _PARSER).iter(f"{_REL}Relationship"):
        if not rel.get("Type", "").endswith("/drawing"):
            continue
        part = posixpath.normpath(posixpath.join(posixpath.dirname(sheet_part), rel.get("Target")))
        if part not in package.namelist():
            continue
        root = etree.fromstring(package.read(part), _PARSER)
        for kind, tag in (("chart", "graphicFrame"), ("picture", "pic")):
            for shape in root.iter(f"{_XDR}{tag}"):
                props = shape.find(f".//{_XDR}cNvPr")
                if props is not None:
                    found.append((kind, props.get("name", ""),
                                  props.get("descr") or props.get("title") or ""))
    return found


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the package."""
    book = etree.fromstring(package.read("xl/workbook.xml"), _PARSER)
    rels = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"), _PARSER)
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_REL}Relationship")}
    parts = {}
    for sheet in book.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
        target = targets.get(sheet.get(_R_ID), "")
        parts[sheet.get("name")] = (target.lstrip("/") if target.startswith("/")
                                    else posixpath.normpath(posixpath.join("xl", target)))
    return parts


def read_workbook(path: Path | str) -> facts.Workbook:
    """The accessibility facts of the workbook at ``path``."""
    path = Path(path)
    try:
        book = load_workbook(path)
        with zipfile.ZipFile(path) as package:
            parts = _sheet_parts(package)
            drawings = {name: _drawings(package, part) for name, part in parts.items()}
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise InputError(f"{path.name} is not an Excel workbook that can be read: {exc}") from exc
    theme = _theme(book)
    sheets = []
    for sheet in book.worksheets:
        cells = [pair for row in sheet.iter_rows() for cell in row
                 if cell.value not in (None, "") and (pair := _cell_pair(cell, theme))]
        sheets.append(facts.Sheet(
            sheet.title, tuple(_tables(sheet)), tuple(_merged_in_data(sheet)),
            tuple(drawings.get(sheet.title, ())), tuple(cells + _conditional(sheet, theme)),
            sheet.sheet_state != "visible"))
    return facts.Workbook(book.properties.title or "", tuple(sheets))
