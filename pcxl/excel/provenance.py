"""Which workbooks pcxl wrote itself: a custom document property names the kind of output.

Consolidated workbooks and feedback copies carry ``pcxl output`` (``consolidated``,
``feedback``), so a folder scan never reads them back as returns, even when they are written
into the returns folder. Reading it opens only the small ``docProps/custom.xml`` of the zip.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

OUTPUT_PROPERTY = "pcxl output"
CONSOLIDATED, FEEDBACK = "consolidated", "feedback"
_PROPERTY = re.compile(rb'name="pcxl output"[^>]*>\s*<vt:lpwstr[^>]*>([^<]*)</vt:lpwstr>')


def output_kind(path: Path | str) -> str | None:
    """``consolidated`` or ``feedback`` when pcxl wrote ``path``; None for anything else."""
    try:
        with zipfile.ZipFile(path) as book:
            if "docProps/custom.xml" not in book.namelist():
                return None
            found = _PROPERTY.search(book.read("docProps/custom.xml"))
    except (OSError, zipfile.BadZipFile, KeyError):
        return None
    return found.group(1).decode("utf-8") if found else None
