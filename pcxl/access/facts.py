"""What an accessibility check needs to know about a deck or a workbook, read from the file.

The readers (``pcxl.deck.facts`` with python-pptx, ``pcxl.excel.facts`` with openpyxl) fill these
plain records; the checks (``pcxl.access.checks``) read only them, so the rules never touch a file
format library. Colours are hex ``RRGGBB`` (upper case), lengths points, sizes points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Box = tuple[float, float, float, float]  # left, top, width, height in points


@dataclass(frozen=True)
class Text:
    """A run of text as drawn: its words, colour, size and weight, and the fill behind it."""

    text: str
    colour: str
    background: str
    size: float | None = None  # None: not known (taken as normal-sized text)
    bold: bool = False


@dataclass(frozen=True)
class Table:
    """A table's structure: rows, whether its first row or column is marked a header."""

    rows: int
    first_row: bool
    first_col: bool = False


@dataclass(frozen=True)
class Shape:
    """One shape on a slide, in the order of the shape tree (which is the reading order)."""

    name: str
    kind: str  # "title", "text", "shape", "picture", "chart", "table", "graphic", "group"
    box: Box
    alt: str = ""
    decorative: bool = False
    texts: tuple[Text, ...] = ()
    table: Table | None = None

    @property
    def has_text(self) -> bool:
        return any(t.text.strip() for t in self.texts)


@dataclass(frozen=True)
class Slide:
    """A slide: its number, its title (None when it has no title placeholder with text), and
    its shapes in reading order."""

    number: int
    title: str | None
    shapes: tuple[Shape, ...]


@dataclass(frozen=True)
class Deck:
    """A presentation: the language it declares (or None) and its slides."""

    language: str | None
    slides: tuple[Slide, ...]


@dataclass(frozen=True)
class Cell:
    """A cell that shows text on a fill (its own, or a conditional format's)."""

    ref: str
    colour: str
    background: str
    size: float | None = None
    bold: bool = False
    text: str = ""


@dataclass(frozen=True)
class DataTable:
    """An Excel table (or a sheet's data block): where it lies, whether its header row shows,
    and the rows inside it with no value at all."""

    name: str
    ref: str
    header: bool
    blank_rows: tuple[int, ...] = ()


@dataclass(frozen=True)
class Sheet:
    """A worksheet: its name, tables, merged ranges inside data, drawings (charts, pictures)
    and their alt text, and the text/fill pairs it shows."""

    name: str
    tables: tuple[DataTable, ...] = ()
    merged: tuple[str, ...] = ()
    drawings: tuple[tuple[str, str, str], ...] = ()  # (kind, name, alt text)
    cells: tuple[Cell, ...] = ()
    hidden: bool = False


@dataclass(frozen=True)
class Workbook:
    """A workbook: the title in its document properties and its sheets."""

    title: str
    sheets: tuple[Sheet, ...] = field(default_factory=tuple)
