"""Read a saved deck back with python-pptx, the way a test asserts what a reader would see."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pptx import Presentation
from pptx.enum.dml import MSO_FILL
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.table import Table, _Cell

# The smallest table and bullet text, in points, the report formats allow the shipped layouts
# (docs/layouts/make_*.py; their footer's top and escalation red are the builder's own).
MIN_TABLE_SIZE = 10.0
MIN_BULLET_SIZE = 11.0


def open_deck(path: Path | str) -> PresentationType:
    return Presentation(str(path))


def titles(prs: PresentationType) -> list[str]:
    """Each slide's title: the text of its shape named Title."""
    return [named(slide, "Title").text_frame.text for slide in prs.slides]


def named(slide: Slide, name: str):
    """The first shape called ``name`` on the slide (fails the test when there is none)."""
    found = all_named(slide, name)
    assert found, f"no shape named {name!r}; have {[s.name for s in slide.shapes]}"
    return found[0]


def all_named(slide: Slide, name: str) -> list:
    return [s for s in slide.shapes if s.name == name]


def table(slide: Slide, name: str) -> Table:
    return named(slide, name).table


def cells(tbl: Table) -> list[list[str]]:
    """Every cell's text, row by row; a line break inside a cell reads as a vertical tab."""
    return [[cell.text for cell in row.cells] for row in tbl.rows]


def fill(cell: _Cell) -> str | None:
    """A cell's solid fill as hex (``DA291C``), or None when it has none."""
    if cell.fill.type != MSO_FILL.SOLID:
        return None
    return str(cell.fill.fore_color.rgb)


def row_of(tbl: Table, first_text: str, column: int = 0) -> int:
    """The index of the row whose ``column`` cell starts with ``first_text``."""
    for i, row in enumerate(tbl.rows):
        if row.cells[column].text.startswith(first_text):
            return i
    raise AssertionError(f"no row starting {first_text!r}")


def runs(frame) -> Iterator:
    for paragraph in frame.paragraphs:
        yield from paragraph.runs


def table_runs(slide: Slide) -> Iterator:
    """Every text run inside every table on the slide."""
    for shape in slide.shapes:
        if shape.has_table:
            for row in shape.table.rows:
                for cell in row.cells:
                    yield from runs(cell.text_frame)


def bullet_runs(slide: Slide) -> Iterator:
    """Every text run of the bullet lists (highlights, completed actions, escalations)."""
    for shape in all_named(slide, "Updates"):
        yield from runs(shape.text_frame)


def text_of(slide: Slide) -> str:
    """All text on the slide, shapes and tables, for a quick "is it there" check."""
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        elif shape.has_table:
            parts.extend(c for row in cells(shape.table) for c in row)
    return "\n".join(parts)
