"""A workbook's sheets parsed in one process and read in another.

python-calamine's workbook and sheet objects cannot cross a process boundary. ``ParsedBook``
holds what the return reader asks of them (the sheet names and whether each is hidden, each
sheet's values and merged ranges) as plain data, which pickles in a small part of the time the
parse takes: most of a template sheet's XML is its empty styled input rows, which parse slowly
and leave nothing to send.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as calamine


@dataclass(frozen=True)
class SheetState:
    """A sheet's name and visibility, as python-calamine's sheet metadata gives them."""

    name: str
    visible: str


@dataclass
class ParsedSheet:
    """One sheet's values (rows from A1) and merged ranges, already parsed."""

    rows: list[list[object]]
    merged_cell_ranges: list[tuple[tuple[int, int], tuple[int, int]]] | None = None

    def to_python(self, skip_empty_area: bool = False) -> list[list[object]]:
        """The rows, as python-calamine's ``to_python(skip_empty_area=False)`` gave them."""
        return self.rows


def parsed_sheet(sheet: calamine.CalamineSheet) -> ParsedSheet:
    """A python-calamine sheet's values and merged ranges, converted to Python once."""
    return ParsedSheet(sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges)


@dataclass
class ParsedBook:
    """The parsed sheets of a workbook, with python-calamine's workbook interface."""

    sheet_names: list[str]
    sheets_metadata: list[SheetState]
    sheets: dict[str, ParsedSheet] = field(default_factory=dict)

    def get_sheet_by_name(self, name: str) -> ParsedSheet:
        return self.sheets[name]

    def close(self) -> None:
        """Nothing to close: kept so the reader can treat it as any workbook."""


def parse_book(path: Path, names: Collection[str]) -> ParsedBook | None:
    """The named sheets of the workbook at ``path`` (those it has), parsed; None when
    python-calamine cannot read it (the reader then meets the same failure and reports it)."""
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except (calamine.CalamineError, calamine.PasswordError, calamine.ZipError,
            calamine.XmlError, ValueError, OSError):
        return None
    try:
        sheets = {}
        for name in book.sheet_names:
            if name in names:
                sheets[name] = parsed_sheet(book.get_sheet_by_name(name))
        return ParsedBook(list(book.sheet_names),
                          [SheetState(m.name, str(m.visible)) for m in book.sheets_metadata],
                          sheets)
    except (calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError, OSError):
        return None
    finally:
        book.close()
