"""The code behind each rule of ``rules.yaml``: a function per (kind, code) that reads the
facts of a deck or workbook and yields each failure where it is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from pcxl.access import facts
from pcxl.access.contrast import contrast, least

DEFAULT_SHEET = ("Sheet", "Sheet1", "Sheet2", "Sheet3", "Feuil1", "Tabelle1")
NEEDS_ALT = ("picture", "chart", "graphic", "group", "shape")


@dataclass(frozen=True)
class Finding:
    """One failure of one rule: where (slide or sheet), what (shape or cell) and why."""

    where: str
    item: str
    message: str


Check = Callable[[object], Iterator[Finding]]
CHECKS: dict[tuple[str, str], Check] = {}


def check(kind: str, code: str) -> Callable[[Check], Check]:
    """Register the function that runs rule ``code`` on a ``kind`` of file."""
    def register(fn: Check) -> Check:
        CHECKS[(kind, code)] = fn
        return fn
    return register


def _slide(slide: facts.Slide) -> str:
    return f"slide {slide.number}"


def pair(colour: str, background: str) -> str:
    """How a failing pair is named: ``#FFFFFF on #009639 is 3.9:1``."""
    return f"#{colour} on #{background} is {contrast(colour, background):.1f}:1"


def _text_failures(texts) -> Iterator[tuple[facts.Text, float]]:
    seen = set()
    for t in texts:
        need = least(t.size, t.bold)
        key = (t.colour, t.background, need)
        if t.text.strip() and key not in seen and contrast(t.colour, t.background) < need:
            seen.add(key)
            yield t, need


# --- Decks --------------------------------------------------------------------------------------


@check("deck", "slide-title")
def slide_titles(deck: facts.Deck) -> Iterator[Finding]:
    for slide in deck.slides:
        if not slide.title:
            yield Finding(_slide(slide), "", "no slide title (no title placeholder with text)")


@check("deck", "alt-text")
def alt_texts(deck: facts.Deck) -> Iterator[Finding]:
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.kind in NEEDS_ALT and not shape.decorative and not shape.alt.strip() \
                    and not shape.has_text:
                yield Finding(_slide(slide), shape.name,
                              f"{shape.kind} with no alternative text, not marked decorative")


@check("deck", "contrast")
def deck_contrast(deck: facts.Deck) -> Iterator[Finding]:
    for slide in deck.slides:
        for shape in slide.shapes:
            for t, need in _text_failures(shape.texts):
                yield Finding(_slide(slide), shape.name,
                              f"{pair(t.colour, t.background)}, needs {need:g}:1 "
                              f"({t.size or '?'} pt{' bold' if t.bold else ''}: {t.text[:30]!r})")


@check("deck", "table-header")
def table_headers(deck: facts.Deck) -> Iterator[Finding]:
    for slide in deck.slides:
        for shape in slide.shapes:
            table = shape.table
            if table and table.rows > 1 and not (table.first_row or table.first_col):
                yield Finding(_slide(slide), shape.name, "neither the table's first row nor "
                              "its first column is marked as a header")


def _overlap(a0: float, a1: float, b0: float, b1: float) -> bool:
    return min(a1, b1) - max(a0, b0) > 1.0


@check("deck", "reading-order")
def reading_order(deck: facts.Deck) -> Iterator[Finding]:
    for slide in deck.slides:
        read = [s for s in slide.shapes if not s.decorative]
        titles = [i for i, s in enumerate(read) if s.kind == "title"]
        if titles and titles[0] != 0:
            yield Finding(_slide(slide), read[titles[0]].name,
                          f"the title is read after {read[0].name!r}")
        for before, after in pairwise(read):
            bx, by, bw, bh = before.box
            ax, ay, aw, ah = after.box
            up = ay + ah <= by + 1.0 and _overlap(bx, bx + bw, ax, ax + aw)
            left = ax + aw <= bx + 1.0 and _overlap(by, by + bh, ay, ay + ah)
            if (up or left) and "title" not in (before.kind, after.kind):
                where = "above" if up else "left of"
                yield Finding(_slide(slide), after.name,
                              f"read after {before.name!r} but drawn {where} it")


@check("deck", "language")
def language(deck: facts.Deck) -> Iterator[Finding]:
    if not deck.language:
        yield Finding("deck", "", "no language declared (document properties or default text)")


# --- Workbooks ----------------------------------------------------------------------------------


@check("workbook", "document-title")
def document_title(book: facts.Workbook) -> Iterator[Finding]:
    if not book.title.strip():
        yield Finding("workbook", "", "no title in the document properties")


@check("workbook", "sheet-name")
def sheet_names(book: facts.Workbook) -> Iterator[Finding]:
    for sheet in book.sheets:
        if sheet.name in DEFAULT_SHEET and not sheet.hidden:
            yield Finding(f"sheet {sheet.name}", "", "default sheet name")


@check("workbook", "table-header")
def sheet_table_headers(book: facts.Workbook) -> Iterator[Finding]:
    for sheet in book.sheets:
        for table in sheet.tables:
            if not table.header:
                yield Finding(f"sheet {sheet.name}", table.ref,
                              f"table {table.name} has no header row")


@check("workbook", "merged-cells")
def merged_cells(book: facts.Workbook) -> Iterator[Finding]:
    for sheet in book.sheets:
        for ref in sheet.merged:
            yield Finding(f"sheet {sheet.name}", ref, "merged cells")


@check("workbook", "blank-rows")
def blank_rows(book: facts.Workbook) -> Iterator[Finding]:
    for sheet in book.sheets:
        for table in sheet.tables:
            for row in table.blank_rows:
                yield Finding(f"sheet {sheet.name}", f"row {row}",
                              f"blank row inside table {table.name} ({table.ref})")


@check("workbook", "alt-text")
def sheet_alt_texts(book: facts.Workbook) -> Iterator[Finding]:
    for sheet in book.sheets:
        for kind, name, alt in sheet.drawings:
            if not alt.strip():
                yield Finding(f"sheet {sheet.name}", name, f"{kind} with no alternative text")


@check("workbook", "contrast")
def sheet_contrast(book: facts.Workbook) -> Iterator[Finding]:
    for sheet in book.sheets:
        seen = set()
        for cell in sheet.cells:
            need = least(cell.size, cell.bold)
            key = (cell.colour, cell.background, need)
            if key in seen or contrast(cell.colour, cell.background) >= need:
                continue
            seen.add(key)
            yield Finding(f"sheet {sheet.name}", cell.ref,
                          f"{pair(cell.colour, cell.background)}, needs {need:g}:1"
                          + (f" ({cell.text[:30]!r})" if cell.text else ""))
