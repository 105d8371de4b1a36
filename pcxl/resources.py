"""Where pcxl's shipped files live, in a source checkout and in an installed wheel alike.

The wheel carries ``validators/`` and ``workbook_templates/`` inside the package as ``pcxl/_data/``
(see ``pyproject.toml``); a source checkout has them beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / "_data" / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def declarations_dir() -> Path:
    """The folder holding the tracker declarations (``validators/``)."""
    return _shipped("validators")


def templates_dir() -> Path:
    """The folder holding the generated blank templates (``workbook_templates/``)."""
    return _shipped("workbook_templates")


def font_path(bold: bool = False, italic: bool = False) -> Path:
    """Liberation Sans (metric-compatible with Arial), shipped for text measurement."""
    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic",
             (True, True): "BoldItalic"}[(bold, italic)]
    return _PACKAGE / "fonts" / f"LiberationSans-{style}.ttf"
